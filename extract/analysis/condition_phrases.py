"""Condition phrases in a use sentence or list item: where they start and end, splitting, cleaning."""

from __future__ import annotations

import re

from extract.analysis import lexicon

# Words that lead into a condition phrase.
INTRODUCER = re.compile(
    r"\b(?:(?:the )?(?:[a-z\-]+ )?(?:symptoms?|signs?) of"
    r"|(?:prevention|treatment|control|management|relief)(?: and (?:long-term |short-term )?"
    r"(?:prevention|treatment|control|management|relief))+ of"
    r"|(?:the )?(?:(?:short-term|long-term|intermittent|maintenance|chronic|acute|initial|adjunctive|symptomatic"
    r"|continued|ongoing)(?:,? and |,? or |\s))*(?:treatment|prevention|management|relief|control|prophylaxis|"
    r"symptoms?|reduction) of"
    r"|to (?:help )?(?:treat|prevent|manage|control|relieve|reduce|lower|improve|ease|decrease|slow|stop)|to help"
    r"|(?:treat|treating|treats|prevent|preventing|prevents|manage|managing|relieve|relieving|lower|lowering|"
    r"reduce|reducing|control|controlling)"
    r"|(?:adults|people|patients|children|adolescents|those|individuals|older|younger) (?:with|suffering from)"
    r"|(?:adults|people|patients|children|those|older)(?: [\w\-]+){0,4} who (?:have|suffer from)"
    r"|(?:results|success|benefits?) (?:in|for)"
    r"|(?:uses|indications) (?:are|is)|diagnosed with|because of|such as|including|includes?|for)\b",
    re.I,
)
# Where a condition phrase ends.
# Qualifiers (who, where on the body) end one condition, not the list: "psoriasis of the scalp, as well as X".
SOFT_BOUNDARY = re.compile(
    r"\s(?:in|among|for) (?:[a-z\-]+ ){0,2}(?:people|patients|adults|children|adolescents|those|certain|women|men"
    r"|kids|some|most|many|individuals|infants|teens|elderly|older|young|recipients|users|survivors|smokers)\b"
    r"|\sin remission\b"
    r"|\s(?:of|on) the (?:scalp|skin|body|face|hands?|feet|foot|legs?|arms?|eyes?|mouth)\b"
    r"|\s(?:that|which)\s(?!is |are )",
    re.I,
)
BOUNDARY = re.compile(
    r"[.;:!?\[]|\s[-–—]\s|" + SOFT_BOUNDARY.pattern
    + r"|\s(?:who|that|which|when|because|if|by|so|after|before|while|since|whose|where|unless|until|during|once"
    r"|although|though|but|whereas|however|even"
    r"|than|due|caused|associated)\b"
    r"|\s(?:along with|in combination|together with|with or without|with other|alone)\b"
    r"|\s(?:from occurring|from happening|in the future)\b"
    r"|\s(?:is|are|was|were|has|have|had|can|could|may|might|will|would|should|does|do|did|cannot|can't|isn't|aren't)\s"
    r"|\sto (?!severe|moderate|mild)(?=[a-z])",
    re.I,
)
RESUME_STOP = re.compile(
    r"[.;:!?]|\s(?:who|whose|because|if|when|while|unless|although|though|but|since|whereas)\b", re.I
)
LIST_RESUMES = re.compile(r",\s*(?:and |or |as well as )?|\s+as well as\s+", re.I)
CONJUNCTION = re.compile(r"\s*,\s*(?:and/or|and|or)?\s*|\s+(?:and/or|and|or|as well as|plus)\s+", re.I)
LEADING_WORDS = re.compile(
    r"^(?:(?:the|a|an|certain|some|various|several|specific|other|many|all|any|mild|its|their|your"
    r"|(?:fda|ema)(?:[\s\-]approved|[\s\-]labell?ed)?|off-label|unlabell?ed|labell?ed|approved|licensed|unlicensed"
    r"|types? of|kinds? of|forms? of|cases? of|symptoms? of|signs? of|treatment of|prevention of|episodes? of"
    r"|(?:help )?(?:people|patients|you|adults|smokers) to"
    r"|(?:help )?(?:people|patients|you|adults|smokers)(?= [a-z]+ing\b| quit| stop)"
    r"|signs and symptoms of|(?:sometimes |also |often )?(?:called|known as)"
    r"|also|both|either|(?:[a-z\-]+ )?symptoms? of|(?:[a-z\-]+ )?signs? of|complications? of|(?:[a-z\-]+ )?episodes? of"
    r"|(?:the )?risks? (?:of|for)|(?:the )?chances? of"
    r"|in|with|to|help|helping|keeping|maintaining|(?:[a-z]+ )?pain from"
    r"|treat|treating|prevent|preventing|manage|managing|control|controlling|relieve|relieving"
    r"|reduce|reducing|lower|lowering|improve|improving|ease|easing|people with|those with|patients with)\s+)+",
    re.I,
)
GENERIC_WORDS = frozenset(
    {
        "condition", "conditions", "purpose", "purposes", "use", "uses", "reason", "reasons", "symptom",
        "symptoms", "problem", "problems", "disease", "diseases", "disorder", "disorders", "illness",
        "illnesses", "people", "patients", "adults", "children", "this", "it", "them", "others", "other",
        "medication", "medications", "medicine", "medicines", "drug", "drugs", "treatment", "treatments",
        "things", "number", "variety", "range", "several", "many", "certain", "list", "following", "off-label",
        "off-label purposes", "off-label uses", "other purposes", "other conditions",
        "number of conditions", "a number of conditions", "variety of conditions", "several conditions",
        "various conditions", "certain conditions", "many conditions", "these conditions", "this condition",
        "the condition", "such conditions", "health", "use in", "approval", "fda", "prescription", "survival",
        "quality of life",
        "heart rate", "blood sugar", "blood sugar levels", "blood pressure", "blood pressure levels", "cholesterol",
        "cholesterol levels", "triglycerides", "force of each beat", "transplant", "surgery", "procedure",
        "short periods", "long periods", "this purpose", "the same purpose", "sleep", "cardiovascular death",
    }
)
GENERIC_HEADS = frozenset(
    {"purposes", "purpose", "reasons", "reason", "uses", "use", "ways", "medications", "medicines", "drugs",
     "conditions", "condition", "treatment", "treatments", "it", "them", "episodes", "episode"}
)
MAX_CONDITION_WORDS = 8
GENERIC_FIRST = frozenset(
    {"conditions", "condition", "something", "anything", "other", "uses", "purposes", "candidates", "what", "how",
     "why", "which", "when", "where", "death", "dying", "instance", "example", "more", "information", "studies",
     "research", "future", "purpose", "as", "received", "had", "undergone", "taken", "tried", "been", "not",
     "them", "it", "this", "that", "same", "decades", "years", "months", "weeks", "days"}
)
PEOPLE = frozenset(
    {"children", "adults", "people", "patients", "women", "men", "adolescents", "teenagers", "teens", "infants", "kids",
     "those", "anyone", "someone", "individuals", "elderly", "older", "doses", "dose", "it", "they"}
)


