"""Text analysis shared by every site: brands, class, uses, co-medications.

Rules read meaning cues of ordinary drug-information English ("approved to",
"off-label", "in combination with") and sentence structure, never the
wording of one site, so they carry over to pages nobody has seen. Site page
objects decide *which* text to analyse; this module decides *what it says*.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from extract import lexicon
from extract.document import Block, Document
from extract.records import BrandName, CoMedication, Span, Use
from extract.sentences import Sentence, sentences

# --- cues -----------------------------------------------------------------

OFF_LABEL_CUE = re.compile(
    r"off[-\s]?label|unapproved|not (?:been )?(?:officially |specifically )?(?:fda[- ])?approved"
    r"|without (?:fda )?approval|may also be used (?:to|for)|is also sometimes used|sometimes (?:used|prescribed)",
    re.I,
)
APPROVED_CUE = re.compile(
    r"\b(?:approved|approvals?|licensed|indicated|fda-approved|prescribed?|recommended?)\b|\btaken (?:to|for)\b"
    r"|\bused (?:to|for|in)\b|\bis used\b|\btreats?\b|\buses? (?:of|for|include)\b|\bcan (?:help )?(?:treat|prevent|control)\b"
    r"|\bhelps? (?:treat|prevent|control|relieve|lower|reduce)\b|\bgiven (?:to|for)\b"
    r"|\bto (?:treat|stop|prevent|control|manage)\b",
    re.I,
)
# Sentences about harm or interactions name conditions and drugs that are not uses.
NEGATIVE_CUE = re.compile(
    r"side effects?|interact|adverse|overdose|allerg|should not|shouldn't|do not|don't|must not"
    r"|avoid|(?:may|can|could|might) (?:also )?(?:cause|lead to|trigger|worsen|increase)|warning|contraindicat",
    re.I,
)
COMBINATION_CUE = re.compile(
    r"\b(?:in combination with|combined with|along with|together with|added to|in addition to|used with"
    r"|given with|adjunct(?:ive)? (?:to|with)|as an adjunct|add-on (?:to|with)|as an add-on|in conjunction with"
    r"|alongside|combined|paired with|added on to)\b",
    re.I,
)
INGREDIENT_CUE = re.compile(r"\bingredients?\b|\bcombination products?\b|\bcontains?\b", re.I)
COMBINATION_NEGATIVE = re.compile(
    r"interact|should not|shouldn't|do not|don't|must not|never|avoid|not be (?:taken|used|combined|given)"
    r"|dangerous|serious|risk|side effect|instead of|rather than|unless|warn|caution|careful|contraindicat"
    r"|tell your|let your|before (?:taking|using|starting)",
    re.I,
)
# Words that lead into a condition phrase.
INTRODUCER = re.compile(
    r"\b(?:(?:the )?(?:(?:short-term|long-term|intermittent|maintenance|chronic|acute|initial|adjunctive|symptomatic"
    r"|continued|ongoing)(?:,? and |,? or |\s))*(?:treatment|prevention|management|relief|control|prophylaxis|"
    r"symptoms?|reduction) of"
    r"|to (?:help )?(?:treat|prevent|manage|control|relieve|reduce|lower|improve|ease|decrease|slow|stop)|to help"
    r"|(?:treat|treating|treats|prevent|preventing|prevents|manage|managing|relieve|relieving|lower|lowering|"
    r"reduce|reducing|control|controlling)"
    r"|(?:adults|people|patients|children|adolescents|those|individuals|older|younger) (?:with|suffering from)"
    r"|(?:uses|indications) (?:are|is)|diagnosed with|such as|including|includes?|for)\b",
    re.I,
)
# Where a condition phrase ends.
# Qualifiers (who, where on the body) end one condition, not the list: "psoriasis of the scalp, as well as X".
SOFT_BOUNDARY = re.compile(
    r"\s(?:in|among|for) (?:[a-z\-]+ ){0,2}(?:people|patients|adults|children|adolescents|those|certain|women|men"
    r"|kids|some|most|many|individuals|infants|teens|elderly|older|young|recipients|users|survivors|smokers)\b"
    r"|\s(?:of|on) the (?:scalp|skin|body|face|hands?|feet|foot|legs?|arms?|eyes?|mouth)\b"
    r"|\s(?:that|which)\s(?!is |are )",
    re.I,
)
BOUNDARY = re.compile(
    r"[.;:!?\[]|\s[-–—]\s|" + SOFT_BOUNDARY.pattern
    + r"|\s(?:who|that|which|when|because|if|by|so|after|before|while|since|whose|where|unless|until|during"
    r"|although|though|but|whereas|however|even"
    r"|than|due|caused|associated)\b"
    r"|\s(?:along with|in combination|together with|with or without|with other|alone)\b"
    r"|\s(?:from occurring|from happening|in the future)\b"
    r"|\s(?:is|are|was|were|has|have|had|can|could|may|might|will|would|should|does|do|did|cannot|can't|isn't|aren't)\s"
    r"|\sto (?!severe|moderate|mild)(?=[a-z])",
    re.I,
)
def boundary(text: str, pos: int) -> re.Match[str] | None:
    """The first boundary after ``pos`` that is not inside parentheses."""
    for m in BOUNDARY.finditer(text, pos):
        if text.count("(", pos, m.start()) <= text.count(")", pos, m.start()):
            return m
    return None


def _hard_boundary(text: str, pos: int) -> re.Match[str] | None:
    for m in BOUNDARY.finditer(text, pos):
        if not SOFT_BOUNDARY.match(text, m.start()):
            return m
    return None


RESUME_STOP = re.compile(
    r"[.;:!?]|\s(?:who|whose|because|if|when|while|unless|although|though|but|since|whereas)\b", re.I
)
_LIST_RESUMES = re.compile(r",\s*(?:and |or |as well as )?|\s+as well as\s+", re.I)
CONJUNCTION = re.compile(r"\s*,\s*(?:and/or|and|or)?\s*|\s+(?:and/or|and|or|as well as|plus)\s+", re.I)
LEADING_WORDS = re.compile(
    r"^(?:(?:the|a|an|certain|some|various|several|specific|other|many|all|any|mild|its|their|your"
    r"|types? of|kinds? of|forms? of|cases? of|symptoms? of|signs? of|treatment of|prevention of|episodes? of"
    r"|(?:help )?(?:people|patients|you|adults|smokers) to|(?:help )?(?:people|patients|you|adults|smokers)(?= [a-z]+ing\b| quit| stop)"
    r"|also|both|either|(?:[a-z\-]+ )?symptoms? of|(?:[a-z\-]+ )?signs? of|complications? of|(?:[a-z\-]+ )?episodes? of"
    r"|risks? of|chances? of"
    r"|with|to|help|helping|treat|treating|prevent|preventing|manage|managing|control|controlling|relieve|relieving"
    r"|reduce|reducing|lower|lowering|improve|improving|ease|easing|people with|those with|patients with)\s+)+",
    re.I,
)
GENERIC_WORDS = frozenset(
    {
        "condition", "conditions", "purpose", "purposes", "use", "uses", "reason", "reasons", "symptom",
        "symptoms", "problem", "problems", "disease", "diseases", "disorder", "disorders", "illness",
        "illnesses", "people", "patients", "adults", "children", "this", "it", "them", "others", "other",
        "medication", "medications", "medicine", "medicines", "drug", "drugs", "treatment", "treatments",
        "things", "number", "variety", "range", "several", "many", "certain", "list", "following", "reasons",
        "off-label", "off-label purposes", "off-label uses", "other purposes", "other conditions",
        "number of conditions", "a number of conditions", "variety of conditions", "several conditions",
        "various conditions", "certain conditions", "many conditions", "these conditions", "this condition",
        "the condition", "such conditions", "health", "use in", "approval", "fda", "prescription", "survival", "quality of life",
        "heart rate", "blood sugar", "blood sugar levels", "blood pressure", "blood pressure levels", "cholesterol",
        "cholesterol levels", "triglycerides", "force of each beat", "transplant", "surgery", "procedure",
        "short periods", "long periods", "this purpose", "the same purpose", "sleep", "cardiovascular death",
    }
)
GENERIC_HEADS = frozenset(
    {"purposes", "purpose", "reasons", "reason", "uses", "use", "ways", "medications", "medicines", "drugs", "conditions",
     "condition", "treatment", "treatments", "it", "them", "episodes", "episode"}
)
MAX_CONDITION_WORDS = 8
GENERIC_FIRST = frozenset(
    {"conditions", "condition", "something", "anything", "other", "uses", "purposes", "candidates", "what", "how",
     "why", "which", "when", "where", "death", "dying", "instance", "example", "more", "information", "studies",
     "research", "future"}
)
PEOPLE = frozenset(
    {"children", "adults", "people", "patients", "women", "men", "adolescents", "teenagers", "teens", "infants", "kids",
     "those", "anyone", "someone", "individuals", "elderly", "older", "doses", "dose", "it", "they"}
)

CLASS_PATTERNS = [
    re.compile(r"\b(?:drug|pharmacologic|therapeutic|medication) (?:class|group|type):\s*(?P<c>[^.;:\n]{3,60})", re.I),
    re.compile(
        r"\b(?:belongs? to|(?:is|are) (?:part|one|a member|members) of) the\s+(?P<c>[^.,;:]{2,60}?)\s+"
        r"(?:family|class|group|category)\b",
        re.I,
    ),
    re.compile(
        r"\b(?:belongs? to|(?:is|are) (?:part|one|a member|members) of|(?:is|are) in) (?:a|the) (?:group|class|family|category|type)"
        r"(?: of [a-z\-]+)?\s+(?:called|known as|referred to as|named)\s+"
        r"(?P<c>[^.,;:]{3,80})",
        re.I,
    ),
    re.compile(r"\bis classified as (?:a|an)\s+(?P<c>[^.,;:]{3,80}?)(?:\s+(?:medication|medicine|drug|agent)s?\b|[.,;]|$)", re.I),
    re.compile(
        r"\b(?:is|are)\s+(?:a|an)\s+(?P<c>[^.,;:()]{3,80}?)\s+(?:medication|medicine|drug|agent|treatment)s?\b",
        re.I,
    ),
    re.compile(
        r"\b(?:is|are)\s+(?:a|an)\s+(?P<c>[\w\-() ]{0,60}?(?:inhibitor|blocker|antagonist|agonist|antibiotic|"
        r"antidepressant|antipsychotic|corticosteroid|steroid|immunosuppressant|analgesic|anticonvulsant|"
        r"stimulant|diuretic|statin|antihistamine|antiviral|antifungal|hormone|sedative|anticoagulant|"
        r"bronchodilator|biologic|vasodilator|modulator|analog|analogue|derivative|benzodiazepine|opioid|"
        r"stabilizer|antibody|relaxant|hypnotic|anxiolytic|antispasmodic|decongestant|vaccine|antineoplastic|"
        r"antiemetic|antiarrhythmic|anthelmintic|antimalarial|retinoid|bisphosphonate|contraceptive|laxative))"
        r"(?=[\s.,;:]|$)",
        re.I,
    ),
]
CLASS_REJECT = re.compile(
    r"\b(?:used|that|which|approved|licensed|to|for|treat|treats|is|can|may|combination|common|good|first|new"
    r"|commonly|widely|prescribed|available|generic|brand|name|form|version|type)\b",
    re.I,
)
ROUTE_WORDS = frozenset(
    {"injectable", "oral", "topical", "inhaled", "self-injected", "injected", "long-acting", "short-acting",
     "once-daily", "twice-daily", "extended-release", "liquid", "intravenous", "nasal", "new", "newer", "older"}
)
CLASS_STRIP = re.compile(r"^(?:(?:prescription|non-prescription|brand-name|generic)\s+)+", re.I)
PRONOUN_SUBJECT = re.compile(
    r"^(?:it|they|both|this (?:drug|medication|medicine|product)|the (?:drug|medication|medicine))\b", re.I
)
PRONOUN_CLAUSE = re.compile(r"\b(?:it|they|both)\s+(?:is|are|belongs?|works?)\b", re.I)

BRAND_MARK = re.compile(r"[®™]")
PARENS = re.compile(r"\(([^()]*)\)")


def norm_name(name: str) -> str:
    return BRAND_MARK.sub("", name).strip(" ,.;:'\"")


@dataclass(slots=True)
class DrugContext:
    """What a page is about: its drug and the names that stand for it."""

    drug: str | None
    names: set[str] = field(default_factory=set)  # lower-case generic and brand names

    def mentions_drug(self, text: str) -> bool:
        low = text.lower()
        if any(re.search(rf"\b{re.escape(n)}\b", low) for n in self.names):
            return True
        return any(self.is_self(m.generic) for m in lexicon.find_drug_mentions(text))

    def is_self(self, generic: str) -> bool:
        """Same drug, allowing salt forms ("warfarin" and "warfarin sodium"), not combinations."""
        if generic in self.names:
            return True
        if self.drug is None or " and " in generic or " and " in self.drug:
            return False
        a, b = set(_salt_base(generic).split()), set(_salt_base(self.drug).split())
        return a <= b or b <= a


def _salt_base(name: str) -> str:
    """An acid and its salts are one drug: "mycophenolic acid" ~ "mycophenolate"."""
    return re.sub(r"(\w+)ic acid\b", r"\1ate", name)


# --- drug, brand names and class from the opening sentences -----------------

INTRO = re.compile(r"^(?P<head>[^()]{2,80}?)\s*\((?P<inner>[^()]{2,120})\)\s+(?:is|are|was|belongs|works|comes|has)\b")
BRAND_PHRASE = re.compile(
    r"\b(?:brand names?|sold (?:under|as)(?: the brand names?)?|marketed (?:under|as)(?: the brand names?)?"
    r"|known by the brand names?)\s*(?:is|are|include|includes|of)?\s*:?\s*"
    r"(?P<list>(?:[A-Z][\w\-]*[®™]?(?:\s+[A-Z][\w\-]*[®™]?)?(?:,\s+(?:and|or)\s+|,\s*|\s+(?:and|or)\s+)?)+)"
)


# "The tacrolimus ointment (Protopic®)", "An oral solution (Xatmep®)": a product of the drug itself.
FORM_BRAND = re.compile(
    r"\b(?:solution|tablets?|capsules?|ointment|cream|injection|version|form|patch|gel|spray|suspension"
    r"|formulation|lotion|foam|shampoo)\s*\(([A-Z][\w\-]+(?:\s[A-Z0-9][\w\-]*)?)[®™]\)"
)


def split_names(inner: str) -> list[tuple[str, int]]:
    """Comma/and/or separated names with their offsets inside ``inner``."""
    out, pos = [], 0
    for piece in re.split(r"(,\s*(?:and|or)?\s*|\s+(?:and|or)\s+)", inner):
        if piece and not re.fullmatch(r",\s*(?:and|or)?\s*|\s+(?:and|or)\s+", piece):
            name = norm_name(piece)
            if name:
                out.append((name, pos + piece.find(name[:1])))
        pos += len(piece)
    return out


def find_brands(doc: Document, ctx: DrugContext, scan: int = 12) -> list[BrandName]:
    """The page drug's own brands: from its opening "Generic (Brand®)" / "Brand® (generic)"
    sentences, brand-name phrases, and any ®-marked name the lexicon maps to the drug."""
    found: dict[str, BrandName] = {}

    def add(name: str, sent: Sentence, local: int) -> None:
        key = name.lower()
        if key in ctx.names and key == ctx.drug or not name[:1].isupper() or key in found:
            return
        hit = lexicon.resolve(name)
        if (hit is None and not ctx.drug) or (hit is not None and not ctx.is_self(hit.generic)):
            return
        start, end = sent.span_of(local, local + len(name))
        found[key] = BrandName(name, Span(name, start, end, sent.text))

    for i, sent in enumerate(sentences(doc.blocks)):
        if i < scan:
            m = INTRO.match(sent.text)
            if m:
                head, inner = m.group("head"), m.group("inner")
                head_names = split_names(head)
                head_is_drug = ctx.mentions_drug(head)
                if BRAND_MARK.search(head) and head_names and ctx.mentions_drug(inner):
                    # Brand-first: "Wellbutrin® (bupropion) is ..."
                    name, off = head_names[-1]
                    add(name, sent, m.start("head") + off)
                elif head_is_drug and (BRAND_MARK.search(inner) or _all_resolve_to(inner, ctx)):
                    for name, off in split_names(inner):
                        if not ctx.is_self(name.lower()):  # a generic in parentheses is no brand
                            add(name, sent, m.start("inner") + off)
        combo = COMBINATION_CUE.search(sent.text) or INGREDIENT_CUE.search(sent.text)
        for m in BRAND_PHRASE.finditer(sent.text):
            if combo and combo.start() < m.start():
                continue  # "combined with X; ... sold as Hyzaar": a combination product
            if ctx.mentions_drug(sent.text) or PRONOUN_SUBJECT.match(sent.text):
                for name, off in split_names(m.group("list")):
                    hit = lexicon.resolve(name)
                    if hit is None or ctx.is_self(hit.generic):
                        add(name, sent, m.start("list") + off)
        cue = NEGATIVE_CUE.search(sent.text) or COMBINATION_CUE.search(sent.text) or INGREDIENT_CUE.search(sent.text)
        for m in re.finditer(r"\b([A-Z][\w\-]+(?:\s[A-Z0-9][\w\-]*)?)[®™]", sent.text):
            if cue and cue.start() < m.start():
                continue  # a brand named after "should not be taken with" or "in combination with"
            name = m.group(1)
            hit = lexicon.resolve(name) or lexicon.resolve(name.split()[0])
            if hit and ctx.drug and ctx.is_self(hit.generic) and name.lower() != ctx.drug:
                add(name, sent, m.start(1))
        for m in FORM_BRAND.finditer(sent.text):
            if not NEGATIVE_CUE.search(sent.text[: m.start()]):
                add(m.group(1), sent, m.start(1))
    for brand in brands_in_headings(doc, ctx):
        found.setdefault(brand.brand_name.lower(), brand)
    return list(found.values())


def brands_in_headings(doc: Document, ctx: DrugContext) -> list[BrandName]:
    """Brand names of the drug used as a heading's subject ("What Is Wellbutrin Used For?")."""
    out: list[BrandName] = []
    for block in doc.blocks:
        if block.kind != "heading":
            continue
        for m in lexicon.find_drug_mentions(block.text):
            if ctx.is_self(m.generic) and m.surface[:1].isupper() and not ctx.is_self(m.surface.lower()):
                out.append(BrandName(m.surface, Span(m.surface, block.start + m.start, block.start + m.end, block.text)))
    return out


