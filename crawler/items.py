"""What spiders yield: one item per URL met, so every URL is accounted for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from extract.records import ExtractResult


@dataclass(slots=True)
class PageItem:
    """A fetched response and what extraction made of it (a record, a skip or an error)."""

    result: ExtractResult
    fetched_at: datetime
    validators: dict[str, str | None] | None = None  # the response's etag and last_modified
    archive: dict[str, Any] | None = None  # --archive: archive_source and archived_at of the capture


@dataclass(slots=True)
class UnchangedItem:
    """A page the previous run holds that has not changed (a 304, or the same body): not extracted again."""

    url: str
    fetched_at: datetime
    validators: dict[str, str | None]
    archive: dict[str, Any] | None = None


@dataclass(slots=True)
class FetchErrorItem:
    url: str
    error_type: str
    message: str


@dataclass(slots=True)
class SkipItem:
    url: str
    reason: str
    target: str | None = None  # a redirect's target
