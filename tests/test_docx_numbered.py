"""DOCX: superscript numeric citations, numbered reference lists without a heading, Word numbering."""

from __future__ import annotations

import pytest

from citeaudit.ingest.docx import read_docx_bytes
from citeaudit.ingest.docx_lists import reference_runs, written_label
from citeaudit.pipeline import audit
from docx_maker import field, make_docx, numbering, p, r, styles, sym

ENTRIES = [
    "Köchy, M., Hiederer, R. & Freibauer, A. Global distribution of soil carbon. Soil 1, 351–365 (2015).",
    "Scharlemann, J. P. W. & Kapos, V. Global soil carbon. Carbon Manag. 5, 81–91 (2014).",
    "Bond, B. & Thomson, A. M. Temperature-associated increases in soil respiration. Nature 464, 579–582 (2010).",
    "Hashimoto, S. et al. Global spatiotemporal distribution of soil respiration. Biogeosciences 12, 4121–4132 (2015).",
    "Friedlingstein, P. et al. Uncertainties in climate projections. J. Clim. 27, 511–526 (2014).",
    "Trumbore, S. E. & Czimczik, C. I. An uncertain future for soil carbon. Science 321, 1455–1456 (2008).",
]


def sup(text: str) -> str:
    return r(text, sup=True)


def nature(*, space: str = "") -> bytes:
    """Title page with affiliations, text citing 1-6 in superscript, two lists without a heading."""
    return make_docx(
        [
            p("Rising soil respiration"),
            p("Ann Author", sup("1"), ", Bo Writer", sup("2"), " & Cy Third", sup("1")),
            p(sup("1"), "Department of Biology, Example University, Town, Country."),
            p(sup("2"), "Laboratory of Soils, Other Institute, City, Country."),
            p("Soils store carbon", sup("1,2"), ". The flux is rising", sup("3"), sup("–"), sup("5"),
              " across 10", sup("9"), " m", sup("2"), " of land, adjusted R", sup("2"), " = 0.25, and 2 g m",
              sup("−2"), " yr", sym(sup=True), sup("1"), ". " + "Long prose follows here. " * 12),
            *[p(f"{n}.{space}{text}") for n, text in enumerate(ENTRIES[:4], start=1)],
            p("Methods"),
            p("We used the database", sup("4"), " and a model (ref. ", sup("6"), ") of the record", sup("5"), "."),
            *[p(f"{n}.{space}{text}") for n, text in enumerate(ENTRIES[4:], start=5)],
            p("Extended Data Figure 1 Coverage of the database", sup("4"), "."),
        ]
    )


@pytest.mark.parametrize("space", [pytest.param("", id="1.Kochy"), pytest.param(" ", id="1. Kochy")])
def test_nature_manuscript_reads_cleanly(space):
    report = audit(read_docx_bytes(nature(space=space), "paper.docx"))
    assert [(ref.label, ref.raw.split(",")[0]) for ref in report.references] == [
        ("1", "1. Köchy"), ("2", "2. Scharlemann"), ("3", "3. Bond"), ("4", "4. Hashimoto"),
        ("5", "5. Friedlingstein"), ("6", "6. Trumbore"),
    ]
    assert [c.number for c in report.citations] == [1, 2, 3, 4, 5, 4, 6, 5, 4]
    assert report.findings == ()


def test_entries_point_back_to_their_paragraphs():
    manuscript = read_docx_bytes(nature(), "paper.docx")
    report = audit(manuscript)
    assert [ref.location.line for ref in report.references] == [6, 7, 8, 9, 12, 13]
    body = manuscript.text[manuscript.body.start : manuscript.body.end]
    assert "Extended Data Figure 1" in body and "Köchy" not in body


