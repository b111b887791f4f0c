"""Drug classes grounded in MeSH's pharmacologic classes: one key per class, whole names only, ids only where
the vocabulary's id is trustworthy; carried to the records (tests/output/test_class_keys.py: rows and the
drugs view)."""

from __future__ import annotations

import pytest

from extract import extract_page
from extract.analysis.pharmacologic_classes import ground, key, vocabulary

HTML = {"content-type": "text/html; charset=utf-8"}


@pytest.mark.parametrize(("phrase", "name"), [
    ("beta blocker", "Adrenergic beta-Antagonists"),
    ("a beta-blocker", "Adrenergic beta-Antagonists"),
    ("beta-adrenergic blocking agents", "Adrenergic beta-Antagonists"),
    ("statins", "Hydroxymethylglutaryl-CoA Reductase Inhibitors"),
    ("HMG-CoA reductase inhibitor", "Hydroxymethylglutaryl-CoA Reductase Inhibitors"),
    ("SSRI", "Selective Serotonin Reuptake Inhibitors"),
    ("NSAID", "Anti-Inflammatory Agents, Non-Steroidal"),
    ("antidepressant medication", "Antidepressive Agents"),
    ("tricyclic antidepressant", "Antidepressive Agents, Tricyclic"),
    ("benzodiazepine", "Benzodiazepines"),
    ("selective serotonin reuptake inhibitor (SSRI)", "Selective Serotonin Reuptake Inhibitors"),
    ("angiotensin converting enzyme (ACE) inhibitor", "Angiotensin-Converting Enzyme Inhibitors"),
    ("HMG co-A reductase inhibitor", "Hydroxymethylglutaryl-CoA Reductase Inhibitors"),
    ("nonsteroidal anti-inflammatory drug", "Anti-Inflammatory Agents, Non-Steroidal"),
    ("alpha blocker", "Adrenergic alpha-Antagonists"),
])
def test_names_of_one_class_share_its_mesh_name(phrase: str, name: str) -> None:
    found = ground(phrase)
    assert found is not None and found.name == name and found.key == name.lower()
    assert all(t.startswith("D") for t in found.tree)


@pytest.mark.parametrize("phrase", ["high blood pressure", "prescription", "tacrolimus", "wonder pill", "", None])
def test_what_names_no_class_is_not_grounded(phrase: str | None) -> None:
    assert ground(phrase) is None


def test_a_narrower_class_is_not_filed_under_a_broader_one() -> None:
    """Only whole names: "tricyclic antidepressant" keeps its own descriptor, a qualifier MeSH lacks grounds
    nothing rather than the broader class."""
    assert ground("tricyclic antidepressant") != ground("antidepressant")
    assert ground("third-generation antidepressant") is None


def test_an_id_the_vocabulary_gives_several_classes_is_left_out() -> None:
    """The dictionary gives Glucocorticoids the glucocorticoid receptor's id and Antihypertensive Agents and
    Calcium Channel Blockers one id: their names and trees are kept, their ids not."""
    for phrase in ("glucocorticoid", "antihypertensive", "calcium channel blocker"):
        found = ground(phrase)
        assert found is not None and found.mesh_id is None, phrase
    assert ground("beta blocker").mesh_id == "D000319" and ground("benzodiazepine").mesh_id == "D001569"
    ids = [c.mesh_id for c in set(vocabulary().values()) if c.mesh_id]
    assert len(ids) == len(set(ids))  # one class per id


def test_key_folds_case_hyphens_and_a_plural() -> None:
    assert key("Beta-Blockers") == key("beta  blocker") == "beta blocker"


def _page(drug_sentence: str, partner_sentence: str = "") -> bytes:
    return (f"<html><body><div class='articleHtml'><h1>Metoprolol Uses</h1><div>{drug_sentence} {partner_sentence}"
            "</div></div></body></html>").encode()


def test_extraction_grounds_the_page_s_class_and_a_partner_class() -> None:
    url = "http://heart.emedtv.com/metoprolol/what-is-metoprolol-used-for.html"
    body = _page("Metoprolol is a prescription beta blocker approved to treat high blood pressure.",
                 "It is often used in combination with a diuretic such as hydrochlorothiazide.")
    record = extract_page(url, body, HTML).record
    assert record is not None and record.drug_class is not None
    assert record.drug_class_mesh_name == "Adrenergic beta-Antagonists" and record.drug_class_mesh_id == "D000319"
    (partner,) = record.co_medications
    assert (partner.co_medication, partner.drug_class) == ("hydrochlorothiazide", "diuretic")
    assert (partner.class_mesh_name, partner.class_mesh_id) == ("Diuretics", None)  # its id is another class's
