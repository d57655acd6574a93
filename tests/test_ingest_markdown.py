"""Reading Markdown/text: PDF-conversion scars are undone and every offset maps back."""

from __future__ import annotations

import time

import pytest

from citeaudit.citations import patterns
from citeaudit.citations.extract import extract, find_abbreviations, split_authors
from citeaudit.ingest import read_markdown_string
from citeaudit.ingest.clean import clean
from citeaudit.model import CitationKind


@pytest.mark.parametrize(
    ("source", "text"),
    [
        pytest.param("a &quot;b&quot; &amp; c &#8211; d", 'a "b" & c – d', id="entities"),
        pytest.param('see <a href="https://x.org">https://x.org</a>.', "see https://x.org.", id="links"),
        pytest.param("19<sup>th</sup> century", "19th century", id="sup"),
        pytest.param("<sup>13 &</sup>quot;Abe", '13 "Abe', id="mangled-sup-entity"),
        pytest.param(r"\$1.6 billion", "$1.6 billion", id="escape"),
        pytest.param(r" $<sup>\</sup>underline{09/06/a-b/\#.W}$, x", " 09/06/a-b/#.W, x", id="latex-debris"),
        pytest.param("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O", "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O", id="sici-doi-untouched"),
        pytest.param("<i>Nature</i>", "*Nature*", id="italics"),
    ],
)
def test_clean(source, text):
    cleaned = clean(source)
    assert cleaned.text == text
    assert len(cleaned.offsets) == len(cleaned.text) + 1
    # Every kept character maps to the same character in the source, or to the markup it replaced.
    for i, ch in enumerate(cleaned.text):
        assert 0 <= cleaned.offsets[i] < len(source)


def test_page_break_hyphen_and_footnotes_between():
    source = (
        "Yeltsin rejected Japan's human-\n\n<sup>1</sup> New York Times, June 4 1995.\n\n"
        "itarian aid (Nimmo, 1994).<sup>1</sup>\n\n# References\n\nNimmo, W. F. (1994). *Japan*. Greenwood Press.\n"
    )
    manuscript = read_markdown_string(source, "x.md")
    body = manuscript.text[manuscript.body.start : manuscript.body.end]
    assert "humanitarian aid (Nimmo, 1994)." in body
    offset = manuscript.text.index("itarian")
    assert manuscript.locate(offset).line == 5 and manuscript.locate(offset).column == 1
    assert manuscript.locate(manuscript.text.index("human")).line == 1
    assert len(manuscript.footnote_blocks) == 1
    result = extract(manuscript)
    assert [n.number for n in result.footnotes if n.referenced] == [1]
    assert result.citations[0].location.line == 5


@pytest.mark.parametrize(
    "heading",
    ["# References", "REFERENCES", "**Bibliography**", "## Works Cited", "Literature Cited", "Literaturverzeichnis",
     "# Références", "Bibliografía", "Riferimenti bibliografici", "#### **REFERENCES**"],
)
def test_reference_headings(heading):
    manuscript = read_markdown_string(f"Body (Smith, 2010).\n\n{heading}\n\nSmith, J. (2010). *A book*. Press.\n")
    assert manuscript.references is not None
    assert manuscript.text[manuscript.references.start :].startswith("Smith, J. (2010)")


def test_reference_section_found_by_shape_without_heading():
    source = (
        "Body text cites Smith (2010) and Jones (2011) and Lee (2012).\n\n"
        "Smith, J. (2010). A book. Press.\n\nJones, K. (2011). Another. Press.\n\nLee, P. (2012). Third. Press.\n"
    )
    manuscript = read_markdown_string(source)
    assert manuscript.references is not None
    assert manuscript.text[manuscript.references.start :].startswith("Smith, J. (2010)")


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        pytest.param("(Tanaka, 2018)", [("Tanaka",), "2018", ""], id="paren"),
        pytest.param("(see also Okafor & Lindqvist, 2019, p. 44)", [("Okafor", "Lindqvist"), "2019", ""], id="prefix-locator"),
        pytest.param("Tanaka's (2018a) view", [("Tanaka",), "2018", "a"], id="possessive-suffix"),
        pytest.param("Okafor and Lindqvist (2019) say", [("Okafor", "Lindqvist"), "2019", ""], id="narrative-and"),
        pytest.param("Smith et al. (2010) say", [("Smith",), "2010", ""], id="et-al"),
        pytest.param("(e.g., van der Berg, 2012)", [("van der Berg",), "2012", ""], id="particles"),
        pytest.param("(Tanaka, n.d.)", [("Tanaka",), "n.d.", ""], id="nd"),
        pytest.param("(Okafor, in press)", [("Okafor",), "in press", ""], id="in-press"),
        pytest.param("(Smith 2010, 44)", [("Smith",), "2010", ""], id="chicago-page"),
        pytest.param("(May and Finch, 2009)", [("May", "Finch"), "2009", ""], id="month-name-beside-a-name-is-an-author"),
        pytest.param("as March and Olsen (1989) argue", [("March", "Olsen"), "1989", ""], id="narrative-month-name-author"),
    ],
)
def test_author_year_citations(text, cited):
    manuscript = read_markdown_string(f"Intro. {text} more.\n")
    citations = extract(manuscript).citations
    assert len(citations) == 1
    c = citations[0]
    assert [c.authors, c.year, c.suffix] == cited


