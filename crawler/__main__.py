"""``python -m crawler`` is the ``drugpages`` command."""

from crawler.cli import run

run()
