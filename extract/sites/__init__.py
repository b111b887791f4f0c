"""Page objects, one module per site; importing this package registers the built-in ones (``extract.registry``).

``generic`` is no registered site: it reads pages of every site no page object handles.
"""

from extract.sites import dailymed, emedtv, generic

__all__ = ["dailymed", "emedtv", "generic"]
