"""Keyword gates in front of the cue patterns: most sentences hold no cue, and a few substring and word-set tests
rule them out in C far faster than a case-insensitive pattern of many alternatives scanning every position.

A gate says which text may hold a match of its pattern: one of its lower-case substrings, one of its whole words
or a word of each set of a pair (the words of a cue of several words, in any order). A sentence that has none of
them cannot match, so the pattern is not run. Whole words are runs of ``[a-z0-9_]`` in the lower-cased text, as
``\\b`` sees them, which lets a gate tell "treat" from "treatment". The gate never decides for text beyond ASCII:
under ``re.I`` some other letters match ASCII ones ("ſ" matches "s", "ı" matches "i") without ``str.lower``
turning them into those letters, and ``\\b`` knows letters beyond ASCII. A gate changes no result, only which
sentences pay for the pattern (``tests/extract/test_cue_gates.py`` checks each against its pattern).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import lru_cache

# Every ASCII character that is no word character of ``\b`` becomes a space (upper case is gone by then).
_WORD_CHARS = frozenset((string.ascii_lowercase + string.digits + "_").encode())
# a byte table: bytes.translate is a C table lookup, twice as fast on a sentence as str.translate with a dict
_NOT_WORD = bytes(c if c in _WORD_CHARS else 32 for c in range(256))


@lru_cache(maxsize=8192)
def _lower(text: str) -> str | None:
    """The lower-cased text, once per sentence for every gate; None beyond ASCII."""
    return text.lower() if text.isascii() else None


@lru_cache(maxsize=8192)
def _words(low: str) -> frozenset[str]:
    """The whole words of lower-cased ASCII text, once per sentence for every gate that reads words."""
    return frozenset(low.encode("ascii").translate(_NOT_WORD).decode("ascii").split())


@dataclass(frozen=True, slots=True)
class Gate:
    """What every match of one cue pattern holds at least one of."""

    substrings: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()
    pairs: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()  # the rarer words first
    firsts: frozenset[str] = field(init=False)  # every pair's first words: most sentences have none of them

    def __post_init__(self) -> None:
        object.__setattr__(self, "firsts", frozenset().union(*(first for first, _ in self.pairs)))

    def may_match(self, text: str) -> bool:
        """False only when no match of the gated pattern can be in ``text``."""
        low = _lower(text)
        if low is None:
            return True
        for sub in self.substrings:
            if sub in low:
                return True
        if not (self.words or self.pairs):
            return False
        words = _words(low)
        if not words.isdisjoint(self.words):
            return True
        if words.isdisjoint(self.firsts):
            return False
        return any(not words.isdisjoint(a) and not words.isdisjoint(b) for a, b in self.pairs)

    def __or__(self, other: Gate) -> Gate:
        """A gate for either pattern."""
        return Gate(self.substrings + other.substrings, self.words | other.words, self.pairs + other.pairs)


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _pair(first: str, second: str) -> tuple[frozenset[str], frozenset[str]]:
    return _set(first), _set(second)


# uses.OFF_LABEL_CUE (no word ends): "off-label" and "beyond the label", "(un/not) approved", "outside its labelled /
# official", "without approval", "may also be used", "(is also) sometimes used / prescribed".
OFF_LABEL = Gate(substrings=("label", "approv", "outside", "sometimes", "also be used"))
# uses.APPROVED_CUE, alternative by alternative: approved/approvals/licensed/indicated/prescribe(d)/recommend(ed);
# treat(s); taken to/for; used to/for/in, is used; use(s) of/for/include; can (help) treat/prevent/control; help(s)
# treat/prevent/control/relieve/lower/reduce; given to/for; to treat/stop/prevent/control/manage; can use/take it
# for; applied to.
APPROVED = Gate(
    words=_set("approved approval approvals licensed indicated prescribe prescribed recommend recommended treat"
               " treats"),
    pairs=(
        _pair("taken given", "to for"), _pair("used", "to for in is"), _pair("use", "of for include can"),
        _pair("uses", "of for include"), _pair("prevent control", "can help helps to"),
        _pair("relieve lower reduce", "help helps"), _pair("stop manage", "to"), _pair("take", "can"),
        _pair("applied", "to"),
    ),
)
# Either use cue (what ``uses._sentence_use_type`` needs outside an off-label section).
USE = OFF_LABEL | APPROVED
# cues.LISTING_CUE: include(s), including, example(s), such as, these / they are.
LISTING = Gate(words=_set("include includes including example examples"),
               pairs=(_pair("such", "as"), _pair("these they", "are")))
# What ``uses._sentence_use_type`` needs in an off-label section, where a listing alone states a use.
USE_OR_LISTING = USE | LISTING
# cues.COMBINATION_CUE: in combination / along / together / used / given / paired / in conjunction with; combined;
# combine(s) / combining / pair(s) it with; (often ...) taken with; added (on) to, in addition to; adjunct(ive);
# add-on; alongside; also given / prescribed; add(s/ed/ing) a (second) medicine / medication / drug.
COMBINATION = Gate(
    words=_set("combined alongside adjunct adjunctive"),
    pairs=(
        _pair("combination along together used given paired pairs pair combines combine combining conjunction taken",
              "with"),
        _pair("added addition", "to"), _pair("add added", "on"), _pair("given prescribed", "also"),
        _pair("add adds added adding", "medicine medication drug"),
    ),
)
# brands._MAY_NAME_BRANDS beyond its marks (® and ™ are not ASCII, so the gate lets them through).
BRAND_WORDS = Gate(substrings=("(", "brand", "sold", "marketed"))
