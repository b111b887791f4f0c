"""Cues of ordinary drug-information English that several analysis modules read.

Only cues shared by more than one module live here: harm and interactions
(brands, drug class and uses skip what such sentences name), combinations and
ingredients (brands, uses, co-medications), the pronoun standing for the page
drug, list lead-ins, and the label's "not indicated" (indications, drug class,
co-medications). A cue one module reads lives in that module, beside its rule;
per-site selectors live with each site.
"""

from __future__ import annotations

import re

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
PRONOUN_SUBJECT = re.compile(
    r"^(?:it|they|both|this (?:drug|medication|medicine|product)|the (?:drug|medication|medicine))\b", re.I
)
LISTING_CUE = re.compile(r"\b(?:include|includes|including|such as|examples?|these are|they are)\b", re.I)
# FDA label wording that denies a use ("not indicated", "safety ... not established"): the sentence states none.
NOT_INDICATED = re.compile(
    r"\bnot\s+(?:been\s+)?(?:indicated|approved|established|recommended)\b|\bnot for use\b", re.I
)
