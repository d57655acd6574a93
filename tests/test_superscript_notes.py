"""A superscript number is a note marker or a citation: which notes the text has decides.

Notes written "[^n]:" (Markdown, and Word's own footnotes read from a .docx) are called by
"[^n]", so superscripts beside them cite.  Notes written as bare numbers (a page-break
conversion) are called by superscripts; there a superscript that numbers a reference and
no note still cites.  Every snippet is synthetic.
"""

from __future__ import annotations

import pytest

from citeaudit.pipeline import audit_text

NUMBERED_LIST = """
## References

1. Okafor, A. Soil carbon stocks in upland peat. Nature 12, 1–2 (2015).
2. Lind, B. Respiration of forest soils in winter. Science 3, 4–5 (2016).
3. Chen, C. Fluxes of methane from rice paddies. Ecology 7, 8–9 (2017).
"""

PROSE = "More prose follows here so that the body is a body. " * 4


@pytest.mark.parametrize(
    ("body", "notes", "cited", "undefined"),
    [
        pytest.param(
            "Soils<sup>1</sup> store carbon[^1] and respire<sup>2,3</sup>.", "[^1]: A note on soils.",
            [1, 2, 3], [], id="markdown-notes-superscripts-cite",
        ),
        pytest.param(
            "Soils<sup>2</sup> store carbon[^1] and respire<sup>7</sup>.", "[^1]: A note on soils.",
            [2, 7], [], id="markdown-notes-unknown-superscript-is-no-note",
        ),
        pytest.param(
            "Soils<sup>1</sup> store carbon<sup>3</sup> and respire.", "<sup>1</sup> A note on soils.",
            [3], [], id="bare-notes-reference-number-cites",
        ),
        pytest.param(
            "Soils<sup>1</sup> store carbon<sup>7</sup> and respire.", "<sup>1</sup> A note on soils.",
            [], [7], id="bare-notes-unknown-superscript-is-an-undefined-note",
        ),
        pytest.param(
            "Soils<sup>1</sup> store λ<sup>0</sup> carbon, m−<sup>2</sup> and x<sup>3</sup> at O(10<sup>4</sup>).",
            "<sup>1</sup> A note on soils.", [], [], id="bare-notes-mathematics-is-no-marker",
        ),
        pytest.param(
            "SARS-CoV-2<sup>1</sup> spreads; COVID-19<sup>2</sup> kills; vitamin D<sup>3</sup> helps.",
            "", [1, 2, 3], [], id="names-ending-in-digits-or-a-capital-cite",
        ),
        pytest.param(
            "Prior work<sup>1</sup>-<sup>3</sup> agrees.", "", [1, 3], [], id="hyphen-between-two-calls",
        ),
        pytest.param(
            "Soils in HadCRUT4<sup>3</sup> store carbon<sup>1</sup>, as in 1905<sup>2</sup>.",
            "<sup>1</sup> A note on soils.", [2, 3], [], id="name-or-year-before-a-superscript-still-cites",
        ),
    ],
)
def test_superscripts_in_a_numeric_text(body, notes, cited, undefined):
    report = audit_text(f"# Intro\n\n{body} {PROSE}\n\n{notes}\n{NUMBERED_LIST}")
    assert sorted({c.number for c in report.citations}) == cited
    assert [f.message for f in report.findings if f.code == "footnote-undefined"] == [
        f"footnote marker {n} has no footnote" for n in undefined
    ]


def test_author_year_text_with_markdown_notes_raises_no_undefined_note():
    text = (
        "# Intro\n\nSoils store carbon (Okafor, 2015)[^1] and respire<sup>2</sup> (Lind, 2016). "
        f"{PROSE}\n\n[^1]: A note on soils.\n\n## References\n\n"
        "Okafor, A. (2015). Soil carbon stocks in upland peat. Nature, 12, 1–2.\n\n"
        "Lind, B. (2016). Respiration of forest soils in winter. Science, 3, 4–5.\n"
    )
    assert "footnote-undefined" not in [f.code for f in audit_text(text).findings]