def _all_resolve_to(inner: str, ctx: DrugContext) -> bool:
    names = split_names(inner)
    if not names:
        return False
    for name, _ in names:
        hit = lexicon.resolve(name)
        if hit is None or not ctx.is_self(hit.generic):
            return False
    return True


def find_drug_class(doc: Document, ctx: DrugContext) -> Span | None:
    """The class the page states for its own drug ("is a prescription X medication")."""
    for sent in sentences(doc.blocks):
        if not (ctx.mentions_drug(sent.text) or PRONOUN_SUBJECT.match(sent.text) or PRONOUN_CLAUSE.search(sent.text)):
            continue
        if NEGATIVE_CUE.search(sent.text) or re.search(r"\b(?:not|never|unlike)\b", sent.text, re.I):
            continue
        for pattern in CLASS_PATTERNS:
            for m in pattern.finditer(sent.text):
                value, offset = _clean_class(m.group("c"))
                if value:
                    start = m.start("c") + offset
                    s, e = sent.span_of(start, start + len(value))
                    return Span(value, s, e, sent.text)
    return None


def _clean_class(raw: str) -> tuple[str | None, int]:
    """The class phrase as written, less "prescription" and a closing parenthetical, in the singular.

    It stays a prefix of the written text, so its evidence offsets hold."""
    stripped = CLASS_STRIP.sub("", raw)
    offset = len(raw) - len(stripped)
    closing = re.search(r"\(([^()]*)\)\s*$", stripped)
    if closing and len(closing.group(1).split()) >= 2 and re.search(r"\b[A-Z]{2,}", closing.group(1)):
        # "angiotensin-converting enzyme inhibitors (ACE inhibitors)": the common short name
        offset += closing.start(1)
        stripped = closing.group(1)
    value = re.sub(r"\s*\([^()]*\)\s*$", "", stripped.rstrip()).rstrip()
    value = re.sub(r"\s+(?:prescription|non-prescription)\b", "", value, flags=re.I)
    if not value or set(value.lower().split()) <= ROUTE_WORDS or CLASS_REJECT.search(PARENS.sub("", value)) or len(value.split()) > 6 or _names_no_class(value):
        return None, 0
    if value.endswith("s") and not value.endswith(("ss", "us", "is")) and not value.split()[-1].isupper():
        value = value[:-1]
    return value, offset


