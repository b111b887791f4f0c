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
from extract.document import parse_html
from extract.records import ExtractResult
from extract.registry import page_object_for
from extract.sites import generic

_CHARSET = re.compile(r"charset=([\w\-]+)", re.I)
_HTML_SNIFF = re.compile(rb"<(?:!doctype html|html|head|body)\b", re.I)


def is_html(headers: Mapping[str, str], body: bytes) -> bool:
    ctype = headers.get("content-type", "").lower()
    if ctype:
        return "html" in ctype
    return bool(_HTML_SNIFF.search(body[:2048]))


def _decoded(body: bytes, soup) -> str:  # noqa: ANN001 - a BeautifulSoup
    return body.decode(soup.original_encoding or "utf-8", errors="replace")


def extract_page(url: str, body: bytes, headers: Mapping[str, str], status: int = 200) -> ExtractResult:
    """Extract one page; never raises: failures come back as error results."""
    headers = {k.lower(): v for k, v in headers.items()}
    result = ExtractResult(url=url, status=status, content_sha256=hashlib.sha256(body).hexdigest())
    if not body.strip():
        result.error_type, result.error_message = "EmptyBody", "the response body is empty"
        return result
    if not is_html(headers, body):
        result.skip_reason = f"not_html:{headers.get('content-type', 'unknown').split(';')[0]}"
        return result
    page_object = page_object_for(url)
    try:
        m = _CHARSET.search(headers.get("content-type", ""))
        soup = parse_html(body, m.group(1) if m else None)
        if page_object is None:
            record = generic.extract(url, _decoded(body, soup), soup)
            if record is None:
                result.skip_reason = "not_a_drug_page"
                return result
        else:
            record = page_object.extract(url, soup)
        result.record = link(record)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop a crawl
        result.error_type = type(exc).__name__
        result.error_message = f"{exc}\n{traceback.format_exc(limit=3)}"
    return result