def boundary(text: str, pos: int, pattern: re.Pattern[str] = BOUNDARY) -> re.Match[str] | None:
    """The first boundary after ``pos`` that is not inside parentheses ("(up to four weeks)" ends nothing)."""
    for m in pattern.finditer(text, pos):
        if text.count("(", pos, m.start()) <= text.count(")", pos, m.start()):
            return m
    return None


# Conditions given as examples of risk factors describe the patients a use is for, not a use.
RISK_FACTORS = re.compile(r"\brisk factors?\b(?: (?:for|of) [\w\s\-']{1,40})?,?\s*$", re.I)
# "people who have (already) received ... transplants": who they are, not a condition.
PARTICIPLE_TAIL = re.compile(
    r"\s*(?:(?:already|previously|recently|ever)\s+)?(?:received|had|undergone|taken|tried|been|used)\b", re.I
)


def condition_phrases(text: str) -> list[tuple[str, int, int]]:
    """Condition phrases in a use sentence, with local offsets."""
    out: list[tuple[str, int, int]] = []
    intros = list(INTRODUCER.finditer(text))
    consumed = 0
    for idx, m in enumerate(intros):
        if m.start() < consumed:
            continue
        before = text[max(0, m.start() - 60) : m.start()]
        if m.group(0).lower() == "such as" and re.search(r"\b(?:symptoms?|signs?) of\b", before, re.I):
            continue  # "symptoms of an enlarged prostate, such as a weak urine stream": examples of symptoms
        if m.group(0).lower() in ("such as", "including") and RISK_FACTORS.search(before):
            continue  # "a BMI of 27 with other risk factors such as diabetes": who may take it, not what it treats
        tail_start = m.end()
        limit = intros[idx + 1].start() if idx + 1 < len(intros) else len(text)
        b = boundary(text, tail_start)
        tail_end = min(b.start(), limit) if b else limit
        if PARTICIPLE_TAIL.match(text, tail_start):
            continue  # "people who have received ... transplants": who they are, not a condition
        pieces = split_conditions(text, tail_start, tail_end)
        while b and b.start() < limit and SOFT_BOUNDARY.match(text, b.start()):
            # a qualifier ends this condition; the list may go on after the next comma
            hard = RESUME_STOP.search(text, b.end())
            stop = min(hard.start(), limit) if hard else limit
            resume = LIST_RESUMES.search(text, b.end(), stop)
            if resume is None:
                break
            b = boundary(text, resume.end())
            end = min(b.start(), limit) if b else limit
            pieces += split_conditions(text, resume.end(), end)
        renamed = _renamed_clause(text, tail_start, tail_end) if b and b.start() < limit else None
        if renamed is not None:  # the last piece was a lay description the parenthetical names
            pieces = [*pieces[:-1], renamed]
            consumed = renamed[2]
        out.extend(pieces)
    return out


