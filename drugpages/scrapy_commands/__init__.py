"""Scrapy commands of the project (``COMMANDS_MODULE``): ``scrapy crawl`` ends with drugpages' exit codes."""
