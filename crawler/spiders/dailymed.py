"""DailyMed: labels enumerated through the web services listing, then each label viewer page.

The listing (``/dailymed/services/v2/spls.json``, paged) names every label by
set id, so the crawl needs neither search forms nor the label pages' many
links; label pages are fetched and extracted, and nothing is followed from
them. ``-s DAILYMED_MAX_PAGES=N`` stops after N listing pages (0: all).
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from scrapy.http import Response

from crawler.spiders.base import DrugSiteSpider
from extract.sites import dailymed

HOST = dailymed.HOST
LISTING_PATH = "/dailymed/services/v2/spls.json"
LABEL_URL = f"https://{HOST}/dailymed/drugInfo.cfm?setid={{}}"


def label_url(set_id: str) -> str:
    return LABEL_URL.format(set_id)


def listing_page(url: str, page: int) -> str:
    """The listing URL for ``page``, keeping its other parameters (pagesize)."""
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    query["page"] = str(page)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def parse_listing(url: str, body: bytes) -> tuple[list[str], str | None]:
    """Label URLs on one listing page and the next page's URL (None on the last)."""
    data = json.loads(body)
    labels = [label_url(item["setid"]) for item in data.get("data", []) if item.get("setid")]
    meta = data.get("metadata", {})
    nxt = meta.get("next_page_url")
    if nxt in (None, "", "null"):
        page, total = meta.get("next_page"), meta.get("total_pages")
        if str(page).isdigit():
            nxt = listing_page(url, int(page))
        elif str(meta.get("current_page", "")).isdigit() and str(total).isdigit() \
                and int(meta["current_page"]) < int(total):
            nxt = listing_page(url, int(meta["current_page"]) + 1)
        else:
            nxt = None
    return labels, nxt


class DailymedSpider(DrugSiteSpider):
    name = "dailymed"
    site = dailymed.SITE
    custom_settings = {  # share of labels with a value, at least (see crawler/monitors.py)
        "DRUGPAGES_MONITOR_MIN_COVERAGE": {"title": 0.9, "drug": 0.9, "approved_uses": 0.8, "brand_names": 0.5},
        # the listing is finite and each of its pages one level deeper; its ~150,000 labels share one host
        "DEPTH_LIMIT": 0,
        "DRUGPAGES_MAX_PAGES_PER_HOST": 0,
    }
    default_start_urls = (f"https://{HOST}{LISTING_PATH}",)

    def follow_urls(self, response: Response) -> list[str]:
        """From a listing page: its labels and the next page. From anything else: nothing."""
        if urlsplit(response.url).path != LISTING_PATH or response.status != 200:
            return []
        try:
            labels, nxt = parse_listing(response.url, response.body)
        except (ValueError, TypeError, KeyError) as exc:
            self.logger.warning("unreadable listing %s: %s", response.url, exc)
            return []
        self.listing_pages = getattr(self, "listing_pages", 0) + 1
        limit = self.settings.getint("DAILYMED_MAX_PAGES", 0)
        if nxt and limit and self.listing_pages >= limit:
            nxt = None
        return labels + ([nxt] if nxt else [])
