"""Mutated HTML pages for the fault suite: truncation, nesting, NULs, wrong charsets, broken markup.

``mutants(n, seed)`` gives ``n`` pages made from a few small drug articles, each changed one way. A mutant
that ``keeps`` its article (NULs added, a wrong or unknown charset declared, deep or unclosed nesting, stray
markup around it) must give the same title, drug and uses as its article; every other one (cut anywhere,
its tags mangled) must still give exactly one page, error or skip row.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

ARTICLES = {
    "tacrolimus": ("Tacrolimus Uses", "Prograf", "an immunosuppressant", "prevent organ rejection after a kidney "
                   "transplant", "psoriasis"),
    "prednisone": ("Prednisone Uses", "Deltasone", "a corticosteroid", "treat rheumatoid arthritis", "sarcoidosis"),
    "metoprolol": ("Metoprolol Uses", "Lopressor", "a beta blocker", "treat high blood pressure", "migraine"),
    "amlodipine": ("Amlodipine Uses", "Norvasc", "a calcium channel blocker", "treat high blood pressure", "Raynaud's"),
}


def article(drug: str) -> str:
    title, brand, cls, use, off_label = ARTICLES[drug]
    name = drug.capitalize()
    return (f"<html><head><title>{title}</title></head><body><div id='nav'><a href='/'>Home</a> | "
            f"<a href='/drugs/a-z.html'>Drugs A-Z</a></div><div class='articleHtml'><h1>{title}</h1>"
            f"<p>{name} ({brand}®) is {cls} médication approved to {use}. It comes as tablets — "
            f"take it as prescribed.</p><h2>Off-Label Uses</h2><p>Off-label uses of {drug} include the treatment "
            f"of {off_label}.</p><ul><li>It is taken once or twice a day.</li><li>Do not stop taking it suddenly."
            f"</li></ul><h4>Referring Pages:</h4><ul><li><a href='/{drug}/{drug}.html'>{name}</a></li>"
            f"<li><a href='/{drug}/{drug}-side-effects.html'>Side Effects</a></li></ul></div>"
            "<div class='footer'><a href='/terms.html'>Terms of Use</a></div></body></html>")


@dataclass(frozen=True)
class Mutant:
    url: str
    body: bytes
    content_type: str
    kind: str
    base: str  # the article it was made from
    keeps: bool  # its article must come out whole


Mutation = Callable[[str, random.Random], tuple[bytes, str]]  # page HTML → (body, Content-Type)
HTML = "text/html; charset=utf-8"


def _cut(html: str, rng: random.Random) -> tuple[bytes, str]:
    body = html.encode()
    return body[: rng.randrange(1, len(body))], HTML


def _cut_in_tag(html: str, rng: random.Random) -> tuple[bytes, str]:
    starts = [i for i, c in enumerate(html) if c == "<"]
    return html[: rng.choice(starts) + rng.randrange(1, 4)].encode(), HTML


def _nuls(html: str, rng: random.Random) -> tuple[bytes, str]:
    body = bytearray(html.encode())
    for _ in range(rng.randrange(1, 40)):
        body.insert(rng.randrange(len(body) + 1), 0)
    return bytes(body), HTML


def _nul_runs(html: str, rng: random.Random) -> tuple[bytes, str]:
    return html.encode().replace(b"</p>", b"\x00" * rng.randrange(1, 5000) + b"</p>"), HTML


def _deep(html: str, rng: random.Random) -> tuple[bytes, str]:
    n = rng.randrange(50, 1500)
    tag = rng.choice(["div", "span", "section", "b"])
    nested = html.replace("<body>", "<body>" + f"<{tag}>" * n).replace("</body>", f"</{tag}>" * n + "</body>")
    return nested.encode(), HTML


def _unclosed(html: str, rng: random.Random) -> tuple[bytes, str]:
    opened = ["<div>", "<table><tr><td>", "<ul><li>", "<p>", "<span>"]
    junk = "".join(rng.choice(opened) for _ in range(rng.randrange(1, 300)))
    return html.replace("</body>", junk + "</body>").encode(), HTML


def _stray(html: str, rng: random.Random) -> tuple[bytes, str]:
    junk = "".join(rng.choice(["</div>", "</table>", "</html>", "</body>", "<!-- x", "-->", "<![CDATA[", "]]>",
                               "&#0;", "&#xD800;", "&bogus;", "<br/>"]) for _ in range(rng.randrange(1, 60)))
    return html.replace("<div class='footer'>", junk + "<div class='footer'>").encode(), HTML


def _latin1_as_utf8(html: str, rng: random.Random) -> tuple[bytes, str]:
    return html.encode("cp1252"), rng.choice(["text/html; charset=utf-8", "text/html; charset=UTF8"])


def _unknown_charset(html: str, rng: random.Random) -> tuple[bytes, str]:
    label = rng.choice(["x-unknown", "klingon", "utf-9", "", "none"])
    return html.encode(rng.choice(["utf-8", "cp1252"])), f"text/html; charset={label}"


def _utf16_as_utf8(html: str, rng: random.Random) -> tuple[bytes, str]:
    return html.encode(rng.choice(["utf-16-le", "utf-16-be", "utf-16"])), "text/html; charset=utf-8"


def _utf8_as_latin1(html: str, rng: random.Random) -> tuple[bytes, str]:
    return html.encode(), rng.choice(["text/html; charset=iso-8859-1", "text/html; charset=windows-1252"])


def _wrong_meta(html: str, rng: random.Random) -> tuple[bytes, str]:
    meta = rng.choice(['<meta charset="utf-16">', '<meta charset="x-nope">', '<meta charset="shift_jis">'])
    return html.replace("<head>", "<head>" + meta).encode(), "text/html"


def _mangled_tags(html: str, rng: random.Random) -> tuple[bytes, str]:
    chars = list(html)
    for _ in range(rng.randrange(1, 30)):
        i = rng.randrange(len(chars))
        chars[i] = rng.choice(["<", ">", "\"", "'", "&", "\x01", "\u2028", "\ufffd"])
    return "".join(chars).encode(), HTML


# (name, mutation, keeps its article)
MUTATIONS: list[tuple[str, Mutation, bool]] = [
    ("cut", _cut, False), ("cut_in_tag", _cut_in_tag, False), ("nuls", _nuls, True), ("nul_runs", _nul_runs, True),
    ("deep_nesting", _deep, True), ("unclosed_nesting", _unclosed, True), ("stray_markup", _stray, True),
    ("latin1_declared_utf8", _latin1_as_utf8, True), ("unknown_charset", _unknown_charset, True),
    ("utf16_declared_utf8", _utf16_as_utf8, True), ("utf8_declared_latin1", _utf8_as_latin1, True),
    ("wrong_meta_charset", _wrong_meta, True), ("mangled_tags", _mangled_tags, False),
]


def mutants(n: int = 1040, seed: int = 12) -> list[Mutant]:
    """``n`` mutants, the mutations and articles taken in turn; the same seed gives the same pages."""
    rng = random.Random(seed)
    out = []
    drugs = list(ARTICLES)
    for i in range(n):
        name, mutate, keeps = MUTATIONS[i % len(MUTATIONS)]
        drug = drugs[(i // len(MUTATIONS)) % len(drugs)]
        body, ctype = mutate(article(drug), rng)
        url = f"http://drugs.emedtv.com/{drug}/what-is-{drug}-used-for.html?mutant={i}-{name}"
        out.append(Mutant(url, body, ctype, name, drug, keeps))
    return out