@pytest.mark.parametrize(
    ("pieces", "numbers"),
    [
        pytest.param(["database", sup("9")], [9], id="word"),
        pytest.param(["(SRDB)", sup("9")], [9], id="after-parenthesis"),
        pytest.param(["HadCRUT4", sup("3")], [3], id="after-alphanumeric-name"),
        pytest.param(["in ref. ", sup("3")], [3], id="after-space"),
        pytest.param(["since 2010", sup("3")], [3], id="after-a-year"),
        pytest.param(["fluxes", sup("1"), sup(","), sup("2")], [1, 2], id="split-runs-join"),
        pytest.param(["about 10", sup("9")], [], id="power-of-ten"),
        pytest.param(["1.5", sup("2")], [], id="decimal-base"),
        pytest.param(["area in m", sup("2")], [], id="unit-letter"),
        pytest.param(["adjusted R", sup("2")], [], id="r-squared"),
        pytest.param(["flux in g km", sup("2")], [], id="unit-word"),
        pytest.param(["per yr", sup("-1")], [], id="signed"),
        pytest.param(["per yr", sym(sup=True), sup("1")], [], id="symbol-minus"),
    ],
)
def test_superscript_is_a_citation_or_an_exponent(pieces, numbers):
    data = make_docx([p("Text ", *pieces, ". " + "More prose. " * 30), *[p(f"{n}. {e}") for n, e in enumerate(ENTRIES, start=1)]])
    report = audit(read_docx_bytes(data, "x.docx"))
    assert [c.number for c in report.citations] == numbers


@pytest.mark.parametrize(
    ("piece", "id_"),
    [
        pytest.param(field(" PAGE ", "3", sup=True), "page", id="page-number"),
        pytest.param(field(" NOTEREF _Ref123 \\h ", "2", sup=True), "noteref", id="note-number"),
        pytest.param(field(' HYPERLINK "https://example.org/5" ', "a link"), "hyperlink", id="hyperlink-instruction"),
    ],
)
def test_field_codes_are_not_citations(piece, id_):
    data = make_docx([p("Soils store carbon", sup("1"), " and more ", piece, ". " + "Prose. " * 40),
                      *[p(f"{n}. {e}") for n, e in enumerate(ENTRIES[:3], start=1)]])
    report = audit(read_docx_bytes(data, "x.docx"))
    assert [c.number for c in report.citations] == [1]
    assert [f.code for f in report.findings] == ["reference-uncited", "reference-uncited"]


def test_title_page_superscripts_are_affiliations_not_footnotes():
    manuscript = read_docx_bytes(nature(), "paper.docx")
    assert manuscript.footnote_blocks == ()
    report = audit(manuscript)
    assert all(c.location.line >= 5 for c in report.citations)
    assert not [f for f in report.findings if f.code.startswith("footnote")]


AUTO = numbering({1: [("decimal", "%1.")], 2: [("bullet", "•")], 3: [("decimal", "[%1]")]}, {1: (1, None), 2: (1, None), 3: (1, 1), 4: (2, None), 5: (3, None)})


@pytest.mark.parametrize(
    ("nums", "labels"),
    [
        pytest.param([1, 1, 1, 1], ["1", "2", "3", "4"], id="one-list"),
        pytest.param([5, 5, 5, 5], ["1", "2", "3", "4"], id="brackets"),
        pytest.param([1, 1, 2, 2], ["1", "2", "3", "4"], id="second-num-continues"),
    ],
)
def test_word_numbering_gives_entries_their_numbers(nums, labels):
    data = make_docx(
        [p("Text cites", sup("1–4"), ". " + "Prose. " * 50), *[p(e, num=(n, 0)) for n, e in zip(nums, ENTRIES)]],
        numbering_xml=AUTO,
    )
    report = audit(read_docx_bytes(data, "x.docx"))
    assert [ref.label for ref in report.references] == labels
    assert report.findings == ()


def test_word_numbering_restarted_by_an_override():
    data = make_docx(
        [p("Prose. " * 60), *[p(e, num=(1, 0)) for e in ENTRIES[:3]], p("Methods"), *[p(e, num=(3, 0)) for e in ENTRIES[3:]]],
        numbering_xml=AUTO,
    )
    manuscript = read_docx_bytes(data, "x.docx")
    refs = audit(manuscript).references
    assert [ref.raw[:3] for ref in refs] == ["1. ", "2. ", "3. ", "1. ", "2. ", "3. "]


