"""Numbers and words in prose that are no citations, though shaped like one (issue 10).

A text that cites with superscripts writes "(N)" for counts: "a number-of-topics (100) matrix";
a capitalised word after a hyphen is part of a compound, not a name: "number-of-TRs (1976)".
Every snippet is synthetic.
"""

from __future__ import annotations

import pytest

from citeaudit.ingest.markdown import read_markdown_string
from citeaudit.pipeline import audit, audit_text

NUMBERED_LIST = """
## References

1. Okafor, A. Soil carbon stocks in upland peat. Nature 12, 1–2 (2015).
2. Lind, B. Respiration of forest soils in winter. Science 3, 4–5 (2016).
3. Chen, C. Fluxes of methane from rice paddies. Ecology 7, 8–9 (2017).
"""

AUTHOR_YEAR_LIST = """
## References

Okafor, A. (2015). Soil carbon stocks in upland peat. Nature, 12, 1–2.

Lennard-Jones, J. (1924). On the determination of molecular fields. Proceedings of the Royal Society A, 106, 463–477.
"""


def _numeric(body: str) -> list[str]:
    """The text of each citation found (a group citing two numbers is there twice)."""
    report = audit_text(f"# Intro\n\n{body}\n{NUMBERED_LIST}")
    return [c.text for c in report.citations]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "Soils store carbon<sup>1</sup> and respire<sup>2,3</sup>; peat holds more<sup>1</sup>, fens less<sup>3</sup>. "
            "We fit a number-of-windows by number-of-topics (100) matrix for (17) plots and (30) events.",
            ["1", "2,3", "2,3", "1", "3"], id="superscript-text-writes-counts-in-parentheses",
        ),
        pytest.param(
            "Soils store carbon<sup>1</sup> and respire (2). Peat holds more (3), and fens less (1).",
            ["1", "(2)", "(3)", "(1)"], id="one-superscript-does-not-make-a-superscript-text",
        ),
        pytest.param(
            "Soils store carbon (1) and respire (2). Peat holds more (3) and fens (1); bogs (2) differ. "
            "Units: m<sup>2</sup>, a<sup>3</sup>, 10<sup>4</sup>.",
            ["(1)", "(2)", "(3)", "(1)", "(2)"], id="exponents-are-no-superscript-citations",
        ),
        pytest.param(
            "Soils store carbon<sup>1</sup>, respire<sup>2</sup> and emit<sup>3</sup>, as seen before (1), "
            "later (2), then (3).",
            ["1", "2", "3", "(1)", "(2)", "(3)"], id="parentheses-as-many-as-superscripts-are-kept",
        ),
        pytest.param(
            "Soils store carbon [1] and respire [2, 3]; peat holds more [1] in (2) plots.",
            ["[1]", "[2, 3]", "[2, 3]", "[1]"], id="bracket-text-unchanged",
        ),
    ],
)
def test_parenthesised_numbers_in_a_numeric_text(body, expected):
    assert sorted(_numeric(body)) == sorted(expected)


def test_counts_in_a_superscript_text_raise_no_finding():
    body = ("Soils store carbon<sup>1</sup> and respire<sup>2,3</sup>; peat holds more<sup>1</sup>. "
            "This yielded a number-of-windows by number-of-topics (100) matrix.")
    report = audit_text(f"# Intro\n\n{body}\n{NUMBERED_LIST}")
    assert [f.code for f in report.findings] == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("This gave a number-of-TRs (1976) by topics matrix.", [], id="capital-after-a-hyphen"),
        pytest.param("This gave a number-of‐TRs (1976) matrix.", [], id="capital-after-a-unicode-hyphen"),
        pytest.param("We used the iPhone (2007) here.", [], id="capital-inside-a-word"),
        pytest.param("As Lennard-Jones (1924) showed.", [("Lennard-Jones",)], id="hyphenated-surname"),
        pytest.param("As Okafor (2015) showed.", [("Okafor",)], id="plain-surname"),
        pytest.param("As Okafor and Lennard-Jones (1924) showed.", [("Okafor", "Lennard-Jones")], id="two-names"),
    ],
)
def test_names_before_a_year_start_a_word(body, expected):
    report = audit_text(f"# Intro\n\n{body}\n{AUTHOR_YEAR_LIST}")
    assert [c.authors for c in report.citations] == expected