def _names_no_class(value: str) -> bool:
    low = value.lower()
    hit = lexicon.resolve(value)
    return low in {"prescription", "medication", "medicine", "drug"} or hit is not None


def _class_case(value: str) -> str:
    return " ".join(w if (w.isupper() and len(w) > 1) else w.lower() for w in value.split())


# --- uses -----------------------------------------------------------------


def _sentence_use_type(sent: Sentence, heading: str) -> str | None:
    text = sent.text
    if NEGATIVE_CUE.search(text) or META_SENTENCE.search(text) or NOT_FOR_PEOPLE.search(text):
        return None
    if OFF_LABEL_CUE.search(text):
        return "off_label"
    if APPROVED_CUE.search(text):
        return "off_label" if OFF_LABEL_CUE.search(heading) else "approved"
    if OFF_LABEL_CUE.search(heading) and LISTING_CUE.search(text):
        return "off_label"  # "Examples include ..." under an off-label heading
    return None


USE_HEADING = re.compile(r"\b(?:approved|uses?|indications?|indicated|treats?|used for|what .* treats)\b", re.I)
# Sentences about the page itself ("This eMedTV article explains what it is used for").
META_SENTENCE = re.compile(
    r"\b(?:this|the|our) (?:[\w\-]+ ){0,2}(?:article|page|resource|presentation|section|overview|guide)"
    r" (?:describes|explains|covers|discusses|walks|will|looks|takes|offers|provides|lists|also)\b",
    re.I,
)
# "not approved for use in children": about who may take it, not a use
NOT_FOR_PEOPLE = re.compile(r"not (?:been |yet )?(?:fda[- ])?approved for (?:use )?(?:in|by) (?:children|kids|adults|teens|people|women|anyone|infants)", re.I)
LISTING_CUE = re.compile(r"\b(?:include|includes|including|such as|examples?|these are|they are)\b", re.I)
# "Alcohol withdrawal is a common off-label use of lorazepam."
SUBJECT_USE = re.compile(
    r"^(?P<cond>[A-Z][^,.;:]{2,80}?) (?:is|are) (?:also )?(?:a|an|another|one)?\s*(?:common|rare|frequent|possible"
    r"|standard|accepted|main|major|well-known)?\s*(?:other\s+)?(?P<kind>off-label|unapproved|approved|fda-approved|other)"
    r"\s+(?:uses?|indications?|reasons?)\b",
    re.I,
)


