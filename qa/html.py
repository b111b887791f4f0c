"""HTML building blocks of the QA pages: escaping, the page shell, bar charts.

Everything from a crawled page is hostile input. Every value goes through
``esc``; the shell's Content-Security-Policy allows only the report's own
inline script and style (by hash), so even a value that slipped through
unescaped could not run. No page needs a server: all data is inline.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlparse

from output.ids import page_id

FIELD_COLOURS = {
    "drug": "#b3d4ff",
    "title": "#d9d9d9",
    "drug_class": "#ffd59e",
    "brand_names": "#c8f7c5",
    "approved_uses": "#ffe680",
    "off_label_uses": "#ffb3c6",
    "co_medications": "#d7c2ff",
    "referring_pages": "#a8e6e1",
}

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#263238;color:#fff;padding:10px 18px}
header a{color:#9fd3ff}
main{padding:12px 18px}
h1{font-size:20px;margin:4px 0}h2{font-size:16px;margin:18px 0 6px}
table{border-collapse:collapse;background:#fff;margin:4px 0}
th,td{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#eceff1}
th.sortable{cursor:pointer}th.sortable:after{content:" \\2195";color:#999}
td.num,th.num{text-align:right}
.warn{color:#b71c1c}.muted{color:#777}.small{font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:24px}
.filters{margin:8px 0}.filters input,.filters select{margin-right:8px}
.cols{display:flex;gap:18px;align-items:flex-start}
.text{flex:1 1 50%;min-width:0;white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:10px;
 max-height:85vh;overflow:auto}
.record{flex:1 1 50%;min-width:0;max-height:85vh;overflow:auto}
.record table{width:max-content;min-width:100%}.record td{font-size:13px;max-width:30em}
#pages{width:100%}#pages .url{overflow-wrap:anywhere}#pages th{white-space:normal}
#pages td.reasons{max-width:28em}
mark.hl{padding:0 1px;border-radius:2px;color:inherit}
mark.flash{outline:3px solid #e53935}
.chip{white-space:nowrap;overflow-wrap:normal;display:inline-block;
 padding:0 6px;border-radius:8px;margin:1px 3px 1px 0;font-size:12px}
iframe.capture{width:100%;height:80vh;border:1px solid #999;background:#fff}
ul.warnings{margin:4px 0 10px}
""" + "".join(
    f"mark.f-{name},.chip.f-{name}{{background:{colour}}}\n" for name, colour in FIELD_COLOURS.items()
)


def esc(value: object) -> str:
    """Text → HTML text or attribute value (quotes escaped too)."""
    return html.escape("" if value is None else str(value), quote=True)


def is_web_url(url: object) -> bool:
    return isinstance(url, str) and urlparse(url.strip()).scheme.lower() in ("http", "https")


def ext_link(url: object, label: object = None) -> str:
    """A link to an outside page, only for http(s) URLs; anything else (javascript:...) is shown as text."""
    text = esc(label if label is not None else url)
    if not is_web_url(url):
        return f'<span class="muted">{text}</span>'
    return f'<a href="{esc(url)}" rel="noopener noreferrer nofollow" target="_blank">{text}</a>'


def _sha(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


NO_SRC = "'none'"
FRAME_SRC = "'self'"


def page(title: str, body: str, script: str = "", frames: bool = False) -> str:
    """A complete HTML document; CSP hashes let only our own inline style and script run."""
    style_hash = f"'sha256-{_sha(CSS)}'"
    script_src = f"'sha256-{_sha(script)}'" if script else "'none'"
    csp = (f"default-src 'none'; style-src {style_hash}; script-src {script_src}; img-src data:; "
           f"frame-src {FRAME_SRC if frames else NO_SRC}; form-action 'none'; base-uri 'none'")
    script_tag = f"<script>{script}</script>" if script else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n'
            f'<meta name="referrer" content="no-referrer">\n'
            f"<title>{esc(title)}</title><style>{CSS}</style></head>\n"
            f"<body>{body}{script_tag}</body></html>\n")


def bar_chart(title: str, bars: Iterable[tuple[str, float, str]], max_value: float | None = None,
              percent: bool = False, width: int = 420) -> str:
    """A horizontal bar chart as inline SVG: (label, value, colour) per bar."""
    items = list(bars)
    top = max_value or max((v for _, v, _ in items), default=1) or 1
    row, label_w, bar_w = 20, 150, width - 150 - 60
    height = row * len(items) + 26
    parts = [f'<svg class="chart" role="img" aria-label="{esc(title)}" width="{width}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg"><text x="0" y="14" font-size="13" font-weight="bold">'
             f"{esc(title)}</text>"]
    for i, (label, value, colour) in enumerate(items):
        y = 22 + i * row
        w = 0 if top <= 0 else max(0.0, min(1.0, value / top)) * bar_w
        shown = f"{value:.0%}" if percent else f"{value:g}"
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" font-size="12" text-anchor="end">{esc(label)}</text>'
                     f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="{esc(colour)}" '
                     f'stroke="#888" stroke-width="0.5"><title>{esc(label)}: {esc(shown)}</title></rect>'
                     f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" font-size="12">{esc(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def table(headers: list[str], rows: Iterable[Iterable[str]], attrs: str = "") -> str:
    """Rows of already-escaped cell HTML under escaped headers."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table {attrs}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def page_view_link(report: str | Path | None, out: Path, url: str, label: str = "page view") -> str:
    """A link from a file in ``out`` to the page's view in a QA report; '' without a report or that page."""
    if report is None:
        return ""
    target = Path(report) / "pages" / f"{page_id(url)}.html"
    if not target.is_file():
        return ""
    href = Path(os.path.relpath(target.resolve(), out.resolve())).as_posix()
    return f"<a class='view' href='{esc(href)}'>{esc(label)}</a>"
