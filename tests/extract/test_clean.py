"""``document.clean`` (split and join, in C) is the regular expression it replaced, for every code point."""

from __future__ import annotations

import sys

from extract.document import _WS, clean


def test_clean_is_the_whitespace_pattern_for_every_code_point() -> None:
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        text = f"{ch}a{ch}{ch}b {ch}c{ch}"
        assert clean(text) == _WS.sub(" ", text).strip(), hex(code)
