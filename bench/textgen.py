"""Varied, drug-shaped prose for generated pages, made from word lists at random (seeded).

The extractor's cost depends on how much text and how many drug mentions a
page holds, so the text carries drug names, brands, conditions and the
phrases the analysis looks for ("used to treat", "off-label", "in combination with").
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Generic name → (brand, drug class, channel). Real generics so the lexicon resolves them.
DRUGS: dict[str, tuple[str, str, str]] = {
    "lisinopril": ("Zestril", "ACE inhibitor", "blood-pressure"),
    "amlodipine": ("Norvasc", "calcium channel blocker", "blood-pressure"),
    "hydrochlorothiazide": ("Microzide", "diuretic", "blood-pressure"),
    "losartan": ("Cozaar", "angiotensin receptor blocker", "blood-pressure"),
    "metoprolol": ("Lopressor", "beta blocker", "blood-pressure"),
    "atenolol": ("Tenormin", "beta blocker", "blood-pressure"),
    "valsartan": ("Diovan", "angiotensin receptor blocker", "blood-pressure"),
    "sertraline": ("Zoloft", "SSRI", "anxiety"),
    "escitalopram": ("Lexapro", "SSRI", "anxiety"),
    "buspirone": ("Buspar", "anxiolytic", "anxiety"),
    "paroxetine": ("Paxil", "SSRI", "anxiety"),
    "venlafaxine": ("Effexor", "SNRI", "anxiety"),
    "bupropion": ("Wellbutrin", "antidepressant", "depression"),
    "duloxetine": ("Cymbalta", "SNRI", "depression"),
    "fluoxetine": ("Prozac", "SSRI", "depression"),
    "citalopram": ("Celexa", "SSRI", "depression"),
    "mirtazapine": ("Remeron", "antidepressant", "depression"),
    "trazodone": ("Desyrel", "antidepressant", "depression"),
    "methotrexate": ("Trexall", "DMARD", "arthritis"),
    "hydroxychloroquine": ("Plaquenil", "DMARD", "arthritis"),
    "etanercept": ("Enbrel", "biologic", "arthritis"),
    "adalimumab": ("Humira", "biologic", "arthritis"),
    "celecoxib": ("Celebrex", "NSAID", "arthritis"),
    "naproxen": ("Naprosyn", "NSAID", "arthritis"),
    "clobetasol": ("Temovate", "corticosteroid", "psoriasis"),
    "calcipotriene": ("Dovonex", "vitamin D analog", "psoriasis"),
    "acitretin": ("Soriatane", "retinoid", "psoriasis"),
    "ustekinumab": ("Stelara", "biologic", "psoriasis"),
    "metformin": ("Glucophage", "biguanide", "diabetes"),
    "glipizide": ("Glucotrol", "sulfonylurea", "diabetes"),
    "pioglitazone": ("Actos", "thiazolidinedione", "diabetes"),
    "sitagliptin": ("Januvia", "DPP-4 inhibitor", "diabetes"),
    "atorvastatin": ("Lipitor", "statin", "cholesterol"),
    "simvastatin": ("Zocor", "statin", "cholesterol"),
    "rosuvastatin": ("Crestor", "statin", "cholesterol"),
    "ezetimibe": ("Zetia", "cholesterol absorption inhibitor", "cholesterol"),
    "prednisone": ("Deltasone", "corticosteroid", "drugs"),
    "tacrolimus": ("Prograf", "immunosuppressant", "drugs"),
    "mycophenolate": ("CellCept", "immunosuppressant", "drugs"),
    "warfarin": ("Coumadin", "anticoagulant", "drugs"),
    "omeprazole": ("Prilosec", "proton pump inhibitor", "drugs"),
    "levothyroxine": ("Synthroid", "thyroid hormone", "drugs"),
    "amoxicillin": ("Amoxil", "antibiotic", "drugs"),
    "gabapentin": ("Neurontin", "anticonvulsant", "drugs"),
}
CHANNELS = ("drugs", "depression", "anxiety", "psoriasis", "blood-pressure", "arthritis", "diabetes", "cholesterol")
CONDITIONS = (
    "high blood pressure", "heart failure", "depression", "panic disorder", "generalized anxiety disorder",
    "rheumatoid arthritis", "psoriatic arthritis", "plaque psoriasis", "type 2 diabetes", "high cholesterol",
    "migraine prevention", "hot flashes", "insomnia", "neuropathic pain", "osteoarthritis", "Crohn's disease",
    "ulcerative colitis", "atopic dermatitis", "kidney transplant rejection", "obsessive-compulsive disorder",
    "social anxiety disorder", "seasonal affective disorder", "smoking cessation", "bipolar depression",
)
TOPICS = (
    "uses", "side-effects", "dosage", "drug-interactions", "warnings-and-precautions", "and-pregnancy",
    "and-breastfeeding", "overdose", "how-it-works", "generic", "medication-information", "for-children",
)
_SUBJECTS = ("Most people", "Your healthcare provider", "Studies", "Clinical trials", "Some people", "Researchers",
             "Many adults", "Older adults", "Children", "Women who are pregnant", "Your pharmacist")
_VERBS = ("have shown", "may notice", "should know", "usually report", "have found", "will explain",
          "can discuss", "often mention", "rarely describe", "may recommend")
_OBJECTS = ("mild side effects during the first weeks", "that the dose may need to be adjusted",
            "improvement within several weeks", "that blood tests are sometimes needed",
            "how to take the medicine with food", "the importance of regular checkups",
            "that missing a dose is not an emergency", "which symptoms need medical attention",
            "possible interactions with other medicines", "ways to lower the risk of problems")
_FILLER = ("In general", "However", "For this reason", "As a result", "In some cases", "Before starting treatment",
           "During treatment", "After several weeks", "Because of this", "Typically", "In clinical studies")


@dataclass(frozen=True, slots=True)
class Drug:
    generic: str
    brand: str
    drug_class: str
    channel: str

    @property
    def name(self) -> str:
        return self.generic.capitalize()


def drugs() -> list[Drug]:
    return [Drug(g, b, c, ch) for g, (b, c, ch) in DRUGS.items()]


def sentence(rng: random.Random, drug: Drug) -> str:
    """One sentence; about one in seven states a fact the extractor looks for (use, class, co-medication)."""
    kind = rng.randrange(28)
    if kind == 0:
        return f"{drug.name} ({drug.brand}&reg;) is used to treat {rng.choice(CONDITIONS)}."
    if kind == 1:
        return (f"{drug.name} is sometimes used \"off-label\" for {rng.choice(CONDITIONS)} and "
                f"{rng.choice(CONDITIONS)}.")
    if kind == 2:
        other = rng.choice(list(DRUGS))
        return f"It may be used in combination with {other} or another {drug.drug_class}."
    if kind == 3:
        return f"{drug.name} belongs to a group of medicines known as {drug.drug_class}s."
    return (f"{rng.choice(_FILLER)}, {rng.choice(_SUBJECTS).lower()} {rng.choice(_VERBS)} "
            f"{rng.choice(_OBJECTS)} {rng.choice(('while taking', 'when using', 'before stopping'))} "
            f"{drug.generic}.")


def paragraph(rng: random.Random, drug: Drug, sentences: tuple[int, int] = (3, 7)) -> str:
    return " ".join(sentence(rng, drug) for _ in range(rng.randint(*sentences)))
