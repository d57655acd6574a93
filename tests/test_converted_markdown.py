"""Markdown converted from PDF (marker, docling) and hand-written Markdown, read right.

Every snippet here is synthetic: it reproduces a converter's pattern, not any real document.
"""

from __future__ import annotations

import pytest

from citeaudit.ingest import read_markdown_string
from citeaudit.ingest.clean import clean
from citeaudit.model import Severity
from citeaudit.pipeline import audit_text, is_numeric_style


def codes(report) -> list[str]:
    return [f.code for f in report.findings]


# --- links and anchors in the cleaned text --------------------------------------------------


@pytest.mark.parametrize(
    ("source", "text", "targets"),
    [
        pytest.param(
            "as shown [(Okafor et al.,](#page-9-1) [2016)](#page-9-1).", "as shown (Okafor et al., 2016).",
            ["#page-9-1", "#page-9-1"], id="citation-split-over-links",
        ),
        pytest.param(r"layouts [\[12\]](#page-8-0) vary", "layouts [12] vary", ["#page-8-0"], id="escaped-brackets"),
        pytest.param("layouts [[12]](#cite.okafor) vary", "layouts [12] vary", ["#cite.okafor"], id="brackets-inside-link"),
        pytest.param("[Lind](#p-3)[qvist et al.,](#p-3)", "Lindqvist et al.,", ["#p-3", "#p-3"], id="name-cut-in-two"),
        pytest.param("see ![a chart](chart.png) here", "see  here", [], id="image-dropped"),
        pytest.param("[a page](https://x.org/a_(b)) end", "a page end", ["https://x.org/a_(b)"], id="url-with-parentheses"),
        pytest.param('[t](https://x.org "Title") end', "t end", ["https://x.org"], id="link-title"),
        pytest.param("[@okafor2016; @lind2019] stays", "[@okafor2016; @lind2019] stays", [], id="pandoc-citation-untouched"),
        pytest.param("values [1, 2] (3) stay", "values [1, 2] (3) stay", [], id="not-a-link"),
    ],
)
def test_links_keep_their_text_and_record_their_target(source, text, targets):
    cleaned = clean(source)
    assert cleaned.text == text
    assert [link.target for link in cleaned.links] == targets
    for link in cleaned.links:
        assert source[link.target_offset :].startswith(link.target)
    assert len(cleaned.offsets) == len(cleaned.text) + 1


@pytest.mark.parametrize(
    ("source", "anchors"),
    [
        pytest.param('- <span id="page-9-1"></span>Okafor, A.', [("page-9-1", 2)], id="span-id"),
        pytest.param('<a name="intro" />Intro', [("intro", 0)], id="a-name"),
        pytest.param("<span>plain</span>", [], id="no-id"),
    ],
)
def test_anchor_ids_are_kept_with_their_place(source, anchors):
    assert list(clean(source).anchors) == anchors


# --- marker: author-year citations written as links to anchored entries ----------------------

MARKER_LIKE = """# Introduction

Models grow [(Okafor et al.,](#page-9-1) [2016;](#page-9-1) [Lindqvist and Haddad,](#page-9-2) [2019)](#page-9-2).
As [Lindqvist and Haddad](#page-9-2) [(2019)](#page-9-2) note, see Figure [2](#page-3-0) and Section [4.1](#page-4-0).
The data were cleaned as in [Tanaka](#page-9-3)

<span id="page-5-1"></span><sup>3.</sup> A footnote that conversion put inside the paragraph.

[(2021)](#page-9-3). Then training began.

### References

- <span id="page-9-1"></span>Adaeze Okafor, Brian Lee, and Chen Wu. Scaling things up. arXiv preprint arXiv:1601.00001, 2016.
- <span id="page-9-2"></span>Ingrid Lindqvist and Omar Haddad. Sparse experts. In Proceedings of the Conference on Things, pages 1-9, 2019.
- <span id="page-9-3"></span>Kenji Tanaka. Deduplicating corpora. arXiv preprint arXiv:2101.00001, 2021.
"""