def _other_drug_subject(sent: Sentence, ctx: DrugContext) -> bool:
    """True when the sentence is about another drug ("Prednisone is used to treat ...")."""
    cue = APPROVED_CUE.search(sent.text) or OFF_LABEL_CUE.search(sent.text)
    head = sent.text[: cue.start()] if cue else sent.text
    if ctx.mentions_drug(head) or PRONOUN_SUBJECT.match(head.strip()):
        return False
    if any(not ctx.is_self(m.generic) for m in lexicon.find_drug_mentions(head)):
        return True
    # "Medicines that carry an approval for insomnia include zolpidem": only other drugs are named
    others = [m for m in lexicon.find_drug_mentions(sent.text) if not ctx.is_self(m.generic)]
    return bool(others) and not ctx.mentions_drug(sent.text) and not re.search(r"\b(?:it|this (?:drug|medicine|medication))\b", sent.text, re.I)


def condition_phrases(text: str) -> list[tuple[str, int, int]]:
    """Condition phrases in a use sentence, with local offsets."""
    out: list[tuple[str, int, int]] = []
    intros = list(INTRODUCER.finditer(text))
    consumed = 0
    for idx, m in enumerate(intros):
        if m.start() < consumed:
            continue
        tail_start = m.end()
        limit = intros[idx + 1].start() if idx + 1 < len(intros) else len(text)
        b = boundary(text, tail_start)
        tail_end = min(b.start(), limit) if b else limit
        pieces = split_conditions(text, tail_start, tail_end)
        while b and b.start() < limit and SOFT_BOUNDARY.match(text, b.start()):
            # a qualifier ends this condition; the list may go on after the next comma
            hard = RESUME_STOP.search(text, b.end())
            stop = min(hard.start(), limit) if hard else limit
            resume = _LIST_RESUMES.search(text, b.end(), stop)
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


