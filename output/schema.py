"""The schemas of every table: one place, explicit types, documented columns.

Column docs here are the source of the data dictionary. ``run_id`` is not a
file column: it is the Hive partition (``<table>/run_id=<id>/``), which
pandas, DuckDB and Spark all read back as a column.
"""

from __future__ import annotations

import json

import pyarrow as pa

# Bump when a column is added, removed or changes meaning; stored in every file's metadata.
SCHEMA_VERSION = "9"

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
            _f("snapshot_id", pa.string(), "Id of this content of the page: sha1 of page_id and content_sha256."),
            _f("url", pa.string(), "The page's original URL (never the mirror's).", False),
            _f("article_url", pa.string(), "URL of the article's first page (a -p2 page points to page 1)."),
            _f("site", pa.string(), "Site the page belongs to ('emedtv', ...).", False),
            _f("page_type", pa.string(), "'article', 'navigation' or 'topic' (not about one drug).", False),
            _f("title", pa.string(), "The article heading (h1)."),
            _f("drug", pa.string(), "Generic name of the page's drug, lower case; null when none."),
            _f("drugbank_id", pa.string(),
               "DrugBank id of the page's drug (drug-named-entity-recognition); null if unknown."),
            _f("confidence", pa.float64(), "How far the extractor trusts its reading of this kind of page (0-1)."),
            _f("set_id", pa.string(), "DailyMed: the label's set id (stable across its versions)."),
            _f("label_version", pa.string(), "DailyMed: the label version the page shows."),
            _f("archive_id", pa.string(), "DailyMed archive pages: the archive id."),
            _f("drug_class", pa.string(), "Drug class the page states for its drug, e.g. 'immunosuppressant'."),
            _f("drug_class_evidence", pa.string(), "Sentence the class came from."),
            _f("drug_class_start", pa.int32(), "Offset of the class in text."),
            _f("drug_class_end", pa.int32(), "End offset of the class in text."),
            _f("drug_class_mesh_name", pa.string(), "MeSH's name of the class where MeSH's pharmacologic "
               "classes name it whole ('beta blocker' -> 'Adrenergic beta-Antagonists'): one key per class across "
               "pages and sites; null when the vocabulary lacks it."),
            _f("drug_class_mesh_id", pa.string(), "MeSH id of drug_class_mesh_name; null also where the vocabulary's "
               "id for it is not trustworthy (it gives the same id to several classes)."),
            _f("text", pa.string(), "The article text that every evidence offset points into.", False),
            _f("fetched_at", _TS, "When the response was received (UTC).", False),
            _f("status", pa.int16(), "HTTP status of the response.", False),
            _f("content_sha256", pa.string(), "sha256 of the response body.", False),
            _f("encoding", pa.string(), "Codec the body was decoded with ('utf-8', 'cp1252', 'utf-16-le', ...)."),
            _f("encoding_guessed", pa.bool_(), "True when no declaration gave the encoding (none, an unknown "
               "name, or one the bytes do not fit): detected from the bytes."),
            _f("etag", pa.string(), "The response's ETag header: sent back as If-None-Match by --incremental."),
            _f("last_modified_at", _TS, "The response's Last-Modified header as a time (UTC): sent back as "
               "If-Modified-Since by --incremental. Replaces the HTTP-date text column last_modified of schema 5."),
            _f("archive_source", pa.string(),
               "Web archive the page was read from ('ia', 'cc:CC-MAIN-…' or a pywb collection URL); null when "
               "read from the site or a mirror."),
            _f("archived_at", _TS, "When the archive captured the page (UTC); null when read from the site."),
            _f("extractor_version", pa.string(), "Version of the extractors that produced the row.", False),
        ]
    ),
    "brand_names": pa.schema(
        [
            _f("url", pa.string(), "Page URL.", False),
            _f("drug", pa.string(), "Generic name of the page's drug.", False),
            _f("drugbank_id", pa.string(), "DrugBank id of the page's drug."),
            _f("brand_name", pa.string(), "A brand name of the drug, without ® or ™.", False),
            *_EVIDENCE,
        ]
    ),
    "uses": pa.schema(
        [
            _f("url", pa.string(), "Page URL.", False),
            _f("drug", pa.string(), "Generic name of the page's drug.", False),
            _f("use_type", pa.string(), "'approved' or 'off_label'.", False),
            _f("drugbank_id", pa.string(), "DrugBank id of the page's drug."),
            _f("condition", pa.string(), "The condition phrase, without the sentence around it.", False),
            _f("condition_normalized", pa.string(),
               "The condition's one key across pages, drugs and sites: MeSH's name (lower case) where the whole "
               "phrase names a MeSH disease, else the phrase lower case and singular.", False),
            _f("condition_mesh_id", pa.string(),
               "MeSH descriptor of the disease the phrase names (its head, for a qualified phrase such as 'edema "
               "associated with heart failure'); null where none is found."),
            _f("condition_mesh_name", pa.string(), "MeSH's preferred name of that descriptor."),
            _f("condition_mesh_tree", pa.list_(pa.string()), "MeSH tree numbers of that descriptor."),
            _f("grounded", pa.bool_(), "Whether the condition resolved to a MeSH descriptor (null in runs before it)."),
            _f("confidence", pa.float64(),
               "0-1, from the evidence: the vocabulary knows the condition, the sentence states the use in so many "
               "words, the site has a page object. `drugpages qa eval` prints precision per band (high >= 0.75, "
               "medium >= 0.5, low)."),
            *_EVIDENCE,
        ]
    ),
    "co_medications": pa.schema(
        [
            _f("url", pa.string(), "Page URL.", False),
            _f("drug", pa.string(), "Generic name of the page's drug.", False),
            _f("drugbank_id", pa.string(), "DrugBank id of the page's drug."),
            _f("co_medication", pa.string(), "Generic name of a drug used together with it as therapy.", False),
            _f("co_medication_drugbank_id", pa.string(), "DrugBank id of the co-medication; null if unknown."),
            _f("co_medication_class", pa.string(), "Class it was named as an example of ('corticosteroid'), or "
               "the class itself where the partner is a class ('diuretics')."),
            _f("co_medication_class_mesh_name", pa.string(), "MeSH's name of co_medication_class, as for "
               "pages.drug_class_mesh_name."),
            _f("co_medication_class_mesh_id", pa.string(), "MeSH id of co_medication_class_mesh_name, as for "
               "pages.drug_class_mesh_id."),
            *_EVIDENCE,
        ]
    ),
    "links": pa.schema(
        [
            _f("url", pa.string(), "Page URL.", False),
            _f("kind", pa.string(), "What the link says about the two pages. 'referring': target_url is listed "
               "under the page's 'Referring Pages': a page that refers to url (the relation points target_url → "
               "url). 'drug_info': listed under '<Drug> Drug Information': more about the page's drug (url → "
               "target_url). 'article': a link in the article text (url → target_url). 'navigation': site "
               "navigation outside the article.", False),
            _f("target_url", pa.string(), "Absolute target URL, fragment removed: the href of an <a> on url.", False),
            _f("anchor_text", pa.string(), "Visible text of the link.", False),
            _f("position", pa.int32(), "Order of the link on its page (0 first, document order): with url it "
               "keys the row, so a link a page gives twice is two rows that differ here."),
            _f("extractor_version", pa.string(), "Version of the extractors that produced the row."),
        ]
    ),
    "errors": pa.schema(
        [
            _f("url", pa.string(), "URL that failed; for a WARC record without one, FILE#offset=N.", False),
            _f("stage", pa.string(), "'fetch', 'read' (a WARC record `extract` could not read; the message names "
               "file, offset and reason) or 'extract'.", False),
            _f("error_type", pa.string(), "Short error class, e.g. 'HTTP 404', 'EmptyBody', 'DNSLookupError'.", False),
            _f("message", pa.string(), "Human-readable detail.", False),
            _f("occurred_at", _TS, "When it happened (UTC).", False),
        ]
    ),
    "skips": pa.schema(
        [
            _f("url", pa.string(), "URL met but deliberately not turned into a page row.", False),
            _f("stage", pa.string(), "'fetch' or 'extract'.", False),
            _f("reason", pa.string(), "'robots', 'offsite', 'redirect' (see target_url), 'invalid_url' (no request "
               "can be made of it), 'limit:SETTING=N' (a crawl limit: DEPTH_LIMIT, URLLENGTH_LIMIT, "
               "DRUGPAGES_MAX_PAGES_PER_HOST), 'not_html:<type>', 'not_a_drug_page', ...", False),
            _f("target_url", pa.string(), "For 'redirect': where it pointed (met in turn, as its own row)."),
        ]
    ),
    "changes": pa.schema(
        [
            _f("url", pa.string(), "Page URL.", False),
            _f("change", pa.string(), "'new', 'changed', 'unchanged' (304 or same body) or 'gone' vs the previous run.",
               False),
            _f("changed_fields", pa.list_(pa.string()), "For 'changed': the fields whose values differ.", False),
            _f("detail", pa.string(), "For 'changed': JSON of values added and removed per field."),
            _f("previous_run_id", pa.string(), "The run compared against; null for a first run."),
        ]
    ),
    "runs": pa.schema(
        [
            _f("command", pa.string(), "'crawl' or 'extract'.", False),
            _f("source", pa.string(), "Spider name, or the WARC inputs.", False),
            _f("started_at", _TS, "Run start (UTC).", False),
            _f("finished_at", _TS, "Run end (UTC).", False),
            _f("status", pa.string(),
               "'succeeded' (finished, monitors passed), 'degraded' (finished, a monitor failed: see "
               "failed_monitors) or 'failed' (stopped before the end, or nothing usable: no page).", False),
            _f("reason", pa.string(), "Why it ended: 'finished', Scrapy's close reason ('shutdown', ...) or "
               "'no pages'."),
            _f("failed_monitors", pa.list_(pa.string()), "Names of the monitors that failed the run."),
            _f("site", pa.string(), "What the run covers: its spider's site for a crawl, the sites of its pages "
               "('+'-joined) for an extract. The current data is the newest succeeded run of each."),
            _f("settings", pa.string(), "JSON of the settings that matter.", False),
            _f("versions", pa.string(), "JSON of library and extractor versions.", False),
            _f("counts", pa.string(), "JSON of rows per table and URL accounting.", False),
        ]
    ),
}

