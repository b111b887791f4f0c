"""What extraction returns: plain dataclasses, one per output table row.

Kept free of Scrapy and pandas so that a worker process can build them and
pickle them back cheaply. Every value row carries its evidence: the sentence
or list item it came from and the offsets of the value in ``PageRecord.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXTRACTOR_VERSION = "0.2.0"


@dataclass(slots=True)
class Span:
    """A value found in the page text, with the sentence that supports it."""

    value: str
    start: int
    end: int
    evidence: str


@dataclass(slots=True)
class BrandName:
    brand_name: str
    span: Span


@dataclass(slots=True)
class Use:
    use_type: str  # 'approved' or 'off_label'
    condition: str
    span: Span
    normalized: str = ""  # the condition's one key: MeSH's name where grounded, else lower case and singular
    mesh_id: str | None = None  # MeSH descriptor of the disease the phrase names (extract.analysis.mesh)
    mesh_name: str | None = None
    mesh_tree: tuple[str, ...] = ()
    confidence: float | None = None  # 0-1, from the evidence (extract.analysis.confidence)


@dataclass(slots=True)
class CoMedication:
    co_medication: str  # generic name where the page gives one
    drug_class: str | None  # "corticosteroid" in "a corticosteroid (such as prednisone)"
    span: Span
    drugbank_id: str | None = None
    class_mesh_name: str | None = None  # MeSH's name of drug_class (extract.analysis.pharmacologic_classes)
    class_mesh_id: str | None = None


@dataclass(slots=True)
class Link:
    kind: str  # 'referring', 'article', 'drug_info', 'navigation'
    target_url: str
    anchor_text: str


@dataclass(slots=True)
class PageRecord:
    url: str
    site: str
    page_type: str  # 'article', 'navigation', 'topic', 'generic'
    title: str | None
    drug: str | None
    text: str
    drug_class: Span | None = None
    brand_names: list[BrandName] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)
    co_medications: list[CoMedication] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    drugbank_id: str | None = None
    drug_class_mesh_name: str | None = None  # MeSH's name of the class, where the vocabulary knows it whole
    drug_class_mesh_id: str | None = None
    confidence: float = 0.9  # how far the extractor trusts its reading of this kind of page
    extractor_version: str = EXTRACTOR_VERSION
    meta: dict[str, str] = field(default_factory=dict)  # site identifiers, e.g. DailyMed set_id, version


@dataclass(slots=True)
class ExtractResult:
    """Outcome of one page: a record, a skip (not ours to extract) or an error."""

    url: str
    status: int
    content_sha256: str
    record: PageRecord | None = None
    skip_reason: str | None = None
    error_type: str | None = None
    error_message: str | None = None
    encoding: str | None = None  # the codec the body was decoded with (extract/charsets.py)
    encoding_guessed: bool | None = None  # True when no declaration of the page gave it
