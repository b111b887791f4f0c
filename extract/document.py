"""Turn an HTML subtree into plain text made of blocks, keeping offsets.

Evidence offsets point into the text built here, so QA can highlight the
exact characters a value came from. Blocks keep the structure extractors need
(headings, paragraphs, list items grouped per list) that a flat text dump
loses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "select", "option", "head"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "center", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "html",
        "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul", "li", "caption",
    }
)
SUMMARY_WORDS = 20
_WS = re.compile(r"[\s\u00a0\u200b]+")
_IGNORED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)


@dataclass(slots=True)
class Block:
    kind: str  # 'heading', 'text' or 'item'
    text: str
    start: int
    end: int
    list_id: int | None = None  # items of one <ul>/<ol> share it
    level: int = 0  # heading level
    sentence_cache: list | None = None  # filled once by extract.analysis.sentences, read by every analysis


@dataclass(slots=True)
class Document:
    text: str
    blocks: list[Block]


def parse_html(body: bytes | str, encoding: str | None = None) -> BeautifulSoup:
    """Parse with lxml, the fastest parser BeautifulSoup offers."""
    if isinstance(body, bytes):
        return BeautifulSoup(body, "lxml", from_encoding=encoding)
    return BeautifulSoup(body, "lxml")


def clean(text: str) -> str:
    """Runs of whitespace (``\\s``, no-break and zero-width spaces) as one space, none at the ends: the same as
    ``_WS.sub(" ", text).strip()``, since ``str.split`` and ``\\s`` know the same whitespace, but in C."""
    if "\u200b" in text:
        text = text.replace("\u200b", " ")
    return " ".join(text.split())


class BlockBuilder:
    """Blocks from a BeautifulSoup walk; ``extract.tree_document`` walks lxml trees with the same flushes."""

    def __init__(self, stop: Callable[[str], bool] | None) -> None:
        self.parts: list[str] = []
        self.blocks: list[Block] = []
        self.pos = 0
        self.buffer: list[str] = []
        self.stop = stop
        self.stopped = False
        self._list_counter = 0

    def flush(self, kind: str = "text", list_id: int | None = None, level: int = 0) -> None:
        text = clean("".join(self.buffer))
        self.buffer = []
        if not text:
            return
        if self.stop is not None and self.stop(text):
            self.stopped = True
            return
        if self.parts:
            self.parts.append("\n")
            self.pos += 1
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        self.blocks.append(Block(kind, text, start, self.pos, list_id, level))

    def walk(self, node: Tag, list_id: int | None = None) -> None:
        for child in node.children:
            if self.stopped:
                return
            if isinstance(child, NavigableString):
                if not isinstance(child, _IGNORED_STRINGS):
                    self.buffer.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in SKIP_TAGS:
                continue
            self.element(child.name, child, list_id)

    def element(self, name: str, child: Any, list_id: int | None) -> None:
        """Flush blocks around ``child`` (an element named ``name``) as its kind asks, walking into it."""
        if name in HEADING_TAGS:
            self.flush()
            self.buffer.append(self.heading_text(child))
            # a "heading" holding prose (a summary paragraph in an <h3>) is text
            is_prose = len("".join(self.buffer).split()) > SUMMARY_WORDS
            self.flush("text" if is_prose else "heading", level=int(name[1]))
        elif name in ("ul", "ol"):
            self.flush()
            self._list_counter += 1
            self.walk(child, self._list_counter)
            self.flush()
        elif name == "li":
            self.flush()
            self.walk(child, list_id)
            self.flush("item" if list_id is not None else "text", list_id)
        elif name in BLOCK_TAGS:
            self.flush()
            self.walk(child, list_id)
            self.flush()
        else:
            self.walk(child, list_id)

    def heading_text(self, heading: Tag) -> str:
        return heading.get_text(" ")


def build_document(root: Tag, stop: Callable[[str], bool] | None = None) -> Document:
    """Blocks of ``root`` in reading order; ``stop(text)`` ends the walk at a boundary block."""
    builder = BlockBuilder(stop)
    builder.walk(root)
    if not builder.stopped:
        builder.flush()
    return Document("".join(builder.parts), builder.blocks)


def join_blocks(blocks: Iterable[Block]) -> Document:
    """A new document of ``blocks``, one a line, with offsets counted from 0 (evidence then points into it)."""
    out: list[Block] = []
    pos = 0
    for b in blocks:
        if out:
            pos += 1
        out.append(Block(b.kind, b.text, pos, pos + len(b.text), b.list_id, b.level))
        pos += len(b.text)
    return Document("\n".join(b.text for b in out), out)


def slice_document(doc: Document, first: int, last: int) -> Document:
    """A new document of ``doc.blocks[first:last]`` with offsets counted from 0."""
    return join_blocks(doc.blocks[first:last])


def concat_documents(docs: Iterable[Document]) -> Document:
    """One document of several (a title built apart from the body), blocks in order."""
    return join_blocks(b for d in docs for b in d.blocks)


def element_blocks(doc: Document, element: Any, chrome: frozenset[str] = frozenset(),
                   build: Callable[[Any], Document] = build_document) -> list[Block]:
    """The blocks of ``doc`` that ``element`` produced (same texts, in a row), so a section found in the
    markup keeps its offsets in the whole page; trailing ``chrome`` texts (a toggle link) are no part of it.
    ``build`` reads ``element`` (a BeautifulSoup tag, or an lxml element with ``tree_document.build_document``)."""
    if element is None:
        return []
    texts = [b.text for b in build(element).blocks]
    while texts and texts[-1] in chrome:
        texts.pop()
    if not texts:
        return []
    for i, b in enumerate(doc.blocks):
        if b.text == texts[0] and [x.text for x in doc.blocks[i : i + len(texts)]] == texts:
            return doc.blocks[i : i + len(texts)]
    return []


def blocks_under_heading(doc: Document, heading: re.Pattern[str], *, every: bool = False) -> list[Block]:
    """Blocks under the first heading ``heading`` matches (``every``: under each one, in order), up to the next
    heading of its level or above."""
    out: list[Block] = []
    for i, b in enumerate(doc.blocks):
        if b.kind == "heading" and heading.match(b.text):
            for nxt in doc.blocks[i + 1 :]:
                if nxt.kind == "heading" and nxt.level <= b.level:
                    break
                out.append(nxt)
            if not every:
                return out
    return out