def test_links_into_the_reference_list_cite_their_entries():
    report = audit_text(MARKER_LIKE, "converted.md")
    assert [ref.key for ref in report.references] == ["page-9-1", "page-9-2", "page-9-3"]
    assert all(report.citing(ref.index) for ref in report.references)
    assert "reference-uncited" not in codes(report)
    assert "citation-unmatched" not in codes(report)
    # Links to figures and sections are not citations.
    assert not any(c.key in ("page-3-0", "page-4-0") for c in report.citations)


def test_two_anchors_on_one_entry_line_name_the_same_entry():
    source = (
        "# Text\n\nAs shown [(Okafor,](#p-2) [2016)](#p-2).\n\n# References\n\n"
        '- <span id="p-1"></span><span id="p-2"></span>Adaeze Okafor. Scaling things up. arXiv preprint, 2016.\n'
        '- <span id="p-3"></span>Kenji Tanaka. Deduplicating corpora. arXiv preprint, 2021.\n'
    )
    manuscript = read_markdown_string(source)
    assert [c.key for c in manuscript.prepared_citations] == ["p-1"]
    report = audit_text(source)
    assert report.references[0].key == "p-1"
    assert report.citing(1)


# --- docling: a numbered list, one entry per line, with a figure inside -----------------------

DOCLING_LIKE = """## 1 INTRODUCTION

Layout analysis is hard [1-3]. Detectors help [4, 5], and so do transformers [6].

## REFERENCES

- [1] Adaeze Okafor and Brian Lee. Reading layouts. In Proceedings of the Conference on Pages, pages 1-10, 2013.
- [2] Ingrid Lindqvist. Tables everywhere. Journal of Documents, 4(2):11-20, 2017.
- [3] Kenji Tanaka, Omar Haddad, Maria Rossi, Pierre Dubois, Anna Novak, Lukas Weber, Sofia Costa, and

Text Caption Picture Table Page-Header Title

<!-- image -->

Figure 2: Example predictions on three pages. (A) shows tables, (B) lists.

Jan Kowalski. A long author list: detection toolkit v2.0, October 2021.

- [6] Emeka Obi and Li Wei. Transformers for pages. Journal of Documents, 5(1):3-9, 2021.
- [4] Hannah Schmidt. Detecting objects. Vision Letters, 9(1):1-8, 2019.
- [5] Paulo Santos. Pages as images. Vision Letters, 10(2):5-7, 2020.
"""


def test_figure_inside_a_numbered_list_is_lifted_out_and_the_entry_rejoined():
    manuscript = read_markdown_string(DOCLING_LIKE)
    assert len(manuscript.reference_debris) == 1
    debris = manuscript.text[manuscript.reference_debris[0].start : manuscript.reference_debris[0].end]
    assert "Figure 2:" in debris and "<!-- image -->" in debris and "Text Caption Picture" in debris
    report = audit_text(DOCLING_LIKE)
    assert [ref.label for ref in report.references] == ["1", "2", "3", "6", "4", "5"]
    third = report.references[2]
    assert "Kowalski" in manuscript.text[third.span.start : third.span.end]
    assert report.provenance["citation_style"] == "numeric"
    assert "reference-uncited" not in codes(report) and "reference-unparsed" not in codes(report)
    debris_findings = [f for f in report.findings if f.code == "reference-list-debris"]
    assert len(debris_findings) == 1 and debris_findings[0].severity is Severity.WARNING
    assert "Figure 2:" in debris_findings[0].message
    order = [f for f in report.findings if f.code == "reference-order"]
    assert len(order) == 1 and "[6] stands between [3] and [4]" in order[0].message and order[0].reference == 4


