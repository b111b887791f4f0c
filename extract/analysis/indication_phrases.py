"""Condition phrases in the register of FDA labels: the object of "indicated for the treatment of ...".

Label indications run on ("... of adults with X, in combination with Y, to reduce Z"), so a phrase ends at
the label's own boundaries (populations, regimens, bracketed references), lists split at commas, and
"A and B noun" is distributed ("tonic and clonic seizures"). Plain drug-information English is read by
``condition_phrases``; both share the rule that a boundary inside parentheses ends nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.analysis import lexicon
from extract.analysis.condition_phrases import boundary
from extract.analysis.sentences import Sentence

# An age that narrows a population: "patients 6 years of age and older with", "adults 18 to 65 years old with".
AGED = r"(?:\s+(?:\d+|aged?|years?|months?|of|age|and|or|older|younger|to|through|at|least|old|\d+\s*[-–]\s*\d+))*"
# Where a condition phrase in a label ends: a reference, a clause, a population, a regimen, a purpose.
OBJECT_END = re.compile(
    r"\s*\[|[;:]|(?<![\s(][A-Z])\.(?:\s|$)|,?\s+(?:who|which|that|when|whose|where|if|unless|because|since|while|until|following"
    r"|after|despite"
    r"|due to|caused by|as part of|either|as (?:a|an|the|monotherapy|adjunct|adjunctive)|including|such as|e\.g\."
    r"|for (?:patients|adults"
    r"|children|use|up to|at least|the first)|aged|in (?:[a-z0-9\-–]+\s+){0,3}(?:adults?|children|pediatric|patients"
    r"|adolescents|infants|neonates|those|combination|individuals|subjects|men|women)"
    r"|to (?!the\b|severe|moderate)[a-z]+)\b"
    r"|,\s+(?:including|in|for|and to|or to|with|without|within|during|at|from|but)\b"
    r"|\s+in (?:multiple|various|several|many) (?:clinical )?settings\b"
    r"|\s+with an? (?:elevated|history|documented)\b"
    r"|,?\s+alone\b|\s+(?:usually|often|generally|typically|requiring)\b",
    re.I,
)
# A condition qualified by what it comes with: "edema associated with ...", "pain associated with ...".
RELATION = re.compile(r"^(.+?)\s+(associated with|related to|secondary to)\s+\S", re.I)
# Words heading a phrase that is no condition: outcomes, generic heads, therapy words.
NOT_CONDITION = re.compile(
    r"^(?:death|mortality|events?|prophylaxis|prevention|treatment|therapy|use|patients?|adults?|children"
    r"|conditions?|disorders?|diseases?|symptoms?|infections?|the following|following)$",
    re.I,
)
LEADING = re.compile(
    r"^(?:(?:the|a|an|all|both|all forms of|forms of|certain|(?:the )?(?:signs and )?symptoms of"
    r"|for the (?:treatment|management|prevention) of|(?:initial|recurrent|first|acute)?\s*episodes? of"
    r"|(?:confirmed|suspected|documented)(?:\s+or\s+(?:confirmed|suspected))?"
    r"|(?:adult |pediatric |[a-z]+menopausal |elderly |older )?(?:patients|adults|children|women|men|adolescents"
    r"|infants|individuals)" + AGED + r" with)\s+|[-–•●*]\s*|\d+\.\s*|\(\d+\)\s*|\d+\)\s*)+",
    re.I,
)
TRAILING = re.compile(r"(?:\s*\([^()]*\)|\s*\d+$|\s+(?:treatment|therapy))+$", re.I)
ADJECTIVE = re.compile(r"^[a-z\-]+(?:al|ic|ive|ous|ary|ar|oid|ed)$", re.I)
PREPOSITION = re.compile(r"\b(?:of|with|in|to|for|from|after|associated)\b", re.I)
CONJ = re.compile(r"\s+(and/or|and|or)\s+", re.I)
MAX_WORDS = 16
# Outcomes named by their kind, not a condition: "thromboembolic events", "death", "hospitalization".
OUTCOME_KIND = re.compile(r"\b(?:events?|outcomes?|hospitali[sz]ations?|mortality|death)\b", re.I)
LABEL_SEVERITY = re.compile(
    r"(?:(?:moderately|severely|mildly|moderate|severe|mild)(?:\s+(?:to|or|and)\s+(?:moderately|severely|moderate|severe))?"
    r"\s+)?(?:active|chronic\s+active)?\s*",
    re.I,
)


@dataclass(slots=True)
class Found:
    """A condition found in a sentence, before rows of the same condition are merged."""

    condition: str
    start: int
    end: int
    evidence: str
    surface: str = ""  # the text at start:end when it differs from the condition ("A and B noun")


def object_conditions(sent: Sentence, start: int, risk: bool) -> list[Found]:
    """The conditions from ``start`` to the phrase's end; ``risk``: the outcomes of "reduce the risk of", each
    condition among them a use ("myocardial infarction, stroke, and unstable angina")."""
    text = sent.text
    b = phrase_end(text, start)
    end = b.start() if b else len(text)
    segment = text[start:end]
    its = re.search(r"\s+and\s+its\s+\w+", segment)
    if its:  # "venous thrombosis and its extension": the extension is no condition of its own
        segment = segment[: its.start()] + " " * (its.end() - its.start()) + segment[its.end() :]
    items = split_commas(segment)
    out: list[Found] = []
    for a, z in items:
        if risk and OUTCOME_KIND.search(re.split(r"\s+(?:requiring|leading to|such as)\b", segment[a:z])[0]):
            continue  # "thromboembolic events", "hospitalization": outcomes named by kind, no condition
        out += conjuncts(sent, start + a, segment[a:z])
    return _share_relation(sent, out)


def _share_relation(sent: Sentence, found: list[Found]) -> list[Found]:
    """"edema associated with congestive heart failure, renal disease, or hepatic disease": the list names what
    the edema is associated with, so each later item is "edema associated with <item>" (the condition is the
    edema, not the diseases), its span running from "edema" to the item's end."""
    first = RELATION.match(found[0].condition) if found else None
    if first is None:
        return found
    head, start = first.group(1), found[0].start
    out = found[:1]
    for f in found[1:]:
        if RELATION.match(f.condition) or f.start < start:
            out.append(f)
            continue
        surface = sent.text[start - sent.start : f.end - sent.start]
        out.append(Found(f"{head} {first.group(2)} {f.condition}", start, f.end, sent.text, surface))
    return out


