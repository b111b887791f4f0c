"""Scrapy settings for drugpages: polite defaults for real sites.

The demo and tests lift delays with ``-s`` overrides; these defaults stay
polite. Project settings are prefixed ``DRUGPAGES_``.
"""

BOT_NAME = "drugpages"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "drugpages/0.1 (+https://github.com/drugpages/drugpages; drugpages@example.org)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
COOKIES_ENABLED = False
# Scrapy starts CONCURRENT_ITEMS tasks per callback; 100 costs ~1.8x in a fast crawl.
CONCURRENT_ITEMS = 10
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

DOWNLOAD_HANDLERS = {
    "http": "crawler.mirror.MirrorDownloadHandler",
    "https": "crawler.mirror.MirrorDownloadHandler",
}
ITEM_PIPELINES = {"crawler.pipelines.DatasetPipeline": 300}
EXTENSIONS = {"crawler.extensions.WarcCapture": 100}

# drugpages' own settings
DRUGPAGES_OUT = "data"  # dataset folder (or any URI pyarrow supports)
DRUGPAGES_RUN_ID = None  # a new id per run when unset
DRUGPAGES_MIRROR = None  # e.g. http://127.0.0.1:8000: fetch HOST/PATH from there, keep original URLs
DRUGPAGES_EXTRACT_WORKERS = 0  # extraction processes; 0 = one per core