@pytest.mark.parametrize(
    ("labels", "misplaced"),
    [
        pytest.param([1, 2, 3, 4, 5], [], id="in-order"),
        pytest.param([1, 2, 9, 3, 4, 5, 6, 7, 8], ["[9]"], id="one-moved-forward"),
        pytest.param([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 2], ["[2]"], id="repeated-number"),
        pytest.param([5, 4, 3, 2, 1], [], id="many-out-of-place-says-nothing"),
        pytest.param([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2], [], id="two-lists-each-in-order"),
    ],
)
def test_reference_order(labels, misplaced):
    entries = "\n".join(f"[{n}] Author{n}, A. Title number {n}. Journal of Tests, {n}:1-2, 2001." for n in labels)
    citing = " ".join(f"[{n}]" for n in sorted(set(labels)))
    report = audit_text(f"# Text\n\nWe cite {citing}.\n\n# References\n\n{entries}\n")
    found = [f.message.split()[1] for f in report.findings if f.code == "reference-order"]
    assert found == misplaced


def test_figure_after_the_last_entry_is_only_mentioned():
    source = (
        "# Text\n\nAs shown [1].\n\n# References\n\n[1] Okafor, A. Scaling things up. Journal of Tests, 3:1-2, 2016.\n\n"
        "Figure 9: A chart placed after the list.\n"
    )
    report = audit_text(source)
    debris = [f for f in report.findings if f.code == "reference-list-debris"]
    assert len(debris) == 1 and debris[0].severity is Severity.INFO
    assert len(report.references) == 1


def test_a_reference_list_that_could_not_be_split_says_so():
    run = " ".join(
        f"Author{n}, A., Coauthor, B., and Other, C. ({1990 + n}). A fairly long title about topic number {n} and more. "
        f"Journal of Long Titles, {n}, {n}1-{n}9." for n in range(1, 12)
    )
    report = audit_text(f"# Text\n\nSome text.\n\n# References\n\n{run}\n")
    assert len(report.references) == 1
    assert "reference-list-unsplit" in codes(report)


# --- footnotes and list shapes ----------------------------------------------------------------


def test_consecutive_footnote_definitions_are_separate_footnotes():
    source = "Text one.[^7] Text two.[^8]\n\n[^7]: First note, on its own line.\n[^8]: Second note, right below.\n"
    report = audit_text(source)
    assert [n.number for n in report.footnotes] == [7, 8]
    assert all(n.referenced for n in report.footnotes)
    assert "Second" not in report.footnotes[0].text


@pytest.mark.parametrize(
    "label",
    [
        pytest.param("[{}] ", id="brackets"),
        pytest.param("{}. ", id="dots"),
        pytest.param("- [{}] ", id="bulleted"),
    ],
)
def test_numbered_lists_one_entry_a_line(label):
    works = [
        "Okafor, A. and Lee, B. Scaling things up. Journal of Tests, 3(1):1-10, 2016.",
        "Lindqvist, I. Sparse experts for pages. Journal of Tests, 4(2):11-20, 2019.",
        "Tanaka, K. and Wu, C. Dense models of text. Journal of Tests, 5(3):21-30, 2020.",
    ]
    entries = "\n".join(label.format(n) + work for n, work in enumerate(works, start=1))
    report = audit_text(f"# Text\n\nAs shown [1], [2] and [3].\n\n# References\n\n{entries}\n")
    assert [ref.label for ref in report.references] == ["1", "2", "3"]
    assert not report.findings


# --- hand-written Markdown: a numbered list under author-year links ---------------------------

BLOG_LIKE = """# Notes

In the first form ([Okafor et al, 2016](https://example.org/abs/1601)), parameters vary.
Later work ([Lindqvist & Haddad 2019](https://example.org/abs/1902)) tuned them, and
[Tanaka (2021)](https://example.org/abs/2101) learned them.

## References

[1] Adaeze Okafor, et al. ["Scaling things up."](https://example.org/pdf/1601.pdf) ICRA, 2016.

[2] Ingrid Lindqvist and Omar Haddad. ["Sparse experts."](https://example.org/abs/1902) arXiv:1902.00001 (2019).

[3] Kenji Tanaka. ["Deduplicating corpora."](https://example.org/abs/2101) ICLR 2021.
"""