# --- a note's number called twice ----------------------------------------------------------------


def _audit_pdf_text(text: str):
    """Audit ``text`` as the PDF reader hands it on: its note calls were read from raised type."""
    return audit(read_markdown_string(text, "paper.pdf", format="pdf"))


@pytest.mark.parametrize(
    ("body", "cited", "calls"),
    [
        pytest.param(
            "Soils store carbon[^1]. Peat holds more.[^1] Fens emit<sup>2,3</sup>.",
            [(1, "carbon[^"), (2, "emit<sup>"), (3, "emit<sup>")], ["more."], id="the-call-after-punctuation-is-the-notes",
        ),
        pytest.param(
            "Soils store carbon.[^1] Peat holds more[^1] and fens emit<sup>2,3</sup>.",
            [(1, "more[^"), (2, "emit<sup>"), (3, "emit<sup>")], ["carbon."], id="order-does-not-matter",
        ),
        pytest.param(
            "Soils store carbon[^1] and peat holds more[^1]; fens emit<sup>2,3</sup>.",
            [(1, "more[^"), (2, "emit<sup>"), (3, "emit<sup>")], ["carbon"], id="none-after-punctuation-the-first-is-the-notes",
        ),
        pytest.param(
            "Soils store carbon.[^1] Fens emit<sup>1,2,3</sup>.",
            [(1, "emit<sup>"), (2, "emit<sup>"), (3, "emit<sup>")], ["carbon."], id="one-call-is-the-notes",
        ),
    ],
)
def test_a_note_is_called_once_in_a_numeric_pdf(body, cited, calls):
    text = f"# Intro\n\n{body}\n\n[^1]: A note on soils.\n{NUMBERED_LIST}"
    report = _audit_pdf_text(text)
    source = report.manuscript.source

    def before(offset: int, width: int) -> str:
        return source[offset - width : offset]

    assert [(c.number, before(c.location.offset, len(w))) for c, (_, w) in zip(report.citations, cited)] == cited
    assert len(report.citations) == len(cited)
    (note,) = report.footnotes
    assert [before(m.offset, len(w)) for m, w in zip(note.markers, calls)] == calls
    assert len(note.markers) == len(calls)
    assert [f.code for f in report.findings] == []


def test_a_note_called_twice_in_an_author_year_text_stays_a_note():
    text = ("# Intro\n\nSoils store carbon[^1] (Okafor, 2015). Peat holds more.[^1]\n\n[^1]: A note on soils.\n"
            f"{AUTHOR_YEAR_LIST}")
    report = audit_text(text)
    assert [c.authors for c in report.citations] == [("Okafor",)]
    assert len(report.footnotes[0].markers) == 2


def test_a_note_past_the_list_called_twice_stays_a_note():
    text = f"# Intro\n\nSoils store carbon[^7]. Peat holds more<sup>1,2,3</sup>.[^7]\n\n[^7]: A note.\n{NUMBERED_LIST}"
    report = audit_text(text)
    assert sorted(c.number for c in report.citations) == [1, 2, 3]
    assert len(report.footnotes[0].markers) == 2


def test_a_note_called_twice_in_markdown_stays_a_note():
    """An author who writes ``[^1]`` twice calls the note twice: only a PDF's raised type is ambiguous."""
    text = f"# Intro\n\nSoils store carbon[^1]. Peat holds more.[^1] Fens emit<sup>2,3</sup>.\n\n[^1]: A note on soils.\n{NUMBERED_LIST}"
    report = audit_text(text)
    assert sorted(c.number for c in report.citations) == [2, 3]
    assert len(report.footnotes[0].markers) == 2
