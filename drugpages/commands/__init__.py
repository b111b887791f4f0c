"""One module per command group; each has ``add_parsers(subparsers)`` and sets ``handler`` on its parsers."""