def test_numbering_through_a_style_and_bullets_are_not_numbers():
    data = make_docx(
        [p("Cited", sup("1–3"), ". " + "Prose. " * 50), *[p(e, style="Bibliography") for e in ENTRIES[:3]],
         p("Notes"), *[p(e, num=(4, 0)) for e in ENTRIES[3:]]],
        numbering_xml=AUTO,
        styles_xml=styles({"Bibliography": (1, 0)}),
    )
    report = audit(read_docx_bytes(data, "x.docx"))
    assert [ref.label for ref in report.references] == ["1", "2", "3"]


@pytest.mark.parametrize(
    "paragraphs",
    [
        pytest.param([p(f"{n}. Mix the samples and wait.") for n in range(1, 5)], id="steps-without-years"),
        pytest.param([p(f"{n}. {e}") for n, e in enumerate(ENTRIES[:2], start=1)], id="two-are-too-few"),
        pytest.param([p(f"{n}. {e}") for n, e in enumerate(ENTRIES[:4], start=5)], id="starts-at-five"),
        pytest.param([p(f"{n}. {e}") for n, e in zip((1, 2, 4, 5), ENTRIES)], id="numbers-skip"),
    ],
)
def test_numbered_paragraphs_that_are_not_a_reference_list(paragraphs):
    manuscript = read_docx_bytes(make_docx([p("Prose. " * 60), *paragraphs, p("More prose.")]), "x.docx")
    assert manuscript.references is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1.Köchy, M.", (1, "1.", 2), id="no-space"),
        pytest.param("12. Smith", (12, "12.", 3), id="dot"),
        pytest.param("[3] Smith", (3, "[3]", 3), id="brackets"),
        pytest.param("(4) Smith", (4, "(4)", 3), id="parentheses"),
        pytest.param("5) Smith", (5, "5)", 2), id="closing-parenthesis"),
        pytest.param("1.5 g of soil", None, id="decimal"),
        pytest.param("2014. A year", None, id="year"),
        pytest.param("Smith 1.", None, id="not-at-start"),
    ],
)
def test_written_label(text, expected):
    found = written_label(text)
    assert (None if found is None else (found[0].number, found[0].shown, found[1])) == expected


def _items(numbers: list[int | None], text: str = ENTRIES[0]):
    labels = [None if n is None else written_label(f"{n}. x")[0] for n in numbers]
    return [(i, label, text) for i, label in enumerate(labels)]


@pytest.mark.parametrize(
    ("numbers", "runs"),
    [
        pytest.param([1, 2, 3], [[0, 1, 2]], id="one"),
        pytest.param([1, 2, 3, None, 4, 5, 6], [[0, 1, 2], [4, 5, 6]], id="continued"),
        pytest.param([1, 2, 3, None, 1, 2, 3], [[0, 1, 2], [4, 5, 6]], id="restarted"),
        pytest.param([None, 7, 8, 9], [], id="orphan-continuation"),
        pytest.param([1, 2, None, 3, 4], [], id="broken"),
    ],
)
def test_reference_runs(numbers, runs):
    assert reference_runs(_items(numbers)) == runs


def test_word_numbered_entries_under_a_heading_are_shown_with_their_numbers():
    # Two entries lack a year, so the list is found by its heading, not by its shape.
    undated = [e.rsplit(" (", 1)[0] + "." for e in ENTRIES[:2]]
    data = make_docx(
        [p("Text cites", sup("1–4"), ". " + "Prose. " * 50), p("References", style="Heading1"),
         *[p(e, num=(1, 0)) for e in [*undated, *ENTRIES[2:4]]]],
        numbering_xml=AUTO,
    )
    report = audit(read_docx_bytes(data, "x.docx"))
    assert [ref.label for ref in report.references] == ["1", "2", "3", "4"]
    assert [c.number for c in report.citations] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        pytest.param("1. Köchy, M., Hiederer, R. & Freibauer, A. Global soil carbon. Soil 1, 351–365 (2015).", True, id="nature"),
        pytest.param("2. Smith AB, Jones C. Soil carbon. J Soils. 2015;1:3-4.", True, id="vancouver"),
        pytest.param("3. R Development Core Team. R: A language. Version 3.3.3 (2017).", False, id="no-author-shape"),
        pytest.param("4. Temperature rose by 0.7 °C between 1990 and 2010 at all sites.", False, id="finding-with-years"),
        pytest.param("5. Smith, J. (2015).", False, id="too-short"),
    ],
)
def test_is_entry(text, entry):
    from citeaudit.ingest.docx_lists import is_entry

    assert is_entry(text) is entry


