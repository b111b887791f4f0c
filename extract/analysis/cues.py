"""Cues of ordinary drug-information English, shared by every analysis.

Phrases that mark a use as approved or off-label, harm and interactions,
combinations, where a condition phrase starts and ends, and the words that
never name a condition on their own. Per-site selectors live with each site;
these shared English cues live here, in one place.
"""

from __future__ import annotations

import re

OFF_LABEL_CUE = re.compile(
    r"off[-\s]?label|unapproved|(?:not|n't) (?:been )?(?:officially |specifically )?(?:fda[- ])?approved"
    r"|outside (?:its|the) (?:labell?ed|approved|official)|beyond (?:its|the) label"
    r"|without (?:fda )?approval|may also be used (?:to|for)|is also sometimes used|sometimes (?:used|prescribed)",
    re.I,
)
APPROVED_CUE = re.compile(
    r"\b(?:approved|approvals?|licensed|indicated|fda-approved|prescribed?|recommended?)\b|\btaken (?:to|for)\b"
    r"|\bused (?:to|for|in)\b|\bis used\b|\btreats?\b|\buses? (?:of|for|include)\b"
    r"|\bcan (?:help )?(?:treat|prevent|control)\b"
    r"|\bhelps? (?:treat|prevent|control|relieve|lower|reduce)\b|\bgiven (?:to|for)\b"
    r"|\bto (?:treat|stop|prevent|control|manage)\b"
    r"|\bcan (?:use|take) (?:it|this (?:drug|medicine|medication)) for\b|\bapplied to\b",
    re.I,
)
# Sentences about harm or interactions name conditions and drugs that are not uses.
NEGATIVE_CUE = re.compile(
    r"side effects?|interact|adverse|overdose|allerg|should not|shouldn't|do not|don't|must not"
    r"|avoid|(?:may|can|could|might) (?:also )?(?:cause|lead to|trigger|worsen|increase)|warning|contraindicat"
    r"|less effective|(?:reduce|lower)s? (?:the )?effectiveness"
    r"|\b(?:does|do|will|can|did)(?: not|n't) (?:treat|prevent|cure|stop)\b"
    r"|\bnot meant for (?!children|kids|adults|people|anyone|infants|teens|women|men|use in)",
    re.I,
)
COMBINATION_CUE = re.compile(
    r"\b(?:in combination with|combined with|along with|together with|added to|in addition to|used with"
    r"|given with|adjunct(?:ive)? (?:to|with)|as an adjunct|add-on (?:to|with)|as an add-on|in conjunction with"
    r"|alongside|combined|paired with|added on to|combines? (?:it|them) with|combining (?:it|them) with"
    r"|pairs? (?:it|them) with|also (?:given|prescribed)"
    r"|(?:often|usually|commonly|typically) (?:taken|given|used) (?:together )?with"
    r"|add(?:s|ed|ing)? (?:a|another) (?:second |third )?(?:medicine|medication|drug))\b",
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
    r"|types? of|kinds? of|forms? of|cases? of|symptoms? of|signs? of|treatment of|prevention of|episodes? of"
    r"|(?:help )?(?:people|patients|you|adults|smokers) to"
    r"|(?:help )?(?:people|patients|you|adults|smokers)(?= [a-z]+ing\b| quit| stop)"
    r"|signs and symptoms of|(?:sometimes |also |often )?(?:called|known as)"
    r"|also|both|either|(?:[a-z\-]+ )?symptoms? of|(?:[a-z\-]+ )?signs? of|complications? of|(?:[a-z\-]+ )?episodes? of"
    r"|risks? of|chances? of"
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
PRONOUN_SUBJECT = re.compile(
    r"^(?:it|they|both|this (?:drug|medication|medicine|product)|the (?:drug|medication|medicine))\b", re.I
)
PRONOUN_CLAUSE = re.compile(r"\b(?:it|they|both)\s+(?:is|are|belongs?|works?)\b", re.I)
LISTING_CUE = re.compile(r"\b(?:include|includes|including|such as|examples?|these are|they are)\b", re.I)

# --- what makes a sentence, heading or table cell state a use (extract.analysis.uses) ---

USE_HEADING = re.compile(
    r"\b(?:approved|uses?|indications?|indicated|treats?|treated|used for|what .* treats)\b", re.I
)
# "Use 1: Benign prostatic hyperplasia (BPH)": a numbered use heading names its condition
NUMBERED_USE = re.compile(r"^(?:use|indication)\s*\d*\s*[:.\-–]\s*(?P<cond>.+)$", re.I)
# A table row or definition list read as blocks: "Spasticity due to MS" then "FDA-approved"
STATUS_CELL = re.compile(
    r"^(?P<kind>fda[- ]approved|approved|labell?ed|off[- ]label|unapproved|not approved)\.?$", re.I
)
# Sentences about the page itself ("This eMedTV article explains what it is used for").
META_SENTENCE = re.compile(
    r"\b(?:this|the|our) (?:[\w\-]+ ){0,2}(?:article|page|resource|presentation|section|overview|guide)"
    r" (?:describes|explains|covers|discusses|walks|will|looks|takes|offers|provides|lists|also)\b",
    re.I,
)
# "not approved for use in children": about who may take it, not a use
NOT_FOR_PEOPLE_SCOPE = re.compile(
    r"not (?:been |yet )?(?:fda[- ])?approved for .{0,80}\bin (?:children|kids|teens|adolescents|infants)\b", re.I
)
NOT_FOR_PEOPLE = re.compile(
    r"not (?:been |yet )?(?:fda[- ])?approved for (?:use )?(?:in|by) "
    r"(?:children|kids|adults|teens|people|women|anyone|infants)",
    re.I,
)
# "Alcohol withdrawal is a common off-label use of lorazepam."
NOT_APPROVED = re.compile(r"(?:not|n't) (?:been )?(?:officially |specifically )?(?:fda[- ])?approved", re.I)
USED_ANYWAY = re.compile(
    r"\b(?:but|yet|although|though|still|sometimes|often|however)\b|\b(?:used|prescribe|recommend)", re.I
)
EXPLICIT_APPROVAL = re.compile(r"\b(?:approved|approval|licensed|indicated|fda)\b", re.I)
ANAPHORA = re.compile(
    r"\b(?:for|treat|treating) (?:all|both|each)?\s*(?:\w+ )?(?:of )?(?:these|those|the above)"
    r" (?:conditions|diseases|disorders)",
    re.I,
)
SUBJECT_USE = re.compile(
    r"^(?P<cond>[A-Z][^,.;:]{2,80}?) (?:is|are) (?:also )?(?:a|an|another|one)?\s*(?:common|rare|frequent|possible"
    r"|standard|accepted|main|major|well-known)?\s*(?:other\s+)?(?P<kind>off-label|unapproved|approved|fda-approved|other)"
    r"\s+(?:uses?|indications?|reasons?)\b",
    re.I,
)
HEADING_USE = re.compile(
    r"^(?:using |use of )?(?P<drug>[\w\-®]+(?: [\w\-®]+)?) (?:for|after|in) (?:an? )?(?P<cond>[^:?]+?)(?::.*)?\??$",
    re.I,
)
