"""For scrapyd-deploy, which builds its egg with ``setup.py bdist_egg`` and writes its own setup.py when none is
there: the project's metadata, packages and the ``scrapy`` settings entry point all come from pyproject.toml."""

from setuptools import setup

setup()
