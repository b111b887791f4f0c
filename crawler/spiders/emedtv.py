"""eMedTV: one host per channel under emedtv.com, reached from the A-Z and channel index pages."""

from __future__ import annotations

from crawler.spiders.base import DrugSiteSpider
from extract.sites import emedtv

CHANNELS = ("drugs", "depression", "anxiety", "psoriasis", "blood-pressure", "arthritis")


class EmedtvSpider(DrugSiteSpider):
    name = "emedtv"
    site = emedtv.SITE
    custom_settings = {  # share of article pages with a value, at least (see crawler/monitors.py)
        "DRUGPAGES_MONITOR_MIN_COVERAGE": {"title": 0.9, "drug": 0.9, "approved_uses": 0.6, "brand_names": 0.4,
                                           "referring_pages": 0.3},
    }
    default_start_urls = (
        "http://drugs.emedtv.com/drugs/a-z.html",
        *(f"http://{channel}.emedtv.com/" for channel in CHANNELS),
    )
