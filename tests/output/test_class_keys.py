"""A class named two ways on two sites is one value of the drugs view: its MeSH name (pages.drug_class_mesh_name)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from drugpages.commands.extract import extract
from output import load
from output.warc import WarcSink


def _page(sentence: str) -> bytes:
    return (f"<html><body><div class='articleHtml'><h1>Metoprolol Uses</h1><div>{sentence}</div></div></body>"
            "</html>").encode()


def test_the_drugs_view_gathers_two_wordings_of_a_class_under_one_value(tmp_path: Path) -> None:
    pages = {
        "http://heart.emedtv.com/metoprolol/metoprolol.html":
            _page("Metoprolol is a prescription beta blocker approved to treat high blood pressure."),
        "https://meds.example.org/monographs/metoprolol":
            _page("Metoprolol belongs to a group of medicines called beta-adrenergic blocking agents."),
    }
    sink = WarcSink(tmp_path / "warc", "classes")
    for url, body in pages.items():
        sink.write_response(url, 200, "OK", [("Content-Type", "text/html; charset=utf-8")], body, datetime.now(UTC))
    sink.close()
    out = tmp_path / "out"
    extract([str(tmp_path / "warc")], str(out), workers=1)
    rows = load(str(out), "pages").set_index("url")
    assert set(rows["drug_class_mesh_name"]) == {"Adrenergic beta-Antagonists"}
    assert set(rows["drug_class"]) == {"beta blocker", "beta-adrenergic blocking agent"}
    (drug,) = load(str(out), "drugs").itertuples()
    assert [(v["value"], sorted(v["urls"])) for v in drug.drug_classes] == [
        ("adrenergic beta-antagonists", sorted(pages))]