def test_numbered_list_under_author_year_links_is_author_year():
    report = audit_text(BLOG_LIKE)
    assert report.provenance["citation_style"] == "author-year"
    assert report.references[0].csl.get("URL") == "https://example.org/pdf/1601.pdf"
    assert [a.get("family") for a in report.references[1].csl.get("author")] == ["Lindqvist", "Haddad"]
    assert all(report.citing(ref.index) for ref in report.references)


@pytest.mark.parametrize(
    ("labelled", "total", "numbers", "author_year", "numeric"),
    [
        pytest.param(10, 10, 0, 0, True, id="numbered-list-alone"),
        pytest.param(10, 10, 8, 2, True, id="numbered-list-numbers-in-text"),
        pytest.param(15, 15, 0, 22, False, id="numbered-list-author-year-text"),
        pytest.param(1, 6, 20, 0, True, id="list-misread-text-numeric"),
        pytest.param(0, 30, 2, 40, False, id="author-year"),
        pytest.param(0, 30, 3, 40, False, id="few-bracket-numbers"),
        pytest.param(0, 0, 10, 0, False, id="no-list"),
    ],
)
def test_numeric_style_from_list_and_text(labelled, total, numbers, author_year, numeric):
    assert is_numeric_style(labelled, total, numbers, author_year) is numeric


# --- citation forms in prose ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "entry"),
    [
        pytest.param(
            "Okafor and colleagues (2015) found it.",
            "Okafor, A., Lee, B., & Wu, C. (2015). Colour and faces. *Journal of Tests*, 3, 1-10.",
            id="and-colleagues",
        ),
        pytest.param(
            "Warmth matters (replicating L. E. Lindqvist & Haddad, 2008).",
            "Lindqvist, L. E., & Haddad, O. (2008). Warmth. *Journal of Tests*, 3, 1-10.",
            id="initials-before-surname",
        ),
        pytest.param(
            "The press agreed (The Courier, 2019).",
            "The Courier. (2019). A news story. *The Courier*, 3, 1-2.",
            id="group-author-with-article",
        ),
        pytest.param(
            "It was shown (Data source: Okafor et al., 2016).",
            "Okafor, A., Lee, B., & Wu, C. (2016). Colour and faces. *Journal of Tests*, 3, 1-10.",
            id="label-and-colon",
        ),
    ],
)
def test_prose_citation_forms_match_their_entry(sentence, entry):
    report = audit_text(f"# Text\n\n{sentence}\n\n# References\n\n{entry}\n")
    assert len(report.citations) == 1
    assert not report.findings, [f.message for f in report.findings]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        pytest.param(
            "[1] Okafor, A. Title one. J. Tests, 3:1-2, 2001. [2] Lee, B. Title two. J. Tests, 2003.", ["1", "2"],
            id="two-run-together",
        ),
        pytest.param(
            "[1] Okafor, A. One. J, 2001. [2] Lee, B. Title two [3] parts. J, 2003. [3] Wu, C. Three. J, 2005.",
            ["1", "2", "3"], id="bracket-inside-a-title-stays",
        ),
        pytest.param("[7] Okafor, A. One. J, 2001. [2] Lee, B. Two. J, 2003.", ["7"], id="only-the-next-number-cuts"),
        pytest.param("1. Okafor, A. One. J, vol. 2. [2] Lee. 2003.", ["1"], id="dotted-lists-are-not-cut"),
    ],
)
def test_numbered_entries_run_together_on_one_line_are_cut(text, labels):
    from citeaudit.references.split import split_entries

    entries = split_entries(text, 5)
    assert [entry.label for entry in entries] == labels
    for entry in entries:
        assert text[entry.span.start - 5 : entry.span.end - 5] == entry.text


def test_group_author_cited_by_the_abbreviation_it_is_listed_with():
    from citeaudit.citations.extract import extract

    manuscript = read_markdown_string("# Text\n\nRain fell (SMNX 2018).\n\n# References\n\nEntry.\n")
    name = "Servicio Meteorológico Nacional de Xanadu (SMNX)"
    found = extract(manuscript, known_names=[name]).citations
    assert [c.authors for c in found] == [(name,)]


# --- plain text from PDF: a glued heading, a word cut at a break, interleaved columns ---------