_CLAUSE_END = re.compile(r"[.;,:]|$")
_KNOWN_AS = re.compile(r"^(?:also |more )?(?:known|referred to|called)(?: medically)? as |^(?:also )?called ", re.I)


def _renamed_clause(text: str, start: int, cut: int) -> tuple[str, int, int] | None:
    """A lay description cut short, renamed by a closing parenthetical:
    "protecting the kidneys in people with diabetes (diabetic nephropathy)" → the parenthetical."""
    end = _CLAUSE_END.search(text, cut).start()
    clause = text[cut:end]
    m = re.search(r"\(([^()]+)\)\s*$", clause)
    if cut >= end or not m or "(" in text[start:cut] or len(clause[: m.start()].split()) > 6:
        return None
    inner = m.group(1)
    k = _KNOWN_AS.match(inner)
    if k:
        inner = inner[k.end() :]
    if len(inner.split()) < 2 or inner.isupper():
        return None
    s = cut + m.start(1) + (k.end() if k else 0)
    return inner, s, s + len(inner)


GENERIC_PLURAL_HEADS = ("episodes", "symptoms", "forms", "types")
FIXED_PAIR = re.compile(r"\b(?:nausea and vomiting|signs and symptoms|aches and pains)\b", re.I)
QUANTIFIED_PLURAL = re.compile(
    r"^(?:several|various|many|some|certain|other|these|those|such|a number of|a variety of|a range of|all"
    r"|(?:two|three|four|five|six|several) (?:types|kinds|forms)|(?:a )?(?:long |wide )?list of)\b"
    r"|\b(?:two|three|four|five|six) (?:types|kinds|forms) of\b",
    re.I,
)
SEVERITY = re.compile(
    r"^(?:(?:moderate[- ]to[- ]severe|mild[- ]to[- ]moderate|severe|mild|moderate|moderately|disabling|active"
    r"|serious|significant|difficult-to-treat|hard-to-treat)(?:\s*,\s*|\s+(?:and|or)\s+|\s+))+",
    re.I,
)


