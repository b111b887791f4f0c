"""Scrapy settings for drugpages: polite defaults for real sites.

The demo and tests lift delays with ``-s`` overrides; these defaults stay
polite. Project settings are prefixed ``DRUGPAGES_``.
"""

BOT_NAME = "drugpages"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
# `scrapy crawl` (and Scrapyd jobs) exit 3 when the monitors fail a run, 1 when it stops early
COMMANDS_MODULE = "drugpages.scrapy_commands"

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
# Transient failures only (no 404/403), retried later each time: base * 2**attempt seconds, capped.
DRUGPAGES_RETRY_BACKOFF_BASE = 2.0
DRUGPAGES_RETRY_BACKOFF_MAX = 60.0
DOWNLOADER_MIDDLEWARES = {
    "crawler.frontier.OffsiteSkipMiddleware": 40,  # --frontier: offsite URLs are queued, then skipped here
    "crawler.limits.LimitsMiddleware": 45,  # depth, URL length, pages per host: a skip row naming the limit
    "crawler.archive.ArchiveSlotMiddleware": 50,  # --archive: one downloader slot for the archive
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.politeness.RobotsTxtMiddleware": 100,  # Scrapy's, fixed for concurrent waiters
    "crawler.politeness.RetryBackoffMiddleware": 540,  # after RetryMiddleware (550) re-queues a request
    "crawler.conditional.ConditionalRequestMiddleware": 560,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,  # page redirects: crawler/redirects.py
}
# Scrapy's depth and URL-length middlewares drop what they refuse with no row; crawler/limits.py skips it instead.
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "crawler.limits.DepthTracking": 900,
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
}
# Limits that end a trap (each refusal a skip row 'limit:NAME=N'; 0 turns one off). Depth counts links and
# redirects from a start URL; DEPTH_PRIORITY fetches shallow pages first, so depth is the shortest path.
DEPTH_LIMIT = 20
DEPTH_PRIORITY = 1
# Waiting requests on disk, not in memory (crawler/queue.py); the Redis frontier (crawler/frontier.py) replaces it.
SCHEDULER = "crawler.queue.SpillingScheduler"
URLLENGTH_LIMIT = 2083
DRUGPAGES_MAX_PAGES_PER_HOST = 25000
COOKIES_ENABLED = False
# Scrapy starts CONCURRENT_ITEMS tasks per callback; 100 costs ~1.8x in a fast crawl.
CONCURRENT_ITEMS = 10
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

DOWNLOAD_HANDLERS = {  # the archive handler is the mirror handler unless DRUGPAGES_ARCHIVE is set
    "http": "crawler.archive.ArchiveDownloadHandler",
    "https": "crawler.archive.ArchiveDownloadHandler",
}
ITEM_PIPELINES = {"crawler.pipelines.DatasetPipeline": 300}
EXTENSIONS = {
    "crawler.extensions.WarcCapture": 100,
    "crawler.progress.Progress": 200,
    "crawler.frontier.FrontierExtension": 300,  # --frontier: heartbeat, commits when idle, publishing the run
    "spidermon.contrib.scrapy.extensions.Spidermon": 500,
}
LOGSTATS_INTERVAL = 0  # crawler.progress logs its own periodic line
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ("crawler.monitors.CloseMonitorSuite",)

