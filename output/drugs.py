"""The ``drugs`` view: one row per drug over the latest page snapshots of every site.

Derived, never stored: it is SQL over ``latest`` and ``latest_<table>``, so it
always agrees with the tables it comes from and with every reader. The key is
the DrugBank id when the pages carry one (a name seen with an id elsewhere
takes that id), else the generic name.
"""

from __future__ import annotations

from output.fields import FACTS, Field
from output.schema import TABLES, VIEWS

_VALUES_TYPE = "STRUCT(value VARCHAR, urls VARCHAR[])[]"
# The view's value columns: fact fields that name things a drug has (not pages, not the drug itself).
_COLUMN = {"drug_class": "drug_classes"}  # a page states one class; a drug gathers several
_FIELDS = tuple(sorted((f for f in FACTS if f.span is not None),
                       key=lambda f: VIEWS["drugs"].names.index(_COLUMN.get(f.name, f.name))))
_KINDS = tuple(_COLUMN.get(f.name, f.name) for f in _FIELDS)


def _values_sql(f: Field) -> str:
    """``drug_key, kind, value, url`` of one field over the latest snapshots (values keyed by ``f.key``)."""
    kind = _COLUMN.get(f.name, f.name)
    if f.table == "pages":
        return f"SELECT drug_key, '{kind}' AS kind, {f.key} AS value, url FROM p WHERE {f.key} IS NOT NULL"
    where = f" WHERE c.{f.match[0]} = '{f.match[1]}'" if f.match else ""
    return (f"SELECT p.drug_key, '{kind}' AS kind, c.{f.key} AS value, c.url "
            f"FROM latest_{f.table} c JOIN p USING (url){where}")


def drugs_sql() -> str:
    """The view's SELECT; works whether or not ``pages`` has a ``drugbank_id`` column."""
    has_id = "drugbank_id" in TABLES["pages"].names
    values = "\n    UNION ALL\n    ".join(_values_sql(f) for f in _FIELDS)
    page_id = "nullif(trim(drugbank_id), '')" if has_id else "CAST(NULL AS VARCHAR)"
    joins = "\n".join(
        f"LEFT JOIN per_kind AS k_{kind} ON k_{kind}.drug_key = b.drug_key AND k_{kind}.kind = '{kind}'"
        for kind in _KINDS
    )
    columns = ",\n       ".join(f"coalesce(k_{kind}.vals, CAST([] AS {_VALUES_TYPE})) AS {kind}" for kind in _KINDS)
    return f"""
WITH raw AS (
    SELECT url, site, lower(trim(drug)) AS drug, {page_id} AS drugbank_id,
           coalesce(lower(drug_class_mesh_name), drug_class) AS drug_class  -- one key per class, as for uses
    FROM latest WHERE drug IS NOT NULL AND trim(drug) <> ''
),
known AS (SELECT drug, min(drugbank_id) AS drugbank_id FROM raw WHERE drugbank_id IS NOT NULL GROUP BY drug),
p AS (
    SELECT raw.url, raw.site, raw.drug, raw.drug_class,
           coalesce(raw.drugbank_id, known.drugbank_id) AS drugbank_id,
           coalesce(raw.drugbank_id, known.drugbank_id, raw.drug) AS drug_key
    FROM raw LEFT JOIN known USING (drug)
),
vals AS (
    {values}
),
grouped AS (
    -- one value per spelling up to case; lower case sorts last, so "psoriasis" wins over "Psoriasis"
    SELECT drug_key, kind, max(value) AS value, list(DISTINCT url ORDER BY url) AS urls
    FROM vals GROUP BY drug_key, kind, lower(value)
),
per_kind AS (
    SELECT drug_key, kind, list({{'value': value, 'urls': urls}} ORDER BY value) AS vals FROM grouped
    GROUP BY drug_key, kind
),
names AS (SELECT drug_key, drug, count(*) AS n FROM p GROUP BY drug_key, drug),
b AS (
    SELECT p.drug_key, min(p.drugbank_id) AS drugbank_id,
           (SELECT first(n.drug ORDER BY n.n DESC, n.drug) FROM names n WHERE n.drug_key = p.drug_key) AS drug,
           list(DISTINCT p.drug ORDER BY p.drug) AS names,
           list(DISTINCT p.site ORDER BY p.site) AS sites,
           list(DISTINCT p.url ORDER BY p.url) AS page_urls
    FROM p GROUP BY p.drug_key
)
SELECT b.drug_key, b.drugbank_id, b.drug, b.names, b.sites, b.page_urls,
       {columns}
FROM b
{joins}
ORDER BY b.drug_key
"""
