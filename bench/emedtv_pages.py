"""eMedTV-layout pages for the generated mirror: desktop and mobile articles, channel and topic indexes.

The layout follows ``sites/emedtv`` (``div.articleHtml``, a "Drug Information"
box, a "Referring Pages:" table, footer links off-site); the text is generated.
"""

from __future__ import annotations

import random
from html import escape

from bench.textgen import CHANNELS, Drug, paragraph

FOOTER = (
    '<div id="footer">\n<div class="footLinks">'
    + " | ".join(f'<a href="http://www.clinaero.com/{p}.html">{t}</a>' for p, t in (
        ("terms-of-use", "Terms of Use"), ("advertise", "Advertise with Us"), ("contact", "Contact Us"),
        ("about-emedtv", "About eMedTV"), ("privacy-policy", "Privacy Policy")))
    + '</div>\n<div class="copy">Copyright &copy; 2006-2021 Clinaero, Inc.</div>\n'
    '<div class="disclaimer">eMedTV serves only as an informational resource. This site does not dispense medical '
    "advice or advice of any kind.</div>\n</div>\n"
)
# Pages of the real site carry several KB of inline script and ad markup.
_SCRIPT = "<script type=\"text/javascript\">\n" + "".join(
    f"var slot{i} = googletag.defineSlot('/1234/emedtv/slot{i}', [[300, 250], [728, 90]], 'div-gpt-{i}')"
    f".addService(googletag.pubads());\n" for i in range(24)) + "</script>\n"


def top_nav(channel: str) -> str:
    rel = " | ".join(f'<a href="//{c}.emedtv.com/">{c.replace("-", " ").title()}</a>' for c in CHANNELS
                     if c != channel)
    return (f'<div id="topNav">\n<a href="//drugs.emedtv.com/" class="tn">Drugs Channel</a>\n'
            f'<a href="//drugs.emedtv.com/drugs/a-z.html" class="tn">Topics &amp; Medications</a>\n'
            f'<a href="/search/?q=">Search</a>\n<div class="tnRel"><b>Related Channels</b> {rel}</div>\n</div>\n')


def _head(title: str, description: str) -> str:
    return (f'<!DOCTYPE html>\n<html><head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
            f"<title>{escape(title)}</title>\n<meta name=\"description\" content=\"{escape(description)}\">\n"
            f'<script type="text/javascript" src="http://drugs.emedtv.com/js/emedtv.js"></script>\n{_SCRIPT}'
            f"</head>\n")


def _inline_link(url: str, drug: Drug) -> str:
    return (f'<a href="{url}" onmouseover="showDescription(event, \'{url}\', \'{drug.name} is a '
            f'{drug.drug_class}\', \'{drug.name}\')" onmouseout="hideDescription()">{drug.generic}</a>')


def article(rng: random.Random, drug: Drug, title: str, size: int, info: list[tuple[str, str]],
            referring: list[tuple[str, str]], mentions: list[tuple[str, Drug]], mobile: bool = False) -> str:
    """A desktop (``div.articleHtml``) or mobile (``/m/``) article of about ``size`` bytes."""
    chapters: list[str] = []
    used = 0
    n = 0
    while used < size:
        n += 1
        paras = [paragraph(rng, drug) for _ in range(rng.randint(2, 4))]
        if mentions and n <= len(mentions):
            url, other = mentions[n - 1]
            paras[0] += f" Some people also take {_inline_link(url, other)}."
        heading = f"{drug.name}: {paragraph(rng, drug, (1, 1)).split(',')[0][:60]}"
        if mobile:
            chunk = f"<h2>{heading}</h2>\n" + "".join(f"<p>{p}</p>\n" for p in paras)
        else:
            chunk = (f'<a name="chapter_{n}" id="chapter_{n}"></a><h2>{heading}</h2>\n'
                     + "".join(f"<div>{p}</div>\n" for p in paras))
        chapters.append(chunk)
        used += len(chunk) + 400
    summary = paragraph(rng, drug, (3, 4))
    info_links = "".join(f'<div class="relLink"><a href="{u}">{escape(t)}</a></div>\n' for u, t in info)
    ref_links = "".join(f'<tr><td><a href="{u}">{escape(t)}</a></td></tr>\n' for u, t in referring)
    if mobile:
        others = "".join(f'<li><a href="{u}">{escape(t)}</a></li>' for u, t in info)
        refs = "".join(f'<li><a href="{u}">{escape(t)}</a></li>' for u, t in referring)
        body = (f'<body class="mobile">\n<header class="m-top"><a href="/" class="logo">eMedTV</a></header>\n'
                f'<section id="m-content">\n<h1 class="m-title">{escape(title)}</h1>\n<p>{summary}</p>\n'
                + "".join(chapters)
                + "</section>\n<section class=\"byline\"><p>Written by/reviewed by: Dana Whitfield, MD</p>"
                "<p>Last updated/reviewed: January 14, 2020</p></section>\n"
                f"<section class=\"m-others\"><h2>Other Articles in This eMedTV Presentation</h2><ul>{others}"
                f"</ul></section>\n<section class=\"m-refs\"><h2>Referring Pages:</h2><ul>{refs}</ul></section>\n"
                + FOOTER + "</body></html>\n")
    else:
        body = (f"<body>\n{top_nav(drug.channel)}<div class=\"mainContent\">\n<div class=\"articleHtml\">\n"
                f"<script type=\"text/javascript\">emedtvToolbar('{escape(title)}');</script>\n"
                f"<h1>{escape(title)}</h1>\n<div id=\"pageOneHeader\"><h3>{summary}</h3></div>\n"
                + "".join(chapters)
                + f"</div>\n<div class=\"relatedBox\"><h3>{drug.name} Drug Information</h3>\n{info_links}</div>\n"
                f'<table class="refTable" cellpadding="2">\n<tr><td class="refLabel">Referring Pages:</td></tr>\n'
                f"{ref_links}</table>\n</div>\n" + FOOTER + "</body></html>\n")
    return _head(title, summary[:150]) + body


def index(channel: str, title: str, links: list[tuple[str, str]], more: list[tuple[str, str]]) -> str:
    """A channel home or one page of a channel's topic list."""
    items = "".join(f'<li><a href="{u}">{escape(t)}</a></li>\n' for u, t in links)
    pages = " | ".join(f'<a href="{u}">{escape(t)}</a>' for u, t in more)
    return (_head(title, title) + f"<body>\n{top_nav(channel)}<div class=\"mainContent\">\n"
            "<div class=\"channelHome\">\n"
            f"<h1>{escape(title)}</h1>\n<div class=\"intro\">Choose a topic below.</div>\n"
            f"<ul class=\"topicList\">\n{items}</ul>\n<div class=\"pager\">{pages}</div>\n</div>\n</div>\n"
            + FOOTER + "</body></html>\n")


ROBOTS = "User-agent: *\nDisallow: /search/\nDisallow: /admin/\n"