def test_heading_above_a_numbered_list_heads_it_and_what_follows_is_text():
    data = make_docx(
        [p("Soils", sup("1–3"), ". " + "Prose. " * 50), p("References", style="Heading1"),
         *[p(f"{n}. {e}") for n, e in enumerate(ENTRIES[:3], start=1)],
         p("Supplementary Figure 1", style="Heading1"), p("Caption citing", sup("2"), ".")]
    )
    manuscript = read_docx_bytes(data, "x.docx")
    report = audit(manuscript)
    assert manuscript.reference_heading == "References"
    assert [ref.label for ref in report.references] == ["1", "2", "3"]
    assert [c.number for c in report.citations] == [1, 2, 3, 2]
    assert report.findings == ()


def test_superscript_citations_beside_word_footnotes():
    from docx_maker import note_ref

    data = make_docx(
        [p("Soils", sup("1"), " store carbon", note_ref(1), " and", sup("3"), ". " + "Prose. " * 50),
         *[p(f"{n}. {e}") for n, e in enumerate(ENTRIES[:3], start=1)]],
        footnotes={1: [p("A note on soils.")]},
    )
    report = audit(read_docx_bytes(data, "x.docx"))
    assert [c.number for c in report.citations] == [1, 3]
    assert [f.code for f in report.findings] == ["reference-uncited"]


@pytest.mark.parametrize(
    ("pieces", "raw"),
    [
        pytest.param(["Hashimoto, S. ", r("et al.", i=True), " Soil respiration. ", r("Biogeosciences", i=True), " 12, 1–2 (2015)."],
                     "Hashimoto, S. et al. Soil respiration. *Biogeosciences* 12, 1–2 (2015).", id="italic-et-al-is-no-title"),
        pytest.param(["Smith, J. ", r("Harbours", i=True), ". Penguin (2001)."], "Smith, J. *Harbours*. Penguin (2001).", id="italic-title"),
    ],
)
def test_italics_in_entries_under_a_heading(pieces, raw):
    data = make_docx([p("Prose (Smith, 2001; Hashimoto et al., 2015). " * 3), p("References", style="Heading1"), p(*pieces)])
    assert audit(read_docx_bytes(data, "x.docx")).references[0].raw == raw


CHARACTER_STYLES = styles(characters={"Cite": ("superscript", None), "CiteBlue": (None, "Cite"), "Plain": ("baseline", "Cite")})


@pytest.mark.parametrize(
    ("run", "numbers"),
    [
        pytest.param(r("2", style="Cite"), [2], id="style-raises"),
        pytest.param(r("2", style="CiteBlue"), [2], id="inherited"),
        pytest.param(r("2", style="Plain"), [], id="style-lowers-again"),
        pytest.param('<w:r><w:rPr><w:rStyle w:val="Cite"/><w:vertAlign w:val="baseline"/></w:rPr><w:t>2</w:t></w:r>', [], id="direct-baseline-wins"),
    ],
)
def test_superscript_set_by_a_character_style(run, numbers):
    data = make_docx([p("Soils store carbon", run, ". " + "Prose. " * 50), *[p(f"{n}. {e}") for n, e in enumerate(ENTRIES[:3], start=1)]],
                     styles_xml=CHARACTER_STYLES)
    assert [c.number for c in audit(read_docx_bytes(data, "x.docx")).citations] == numbers
