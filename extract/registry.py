"""Which page object reads which URLs: each site's page object declares its hosts once.

In the spirit of web-poet's ``@handle_urls``: a site module decorates its
``extract(url, soup)`` with the hosts it handles, and everything else reads
that declaration: ``extract_page`` picks the page object of a URL, and the
site's spider crawls exactly those hosts. A new site is one page-object
module, one spider and one fixture folder; no other module changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from extract.records import PageRecord

Extractor = Callable[[str, BeautifulSoup], PageRecord]
# The same record from the page's markup without a whole BeautifulSoup parse, or None: parse it whole.
CutExtractor = Callable[[str, str], PageRecord | None]


@dataclass(frozen=True, slots=True)
class PageObject:
    site: str
    hosts: tuple[str, ...]  # a host and every subdomain of it
    extract: Extractor
    cut: CutExtractor | None = None

    def handles(self, url: str) -> bool:
        return any(_under(url, h) for h in self.hosts)


PAGE_OBJECTS: dict[str, PageObject] = {}


def handle_urls(*hosts: str, site: str, cut: CutExtractor | None = None) -> Callable[[Extractor], Extractor]:
    """Register the decorated ``extract(url, soup) -> PageRecord`` as the page object of ``site`` for ``hosts``;
    ``cut(url, html)``, where given, is tried first (``extract.cut``)."""
    if not hosts:
        raise ValueError(f"page object {site!r} declares no hosts")

    def register(fn: Extractor) -> Extractor:
        known = PAGE_OBJECTS.get(site)
        if known is not None and known.extract is not fn and known.extract.__qualname__ != fn.__qualname__:
            raise ValueError(f"two page objects for site {site!r}")
        PAGE_OBJECTS[site] = PageObject(site, tuple(h.lower() for h in hosts), fn, cut)
        return fn

    return register


def page_object(site: str) -> PageObject:
    try:
        return PAGE_OBJECTS[site]
    except KeyError:
        raise KeyError(f"no page object for site {site!r}; sites: {', '.join(sorted(PAGE_OBJECTS))}") from None


def page_object_for(url: str) -> PageObject | None:
    """The page object that handles ``url`` (the most specific host wins), or None for an unknown site."""
    found = [(len(h), po) for po in PAGE_OBJECTS.values() for h in po.hosts if _under(url, h)]
    return max(found, key=lambda pair: pair[0])[1] if found else None


def _under(url: str, host: str) -> bool:
    name = (urlsplit(url).hostname or "").lower()
    return name == host or name.endswith("." + host)
