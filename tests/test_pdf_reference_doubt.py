"""reference-incomplete is told as info when a title was read as a person's name.

BMC's style writes a group author, a colon and the title: "WMO: Climate Indicators Part II.
*State of the Climate* 2015:12." The rules read "Part II" as a surname with initials and the
italic series after it as a book's title; the "book" then lacks a publisher only because the
parse put its fields in the wrong places.
"""

from __future__ import annotations

import dataclasses

import pytest

from citeaudit.ingest import read_markdown_string
from citeaudit.pipeline import audit

BODY = "Indicators [1] and harbours [2] and shores [3].\n\n# References\n\n"
OTHERS = (
    "2. Lewis M: *Governance and Corruption in Public Health Care*. Washington, DC: Center for Global Development; 2006.\n\n"
    "3. Nakamura K: Shore erosion after dredging. *J Coast Res* 2011, 27(2):101-110.\n"
)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        pytest.param(
            "1. WMO: Climate Indicators Part II. *State of the Climate* 2015:12. ISBN 978 1 2 345678 9.\n\n",
            [("reference-incomplete", "info", "'WMO: Climate Indicators Part' was read as a person's name")],
            id="title-read-as-name",
        ),
        pytest.param(
            "1. Brown T: *Harbours in History*. 2015.\n\n",
            [("reference-incomplete", "warning", "entry 1 (book) has no publisher")],
            id="book-without-publisher-still-warned",
        ),
        pytest.param(
            "1. Garcia Lopez de la Cruz MJ: *Harbours in History*. 2015.\n\n",
            [("reference-incomplete", "warning", "entry 1 (book) has no publisher")],
            id="long-surname-with-particles-is-a-name",
        ),
        pytest.param(
            "1. UNEP Ocean Acidification Report Part III. *Global Environment Outlook* 2012:40.\n\n",
            [("reference-incomplete", "info", "was read as a person's name")],
            id="four-capitalised-given-names",
        ),
        pytest.param(
            "1. Global Health Indicators Part II. *World Health Statistics* 2010:66.\n\n",
            [("reference-incomplete", "info", "'Global Health Indicators Part' was read as a person's name")],
            id="four-capitalised-surnames",
        ),
    ],
)
def test_missing_field_severity(entry, expected):
    report = audit(read_markdown_string(BODY + entry + OTHERS, "m.md"))
    found = [(f.code, f.severity.value, f.message) for f in report.findings if f.message.startswith("entry 1 ")]
    assert [(code, severity) for code, severity, _ in found] == [(code, severity) for code, severity, _ in expected]
    for (_, _, message), (_, _, words) in zip(found, expected):
        assert words in message


@pytest.mark.parametrize(
    ("source_format", "severity"),
    [pytest.param("pdf", "info", id="pdf-type-is-a-guess"), pytest.param("markdown", "warning", id="markdown-italics-say-book")],
)
def test_a_pdf_entry_without_publisher_is_info(source_format, severity):
    # amsplain sets every title in italics: a paper in "Proc. Twelfth POPL" reads as a book.
    text = BODY + "1. Cooper KD: *Analyzing Aliases of Reference Formal Parameters*. Proc. Twelfth POPL; 1985.\n\n" + OTHERS
    manuscript = dataclasses.replace(read_markdown_string(text, "m.md"), format=source_format)
    found = [(f.code, f.severity.value) for f in audit(manuscript).findings if f.message.startswith("entry 1 ")]
    assert found == [("reference-incomplete", severity)]
