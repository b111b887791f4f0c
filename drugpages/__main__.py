"""``python -m drugpages`` is the ``drugpages`` command."""

from drugpages.cli import run

run()
