"""DailyMed-layout label pages (about 300 KB) for the generated mirror.

Shaped like the label viewer ``drugInfo.cfm?setid=…``: a "Label:" heading,
sections as collapsible blocks keyed by LOINC codes, long adverse-reaction
tables. Generated text only; no real label is copied.
"""

from __future__ import annotations

import random
import uuid

from bench.textgen import CONDITIONS, Drug, paragraph

SECTIONS = (
    ("34067-9", "INDICATIONS AND USAGE"), ("34068-7", "DOSAGE AND ADMINISTRATION"),
    ("43678-2", "DOSAGE FORMS AND STRENGTHS"), ("34070-3", "CONTRAINDICATIONS"),
    ("43685-7", "WARNINGS AND PRECAUTIONS"), ("34084-4", "ADVERSE REACTIONS"), ("34073-7", "DRUG INTERACTIONS"),
    ("43684-0", "USE IN SPECIFIC POPULATIONS"), ("34088-5", "OVERDOSAGE"), ("34089-3", "DESCRIPTION"),
    ("34090-1", "CLINICAL PHARMACOLOGY"), ("43680-8", "NONCLINICAL TOXICOLOGY"), ("34092-7", "CLINICAL STUDIES"),
    ("34069-5", "HOW SUPPLIED/STORAGE AND HANDLING"), ("34076-0", "PATIENT COUNSELING INFORMATION"),
)
_NAV = "".join(f'<li tabindex="0"><a href="/dailymed/{p}.cfm" title="{t}">{t}</a></li>' for p, t in (
    ("index", "Home"), ("search", "Advanced Search"), ("browse-drug-classes", "Browse Drug Classes"),
    ("archives/index", "Label Archives"), ("rss-updates", "RSS Updates"), ("webservices-help", "Web Services"),
    ("app-support", "Help"), ("about-dailymed", "About DailyMed"), ("news", "News")))


def set_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _table(rng: random.Random, rows: int) -> str:
    head = ('<table width="100%"><tbody><tr><th class="Botrule Toprule">Adverse Reaction</th>'
            '<th class="Botrule Toprule">Drug (N=312) %</th><th class="Botrule Toprule">Placebo (N=308) %</th></tr>')
    body = "".join(
        f'<tr class="{"formTableRowAlt" if i % 2 else "formTableRow"}"><td class="Botrule Lrule Rrule">'
        f'<span class="Italics">{rng.choice(CONDITIONS).capitalize()}</span></td>'
        f'<td class="Botrule Rrule" align="center">{rng.randint(1, 30)}</td>'
        f'<td class="Botrule Rrule" align="center">{rng.randint(0, 20)}</td></tr>' for i in range(rows))
    return head + body + "</tbody></table>"


def label(rng: random.Random, drug: Drug, setid: str, size: int = 300_000) -> str:
    title = f"{drug.brand.upper()}- {drug.generic} tablet, film coated"
    toc = "".join(f'<h1><a href="#section-{i + 1}" class="toc">{i + 1} {name}</a></h1>'
                  for i, (_, name) in enumerate(SECTIONS))
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>DailyMed - {title.upper()}</title></head>\n<body>\n<header><nav><ul>{_NAV}</ul></nav></header>\n"
        '<div class="container"><div class="main-content"><div class="header long"><div class="header-top">'
        f'<h1>Label: <span class="long-title">{title.upper()} <br></span></h1></div></div>\n'
        f'<div class="drug-label-sections"><ul><li><a href="#">Table of Contents</a><div class="Section toc">{toc}'
        "</div></li>\n"
    ]
    used = sum(len(p) for p in parts)
    per_section = (size - used) // len(SECTIONS)
    for i, (code, name) in enumerate(SECTIONS):
        chunk = [f'<li><a href="#">{i + 1} {name}</a> <div class="Section toggle-content closed" '
                 f'data-sectioncode="{code}"><a name="section-{i + 1}"></a><p></p>']
        if code == "34067-9":
            chunk.append(f'<p class="First">{drug.brand.upper()} ({drug.generic}) is indicated for the treatment '
                         f"of {rng.choice(CONDITIONS)} and {rng.choice(CONDITIONS)}.</p>")
        length = sum(len(c) for c in chunk)
        sub = 0
        while length < per_section:
            sub += 1
            block = (f'<div class="Section" data-sectioncode="42229-5"><h2>{i + 1}.{sub} {name.title()}</h2>'
                     f'<p class="First">{paragraph(rng, drug)}</p><p>{paragraph(rng, drug)}</p>')
            if code in ("34084-4", "34092-7") or sub % 3 == 0:
                block += _table(rng, rng.randint(10, 30))
            block += "</div>"
            chunk.append(block)
            length += len(block)
        chunk.append('<span class="close-toggle show-js"><a href="#">Close</a></span></div></li>\n')
        parts.append("".join(chunk))
    parts.append("</ul></div></div></div>\n<footer><p>U.S. National Library of Medicine</p></footer>\n</body></html>\n")
    return "".join(parts)
