"""The Scrapy project: settings, spiders, download handler, WARC and dataset pipeline."""

import warnings

from scrapy.exceptions import ScrapyDeprecationWarning

# Spidermon 1.27 still calls Spider.log(); the warning is theirs to fix and only clutters our output.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated", category=ScrapyDeprecationWarning)
