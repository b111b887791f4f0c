"""Conditions grounded in MeSH: one key for one condition, whatever the page calls it."""

from __future__ import annotations

import pytest

from extract import extract_page
from extract.analysis.mesh import OVERRIDES, ground

SAME_CONDITION = [
    ("high blood pressure", "hypertension", "D014655"),
    ("heart attack", "myocardial infarction", "D006342"),
    ("ADHD", "attention deficit hyperactivity disorder", "D001289"),
    ("Raynaud's phenomenon", "Raynaud disease", "D011928"),
    ("Behçet's disease", "Behcet syndrome", "D001528"),
    ("depression", "depressive disorder", "D003866"),
    ("enlarged prostate", "benign prostatic hyperplasia", "D053448"),
    ("quit smoking", "smoking cessation", "D020340"),
    ("trouble falling asleep", "insomnia", "D007319"),
    ("fluid retention", "edema", "D004487"),
    ("dementia with Lewy bodies", "Lewy body dementia", "D016631"),
]


@pytest.mark.parametrize(("lay", "medical", "mesh_id"), SAME_CONDITION)
def test_two_names_of_one_condition_share_one_descriptor_and_key(lay: str, medical: str, mesh_id: str) -> None:
    a, b = ground(lay), ground(medical)
    assert a is not None and b is not None
    assert a.descriptor.mesh_id == b.descriptor.mesh_id == mesh_id
    assert a.whole and b.whole and a.key == b.key


def test_a_qualified_condition_is_grounded_by_its_head_and_keeps_its_own_key() -> None:
    g = ground("edema associated with congestive heart failure")
    assert g is not None and g.descriptor.name == "Edema" and not g.whole
    assert (g.start, g.end) == (0, len("edema"))
    assert ground("moderate-to-severe plaque psoriasis").descriptor.name == "Psoriasis"


def test_plurals_and_modifiers_do_not_make_another_condition() -> None:
    assert ground("migraines").whole and ground("migraines").descriptor.name == "Migraine Disorders"
    assert ground("severe acute pain").descriptor.mesh_id == ground("acute pain").descriptor.mesh_id


def test_the_packages_mislabelled_parents_get_meshs_own_ids() -> None:
    """The dictionary gives "edema" hydrops fetalis's id and "arthritis" psoriatic arthritis's."""
    assert ground("edema").descriptor.mesh_id == "D004487"
    assert ground("arthritis").descriptor.mesh_id == "D001168"
    assert ground("psoriatic arthritis").descriptor.mesh_id == "D015535"


def test_what_is_no_condition_stays_ungrounded() -> None:
    for phrase in ("both", "blood sugar control", "the", "extended-release form", "organ rejection"):
        assert ground(phrase) is None, phrase


def test_every_override_resolves() -> None:
    assert all(ground(name) is not None for name in OVERRIDES)


def test_use_rows_carry_the_descriptor_and_the_one_key() -> None:
    html = b"""<html><body><div class="articleHtml"><h1>What Is Losartan Used For?</h1>
    <div>Losartan is approved to treat high blood pressure (hypertension) and diabetic nephropathy.</div>
    <div>Doctors sometimes prescribe losartan off-label for Raynaud's phenomenon.</div></div></body></html>"""
    record = extract_page("http://drugs.emedtv.com/losartan/what-is-losartan-used-for.html", html, {}).record
    assert record is not None
    by_condition = {u.condition.lower(): u for u in record.uses}
    bp = by_condition["high blood pressure"]
    assert (bp.mesh_id, bp.mesh_name, bp.normalized) == ("D014655", "Hypertension", "hypertension")
    assert "C14.907.489" in bp.mesh_tree
    assert by_condition["raynaud's phenomenon"].normalized == "raynaud disease"
