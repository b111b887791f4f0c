"""The Scrapy project: settings, spiders, download handler, WARC and dataset pipeline."""
