"""What spiders yield: one item per URL met, so every URL is accounted for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from extract.records import ExtractResult


@dataclass(slots=True)
class PageItem:
    """A fetched response and what extraction made of it (a record, a skip or an error)."""

    result: ExtractResult
    fetched_at: datetime
    validators: dict[str, str | None] | None = None  # the response's etag and last_modified


@dataclass(slots=True)
class UnchangedItem:
    """A page the previous run holds that has not changed (a 304, or the same body): not extracted again."""

    url: str
    fetched_at: datetime
    validators: dict[str, str | None]


@dataclass(slots=True)
class FetchErrorItem:
    url: str
    error_type: str
    message: str


@dataclass(slots=True)
class SkipItem:
    url: str
    reason: str
