"""``drugpages qa report``: a static HTML report, every record beside its source page.

Layout of REPORT_DIR: ``index.html`` (counts, charts, the page list with
warnings first), ``pages/<page_id>.html`` (text with highlighted values, the
record, the links) and ``raw/<page_id>.html`` (the sanitized capture from the
WARC in a sandboxed iframe). Opens from disk; needs no server.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from output.warc import ReadStats, read_captures, warc_files
from qa.html import FIELD_COLOURS, bar_chart, esc, ext_link, page, table
from qa.sanitize import sanitize
from qa.values import (
    FIELDS,
    SPAN_FIELDS,
    RunData,
    Value,
    clean_row,
    field_counts,
    iter_pages,
    load_run,
    page_values,
)

USUAL_SHARE = 0.6  # a field found on at least this share of a page type's pages is expected on all of them
USUAL_MIN_PAGES = 3
HIDDEN_COLUMNS = {"url", "run_id", "text", "extractor_version"}

INDEX_JS = """
(function(){
var table=document.getElementById('pages');var body=table.tBodies[0];
var rows=Array.prototype.slice.call(body.rows);
var q=document.getElementById('q'),t=document.getElementById('type'),s=document.getElementById('site'),
 w=document.getElementById('warned'),shown=document.getElementById('shown');
function filter(){var text=q.value.toLowerCase(),n=0;rows.forEach(function(r){
 var ok=(!text||r.textContent.toLowerCase().indexOf(text)>=0)&&(!t.value||r.dataset.type===t.value)&&
 (!s.value||r.dataset.site===s.value)&&(!w.checked||Number(r.dataset.warnings)>0);
 r.hidden=!ok;if(ok)n++;});shown.textContent=String(n);}
[q,t,s,w].forEach(function(el){el.addEventListener('input',filter);el.addEventListener('change',filter);});
var dir={};
Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){th.classList.add('sortable');
 th.addEventListener('click',function(){dir[i]=-(dir[i]||-1);var num=th.dataset.num==='1';
  rows.sort(function(a,b){var x=a.cells[i].dataset.v||a.cells[i].textContent,
   y=b.cells[i].dataset.v||b.cells[i].textContent;
   if(num){x=Number(x);y=Number(y);}return (x<y?-1:x>y?1:0)*dir[i];});
  rows.forEach(function(r){body.appendChild(r);});});});
