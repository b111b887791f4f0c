"""The schemas of every table: one place, explicit types, documented columns.

Column docs here are the source of the data dictionary. ``run_id`` is not a
file column: it is the Hive partition (``<table>/run_id=<id>/``), which
pandas, DuckDB and Spark all read back as a column.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1"

_TS = pa.timestamp("us", tz="UTC")


def _f(name: str, type_: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


_EVIDENCE = [
    _f("evidence", pa.string(), "The sentence or list item the value came from.", False),
    _f("start", pa.int32(), "Offset of the value's first character in pages.text.", False),
    _f("end", pa.int32(), "Offset just past the value's last character in pages.text.", False),
    _f("extractor_version", pa.string(), "Version of the extractors that produced the row.", False),
]

TABLES: dict[str, pa.Schema] = {
    "pages": pa.schema(
        [
            _f("page_id", pa.string(), "Stable id of the page: sha1 of its canonical URL.", False),
            _f("url", pa.string(), "The page's original URL (never the mirror's).", False),
            _f("article_url", pa.string(), "URL of the article's first page (a -p2 page points to page 1)."),
            _f("site", pa.string(), "Site the page belongs to ('emedtv', ...).", False),
            _f("page_type", pa.string(), "'article', 'navigation' or 'topic' (not about one drug).", False),
            _f("title", pa.string(), "The article heading (h1)."),
            _f("drug", pa.string(), "Generic name of the page's drug, lower case; null when none."),
            _f("drug_class", pa.string(), "Drug class the page states for its drug, e.g. 'immunosuppressant'."),
            _f("drug_class_evidence", pa.string(), "Sentence the class came from."),
            _f("drug_class_start", pa.int32(), "Offset of the class in text."),
            _f("drug_class_end", pa.int32(), "End offset of the class in text."),
            _f("text", pa.string(), "The article text that every evidence offset points into.", False),
            _f("fetched_at", _TS, "When the response was received (UTC).", False),
            _f("status", pa.int16(), "HTTP status of the response.", False),
            _f("content_sha256", pa.string(), "sha256 of the response body.", False),
            _f("extractor_version", pa.string(), "Version of the extractors that produced the row.", False),
        ]
    ),
    "brand_names": pa.schema(
        [
            _f("url", pa.string(), "Page URL.", False),
            _f("drug", pa.string(), "Generic name of the page's drug.", False),
            _f("brand_name", pa.string(), "A brand name of the drug, without ® or ™.", False),
            *_EVIDENCE,
        ]
    ),
    "uses": pa.schema(
        [
            _f("url", pa.string(), "Page URL.", False),
            _f("drug", pa.string(), "Generic name of the page's drug.", False),
            _f("use_type", pa.string(), "'approved' or 'off_label'.", False),
            _f("condition", pa.string(), "The condition phrase, without the sentence around it.", False),
            *_EVIDENCE,
        ]
    ),
    "co_medications": pa.schema(
        [
            _f("url", pa.string(), "Page URL.", False),
            _f("drug", pa.string(), "Generic name of the page's drug.", False),
            _f("co_medication", pa.string(), "Generic name of a drug used together with it as therapy.", False),
            _f("co_medication_class", pa.string(), "Class it was named as an example of ('corticosteroid')."),
            *_EVIDENCE,
        ]
    ),
    "links": pa.schema(
        [
            _f("url", pa.string(), "Page URL.", False),
            _f("kind", pa.string(), "'referring' (Referring Pages list), 'drug_info', 'article' or 'navigation'.", False),
            _f("target_url", pa.string(), "Absolute target URL, fragment removed.", False),
            _f("anchor_text", pa.string(), "Visible text of the link.", False),
        ]
    ),
    "errors": pa.schema(
        [
            _f("url", pa.string(), "URL (or WARC record) that failed.", False),
            _f("stage", pa.string(), "'fetch' or 'extract'.", False),
            _f("error_type", pa.string(), "Short error class, e.g. 'HTTP 404', 'EmptyBody', 'DNSLookupError'.", False),
            _f("message", pa.string(), "Human-readable detail.", False),
            _f("occurred_at", _TS, "When it happened (UTC).", False),
        ]
    ),
    "skips": pa.schema(
        [
            _f("url", pa.string(), "URL met but deliberately not turned into a page row.", False),
            _f("stage", pa.string(), "'fetch' or 'extract'.", False),
            _f("reason", pa.string(), "'robots', 'offsite', 'not_html:<type>', 'no_extractor', ...", False),
        ]
    ),
    "runs": pa.schema(
        [
            _f("command", pa.string(), "'crawl' or 'extract'.", False),
            _f("source", pa.string(), "Spider name, or the WARC inputs.", False),
            _f("started_at", _TS, "Run start (UTC).", False),
            _f("finished_at", _TS, "Run end (UTC).", False),
            _f("status", pa.string(), "'finished' or the close reason.", False),
            _f("settings", pa.string(), "JSON of the settings that matter.", False),
            _f("versions", pa.string(), "JSON of library and extractor versions.", False),
            _f("counts", pa.string(), "JSON of rows per table and URL accounting.", False),
        ]
    ),
}

RECORD_TABLES = ("pages", "brand_names", "uses", "co_medications", "links")


def schema_for(table: str) -> pa.Schema:
    return TABLES[table].with_metadata({"drugpages.schema_version": SCHEMA_VERSION, "drugpages.table": table})
