"""eMedTV: one host per channel under emedtv.com, reached from the A-Z and channel index pages."""

from __future__ import annotations

from crawler.spiders.base import DrugSiteSpider

CHANNELS = ("drugs", "depression", "anxiety", "psoriasis", "blood-pressure", "arthritis")


class EmedtvSpider(DrugSiteSpider):
    name = "emedtv"
    host_suffix = "emedtv.com"
    default_start_urls = (
        "http://drugs.emedtv.com/drugs/a-z.html",
        *(f"http://{channel}.emedtv.com/" for channel in CHANNELS),
    )
