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


@dataclass(slots=True)
class FetchErrorItem:
    url: str
    error_type: str
    message: str


@dataclass(slots=True)
class SkipItem:
    url: str
    reason: str