def phrase_end(text: str, start: int) -> re.Match[str] | None:
    """Where a condition phrase ends, ignoring cues inside parentheses ("(up to four weeks)")."""
    return boundary(text, start, OBJECT_END)


def split_commas(segment: str) -> list[tuple[int, int]]:
    """The comma-separated items of ``segment`` as (start, end), commas inside parentheses kept."""
    cuts, pos = [], 0
    for m in re.finditer(r",\s*(?:(?:and/or|and|or)\s+)?", segment):
        if segment.count("(", 0, m.start()) == segment.count(")", 0, m.start()):
            cuts.append((pos, m.start()))
            pos = m.end()
    cuts.append((pos, len(segment)))
    return cuts


def conjuncts(sent: Sentence, base: int, item: str) -> list[Found]:
    """Split one list item at and/or where both sides are full phrases; distribute "A and B noun"."""
    for m in CONJ.finditer(item):
        if item.count("(", 0, m.start()) != item.count(")", 0, m.start()):
            continue
        left_text = item[: m.start()]
        preps = list(PREPOSITION.finditer(left_text))
        left = left_text[preps[-1].end() :] if preps else left_text
        right_text = item[m.end() :]
        nxt = PREPOSITION.search(right_text)
        right = right_text[: nxt.start()] if nxt else right_text
        lw, rw = len(re.sub(r"\([^()]*\)", "", left).split()), len(right.split())
        if lw >= 2 and rw >= 2:
            return conjuncts(sent, base, left_text) + conjuncts(sent, base + m.end(), right_text)
        if not preps and lw == 1 and rw >= 2 and m.group(1).lower() == "and" and ADJECTIVE.match(left.strip()):
            noun = " ".join(right.split()[1:])
            first = _clean(item)
            if first:
                value, off = first
                distributed = f"{left.strip()} {noun}".lower()
                s = sent.start + base + off
                out = [Found(distributed, s, s + len(value), sent.text, value)]
                return out + conjuncts(sent, base + m.end(), right_text)
    got = _clean(item)
    return [_found(sent, base + got[1], got[0])] if got else []


def _clean(raw: str) -> tuple[str, int] | None:
    text = raw.rstrip()
    off = 0
    for pattern in (LEADING, LABEL_SEVERITY, LEADING):  # "adult patients with moderately to severely active RA"
        lead = pattern.match(text, off)
        if lead:
            off = lead.end()
    text = TRAILING.sub("", text[off:]).strip(" ,.\"'")
    off += len(raw[off:]) - len(raw[off:].lstrip(" ,.\"'"))
    words = text.split()
    if not words or len(words) > MAX_WORDS or words[0].lower() in ("other", "its", "their", "this", "these", "without"):
        return None
    if re.search(r"[<>%≥≤]", text):
        return None  # a measurement ("ejection fraction <40%"), not a condition
    if NOT_CONDITION.match(text) or not re.search(r"[A-Za-z]{2}", text):
        return None
    if words[-1].lower() in ("levels", "level", "regimen", "agents", "drugs"):
        return None
    if lexicon.find_drug_mentions(text):
        return None
    return text, off


def _found(sent: Sentence, local: int, value: str) -> Found:
    s = sent.start + local
    return Found(value, s, s + len(value), sent.text)