RECORD_TABLES = ("pages", "brand_names", "uses", "co_medications", "links")

TABLE_DOCS: dict[str, str] = {
    "pages": "One row per page extracted (HTML 2xx response with an extractor), with the text every offset "
             "points into.",
    "brand_names": "Brand names a page gives for its drug, one row per mention.",
    "uses": "Conditions a page says its drug treats, approved or off-label: one row per condition and use type "
            "of a page, at its first mention (a later wording of the same condition, such as 'GERD' after "
            "'gastroesophageal reflux disease' or 'stable heart failure' after 'heart failure', is no second "
            "row).",
    "co_medications": "Drugs a page says are used together with its drug, one row per mention.",
    "links": "Links of a page, classified by the block they are in.",
    "errors": "URLs that failed: fetch errors (HTTP 4xx/5xx, network) and extraction errors.",
    "skips": "URLs met but deliberately not turned into pages (robots.txt, off-site, not HTML, no extractor).",
    "changes": "Crawl runs only: each page's change since the previous run of the same spider (new, changed, "
               "unchanged, gone), and for changed pages which fields changed.",
    "runs": "The run manifest: one row per complete run, written last; a run without it is not part of the "
            "dataset.",
}

# Views the readers build over the stored tables (``output.load`` and ``drugpages query``):
# nothing of them is stored, so they always agree with the tables.
_VALUES = pa.list_(pa.struct([pa.field("value", pa.string()), pa.field("urls", pa.list_(pa.string()))]))

