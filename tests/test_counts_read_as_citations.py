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


# --- found in review: units, Arabic articles, reset note numbers, identifiers --------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "Plots of 4 cm<sup>2</sup> were cut (1). Cores of 12 cm<sup>3</sup> were dried as before (2). "
            "Each 10 km<sup>2</sup> basin was mapped (3). Soil of 2 cm<sup>3</sup> and 5 mm<sup>2</sup> was sieved.",
            ["(1)", "(2)", "(3)"], id="units-with-powers-are-no-superscript-citations",
        ),
        pytest.param(
            "The fit was reported before (1) (R<sup>2</sup> = 0.81), again (2) (R<sup>2</sup> = 0.77), "
            "and later (3) (R<sup>2</sup> = 0.69; R<sup>2</sup> = 0.70).",
            ["(1)", "(2)", "(3)"], id="r-squared-is-no-citation",
        ),
        pytest.param(
            "Soils store carbon<sup>1</sup> and respire<sup>2</sup>; fens emit methane<sup>3</sup>. "
            "Strains DSM [20016], DSM [20017] and DSM [20018] were grown on agar.",
            ["1", "2", "3"], id="five-digit-identifiers-do-not-make-a-bracket-text",
        ),
    ],
)
def test_powers_and_identifiers_leave_the_citations(body, expected):
    assert _numeric(body) == expected


@pytest.mark.parametrize(
    ("sentence", "entry", "authors"),
    [
        ("As el-Sayed (2019) showed, the dunes moved.", "el-Sayed, M. (2019). Moving dunes. Geomorphology, 12, 1–9.", ("el-Sayed",)),
        ("The survey of al-Rashid (2015) is older.", "al-Rashid, K. (2015). A survey of oases. Arid Lands, 3, 4–5.", ("al-Rashid",)),
        ("Lennard\u2011Jones (1924) derived it.", "Lennard\u2011Jones, J. (1924). Molecular fields. Proc. R. Soc. A, 106, 463–477.", ("Lennard\u2011Jones",)),
    ],
    ids=["el-article", "al-article", "non-breaking-hyphen"],
)
def test_names_with_a_hyphenated_article_or_hyphen_are_read(sentence, entry, authors):
    text = f"# Intro\n\n{sentence} Soils store carbon (Okafor, 2015).\n\n# References\n\nOkafor, A. (2015). Soil carbon. Nature, 12, 1–2.\n\n{entry}\n"
    report = audit_text(text)
    assert [c.authors for c in report.citations] == [authors, ("Okafor",)]
    assert [f.code for f in report.findings] == []


def test_notes_numbered_again_per_chapter_stay_notes_in_a_pdf():
    """A thesis restarts its notes each chapter: two notes 1, each called once, cite nothing."""
    text = (
        "# One\n\nSoils store carbon<sup>2</sup> and respire<sup>3</sup> in winter.[^1] More text.\n\n"
        "[^1]: Measured in 2019.\n\n# Two\n\nPeat holds more<sup>2,3</sup> in the north.[^1] We go on.\n\n"
        f"[^1]: The fens were drained in 1950.\n{NUMBERED_LIST}"
    )
    report = _audit_pdf_text(text)
    assert sorted(c.number for c in report.citations) == [2, 2, 3, 3]
    assert [f.code for f in report.findings] == ["reference-uncited"]  # entry 1 is cited nowhere


def test_a_note_labelled_with_a_superscript_digit_is_no_crash():
    report = audit_text("# Intro\n\nA note[^²] here.\n\n[^²]: An odd label.\n")
    assert [f.code for f in report.findings if f.severity.name == "ERROR"] == []