def test_reference_heading_glued_to_the_first_entry():
    source = (
        "Intro text cites (Okafor and Lee, 2008) and (Tanaka, 2013).\n\n"
        "References Adaeze Okafor and Brian Lee. 2008. Near-optimal hashing for approximate nearest neigh-\n\n"
        "bor search. Commun. Tests, 51(1):117-122.\n\n"
        "Kenji Tanaka. 2013. A generative model of spaces. In Proceedings of the Workshop on Spaces, pages 91-99.\n"
    )
    report = audit_text(source, "converted.txt")
    assert report.manuscript.reference_heading == "References"
    assert len(report.references) == 2
    assert "bor search" in report.references[0].raw
    assert not [f for f in report.findings if f.code.startswith("citation-") or f.code == "reference-uncited"]


@pytest.mark.parametrize(
    ("glued", "heading", "entries"),
    [
        pytest.param("Références\n", "Références", 2, id="french-heading-on-its-own-line"),
        pytest.param("REFERENCES\n", "REFERENCES", 2, id="capitals-own-line"),
        pytest.param("Daftar Pustaka:\n", "Daftar Pustaka", 2, id="indonesian-own-line-colon"),
        pytest.param("Literaturverzeichnis ", None, 0, id="german-same-line-is-not-taken"),
        pytest.param("Sources: ", None, 0, id="table-note-sources-is-no-heading"),
        pytest.param("references\n", None, 0, id="lower-case-line-is-prose"),
    ],
)
def test_reference_heading_glued_above_the_entries(glued, heading, entries):
    source = (
        "Les inondations coûtent cher (Kunreuther, 2006). Selon Kousky (2017), l'assurance aide.\n\n"
        f"{glued}Kousky, C. (2017). Financing flood losses. Risk Analysis, 38(3), 1-17.\n"
        "Kunreuther, H. (2006). Disaster mitigation and insurance. Journal of Economic Perspectives, 20(2), 1-20.\n"
    )
    report = audit_text(source, "converted.txt")
    assert report.manuscript.reference_heading == heading
    assert len(report.references) == entries


def test_a_list_interleaved_with_body_text_is_not_read_and_says_so():
    lines = [
        f"the staff were asked to take part and {n}. Okafor{chr(64 + n)} AB, Lee C: A title about care number {n}. J Care 20{10 + n}, {n}:1-2."
        for n in range(1, 7)
    ]
    source = "# Text\n\nCare improved [1-6].\n\n# References\n\n" + "\n\n".join(lines) + "\n"
    report = audit_text(source)
    assert report.references == ()
    assert "reference-list-unsplit" in codes(report)
    assert "citation-unmatched" not in codes(report)


def test_footnote_definitions_after_the_reference_list_are_footnotes():
    source = (
        "# Text\n\nAs shown (Okafor, 2016).[^1]\n\n# References\n\n"
        "Okafor, A. (2016). Scaling things up. *Journal of Tests*, 3, 1-10.\n\n[^1]: A note defined at the very end.\n"
    )
    report = audit_text(source)
    assert len(report.references) == 1
    assert [n.number for n in report.footnotes] == [1] and report.footnotes[0].referenced
    assert not report.findings


@pytest.mark.parametrize(
    ("group", "authors", "prefix"),
    [
        pytest.param("(Andersen and Lee, 2008)", ("Andersen", "Lee"), "", id="name-opening-with-and"),
        pytest.param("(Alsop and Lee, 2008)", ("Alsop", "Lee"), "", id="name-opening-with-also"),
        pytest.param("(and Lee, 2008)", ("Lee",), "and", id="real-and"),
    ],
)
def test_prefix_words_are_whole_words(group, authors, prefix):
    from citeaudit.citations.extract import extract

    found = extract(read_markdown_string(f"Text {group} here.\n")).citations
    assert [(c.authors, c.prefix) for c in found] == [(authors, prefix)]


