"""A page's bytes as text: the declared encoding when the bytes fit it, else a guess, and which it was.

Servers and pages get charsets wrong: latin-1 bytes served as utf-8, UTF-16
declared utf-8, names no codec knows ('x-unknown'). A declaration (byte order
mark, HTTP header, then ``<meta charset>``) is used when the bytes decode
under it strictly, unless it names another charset than utf-8 and the bytes
are non-ASCII utf-8 (which text in another charset almost never is);
otherwise utf-8 if they are valid utf-8, else charset-normalizer's guess
(windows-1252 among its candidates first).
The page row records the encoding used and whether it was guessed, so wrong
text is never stored silently.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

SNIFF_BYTES = 4096  # where a <meta charset> and the shape of UTF-16 are looked for
DETECT_BYTES = 1 << 20  # what charset-normalizer reads to guess
_HEADER_CHARSET = re.compile(r"charset=\s*[\"']?([\w.:\-]+)", re.I)
_META = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # Python's name of the codec used
    guessed: bool  # True when no declaration of the page gave it


def decode_html(body: bytes, declared: str | None = None) -> Decoded:
    """Decode an HTML body; ``declared`` is the charset of the Content-Type header, if any."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom):].decode(name, "replace"), name, False)
    wide = _wide_encoding(body[:SNIFF_BYTES])
    if wide is not None:  # UTF-16 without a byte order mark: every other byte NUL, whatever was declared
        return Decoded(body.decode(wide, "replace"), wide, True)
    m = _META.search(body[:SNIFF_BYTES])
    meta = codec_name(m.group(1).decode("ascii")) if m else None
    if meta is not None and meta.startswith(("utf-16", "utf-32")):
        meta = "utf-8"  # a <meta> readable as ASCII is no UTF-16: HTML reads such a page as utf-8
    for codec in (codec_name(declared), meta):
        if codec is None:
            continue
        text = _strict(body, codec)
        if text is None:
            continue
        if codec != "utf-8" and not text.isascii() and _strict(body, "utf-8") is not None:
            return Decoded(body.decode("utf-8"), "utf-8", True)  # utf-8 declared as another charset: the bytes win
        return Decoded(text, codec, False)
    text = _strict(body, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", True)
    matches = charset_normalizer.from_bytes(body[:DETECT_BYTES])
    names = [m.encoding for m in matches]
    # windows-1252 when it fits at all: what browsers fall back to for English pages, where short texts give
    # the detector a near tie between Latin code pages (cp775, iso8859_4, ...) that garbles every accent
    best = "cp1252" if "cp1252" in names or not names else names[0]
    codec = codec_name(best) or "cp1252"
    return Decoded(body.decode(codec, "replace"), codec, True)


def declared_charset(content_type: str | None) -> str | None:
    """The charset a Content-Type header names, as written (None when it names none)."""
    m = _HEADER_CHARSET.search(content_type or "")
    return m.group(1) if m else None


def codec_name(name: str | None) -> str | None:
    """Python's name of a charset label, or None for a label no codec answers to."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _wide_encoding(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when most even (or odd) bytes are NUL and the others mostly are not."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.6 and even_nul < 0.1:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.1:
        return "utf-16-be"
    return None