def split_conditions(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Split "A, B, or C" into conditions; a lone adjective before a comma joins the next piece."""
    out: list[tuple[str, int, int]] = []
    segment = text[start:end]
    closing = _unmatched_close(segment)
    if closing is not None:  # "(including Tourette's syndrome), PTSD": the list began inside parentheses
        return split_conditions(text, start, start + closing) + split_conditions(text, start + closing + 1, end)
    pos, pieces = 0, []
    protected = [p.span() for p in FIXED_PAIR.finditer(segment)]
    for m in CONJUNCTION.finditer(segment):
        depth = segment.count("(", 0, m.start()) - segment.count(")", 0, m.start())
        if depth == 0 and not any(a <= m.start() < b for a, b in protected):
            pieces.append([pos, m.start(), m.group(0)])
            pos = m.end()
    pieces.append([pos, len(segment), ""])
    first = segment[pieces[0][0] : pieces[0][1]]
    if (
        len(pieces) > 2
        and " of " in first
        and all(len(segment[a:b].split()) <= 2 for a, b, _ in pieces[1:-1])
        and len(segment[pieces[-1][0] : pieces[-1][1]].split()) <= 3
    ):
        pieces = [[pieces[0][0], len(segment), ""]]  # "rejection of kidney, liver, and heart transplants"
    merged: list[list] = []
    for piece in pieces:
        if (
            merged
            and len(segment[merged[-1][0] : merged[-1][1]].split()) == 1
            and merged[-1][2].strip() == ","
            and _is_modifier(segment[merged[-1][0] : merged[-1][1]])
        ):
            merged[-1] = [merged[-1][0], piece[1], piece[2]]
            continue
        merged.append(piece)
    merged = [p for p in merged if segment[p[0] : p[1]].strip()] or merged
    last_words = segment[merged[-1][0] : merged[-1][1]].split()
    single_words_before = len(last_words) <= 2 and all(len(segment[p[0] : p[1]].split()) <= 2 for p in merged[:-1])
    if len(merged) > 1 and single_words_before and last_words and last_words[-1].lower() in GENERIC_PLURAL_HEADS:
        return []  # "acute manic or mixed episodes": modifiers of a generic head, no condition named
    for i, (a, b, sep) in enumerate(merged):
        if i and merged[i - 1][2].strip() == "," and re.match(r"\s*(?:the|a|an)\s", segment[a:b]):
            continue  # an appositive describing the previous condition
        words = segment[a:b].split()
        if (
            len(words) == 1
            and sep.strip() in ("and", "or")
            and i + 1 < len(merged)
            and len(segment[merged[i + 1][0] : merged[i + 1][1]].split()) >= 2
            and re.search(r"(?:ic|al|ous|ive|ary|-\w+)$", words[0].lower())
        ):
            continue  # "tonic-clonic and myoclonic seizures": an adjective sharing the next noun
        cleaned = clean_condition(segment[a:b])
        if cleaned:
            value, off = cleaned
            s = start + a + off
            out.append((value, s, s + len(value)))
    return out


def _unmatched_close(segment: str) -> int | None:
    """Offset of the first ")" with no "(" before it in ``segment``."""
    depth = 0
    for i, ch in enumerate(segment):
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return i
    return None


def _is_modifier(word: str) -> bool:
    w = word.strip().lower()
    return bool(SEVERITY.match(w + " ")) or (w.endswith(("ing", "ed", "ive", "ous", "ful")) and len(w) > 3)


def clean_condition(raw: str) -> tuple[str, int] | None:
    """The bare condition phrase and its offset in ``raw``, or None if it is no condition."""
    text = re.sub(r"\s+(?:and|or|and/or)\s*$", "", raw.rstrip())
    lead_ws = len(text) - len(text.lstrip(" \"'“”‘’"))
    text = text[lead_ws:]
    if QUANTIFIED_PLURAL.match(text) and not re.search(r"\(", text):
        return None
    if re.match(r"(?:a|an|the)\s+(?:type|kind|form|sort|group)\s+of\b", text, re.I):  # an appositive description
        return None
    off = lead_ws
    for pattern in (LEADING_WORDS, SEVERITY, LEADING_WORDS):
        lead = pattern.match(text)
        if lead:
            off += lead.end()
            text = text[lead.end() :]
    paren = re.search(r"\s*\(([^()]*)\)\s*$", text)
    if paren:
        k = _KNOWN_AS.match(paren.group(1))
        main = text[: paren.start()].rstrip(" \"'“”‘’,.")
        if k and not _is_condition(main):  # "skin conditions (known medically as X)" → X
            inner = paren.group(1)[k.end() :]
            return (inner, off + paren.start(1) + k.end()) if _is_condition(inner) else None
        inner = paren.group(1).strip()
        if _MEDICAL_TERM.search(inner.lower()) and not _MEDICAL_TERM.search(text[: paren.start()].lower()):
            # "nerve pain from diabetes (diabetic neuropathy)": the medical name
            return (inner, off + paren.start(1)) if _is_condition(inner) else None
        text = text[: paren.start()]
    text = re.sub(r"\s+(?:and|or|and/or)$", "", text.rstrip(" \"'“”‘’,.")).rstrip(" ,(")
    text = re.sub(r"(?<=\w)\s+(?:symptoms|signs)$", "", text)  # "alcohol withdrawal symptoms"
    return (text, off) if _is_condition(text) else None


_MEDICAL_TERM = re.compile(r"(?:itis|osis|emia|aemia|pathy|algia|plasia|trophy|penia)\b")


def _is_condition(text: str) -> bool:
    low = re.sub(r"[\"“”]", "", text).lower()
    words = re.split(r"\s(?:caused|due|associated|induced|related)\b", low)[0].split()  # judge the head, not the cause
    if not words or low in GENERIC_WORDS or len(words) > MAX_CONDITION_WORDS or words[-1] in GENERIC_HEADS:
        return False
    if not re.search(r"[a-z]{3}", low) or low.startswith(("use ", "uses ", "these ", "this ", "those ")):
        return False
    if re.search(r"[<>{}=®™]|https?:|^\d", text) or words[0] in GENERIC_FIRST or words[-1].endswith("therapy"):
        return False
    if words[0] in PEOPLE or {low, low.rstrip("s"), words[-1], words[-1].rstrip("s")} & lexicon.DRUG_CLASS_WORDS:
        return False
    return not lexicon.find_drug_mentions(text)


def split_item(item: str) -> list[tuple[str, int, int]]:
    """A list item is one condition: cut at its qualifiers ("in adults"), never split at "and"."""
    text = item.rstrip(" .;,")
    closing = re.search(r"\(([^()]+)\)$", text)
    if (
        closing
        and not _KNOWN_AS.match(closing.group(1))
        and _MEDICAL_TERM.search(closing.group(1).lower())
        and not _MEDICAL_TERM.search(text[: closing.start()].lower())
        and not SOFT_BOUNDARY.search(text[: closing.start()])  # the parenthetical names the population's condition
    ):
        inner = closing.group(1)  # "Kidney disease caused by type 2 diabetes (diabetic nephropathy)"
        if _is_condition(inner):
            return [(inner, closing.start(1), closing.end(1))]
    m = INTRODUCER.match(text)
    start = m.end() if m and not text[: m.end()].lower().startswith("for ") else 0
    end = len(text)
    for b in re.finditer(BOUNDARY.pattern + r"|,\s", text[start:], re.I):
        at = start + b.start()
        if text.count("(", 0, at) != text.count(")", 0, at):
            continue
        causal = re.match(r"\s(?:caused|due|associated|induced|related)\b", b.group(0)) or (
            re.match(r"\s(?:by|to|with)\b", b.group(0))
            and re.search(r"\b(?:caused|due|associated|induced|related)$", text[:at])
        )
        if causal:  # "weight gain caused by antipsychotics", "fatigue due to MS": the cause is part of the name
            continue  # "weight gain caused by antipsychotics": the cause is part of the name
        if b.group(0).startswith(",") and _is_modifier(text[start:at].split()[-1] if text[start:at].split() else ""):
            continue  # "Severe, active rheumatoid arthritis"
        end = at
        break
    cleaned = clean_condition(text[start:end])
    if not cleaned:
        m = re.search(r"\b(?:people|patients|adults|children|those|someone|anyone) (?:with|who have) ", text[end:])
        if not m:
            return []
        start = end + m.end()
        cleaned = clean_condition(text[start:])
        if not cleaned:
            return []
    value, off = cleaned
    return [(value, start + off, start + off + len(value))]
