"""Per-field precision, recall and F1 of the extractors over fixture cases.

A fixture case is a folder holding ``page.html`` and ``expected.json`` (the
shape of ``shared/sites/dailymed/labels``: url, title, drug, brand_names,
drug_class, approved_uses, off_label_uses, co_medications, referring_pages;
list values as {"name", "aliases"} where any alias counts as a match).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extract import extract_page
from extract.analysis.confidence import band
from extract.records import ExtractResult, PageRecord
from output import fields
from output.dataset import record_rows

# Fields scored: every fact field, and the page type.
FIELDS = tuple(f.name for f in fields.FIELDS if f.fact or f.name == "page_type")
SCALARS = frozenset(name for name in FIELDS if not fields.BY_NAME[name].many)


def norm(value: str) -> str:
    text = value.lower().replace("®", "").replace("™", "").replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in text.split())


@dataclass
class FieldScore:
    """Counts of one field. Strict by default: each expected value absorbs at most one prediction, so a second
    wording of a value already matched is a false positive (``repeats`` counts those; the lenient figures
    forgive them, as the first scorer did)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    repeats: int = 0
    misses: list[str] = field(default_factory=list)
    bands: dict[str, list[int]] = field(default_factory=dict)  # confidence band → [correct, predicted]

    def count_band(self, confidences: dict[str, float | None] | None, value: str, hit: bool) -> None:
        if confidences is not None:
            counts = self.bands.setdefault(band(confidences.get(value)), [0, 0])
            counts[0] += hit
            counts[1] += 1

    @staticmethod
    def _f1(tp: int, fp: int, fn: int) -> float:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return self._f1(self.tp, self.fp, self.fn)

    @property
    def lenient_f1(self) -> float:
        return self._f1(self.tp, self.fp - self.repeats, self.fn)

    def floor(self) -> float:
        """The F1 one more mistake would leave (an extra value, or a missed one), rounded down to 0.001; 1.0 for
        a field with nothing expected and nothing found, where any value is a mistake."""
        if not self.tp + self.fp + self.fn:
            return 1.0
        worst = min(self._f1(self.tp, self.fp + 1, self.fn), self._f1(max(self.tp - 1, 0), self.fp, self.fn + 1))
        return math.floor(worst * 1000) / 1000


@dataclass
class Case:
    name: str
    url: str
    page: Path
    expected: dict[str, Any]


def load_cases(folder: str | Path) -> list[Case]:
    """Fixture cases (``<case>/page.html`` + ``expected.json``), or a labelled page set laid out as
    ``pages/<file>`` + ``labels/<file>.json`` whose label names its page in ``file`` (as in DailyMed's)."""
    labels = Path(folder) / "labels"
    if labels.is_dir() and (Path(folder) / "pages").is_dir():
        cases = []
        for label_path in sorted(labels.glob("*.json")):
            expected = json.loads(label_path.read_text())
            page = Path(folder) / "pages" / expected["file"]
            if not page.exists():
                raise FileNotFoundError(f"{label_path}: its page {page} is missing")
            cases.append(Case(label_path.name.removesuffix(".json"), expected["url"], page, expected))
        return cases
    cases = []
    for expected_path in sorted(Path(folder).rglob("expected.json")):
        case_dir = expected_path.parent
        pages = [p for p in case_dir.iterdir() if p.name.startswith("page.")]
        if not pages:
            raise FileNotFoundError(f"{case_dir}: expected.json without page.html")
        expected = json.loads(expected_path.read_text())
        cases.append(Case(case_dir.name, expected["url"], pages[0], expected))
    if not cases:
        raise FileNotFoundError(f"{folder}: no fixture cases (folders with expected.json)")
    return cases


def _rows(record: PageRecord) -> dict[str, list[dict[str, Any]]]:
    return record_rows(ExtractResult(record.url, 200, "", record=record), datetime.now(UTC))


def predicted_fields(record: PageRecord | None) -> dict[str, Any]:
    """The record's value of every scored field, read from its table rows as every reader reads them."""
    if record is None:
        return dict.fromkeys(FIELDS)
    values = fields.page_values(_rows(record), [fields.BY_NAME[name] for name in FIELDS])
    return {name: (v[0] if v else None) if name in SCALARS else v for name, v in values.items()}


def predicted_confidences(record: PageRecord | None) -> dict[str, dict[str, float | None]]:
    """Per list field, each value's row confidence (the highest where a value has several rows)."""
    if record is None:
        return {}
    rows = _rows(record)
    out: dict[str, dict[str, float | None]] = {}
    for name in FIELDS:
        f = fields.BY_NAME[name]
        if f.many:
            for row in f.rows(rows):
                known = out.setdefault(name, {}).get(row[f.column])
                out[name][row[f.column]] = max(filter(None, (known, row.get("confidence"))), default=None)
    return out


def _names(entry: Any) -> set[str]:
    if isinstance(entry, dict):
        return {norm(n) for n in [entry["name"], *entry.get("aliases", [])] if n}
    return {norm(entry)} if entry else set()


