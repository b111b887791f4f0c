"""Sentence splitting with character offsets into the page text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from extract.document import Block

_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“'(]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "dr", "mr", "mrs", "ms", "vs", "etc", "u.s", "no", "approx", "inc", "st", "jr", "sr", "fig", "al"}
)


@dataclass(slots=True)
class Sentence:
    text: str
    start: int  # offset of the sentence in the page text
    end: int
    block: Block

    def span_of(self, local_start: int, local_end: int) -> tuple[int, int]:
        return self.start + local_start, self.start + local_end


def split_block(block: Block) -> Iterator[Sentence]:
    text, cut = block.text, 0
    for m in _END.finditer(text):
        word = text[max(0, text.rfind(" ", 0, m.start()) + 1) : m.start()].lower()
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        end = m.start() + 1
        yield Sentence(text[cut:end], block.start + cut, block.start + end, block)
        cut = m.end()
    if cut < len(text):
        yield Sentence(text[cut:], block.start + cut, block.end, block)


def sentences(blocks: Iterable[Block]) -> Iterator[Sentence]:
    """Sentences of the non-heading blocks, split once per block and reused by every analysis."""
    for block in blocks:
        if block.kind != "heading":
            if block.sentence_cache is None:
                block.sentence_cache = list(split_block(block))
            yield from block.sentence_cache