@pytest.mark.parametrize(
    "text",
    ["in 1992 the treaty", "(1985-1991)", "(Figure 1)", "(Table 2, 2019)", "(n = 12)", "(September 1992)", "(since 1991)",
     "(May 2009)", "(March and April 2020)", "(Spring, 2019)",
     "(in the late 1990)", "(p < 0.05)", "Equation (3) holds"],
)
def test_not_citations(text):
    manuscript = read_markdown_string(f"Intro. {text} more.\n")
    assert extract(manuscript).citations == ()


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("[1]", [1]), ("[3, 7]", [3, 7]), ("[4]–[6]", [4, 5, 6]), ("[1-3]", [1, 2, 3]), ("[1,3–5]", [1, 3, 4, 5]), ("(12)", [12])],
)
def test_numeric_citations(text, numbers):
    manuscript = read_markdown_string(f"Intro {text} more.\n")
    citations = extract(manuscript, numeric=True).citations
    assert [c.number for c in citations] == numbers
    assert all(c.kind is CitationKind.NUMERIC for c in citations)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        pytest.param("Floods are costly (1). Insurance helps (2, 3).", [1, 2, 3], id="paren-citations"),
        pytest.param("The changes are: (1) adaptive momentum; (2) a new kick; and (3) restarts.", [], id="enumerated-list"),
        pytest.param("Each step costs O(1) work and f(2) is small.", [], id="function-arguments"),
        pytest.param("As shown (1), and as (2) argues, floods cost.", [1, 2], id="citation-before-a-comma"),
        pytest.param("As reported earlier, (1) and later (2, 3), floods cost.", [1, 2, 3], id="clause-opening-citation-without-neighbour"),
        pytest.param("Steps: (1) measure; and (2) report.", [], id="two-item-list"),
        pytest.param("Use `arr[1]` here [2].", [2], id="code-span-is-no-citation"),
    ],
)
def test_numbers_in_parentheses(text, numbers):
    manuscript = read_markdown_string(f"Intro. {text}\n")
    assert [c.number for c in extract(manuscript, numeric=True).citations] == numbers


def test_superscript_numbers_are_citations_in_numeric_manuscripts_without_notes():
    manuscript = read_markdown_string("Statins help<sup>1,2</sup> a lot<sup>3-5</sup>.\n")
    assert [c.number for c in extract(manuscript, numeric=True).citations] == [1, 2, 3, 4, 5]


def test_abbreviations():
    assert find_abbreviations("the World Meteorological Organization [WMO] (2017) said") == {"WMO": "World Meteorological Organization"}
    assert find_abbreviations("The Intergovernmental Panel on Climate Change (IPCC) said") == {"IPCC": "Intergovernmental Panel on Climate Change"}


def test_split_authors():
    assert split_authors("Smith, Jones, & Lee") == (("Smith", "Jones", "Lee"), False)
    assert split_authors("Smith et al.") == (("Smith",), True)
    assert split_authors("World Health Organization [WHO]") == (("World Health Organization",), False)


@pytest.mark.parametrize(
    "pattern",
    [patterns.ONE_CITATION, patterns.YEARS_ONLY, patterns.NARRATIVE_TAIL, patterns.PAREN_GROUP, patterns.ABBREVIATION,
     patterns.NUMERIC_BRACKET, patterns.BARE_FOOTNOTE_MARKER, patterns.AUTHOR_PAGE],
    ids=lambda p: p.pattern[:20],
)
def test_patterns_do_not_backtrack_badly(pattern):
    hostile = [
        "A" * 3000 + " 1",
        ("Smith, " * 400) + "x",
        ("van der " * 300) + "(",
        "(" + "a, " * 300 + ")",
        "[" + "1, " * 800 + "x]",
        ("Aa Bb " * 500) + "[X",
        ". 1 " * 1000,
    ]
    for text in hostile:
        started = time.perf_counter()
        pattern.search(text)
        assert time.perf_counter() - started < 0.5, pattern.pattern[:40]