filter();
})();
"""

PAGE_JS = """
(function(){
function show(key){var marks=document.querySelectorAll('mark.hl');var first=null;
 Array.prototype.forEach.call(marks,function(m){var on=(' '+m.dataset.spans+' ').indexOf(' '+key+' ')>=0;
  m.classList.toggle('flash',on);if(on&&!first)first=m;});
 if(first)first.scrollIntoView({block:'center'});}
Array.prototype.forEach.call(document.querySelectorAll('a.goto'),function(a){
 a.addEventListener('click',function(e){e.preventDefault();show(a.dataset.key);history.replaceState(null,'','#v-'+a.dataset.key);});});
if(location.hash.indexOf('#v-')===0)show(location.hash.slice(3));
})();
"""


@dataclass
class PageEntry:
    page: dict[str, Any]
    values: list[Value]
    warnings: list[str] = field(default_factory=list)

    @property
    def page_id(self) -> str:
        return str(self.page["page_id"])


@dataclass
class ReportSummary:
    out: Path
    run_id: str
    pages: int
    pages_with_warnings: int
    raw_captures: int
    warnings: Counter = field(default_factory=Counter)


def build_report(root: str, out: str | Path, run: str = "latest") -> ReportSummary:
    data = load_run(root, run)
    out = Path(out)
    (out / "pages").mkdir(parents=True, exist_ok=True)
    (out / "raw").mkdir(parents=True, exist_ok=True)
    entries = [PageEntry(p, page_values(data, p)) for p in iter_pages(data)]
    usual = usual_fields(entries)
    errors_by_url = defaultdict(list)
    for row in data.errors.to_dict("records"):
        errors_by_url[row["url"]].append(clean_row(row))
    kinds: Counter = Counter()
    for entry in entries:
        entry.warnings = page_warnings(entry, usual, errors_by_url.get(entry.page["url"], []))
        kinds.update(w.split(":", 1)[0] for w in entry.warnings)
    known = {e.page["url"]: e.page_id for e in entries}
    captures = raw_bodies(root, {str(e.page["content_sha256"]) for e in entries})
    raw_written = 0
    for entry in entries:
        body = captures.get(str(entry.page["content_sha256"]))
        if body is not None:
            (out / "raw" / f"{entry.page_id}.html").write_text(raw_view(entry, body), encoding="utf-8")
            raw_written += 1
        (out / "pages" / f"{entry.page_id}.html").write_text(
            page_view(data, entry, known, body is not None, errors_by_url.get(entry.page["url"], [])),
            encoding="utf-8")
    (out / "index.html").write_text(index_view(data, entries, errors_by_url), encoding="utf-8")
    return ReportSummary(out, data.run_id, len(entries), sum(1 for e in entries if e.warnings), raw_written, kinds)


def usual_fields(entries: list[PageEntry]) -> dict[tuple[str, str], dict[str, float]]:
    """Per (site, page_type): the fields most of its pages have, with the share that has them."""
    groups: dict[tuple[str, str], list[PageEntry]] = defaultdict(list)
    for e in entries:
        groups[(e.page["site"], e.page["page_type"])].append(e)
    out: dict[tuple[str, str], dict[str, float]] = {}
    for key, members in groups.items():
        if len(members) < USUAL_MIN_PAGES:
            out[key] = {}
            continue
        shares = {f: sum(1 for e in members if field_counts(e.values)[f]) / len(members) for f in FIELDS}
        out[key] = {f: s for f, s in shares.items() if s >= USUAL_SHARE}
    return out


def page_warnings(entry: PageEntry, usual: dict[tuple[str, str], dict[str, float]],
                  errors: list[dict[str, Any]]) -> list[str]:
    """Why a QA person should look at this page first."""
    page_ = entry.page
    counts = field_counts(entry.values)
    out = []
    for name, share in usual.get((page_["site"], page_["page_type"]), {}).items():
        if not counts[name]:
            out.append(f"missing: no {name} (found on {share:.0%} of {page_['page_type']} pages)")
    text = page_.get("text") or ""
    for v in entry.values:
        if v.field not in SPAN_FIELDS:
            continue
        span = v.span_text(text)
        if span is None:
            out.append(f"low confidence: {v.field} {v.value!r} has offsets outside the text")
        elif span.strip().lower() != v.value.strip().lower():
            out.append(f"low confidence: {v.field} {v.value!r} is {span!r} in the text")
        elif v.evidence and span not in v.evidence:
            out.append(f"low confidence: {v.field} {v.value!r} is not in its evidence")
    for err in errors:
        out.append(f"error: {err['stage']} {err['error_type']}: {err['message']}")
    return out


def raw_bodies(root: str, wanted: set[str]) -> dict[str, bytes]:
    """Response bodies from the dataset's WARC files, by sha256 (the pages' content_sha256)."""
    folder = Path(root) / "warc"
    if not folder.is_dir():
        return {}
    out: dict[str, bytes] = {}
    for capture in read_captures(warc_files([str(folder)]), ReadStats()):
        digest = hashlib.sha256(capture.body).hexdigest()
        if digest in wanted:
            out[digest] = capture.body
    return out


def _header(title: str, crumbs: str) -> str:
    return f"<header><div class='small'>{crumbs}</div><h1>{esc(title)}</h1></header>"


def index_view(data: RunData, entries: list[PageEntry], errors_by_url: dict[str, list[dict[str, Any]]]) -> str:
    pages = data.pages
    parts = [_header(f"drugpages QA report — run {data.run_id}", esc(data.root)), "<main>"]
    by_site_type = Counter((e.page["site"], e.page["page_type"]) for e in entries)
    parts.append("<h2>Pages per site and page type</h2>")
    parts.append(table(["site", "page type", "pages"],
                       ([esc(s), esc(t), str(n)] for (s, t), n in sorted(by_site_type.items())),
                       "id='counts'"))
    charts = [bar_chart("pages per page type", [(f"{s} · {t}", n, "#90caf9") for (s, t), n in
                                                sorted(by_site_type.items())])]
    for site in sorted(pages["site"].unique()) if len(pages) else []:
        articles = [e for e in entries if e.page["site"] == site and e.page["page_type"] == "article"]
        if not articles:
            continue
        shares = [(name, sum(1 for e in articles if field_counts(e.values)[name]) / len(articles),
                   FIELD_COLOURS[name]) for name in FIELDS]
        charts.append(bar_chart(f"{site}: share of {len(articles)} article pages with each field", shares, 1.0,
                                percent=True))
    parts.append("<h2>Charts</h2><div class='charts' id='charts'>" + "".join(charts) + "</div>")
    parts.append(_run_facts(data))
    parts.append(_page_list(entries))
    orphan_errors = [e for url, errs in errors_by_url.items() for e in errs
                     if url not in {x.page["url"] for x in entries}]
    parts.append(f"<h2>Errors ({len(data.errors)})</h2>")
    parts.append(table(["url", "stage", "error", "message"],
                       ([ext_link(e["url"]), esc(e["stage"]), esc(e["error_type"]), esc(e["message"])]
                        for e in orphan_errors + [x for url, errs in errors_by_url.items() for x in errs
                                                  if url in {y.page["url"] for y in entries}]), "id='errors'"))
    reasons = Counter(data.skips["reason"]) if len(data.skips) else Counter()
    parts.append(f"<h2>Skips ({len(data.skips)})</h2>")
    parts.append(table(["reason", "urls"], ([esc(r), str(n)] for r, n in reasons.most_common())))
    parts.append("</main>")
    return page(f"QA report {data.run_id}", "".join(parts), INDEX_JS)


def _run_facts(data: RunData) -> str:
    if not len(data.runs):
        return ""
    run = clean_row(data.runs.iloc[0].to_dict())
    try:
        counts = json.loads(run.get("counts") or "{}")
    except ValueError:
        counts = {}
    cells = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in sorted(counts.items()))
    return (f"<h2>Run</h2><p>{esc(run.get('command'))} {esc(run.get('source'))}: {esc(run.get('status'))}, "
            f"{esc(run.get('started_at'))} → {esc(run.get('finished_at'))}</p>"
            f"<details><summary>counts</summary><table>{cells}</table></details>")


def _page_list(entries: list[PageEntry]) -> str:
    ordered = sorted(entries, key=lambda e: (-len(e.warnings), e.page["url"]))
    types = sorted({e.page["page_type"] for e in entries})
    sites = sorted({e.page["site"] for e in entries})
    heads = ["warnings", "page", "site", "type", "drug", *(f.replace("_", " ") for f in FIELDS[2:])]
    num = {0, *range(5, len(heads))}
    head = "".join(f"<th{' data-num=1 class=num' if i in num else ''}>{esc(h)}</th>" for i, h in enumerate(heads))
    rows = []
    for e in ordered:
        counts = field_counts(e.values)
        p = e.page
        warn = (f"<td class='num{' warn' if e.warnings else ''}' data-v='{len(e.warnings)}'>"
                f"{len(e.warnings)}</td>")
        reasons = "".join(f"<div class='small warn'>{esc(w)}</div>" for w in e.warnings)
        cells = [warn,
                 f"<td class='reasons'><a href='pages/{esc(e.page_id)}.html'>{esc(p.get('title') or p['url'])}</a>"
                 f"<div class='small muted url'>{esc(p['url'])}</div>{reasons}</td>",
                 f"<td>{esc(p['site'])}</td>", f"<td>{esc(p['page_type'])}</td>",
                 f"<td>{esc(p.get('drug') or '')}</td>",
                 *(f"<td class='num' data-v='{counts[f]}'>{counts[f]}</td>" for f in FIELDS[2:])]
        rows.append(f"<tr data-type='{esc(p['page_type'])}' data-site='{esc(p['site'])}' "
                    f"data-warnings='{len(e.warnings)}'>{''.join(cells)}</tr>")
    options = "".join(f"<option>{esc(t)}</option>" for t in types)
    site_options = "".join(f"<option>{esc(s)}</option>" for s in sites)
    return (f"<h2>Pages (<span id='shown'>{len(entries)}</span> of {len(entries)}; warnings first)</h2>"
            "<div class='filters'><input id='q' type='search' placeholder='filter: url, title, drug…'>"
            f"<select id='type'><option value=''>all types</option>{options}</select>"
            f"<select id='site'><option value=''>all sites</option>{site_options}</select>"
            "<label><input id='warned' type='checkbox'> only pages with warnings</label></div>"
            f"<table id='pages'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def highlight(text: str, values: list[Value]) -> str:
    """The text with every value marked at its span; overlapping spans share a mark."""
    spans = [(v.start, v.end, v) for v in values if v.field in SPAN_FIELDS and v.span_text(text) is not None
             and v.start is not None and v.end is not None and v.end > v.start]
    bounds = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    starts: dict[int, list[Value]] = defaultdict(list)
    for s, _, v in spans:
        starts[s].append(v)
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        out.extend(f"<span class='anchor' id='v-{esc(v.key)}'></span>" for v in starts.get(a, []))
        segment = esc(text[a:b])
        covering = sorted((v for s, e, v in spans if s <= a and e >= b), key=lambda v: (v.end or 0) - (v.start or 0))
        if not covering:
            out.append(segment)
            continue
        keys = " ".join(v.key for v in covering)
        tip = "; ".join(f"{v.field}: {v.value}" for v in covering)
        out.append(f"<mark class='hl f-{esc(covering[0].field)}' data-spans='{esc(keys)}' "
                   f"data-field='{esc(covering[0].field)}' title='{esc(tip)}'>{segment}</mark>")
    return "".join(out)


def page_view(data: RunData, entry: PageEntry, known: dict[str, str], has_raw: bool,
              errors: list[dict[str, Any]]) -> str:
    p = entry.page
    url = p["url"]
    text = p.get("text") or ""
    legend = "".join(f"<span class='chip f-{esc(f)}'>{esc(f)}</span>" for f in FIELDS)
    raw = (f"<a id='raw-link' href='../raw/{esc(entry.page_id)}.html'>raw capture (sanitized, sandboxed)</a>"
           if has_raw else "<span class='muted'>no raw capture in DIR/warc</span>")
    parts = [_header(p.get("title") or url, f"<a href='../index.html'>index</a> · run {esc(data.run_id)}"), "<main>",
             f"<p>{ext_link(url)} · {esc(p['site'])} · {esc(p['page_type'])} · drug: {esc(p.get('drug') or '—')}"
             f" · {raw}</p>"]
    if entry.warnings:
        parts.append("<ul class='warnings warn' id='warnings'>" +
                     "".join(f"<li>{esc(w)}</li>" for w in entry.warnings) + "</ul>")
    parts.append(f"<p class='small'>{legend}</p><div class='cols'>")
    parts.append(f"<div class='text' id='text'>{highlight(text, entry.values)}</div>")
    parts.append("<div class='record' id='record'>")
    parts.append("<h2>Values</h2>" + table(
        ["field", "value", "evidence", "span"],
        ([f"<span class='chip f-{esc(v.field)}'>{esc(v.field)}</span>", _value_cell(v), esc(v.evidence or ""),
          esc(f"{v.start}–{v.end}" if v.start is not None else "")] for v in entry.values), "id='values'"))
    parts.append("<h2>pages row</h2>" + table(["column", "value"], (
        [esc(k), esc(v)] for k, v in p.items() if k not in HIDDEN_COLUMNS)))
    for name in ("brand_names", "uses", "co_medications"):
        rows = data.rows(name, url)
        cols = [c for c in rows.columns if c not in HIDDEN_COLUMNS]
        parts.append(f"<h2>{esc(name)} ({len(rows)})</h2>")
        parts.append(table(cols, ([esc(clean_row(r)[c]) for c in cols] for r in rows.to_dict("records")),
                           f"id='table-{esc(name)}'"))
    parts.append(_links_section(data, url, known))
    if errors:
        parts.append("<h2>errors</h2>" + table(["stage", "error", "message"], (
            [esc(e["stage"]), esc(e["error_type"]), esc(e["message"])] for e in errors)))
    parts.append("</div></div></main>")
    return page(p.get("title") or url, "".join(parts), PAGE_JS)


def _value_cell(v: Value) -> str:
    label = esc(v.value)
    if v.field == "referring_pages":
        return ext_link(v.value)
    if v.start is None:
        return label
    extra = f" <span class='small muted'>({esc(v.extra['class'])})</span>" if v.extra.get("class") else ""
    return (f"<a class='goto' href='#v-{esc(v.key)}' data-key='{esc(v.key)}' data-field='{esc(v.field)}'>"
            f"{label}</a>{extra}")


def _links_section(data: RunData, url: str, known: dict[str, str]) -> str:
    rows = data.rows("links", url).to_dict("records")
    order = {"referring": 0, "drug_info": 1, "article": 2, "navigation": 3}
    rows.sort(key=lambda r: order.get(r["kind"], 9))
    out = [f"<h2>links ({len(rows)})</h2>"]

    def target(r: dict[str, Any]) -> str:
        inside = known.get(r["target_url"])
        view = f" · <a href='{esc(inside)}.html'>page view</a>" if inside else ""
        return ext_link(r["target_url"]) + view

    out.append(table(["kind", "anchor text", "target"], (
        [esc(r["kind"]), esc(r["anchor_text"]), target(r)] for r in rows), "id='links'"))
    return "".join(out)


def raw_view(entry: PageEntry, body: bytes) -> str:
    """The capture, sanitized, inside an iframe whose sandbox has no allow-scripts."""
    url = entry.page["url"]
    safe = sanitize(body, url)
    frame = (f"<iframe class='capture' id='capture' sandbox='' referrerpolicy='no-referrer' "
             f"title='raw capture' srcdoc=\"{esc(safe)}\"></iframe>")
    crumbs = f"<a href='../index.html'>index</a> · <a href='../pages/{esc(entry.page_id)}.html'>page view</a>"
    body_html = (_header(f"Raw capture: {entry.page.get('title') or url}", crumbs)
                 + f"<main><p class='small'>{esc(url)} · fetched {esc(entry.page.get('fetched_at'))} · sha256 "
                   f"{esc(entry.page.get('content_sha256'))} · scripts, event handlers and active URLs removed; "
                   f"shown in a sandbox without scripts</p>{frame}</main>")
    return page(f"raw capture {url}", body_html, frames=True)
