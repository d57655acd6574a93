"""reference-list-missing: a manuscript that cites works and has no list says so once."""

from __future__ import annotations

import dataclasses

import pytest

from citeaudit.ingest import read_markdown_string
from citeaudit.pipeline import audit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Floods (Kunreuther, 2006) and (Botzen, 2012) and (Kousky, 2017).\n", [("reference-list-missing", "error")], id="three-citations"),
        pytest.param("One mention (Kunreuther, 2006) in a quotation.\n", [("reference-list-missing", "warning")], id="one-citation-says-less"),
        pytest.param("No citations at all, and no list.\n", [], id="nothing-cited"),
    ],
)
def test_missing_list(text, expected):
    report = audit(read_markdown_string(text, "m.md"))
    assert [(f.code, f.severity.value) for f in report.findings] == expected


def test_a_reader_note_is_the_reason_given():
    manuscript = read_markdown_string("Floods (Kunreuther, 2006).\n", "m.md")
    manuscript = dataclasses.replace(manuscript, notes=("the bibliography refs.bib named in the front matter was not found",))
    (finding,) = audit(manuscript).findings
    assert (finding.code, finding.severity.value) == ("reference-list-missing", "error")
    assert "refs.bib" in finding.message


def test_in_a_pdf_the_missing_list_is_a_warning_with_the_reason():
    manuscript = read_markdown_string("Floods (Kunreuther, 2006) and (Botzen, 2012) and (Kousky, 2017).\n", "m.pdf")
    manuscript = dataclasses.replace(manuscript, format="pdf")
    (finding,) = audit(manuscript).findings
    assert (finding.code, finding.severity.value) == ("reference-list-missing", "warning")
    assert "layout" in finding.message


def test_part_of_the_bibliography_missing_is_said_and_unmatched_citations_soften():
    text = "Floods (Kunreuther, 2006) and (Botzen, 2012).\n\n## References\n\nKunreuther, H. (2006). Disaster mitigation and insurance. *Journal of Risk*, 3(1), 1–20.\n"
    manuscript = dataclasses.replace(read_markdown_string(text, "m.md"), notes=("the bibliography more.bib was not found",))
    findings = [(f.code, f.severity.value) for f in audit(manuscript).findings]
    assert ("reference-list-missing", "error") in findings
    assert ("citation-unmatched", "warning") in findings
    assert ("citation-unmatched", "error") not in findings
