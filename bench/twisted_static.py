"""Fallback static server when nginx is absent: ``python -m bench.twisted_static ROOT PORT``.

Twisted's static resource with a large listen backlog, bound to 127.0.0.1.
"""

from __future__ import annotations

import sys


def main(root: str, port: int) -> None:
    from twisted.internet import reactor
    from twisted.web.server import Site
    from twisted.web.static import File

    resource = File(root)
    resource.contentTypes[".html"] = "text/html; charset=utf-8"
    reactor.listenTCP(port, Site(resource), backlog=1024, interface="127.0.0.1")
    reactor.run()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
