"""``document.build_document`` and ``get_text`` read straight from the lxml tree of a page (``extract.cut``), so a
cut page needs no BeautifulSoup parse at all: building Python objects for every node was most of its cost.

BeautifulSoup (with lxml) gets its strings from the same libxml2 parse: an element's ``text`` is the string
after its start, its ``tail`` the string after its end, and comments (lxml elements whose tag is not a string)
are no text, though their tails are. The walk below visits them in BeautifulSoup's order and flushes blocks at
the same places (``BlockBuilder``), so blocks and offsets are the same (``tests/extract/test_tree_document.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from extract.document import SKIP_TAGS, BlockBuilder, Document
from extract.tree_links import strings_in_order


def text_of(el: etree._Element, separator: str = "") -> str:
    r"""``Tag.get_text(separator)``: the strings under ``el`` less comments, script and style; a string of ASCII
    spaces alone stays as it is (BeautifulSoup makes it one space or newline), so read it cleaned or with ``\s``."""
    return separator.join(strings_in_order(el))


class _TreeBuilder(BlockBuilder):
    def walk(self, node: etree._Element, list_id: int | None = None) -> None:  # type: ignore[override]
        if node.text:
            self.buffer.append(node.text)
        for child in node:
            if self.stopped:
                return
            name = child.tag
            if isinstance(name, str) and name not in SKIP_TAGS:
                self.element(name, child, list_id)
                if self.stopped:
                    return
            if child.tail:
                self.buffer.append(child.tail)

    def heading_text(self, heading: etree._Element) -> str:  # type: ignore[override]
        return text_of(heading, " ")


def build_document(root: etree._Element, stop: Callable[[str], bool] | None = None) -> Document:
    """``document.build_document`` of the BeautifulSoup tag that ``root`` is in the lxml tree."""
    builder = _TreeBuilder(stop)
    builder.walk(root)
    if not builder.stopped:
        builder.flush()
    return Document("".join(builder.parts), builder.blocks)
