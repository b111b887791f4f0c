"""Page → record. Pure functions over BeautifulSoup; no Scrapy, no pandas."""

from extract.pages import extract_page
from extract.records import EXTRACTOR_VERSION

__all__ = ["EXTRACTOR_VERSION", "extract_page"]
