"""Raw captures made safe to look at: scripts, event handlers and active URLs removed.

The sanitized page is one of three barriers (with the report's CSP and the
sandboxed iframe without allow-scripts): a capture is whatever a site sent,
so nothing of it may run, load from the network, or navigate the report.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Comment, Doctype, ProcessingInstruction, Tag

# Elements that run code, embed other documents, or change how URLs resolve.
DROPPED_TAGS = {"script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link",
                "meta", "template", "portal", "param", "xml", "import", "svg:script", "set", "animate", "handler",
                "listener"}
# Attributes holding URLs; those that could run code are removed, the rest made absolute.
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
             "longdesc", "usemap", "codebase", "manifest", "lowsrc", "dynsrc", "ping", "srcset", "imagesrcset",
             "archive", "classid", "profile", "itemtype", "to", "from", "values", "by"}
# Attributes that would fetch something as the page loads; kept under data-original-* for the record.
LOADING_ATTRS = {"src", "srcset", "poster", "background", "data", "lowsrc", "dynsrc", "imagesrcset"}
DROPPED_ATTRS = {"srcdoc", "formaction", "ping", "http-equiv", "autofocus", "nonce", "is"}
SAFE_SCHEMES = {"http", "https", "mailto", "ftp", ""}
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
CAPTURE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"


def safe_url(value: str, base: str) -> str | None:
    """The absolute URL, or None for javascript:, vbscript:, data: and anything odd."""
    squeezed = _CONTROL.sub("", value or "").lower()
    scheme = squeezed.split(":", 1)[0] if ":" in squeezed.split("/", 1)[0] else ""
    if scheme not in SAFE_SCHEMES or "&#" in squeezed or "&colon" in squeezed:
        return None
    try:
        return urljoin(base, value.strip())
    except ValueError:
        return None


def sanitize(body: bytes | str, url: str) -> str:
    """A static copy of the page: same markup and text, nothing that runs or loads."""
    soup = BeautifulSoup(body, "lxml")
    for node in list(soup.find_all(string=lambda s: isinstance(s, Comment | ProcessingInstruction | Doctype))):
        node.extract()
    for tag in list(soup.find_all(True)):
        if tag.decomposed:
            continue
        name = (tag.name or "").lower()
        if name in DROPPED_TAGS or name.endswith(":script") or name.startswith("?"):
            tag.decompose()
            continue
        _clean_attrs(tag, url)
    head = soup.head
    if head is None:
        head = soup.new_tag("head")
        (soup.html or soup).insert(0, head)
    meta = soup.new_tag("meta")
    meta["http-equiv"] = "Content-Security-Policy"
    meta["content"] = CAPTURE_CSP
    head.insert(0, meta)
    charset = soup.new_tag("meta", charset="utf-8")
    head.insert(0, charset)
    return "<!DOCTYPE html>\n" + str(soup)


def _clean_attrs(tag: Tag, base: str) -> None:
    for attr in list(tag.attrs):
        key = attr.lower()
        value = tag.attrs[attr]
        text = " ".join(value) if isinstance(value, list) else str(value)
        namespaced = ":" in key and key != "xlink:href"
        if key.startswith("on") or key in DROPPED_ATTRS or namespaced or (key == "style" and _active_css(text)):
            del tag.attrs[attr]
        elif key in URL_ATTRS:
            del tag.attrs[attr]
            absolute = None if key.endswith("srcset") else safe_url(text, base)
            if key in LOADING_ATTRS:
                tag.attrs[f"data-original-{key}"] = text
            elif absolute is not None:
                tag.attrs[attr] = absolute
    if (tag.name or "").lower() == "a" and tag.has_attr("href"):
        tag["target"] = "_blank"
        tag["rel"] = "noopener noreferrer nofollow"


def _active_css(text: str) -> bool:
    squeezed = _CONTROL.sub("", text).lower()
    return any(word in squeezed for word in ("expression(", "javascript:", "url(", "behavior:", "-moz-binding"))