VIEWS: dict[str, pa.Schema] = {
    "drugs": pa.schema(
        [
            _f("drug_key", pa.string(), "drugbank_id when the pages give one, else the generic name.", False),
            _f("drugbank_id", pa.string(), "DrugBank id of the drug, when known."),
            _f("drug", pa.string(), "Generic name (the most frequent one under this key), lower case.", False),
            _f("names", pa.list_(pa.string()), "Every generic name the pages use for it.", False),
            _f("sites", pa.list_(pa.string()), "Sites with a page about it.", False),
            _f("page_urls", pa.list_(pa.string()), "Every page about it.", False),
            _f("brand_names", _VALUES, "Brand names, each with the URLs of the pages that give it.", False),
            _f("drug_classes", _VALUES, "Classes, each with the URLs of the pages that state it; a class MeSH "
               "knows under its MeSH name in lower case (pages.drug_class_mesh_name), so 'beta blocker' and "
               "'beta-adrenergic blocking agent' are one value.", False),
            _f("approved_uses", _VALUES, "Approved uses (conditions), each with its pages.", False),
            _f("off_label_uses", _VALUES, "Off-label uses, each with its pages.", False),
            _f("co_medications", _VALUES, "Drugs used together with it, each with its pages.", False),
        ]
    ),
}

VIEW_DOCS: dict[str, str] = {
    "latest": "The newest snapshot of every page across the runs read (by default the current runs; with "
              "`run=\"all\"` / `--run all` every complete run), one row per page_id (latest "
              "fetched_at, then the run that started last). `latest_<table>` views give the rows of brand_names, uses, "
              "co_medications and links that belong to those snapshots. Same columns as `pages`.",
    "drugs": "One row per drug over the `latest` pages of every site: brand names, classes, approved and "
             "off-label uses and co-medications, each value with the pages that support it (list columns). "
             "Built by the readers from the tables, never stored: it cannot disagree with them.",
}


def schema_for(table: str) -> pa.Schema:
    """The schema files are written with, the version and table name in its metadata.

    The metadata also tells pandas (``pandas.read_parquet`` and ``output.load``) to read nullable integer
    columns as pandas' nullable integers (``Int32``), not as float64.
    """
    return TABLES[table].with_metadata({"drugpages.schema_version": SCHEMA_VERSION, "drugpages.table": table,
                                        "pandas": _pandas_metadata(TABLES[table])})


def _pandas_metadata(schema: pa.Schema) -> str:
    columns = [{"name": f.name, "field_name": f.name, "pandas_type": str(f.type),
                "numpy_type": str(f.type).capitalize(), "metadata": None}  # int32 → pandas' Int32
               for f in schema if f.nullable and pa.types.is_signed_integer(f.type)]
    return json.dumps({"index_columns": [], "column_indexes": [], "columns": columns,
                       "creator": {"library": "drugpages"}, "pandas_version": "3"})


def read_schema(table: str) -> pa.Schema:
    """The schema to read a table with: every current column plus the ``run_id`` partition.

    Reading with it, files of older runs that lack a column read as nulls in it.
    """
    return schema_for(table).append(pa.field("run_id", pa.string(), nullable=False,
                                             metadata={"doc": "The run (Hive partition run_id=<id>)."}))
