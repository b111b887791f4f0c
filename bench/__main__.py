"""``python -m bench`` runs the benchmark (same options as ``drugpages bench``)."""

import sys

from bench.cli import main

sys.exit(main())