def score_list(predicted: Iterable[str], expected: Iterable[Any], score: FieldScore, case: str, exact: bool,
               confidences: dict[str, float | None] | None = None) -> None:
    """Strict one-to-one matching; with ``confidences`` (value → row confidence) each prediction's outcome is
    also counted in its confidence band."""
    key = (lambda s: s.strip()) if exact else norm
    remaining = [(e, {key(e)} if exact else _names(e)) for e in expected]
    matched: list[set[str]] = []
    for value in dict.fromkeys(predicted):
        hit = next((i for i, (_, names) in enumerate(remaining) if key(value) in names), None)
        if hit is None and any(key(value) in names for names in matched):
            score.fp += 1  # another wording of a value already matched ("organ" and "transplant rejection")
            score.repeats += 1
            score.count_band(confidences, value, hit=False)
            score.misses.append(f"{case}: repeat {value!r}")
            continue
        score.count_band(confidences, value, hit=hit is not None)
        if hit is None:
            score.fp += 1
            score.misses.append(f"{case}: extra {value!r}")
        else:
            score.tp += 1
            matched.append(remaining.pop(hit)[1])
    for entry, _ in remaining:
        score.fn += 1
        score.misses.append(f"{case}: missed {entry['name'] if isinstance(entry, dict) else entry!r}")


def variants(value: str) -> set[str]:
    """Accepted spellings of a name with an acronym: "tumor necrosis factor (TNF) blocker" is also
    "tumor necrosis factor blocker" and "TNF blocker"."""
    out = {norm(value), norm(re.sub(r"\s*\([^()]*\)", "", value))}
    m = re.search(r"^(?P<before>.*?)\s*\((?P<acr>[A-Za-z\-]{2,8}s?)\)(?P<after>.*)$", value)
    if m:
        words = m.group("before").split()
        n = sum(1 for c in m.group("acr") if c.isupper()) or len(m.group("acr"))
        out.add(norm(" ".join(words[: max(0, len(words) - n)] + [m.group("acr")]) + m.group("after")))
    return out


def score_scalar(predicted: str | None, expected: Any, score: FieldScore, case: str) -> None:
    if not expected and not predicted:
        return
    names = set().union(*(variants(n) for n in ([expected] if isinstance(expected, str) else [])), _names(expected))
    if predicted and variants(predicted) & names:
        score.tp += 1
        return
    if predicted:
        score.fp += 1
    if expected:
        score.fn += 1
    score.misses.append(f"{case}: got {predicted!r}, expected {expected!r}")


def score_case(case: Case, scores: dict[str, FieldScore] | None = None) -> dict[str, FieldScore]:
    """Extract the case's page and add its per-field matches and misses to ``scores`` (new ones by default)."""
    scores = scores if scores is not None else {name: FieldScore() for name in FIELDS}
    result = extract_page(case.url, case.page.read_bytes(), {"content-type": "text/html"})
    got = predicted_fields(result.record)
    confidences = predicted_confidences(result.record)
    for name in FIELDS:
        if name not in case.expected:
            continue
        if name in SCALARS:
            score_scalar(got[name], case.expected[name], scores[name], case.name)
        else:
            score_list(got[name] or [], case.expected[name], scores[name], case.name,
                       exact=name == "referring_pages", confidences=confidences.get(name))
    return scores


def evaluate(folder: str | Path) -> dict[str, FieldScore]:
    scores = {name: FieldScore() for name in FIELDS}
    for case in load_cases(folder):
        score_case(case, scores)
    return scores


@dataclass
class FixtureSet:
    """``tests/fixtures/<site>/<set>/``: cases, and ``set.json`` saying who wrote them, whether rules were
    fitted to them (``tuned``), whether every case must match exactly, first-run figures and F1 floors."""

    site: str
    name: str
    path: Path
    meta: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.site}/{self.name}"


def fixture_sets(root: str | Path, *, sealed: bool = False) -> list[FixtureSet]:
    """Every set under ``root`` (``<site>/<set>/set.json``), in a stable order. A set whose ``set.json`` says
    ``"sealed": true`` is held out unrun for the next change of the rules and is left out unless ``sealed``:
    the test run never extracts it, so nobody sees its misses before its first run (``qa eval`` on its folder)."""
    found = [FixtureSet(p.parent.parent.name, p.parent.name, p.parent, json.loads(p.read_text()))
             for p in sorted(Path(root).glob("*/*/set.json"))]
    return [s for s in found if sealed or not s.meta.get("sealed")]


BASIS = "strict scorer, labels reviewed 2026-12-01"  # what today's floors are measured on (see fixtures/README.md)


def ratchet(fixture_set: FixtureSet) -> dict[str, Any]:
    """The set's ``set.json`` with floors raised to one mistake below today's strict figures (never lowered on
    the same basis) and, for an exact set, today's misses recorded as known. Returns the new content."""
    scores = {name: FieldScore() for name in FIELDS}
    for case in load_cases(fixture_set.path):
        score_case(case, scores)
    meta = dict(fixture_set.meta)
    same_basis = meta.get("basis") == BASIS
    old = meta.get("floors") or {} if same_basis else {}
    names = [n for n in FIELDS if scores[n].tp + scores[n].fp + scores[n].fn or n in old]
    meta["floors"] = {n: max(scores[n].floor(), old.get(n, 0.0)) for n in names}
    meta["basis"] = BASIS
    if meta.get("exact"):
        meta["known_misses"] = sorted(m for s in scores.values() for m in s.misses)
    return meta