@pytest.mark.parametrize(
    ("between", "entries", "severity"),
    [
        pytest.param("## Journal of Tests 12 (2020)", 4, Severity.INFO, id="running-header-numbered"),
        pytest.param("**A Survey of Things**", 4, Severity.INFO, id="bold-running-header"),
    ],
)
def test_running_header_inside_a_numbered_list_does_not_end_it(between, entries, severity):
    works = [
        "Okafor, A. and Lee, B. Scaling things up. Journal of Tests, 3(1):1-10, 2016.",
        "Lindqvist, I. Sparse experts for pages. Journal of Tests, 4(2):11-20, 2019.",
        "Tanaka, K. and Wu, C. Dense models of text. Journal of Tests, 5(3):21-30, 2020.",
        "Obi, E. Pages as images. Vision Letters, 10(2):5-7, 2020.",
    ]
    listed = [f"[{n}] {work}" for n, work in enumerate(works, start=1)]
    source = (
        "# Text\n\nAs shown [1-4].\n\n# References\n\n" + "\n".join(listed[:2]) + f"\n\n{between}\n\n"
        + "\n".join(listed[2:]) + "\n\n# Appendix\n\nMore text.\n"
    )
    report = audit_text(source)
    assert len(report.references) == entries
    assert [f.severity for f in report.findings if f.code == "reference-list-debris"] == [severity]
    assert "More text" in report.manuscript.text[report.manuscript.body.start : report.manuscript.body.end]


def test_superscript_citations_written_as_math_are_read():
    works = [
        "Okafor A, Lee B. Scaling things up. J Tests. 2016;3(1):1-10.",
        "Lindqvist I. Sparse experts for pages. J Tests. 2019;4(2):11-20.",
        "Tanaka K, Wu C. Dense models of text. J Tests. 2020;5(3):21-30.",
    ]
    listed = "\n".join(f"{n}. {work}" for n, work in enumerate(works, start=1))
    source = f"# Text\n\nCare improved$^{{1,2}}$ and costs fell$^{{3}}$ while $x^{{2}}$ stayed.\n\n# References\n\n{listed}\n"
    report = audit_text(source)
    assert sorted(c.number for c in report.citations) == [1, 2, 3]
    assert not report.findings


@pytest.mark.parametrize(
    ("source", "text"),
    [
        pytest.param("as [Okafor (2016)][3] says\n\n[3]: https://example.org/o\n", "as Okafor (2016) says", id="defined-reference-link"),
        pytest.param("as [Okafor 2016][Lee 2019] say\n", "as [Okafor 2016][Lee 2019] say", id="undefined-stays-two-citations"),
        pytest.param("as [12][13] say\n\n[13]: https://example.org/o\n", "as [12][13] say", id="numbers-stay"),
    ],
)
def test_reference_style_links(source, text):
    assert clean(source).text.startswith(text)


def test_link_definitions_are_neither_body_nor_entries():
    source = (
        "# Text\n\nAs [Okafor (2016)][1] says.\n\n# References\n\n"
        "Okafor, A. (2016). Scaling things up. *Journal of Tests*, 3, 1-10.\n\n"
        '[1]: https://example.org/okafor\n[2]: https://example.org/other "Other"\n'
    )
    report = audit_text(source)
    assert len(report.references) == 1
    assert [c.text for c in report.citations] == ["Okafor (2016)"]
    assert not report.findings


def test_superscripts_in_a_text_citing_with_brackets_are_not_citations():
    works = [
        "Okafor A, Lee B. Scaling things up. J Tests. 2016;3(1):1-10.",
        "Lindqvist I. Sparse experts for pages. J Tests. 2019;4(2):11-20.",
        "Tanaka K, Wu C. Dense models of text. J Tests. 2020;5(3):21-30.",
    ]
    listed = "\n".join(f"[{n}] {work}" for n, work in enumerate(works, start=1))
    source = f"# Text\n\nSources include arXiv$^{{2}}$ and more [1], [2], [3].\n\n# References\n\n{listed}\n"
    report = audit_text(source)
    assert sorted(c.number for c in report.citations) == [1, 2, 3]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("[" * 40000, id="open-brackets"),
        pytest.param("![" * 30000, id="image-openers"),
        pytest.param("[x][" * 20000, id="reference-link-openers"),
        pytest.param("[a](" * 20000, id="link-openers"),
        pytest.param("$^{" + "1," * 20000, id="math-superscript-opener"),
        pytest.param("# R\n\n" + "[1]: x\n" * 5000 + "tail", id="link-definitions"),
    ],
)
def test_cleaning_does_not_backtrack(source):
    import time

    started = time.perf_counter()
    read_markdown_string(source)
    assert time.perf_counter() - started < 2.0


