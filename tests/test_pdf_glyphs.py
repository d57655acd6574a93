"""Accents set as glyphs of their own over a letter (TeX's OT1 fonts) are read as one character."""

from __future__ import annotations

import pytest

from citeaudit.ingest.pdf import read_pdf_bytes
from citeaudit.ingest.pdf_chars import _accented
from citeaudit.pipeline import audit
from pdf_maker import line, make_pdf


@pytest.mark.parametrize(
    ("before", "text", "before_box", "box", "expected"),
    [
        pytest.param("´", "e", (309.3, 314.7), (309.6, 314.4), "é", id="acute-over-e"),
        pytest.param("¨", "o", (50.0, 54.0), (50.0, 55.0), "ö", id="dieresis-over-o"),
        pytest.param("`", "a", (50.0, 54.0), (50.2, 55.0), "à", id="grave-backtick-over-a"),
        pytest.param("ˇ", "c", (50.0, 54.0), (50.0, 54.5), "č", id="caron"),
        pytest.param("´", "\u0131", (50.0, 53.0), (50.5, 53.0), "í", id="dotless-i"),
        pytest.param("e", "´", (50.0, 55.0), (50.5, 54.5), "é", id="accent-after-letter"),
        pytest.param("~", "s", (40.0, 45.0), (45.0, 50.0), None, id="url-tilde-beside"),
        pytest.param("´", "q", (50.0, 54.0), (50.0, 55.0), None, id="no-such-character"),
        pytest.param("´", "1", (50.0, 54.0), (50.0, 55.0), None, id="not-a-letter"),
        pytest.param("a", "b", (50.0, 54.0), (50.0, 55.0), None, id="no-accent"),
    ],
)
def test_accented(before, text, before_box, box, expected):
    assert _accented(before, text, before_box, box) == expected


def accented_paper() -> bytes:
    """"Grégoire" printed as "Gr", an acute and "egoire", the acute set over the e (Helvetica:
    "Gr" is 11.11 pt wide at 10 pt), in the text's citation and in the list."""
    def name(top: float, x: float, after: str):
        return [line(top, "Gr", x=x), line(top, "\u00b4", x=x + 11.11), line(top, f"egoire{after}", x=x + 11.11)]

    prose = [line(80 + 12 * i, f"Line {i} of the introduction tells what the sea walls were for.") for i in range(30)]
    text = [line(460, "Walls were studied early (", x=72), *name(460, 190.6, " et al., 2009).")]
    heading = [line(500, "References", size=14)]
    entry = [*name(520, 72, ", M., Roncagalli, R. and Aguado, E. (2009). Loss of the"),
             line(532, "adaptor in sea walls. Coastal Review, 31, 197-208.", x=82)]
    return make_pdf([[*prose, *text, *heading, *entry]])


def test_accented_name_matches_its_citation():
    manuscript = read_pdf_bytes(accented_paper(), "a.pdf")
    assert "´" not in manuscript.text
    report = audit(manuscript)
    assert [r.csl["author"][0]["family"] for r in report.references] == ["Grégoire"]
    assert [c.authors for c in report.citations] == [("Grégoire",)]
    assert report.findings == ()


def loose_accent_paper() -> bytes:
    """The acute of "École" written after the whole line, over the E (as TeX sets the caron of
    "Š"): "(" is 3.33 pt wide and "E" 6.67 pt in Helvetica at 10 pt."""
    prose = [line(80 + 12 * i, f"Line {i} of the introduction tells what the sea walls were for.") for i in range(30)]
    text = [line(460, "(Ecole and Hodrova, 1985) studied the walls first."), line(459, "\u00b4", x=72 + 3.33 + 1.67)]
    refs = [line(500, "References", size=14),
            line(520, "\u00c9cole, P. and Hodrova, M. (1985). Sea walls. Coastal Review, 3, 1-9.")]
    return make_pdf([[*prose, *text, *refs]])


def test_accent_written_after_its_line_joins_its_letter():
    manuscript = read_pdf_bytes(loose_accent_paper(), "l.pdf")
    report = audit(manuscript)
    assert "(École and Hodrova, 1985)" in manuscript.text and "´" not in manuscript.text
    assert [c.authors for c in report.citations] == [("École", "Hodrova")]
    assert report.findings == ()


def doi_in_typewriter(gap: float) -> bytes:
    """biblatex's DOI: typewriter characters 6 pt wide (Courier at 10 pt), a little glue at each
    break point; ``gap`` is that glue."""
    pieces = ["10", ".", "1002", "/", "aja", ".", "1002030302"]
    x = 100.0
    doi = []
    for piece in pieces:
        doi.append(line(172, piece, x=x, font="mono"))
        x += 6 * len(piece) + gap
    return make_pdf([[
        line(100, "Fish embryos grow in stages (Kimmel and Ullmann, 1995)."),
        line(140, "References", size=12, font="bold"),
        line(160, "Kimmel, C. B. and Ullmann, B. (1995). Stages of embryonic development. Dev Dyn 203, 253-310."),
        line(172, "doi:", x=82), *doi,
    ]])


@pytest.mark.parametrize(
    ("gap", "doi"),
    [pytest.param(1.8, "10.1002/aja.1002030302", id="glue-at-break-points"), pytest.param(0.0, "10.1002/aja.1002030302", id="no-glue")],
)
def test_typewriter_doi_with_glue_is_one_doi(gap, doi):
    report = audit(read_pdf_bytes(doi_in_typewriter(gap), "d.pdf"))
    assert [r.csl.get("DOI") for r in report.references] == [doi]
    assert report.findings == ()


def test_typewriter_words_apart_by_a_character_keep_their_space():
    pdf = make_pdf([[line(100, "Run", x=72, font="mono"), line(100, "make", x=72 + 18 + 6, font="mono")]])
    assert "Run make" in read_pdf_bytes(pdf, "t.pdf").text