FIXED_PAIR = re.compile(r"\b(?:nausea and vomiting|signs and symptoms|aches and pains)\b", re.I)
QUANTIFIED_PLURAL = re.compile(
    r"^(?:several|various|many|some|certain|other|these|those|such|a number of|a variety of|a range of|all)\b",
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
        if merged and len(segment[merged[-1][0] : merged[-1][1]].split()) == 1 and merged[-1][2].strip() == ",":
            if _is_modifier(segment[merged[-1][0] : merged[-1][1]]):
                merged[-1] = [merged[-1][0], piece[1], piece[2]]
                continue
        merged.append(piece)
    for i, (a, b, _) in enumerate(merged):
        if i and merged[i - 1][2].strip() == "," and re.match(r"\s*(?:the|a|an)\s", segment[a:b]):
            continue  # an appositive describing the previous condition
        cleaned = clean_condition(segment[a:b])
        if cleaned:
            value, off = cleaned
            s = start + a + off
            out.append((value, s, s + len(value)))
    return out


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
        if k:  # "skin conditions (known medically as X)" → X
            inner = paren.group(1)[k.end() :]
            return (inner, off + paren.start(1) + k.end()) if _is_condition(inner) else None
        inner = paren.group(1).strip()
        if _MEDICAL_TERM.search(inner.lower()) and not _MEDICAL_TERM.search(text[: paren.start()].lower()):
            # "nerve pain from diabetes (diabetic neuropathy)": the medical name
            return (inner, off + paren.start(1)) if _is_condition(inner) else None
        text = text[: paren.start()]
    text = re.sub(r"\s+(?:and|or|and/or)$", "", text.rstrip(" \"'“”‘’,.")).rstrip(" ,")
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
    if re.search(r"[<>{}=]|https?:", text) or words[0] in GENERIC_FIRST or words[-1].endswith("therapy"):
        return False
    if words[0] in PEOPLE or {low, low.rstrip("s"), words[-1], words[-1].rstrip("s")} & lexicon.DRUG_CLASS_WORDS:
        return False
    return not lexicon.find_drug_mentions(text)


def find_uses(doc: Document, ctx: DrugContext) -> list[Use]:
    uses: list[Use] = []
    seen: set[tuple[str, str]] = set()
    heading = ""
    blocks = doc.blocks
    lead_type: str | None = None  # use type announced by a lead-in ending in ':'
    lead_sentence: Sentence | None = None
    lead_list: int | None = None

    def add(use_type: str, value: str, s: int, e: int, evidence: str) -> None:
        key = (use_type, value.lower())
        if key in seen:
            return
        seen.add(key)
        uses.append(Use(use_type, value, Span(value, s, e, evidence)))

    for block in blocks:
        if block.kind == "heading":
            heading = block.text
            lead_type = "off_label" if OFF_LABEL_CUE.search(heading) else ("approved" if USE_HEADING.search(heading) else None)
            continue
        if block.kind == "item" and lead_type is not None and (lead_list in (None, block.list_id)):
            lead_list = block.list_id
            item = re.split(r"\s[-–—]\s|:\s", block.text, maxsplit=1)[0]
            for value, s, e in split_item(item):
                add(lead_type, value, block.start + s, block.start + e, block.text)
            continue
        lead_type, lead_list = None, None
        for sent in sentences([block]):
            use_type = _sentence_use_type(sent, heading)
            subject = SUBJECT_USE.match(sent.text)
            if subject and not NEGATIVE_CUE.search(subject.group(0)):
                kind = "approved" if subject.group("kind").lower() in ("approved", "fda-approved") else "off_label"
                if subject.group("kind").lower() == "other":
                    kind = "off_label" if OFF_LABEL_CUE.search(heading) else "approved"
                found = split_conditions(sent.text, subject.start("cond"), subject.end("cond"))
                for value, s0, e0 in found:
                    start, end = sent.span_of(s0, e0)
                    add(kind, value, start, end, sent.text)
                if found:
                    continue
            if use_type is None or _other_drug_subject(sent, ctx):
                continue
            # a lead-in (ending in ':' or followed by a list) hands its type to the list's items
            lead_type, lead_sentence = use_type, sent
            if sent.text.rstrip().endswith(":"):
                continue
            combo = COMBINATION_CUE.search(sent.text)
            lo, hi = 0, len(sent.text)
            if combo and combo.start() < 12 and "," in sent.text[combo.end() :]:
                lo = sent.text.index(",", combo.end()) + 1  # "Taken together with X, D is approved for ..."
            elif combo:
                hi = combo.start()
            for value, s, e in condition_phrases(sent.text[lo:hi]):
                start, end = sent.span_of(lo + s, lo + e)
                add(use_type, value, start, end, sent.text)
        if lead_type is None and OFF_LABEL_CUE.search(heading) and block.kind == "text":
            lead_type = "off_label"
    del lead_sentence
    for use in uses_from_headings(doc, ctx):
        words = set(use.condition.lower().split())
        if not any(words <= set(u.condition.lower().split()) for u in uses):
            uses.append(use)
    return _drop_fragments(uses)


HEADING_USE = re.compile(r"^(?:using |use of )?(?P<drug>[\w\-®]+(?: [\w\-®]+)?) (?:for|after|in) (?:an? )?(?P<cond>.+?)\??$", re.I)


def uses_from_headings(doc: Document, ctx: DrugContext) -> list[Use]:
    """Section headings such as "Using Tacrolimus for Transplant Rejection" name an (approved) use."""
    out: list[Use] = []
    for block in doc.blocks:
        if block.kind == "heading" and block.level == 1:
            continue  # the page title names the topic, not necessarily an approved use
        m = HEADING_USE.match(block.text) if block.kind == "heading" else None
        if not m or not ctx.mentions_drug(m.group("drug")) or OFF_LABEL_CUE.search(block.text):
            continue
        cleaned = clean_condition(m.group("cond"))
        if cleaned:
            value, off = cleaned
            start = block.start + m.start("cond") + off
            out.append(Use("approved", value, Span(value, start, start + len(value), block.text)))
    return out


def split_item(item: str) -> list[tuple[str, int, int]]:
    """A list item is one condition: cut at its qualifiers ("in adults"), never split at "and"."""
    text = item.rstrip(" .;,")
    closing = re.search(r"\(([^()]+)\)$", text)
    if (
        closing
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
        if causal and (_treatment_cause(text[at:]) or re.match(r"\s(?:associated|related)\b", b.group(0))):
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


_TREATMENT = re.compile(r"\b(?:chemotherapy|radiation|medicines?|medications?|drugs?|treatment|therapy|surgery)\b", re.I)


def _treatment_cause(cause: str) -> bool:
    """A condition caused by a treatment ("weight gain caused by antipsychotics") is a condition of its own."""
    return bool(_TREATMENT.search(cause) or lexicon.find_drug_mentions(cause, classes=True))


def _drop_fragments(uses: list[Use]) -> list[Use]:
    """Drop a condition that is only the tail of another of the same type ("rejection")."""
    kept = []
    for use in uses:
        low = use.condition.lower()
        if " " not in low and any(
            o is not use and o.use_type == use.use_type and o.condition.lower().endswith(" " + low)
            for o in uses
        ):
            continue
        kept.append(use)
    return kept


# --- co-medications ---------------------------------------------------------

EXAMPLE_BEFORE = re.compile(r"(?:\(|,)?\s*(?:such as|like|e\.g\.,?|for example,?|including)\s+$", re.I)
_CLASS_STOP = frozenset({"including", "include", "with", "and", "or", "plus", "a", "an", "other", "another", "the", "such", "as", "of"})


def find_co_medications(doc: Document, ctx: DrugContext) -> list[CoMedication]:
    out: list[CoMedication] = []
    seen: set[str] = set()
    pending: Sentence | None = None
    pending_list: int | None = None
    for block in doc.blocks:
        if block.kind == "item" and pending is not None and pending_list in (None, block.list_id):
            pending_list = block.list_id
            _co_meds_in(block.text, block.start, block.text, ctx, out, seen)
            continue
        pending, pending_list = None, None
        if block.kind == "heading":
            continue
        follow_up = False  # a cue that named no drug: the next sentence's list names them
        for sent in sentences([block]):
            cue = COMBINATION_CUE.search(sent.text)
            if follow_up and not cue and LISTING_CUE.search(sent.text) and not COMBINATION_NEGATIVE.search(sent.text):
                _co_meds_in(sent.text, sent.start, sent.text, ctx, out, seen)
            follow_up = False
            if not cue or COMBINATION_NEGATIVE.search(sent.text):
                continue
            before = len(out)
            head, tail = sent.text[: cue.start()], sent.text[cue.end() :]
            head_is_self = ctx.mentions_drug(head) or PRONOUN_SUBJECT.search(head.strip()) or not head.strip()
            tail_drugs = lexicon.find_drug_mentions(tail)
            if not head_is_self and tail_drugs and ctx.is_self(tail_drugs[0].generic):
                # "people continue taking methotrexate together with Enbrel": the partner is before the cue
                _co_meds_in(head, sent.start, sent.text, ctx, out, seen)
            elif head_is_self or not any(not ctx.is_self(m.generic) for m in lexicon.find_drug_mentions(head)):
                # "X is used in combination with Y": X must be this page's drug
                _co_meds_in(tail, sent.start + cue.end(), sent.text, ctx, out, seen)
            follow_up = len(out) == before
            if sent.text.rstrip().endswith(":"):
                pending = sent
    return out


def _co_meds_in(
    text: str, base: int, evidence: str, ctx: DrugContext, out: list[CoMedication], seen: set[str]
) -> None:
    previous_end = None
    for m in lexicon.find_drug_mentions(text):
        # brands in parentheses right after a drug name it ("mycophenolate (CellCept®, Myfortic®)")
        if previous_end is not None and re.fullmatch(r"\s*\([^()]*", text[previous_end : m.start]):
            continue
        previous_end = m.end
        if ctx.is_self(m.generic) or m.generic in seen:
            continue
        seen.add(m.generic)
        # a generic as written stays ("divalproex"); a brand ("Imuran") becomes its generic
        name = m.surface.lower() if m.surface[:1].islower() and " " not in m.surface else m.generic
        out.append(CoMedication(name, _example_class(text[: m.start]), Span(m.surface, base + m.start, base + m.end, evidence)))


def _example_class(before: str) -> str | None:
    """The class a drug is given as an example of: "a corticosteroid (such as prednisone)"."""
    ex = EXAMPLE_BEFORE.search(before)
    if not ex:
        return None
    words: list[str] = []
    for word in reversed(re.split(r"\s+", before[: ex.start()].strip())):
        if not word or word.lower() in _CLASS_STOP or not word[-1].isalpha() or len(words) == 3:
            break
        words.insert(0, word.lower())
    if not words or all(w.rstrip("s") in ("medication", "medicine", "drug", "treatment", "other") for w in words):
        return None
    return " ".join(words)


def iter_text_blocks(blocks: Iterable[Block]) -> Iterable[Block]:
    return (b for b in blocks if b.kind != "heading")