# drugpages' own settings
DRUGPAGES_OUT = "data"  # dataset folder (or any URI pyarrow supports)
DRUGPAGES_RUN_ID = None  # a new id per run when unset
DRUGPAGES_MIRROR = None  # e.g. http://127.0.0.1:8000: fetch HOST/PATH from there, keep original URLs
DRUGPAGES_EXTRACT_WORKERS = 0  # extraction processes; 0 = one per core
DRUGPAGES_CHECKPOINT_PAGES = 200  # commit hidden part files every N pages, so a killed run can --resume
DRUGPAGES_PROGRESS_INTERVAL = 30.0  # seconds between progress log lines when stderr is not a terminal
DRUGPAGES_INCREMENTAL = False  # conditional requests against the latest run (--incremental)
DRUGPAGES_LOCK_WAIT = 0.0  # seconds to wait for another run writing DRUGPAGES_OUT to end (output/lock.py)
DRUGPAGES_FRONTIER = None  # redis://HOST:PORT/DB: a frontier shared by many crawl processes (crawler/frontier.py)
DRUGPAGES_FRONTIER_LEASE = 30.0  # seconds without a heartbeat before a worker's requests go back to the queue
# --archive SOURCE (crawler/archive.py): pages read from a web archive's captures, original URLs kept.
# `drugpages crawl --archive` also sets ROBOTSTXT_OBEY=False and the archive's own DOWNLOAD_DELAY and
# CONCURRENT_REQUESTS_PER_DOMAIN (unless given with -s); with `scrapy crawl`, set them yourself.
DRUGPAGES_ARCHIVE = None  # 'ia', 'cc', 'cc:CC-MAIN-2014-10' or a pywb collection URL
DRUGPAGES_ARCHIVE_AT = None  # YYYY[MM[DD[hhmmss]]]: the capture nearest this time
DRUGPAGES_ARCHIVE_FROM = None  # or the newest capture between FROM and TO
DRUGPAGES_ARCHIVE_TO = None
DRUGPAGES_ARCHIVE_SEED = False  # also seed with every HTML URL the index holds under the spider's hosts
DRUGPAGES_ARCHIVE_SEED_LIMIT = 100000  # URLs per host and index asked for when seeding
DRUGPAGES_ARCHIVE_CC_INDEX_SERVER = "https://index.commoncrawl.org"  # collinfo.json and each crawl's index
DRUGPAGES_ARCHIVE_CC_DATA = "https://data.commoncrawl.org"  # WARC files, read by byte range
DRUGPAGES_ARCHIVE_CC_MAX_INDEXES = 3  # plain 'cc': crawls asked per URL, nearest --at (or newest) first

# Monitors (crawler/monitors.py) at spider close: a failure gives exit code 3 and _runs/<id>/monitors.json.
DRUGPAGES_MONITOR_MIN_PAGES = 1  # pages fetched (2xx/304) at least
DRUGPAGES_MONITOR_MAX_ERROR_RATE = 0.2  # errors / (pages + errors) at most
# Share of fact pages (output.fields.FACT_PAGE_TYPES) with at least one value of each field (output.fields
# names), at least. Spiders set their site's own in custom_settings; these are for a site that does not.
DRUGPAGES_MONITOR_MIN_COVERAGE = {"title": 0.9, "drug": 0.9, "approved_uses": 0.6}
DRUGPAGES_MONITOR_MIN_FACT_PAGE_SHARE = 0.3  # fact pages / pages at least
DRUGPAGES_MONITOR_MIN_SAMPLE = 20  # rates and shares are checked over at least this many URLs / fact pages
DRUGPAGES_MONITOR_MAX_DROP = 0.25  # vs the previous run: pages and each coverage may fall by this share at most
# Where the monitor report goes besides _runs/<id>/monitors.json (crawler/notify.py); unset = off.
DRUGPAGES_NOTIFY_ON = "failure"  # or 'always'
DRUGPAGES_NOTIFY_FILE = None  # append one JSON line per run
DRUGPAGES_NOTIFY_WEBHOOK = None  # POST the report as JSON
DRUGPAGES_NOTIFY_EMAIL_TO = None  # comma-separated addresses
DRUGPAGES_NOTIFY_EMAIL_FROM = "drugpages@localhost"
DRUGPAGES_NOTIFY_SMTP = "localhost:25"  # host:port
DRUGPAGES_NOTIFY_SMTP_USER = None  # with a password: STARTTLS, then login
DRUGPAGES_NOTIFY_SMTP_PASSWORD = None
