"""The one entry point: (url, body, headers) → ExtractResult. Pure and picklable.

Runs in worker processes (crawl) and in ``drugpages extract`` alike, so the
same page always gives the same record whichever way it came in.
"""

from __future__ import annotations

import hashlib
import re
import traceback
from collections.abc import Mapping

from extract.analysis.drugbank import link
from extract.charsets import declared_charset, decode_html
from extract.document import parse_html
from extract.records import ExtractResult
from extract.registry import page_object_for
from extract.sites import generic

_HTML_SNIFF = re.compile(rb"<(?:!doctype html|html|head|body)\b", re.I)
# Limits that keep one page from taking gigabytes (each page over one is an error row). A parse costs about
# 1 KB per element: 20 MB of tags would take gigabytes; the largest real label pages hold about 10,000 tags.
# The text analysis costs about 90 MB and 30 s per MB of text; the largest real pages hold about 300 KB.
MAX_TAGS = 100_000
MAX_TEXT_CHARS = 2_000_000


def is_html(headers: Mapping[str, str], body: bytes) -> bool:
    ctype = headers.get("content-type", "").lower()
    if ctype:
        return "html" in ctype
    return bool(_HTML_SNIFF.search(body[:2048]))


def extract_page(url: str, body: bytes, headers: Mapping[str, str], status: int = 200) -> ExtractResult:
    """Extract one page; never raises: failures come back as error results."""
    headers = {k.lower(): v for k, v in headers.items()}
    result = ExtractResult(url=url, status=status, content_sha256=hashlib.sha256(body).hexdigest())
    if not body.strip():
        return _failed(result, "EmptyBody", "the response body is empty")
    if not is_html(headers, body):
        result.skip_reason = f"not_html:{headers.get('content-type', 'unknown').split(';')[0]}"
        return result
    tags = body.count(b"<")
    if tags > MAX_TAGS:
        return _failed(result, "TooManyTags", f"{tags} tags, over the limit of {MAX_TAGS}: not parsed")
    page_object = page_object_for(url)
    try:
        decoded = decode_html(body, declared_charset(headers.get("content-type")))
        result.encoding, result.encoding_guessed = decoded.encoding, decoded.guessed
        html = decoded.text.replace("\x00", "")  # NULs are dropped, as browsers drop them from HTML text
        # a page object's cut reads only what it needs; a page has no more text than markup, so the limit holds
        cut = page_object.cut if page_object is not None and len(html) <= MAX_TEXT_CHARS else None
        record = cut(url, html) if cut is not None else None
        if record is None:
            soup = parse_html(html)
            chars = sum(len(text) for text in soup.strings)
            if chars > MAX_TEXT_CHARS:
                return _failed(result, "TextTooLong",
                               f"{chars} characters of text, over the limit of {MAX_TEXT_CHARS}")
            if page_object is None:
                record = generic.extract(url, html, soup)
                if record is None:
                    result.skip_reason = "not_a_drug_page"
                    return result
            else:
                record = page_object.extract(url, soup)
        result.record = link(record)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop a crawl
        return _failed(result, type(exc).__name__, f"{exc}\n{traceback.format_exc(limit=3)}")
    return result


def _failed(result: ExtractResult, error_type: str, message: str) -> ExtractResult:
    result.error_type, result.error_message = error_type, message
    return result