def test_an_anchor_id_given_twice_names_no_entry():
    source = (
        "# Text\n\nAs shown [(Okafor,](#p-1) [2016)](#p-1).\n\n# References\n\n"
        '- <span id="p-1"></span>Adaeze Okafor. Scaling things up. arXiv preprint, 2016.\n'
        '- <span id="p-1"></span>Kenji Tanaka. Deduplicating corpora. arXiv preprint, 2021.\n'
    )
    assert read_markdown_string(source).prepared_citations is None
    report = audit_text(source)
    assert "citation-unmatched" not in codes(report) and report.citing(1)


def test_an_entry_cut_before_a_figure_is_not_taken_for_its_legend():
    source = (
        "# Text\n\nAs shown [1, 2].\n\n# References\n\n"
        "- [1] Adaeze Okafor, Brian Lee, Chen Wu, and\n\n<!-- image -->\n\nFigure 3: A chart.\n\n"
        "Dan Obi. Scaling things up. Journal of Tests, 3(1):1-10, 2016.\n\n"
        "- [2] Ingrid Lindqvist. Sparse experts. Journal of Tests, 4(2):11-20, 2019.\n"
    )
    report = audit_text(source)
    assert [ref.label for ref in report.references] == ["1", "2"]
    first = report.references[0]
    assert "Okafor" in first.raw and "Dan Obi" in first.raw


MARKER_NOTES = """# Pythia

We use BatchAI [3](#page-5-1) – an Azure service – to train. The model [\\[1\\]](#page-9-0) is large.{call5}

More text follows here with the rest of the paper body, which is long enough to be a body.

<span id="page-5-1"></span><sup>3</sup> https://azure.microsoft.com/en-us/services/batch-ai/

<span id="page-8-4"></span><sup>5</sup> https://visualstudio.microsoft.com/services/intellicode/

# References

<span id="page-9-0"></span>[1] A. Svyatkovskiy, Y. Zhao, S. Fu, and N. Sundaresan. Pythia: AI-assisted code completion system. In KDD, pages 2727–2735, 2019.
"""


@pytest.mark.parametrize(
    ("call5", "unreferenced"),
    [
        pytest.param(" The Intellicode extension [5](#page-8-4) ships it.", [], id="both-notes-called-by-links"),
        pytest.param(" The Intellicode extension ships it.", ["footnote 5 has no marker in the text (the marker may have been lost in conversion)"], id="a-note-never-called"),
        pytest.param(" See section [5](#page-1-0) of it.", ["footnote 5 has no marker in the text (the marker may have been lost in conversion)"], id="a-number-linking-elsewhere-is-no-call"),
    ],
)
def test_marker_note_calls_are_links_to_the_notes_anchor(call5, unreferenced):
    report = audit_text(MARKER_NOTES.format(call5=call5), "paper.md")
    assert [f.message for f in report.findings if f.code == "footnote-unreferenced"] == unreferenced
    assert [c.number for c in report.citations] == [1]


def test_a_table_note_after_the_list_does_not_take_it_over():
    source = (
        "Floods cost (Smith, 2001) and (Jones, 2003).\n\n"
        "References Smith, J. (2001). Walls. Journal of Things, 1, 1-2.\n\n"
        "Jones, K. (2003). Doors. Journal of Things, 2, 3-4.\n\n"
        "Sources: World Bank, 2020; IMF, 2021.\n"
    )
    report = audit_text(source, "converted.txt")
    assert report.manuscript.reference_heading == "References"
    assert [f.code for f in report.findings if f.code.startswith("citation-")] == []
