"""JATS: ranges linked only at their ends, authors outside <person-group>, URLs in <comment>, NLM 2.3."""

from __future__ import annotations

import pytest

from citeaudit.ingest.jats import read_jats_string
from citeaudit.pipeline import audit


def _ref(n: int, *, label: bool, element: str = "mixed-citation") -> str:
    head = f"<label>{n}</label>" if label else ""
    return (
        f'<ref id="B{n}">{head}<{element} publication-type="journal"><name><surname>Author{chr(64 + n)}</surname>'
        f"<given-names>A</given-names></name><article-title>Work {n}</article-title><source>J Tests</source>"
        f"<year>{2000 + n}</year><volume>{n}</volume><fpage>1</fpage></{element}></ref>"
    )


def _x(n: int, shown: str | None = None) -> str:
    return f'<xref ref-type="bibr" rid="B{n}">{n if shown is None else shown}</xref>'


def article(body: str, *, refs: int = 9, label: bool = False, element: str = "mixed-citation") -> str:
    entries = "".join(_ref(n, label=label, element=element) for n in range(1, refs + 1))
    return (
        '<article xmlns:xlink="http://www.w3.org/1999/xlink"><front><article-meta><title-group>'
        "<article-title>Ranges</article-title></title-group></article-meta></front>"
        f"<body><sec><title>Background</title><p>{body}</p></sec></body>"
        f"<back><ref-list>{entries}</ref-list></back></article>"
    )


ALL_NINE = f"Cells differ [{_x(1)}-{_x(4)}] and again [{_x(5)},{_x(6)}&#x2013;{_x(9)}]."


@pytest.mark.parametrize(
    ("body", "label", "keys"),
    [
        pytest.param(f"Seen [{_x(1)}-{_x(9)}].", False, list(range(1, 10)), id="hyphen-unlabelled"),
        pytest.param(f"Seen [{_x(2)}&#x2013;{_x(5)}].", False, [2, 3, 4, 5], id="en-dash-entity"),
        pytest.param(f"Seen {_x(2, '[2]')} &#x2013; {_x(4, '[4]')}.", True, [2, 3, 4], id="plos-brackets-spaced-labelled"),
        pytest.param(f"Seen [{_x(3)}-{_x(4)}].", False, [3, 4], id="adjacent-ends-nothing-inside"),
        pytest.param(f"Seen [{_x(1)},{_x(3)}].", False, [1, 3], id="comma-is-not-a-range"),
        pytest.param(f"Seen [{_x(2)}]-[{_x(5)}].", False, [2, 5], id="brackets-between-are-not-a-dash"),
        pytest.param(f"Seen {_x(2, '2&#x2013;4')}.", False, [2, 3, 4], id="one-link-over-a-range"),
        pytest.param(f'Seen [{_x(2)}&#x2013;<xref ref-type="bibr" rid="B3"/>{_x(4)}].', True, [2, 3, 4], id="middle-already-linked"),
        # The ends do not agree with the list's order: trust only the links.
        pytest.param(f"Seen [{_x(2, '7')}-{_x(9)}].", False, [2, 9], id="ends-disagree-with-list"),
        pytest.param(f"Seen [{_x(1, 'Smith')}-{_x(4, 'Jones')}].", False, [1, 4], id="names-are-not-numbers"),
    ],
)
def test_range_linked_at_its_ends_names_every_work_inside(body, label, keys):
    manuscript = read_jats_string(article(body, label=label), "a.xml")
    assert [c.key for c in manuscript.prepared_citations] == [f"B{n}" for n in keys]


@pytest.mark.parametrize("label", [pytest.param(False, id="unlabelled"), pytest.param(True, id="labelled")])
def test_every_entry_cited_only_inside_ranges_counts_as_cited(label):
    report = audit(read_jats_string(article(ALL_NINE, label=label), "a.xml"))
    assert [f.code for f in report.findings] == []
    assert len(report.citations) == 9  # each work once: the text's "[1-4]" and the links agree
    assert sorted({t for link in report.links for t in link.targets}) == list(range(1, 10))


def test_range_inner_citation_sits_at_the_dash():
    manuscript = read_jats_string(article(f"Seen [{_x(1)}-{_x(3)}]."), "a.xml")
    inner = manuscript.prepared_citations[1]
    assert inner.key == "B2" and inner.span.start == inner.span.end
    assert manuscript.text[inner.span.start] == "-"


CHAPTER = """<article><body><p>As shown <xref ref-type="bibr" rid="B1">1</xref>, <xref ref-type="bibr" rid="B2">2</xref>.</p></body>
<back><ref-list>
<ref id="B1"><mixed-citation publication-type="book"><name><surname>Friedman</surname><given-names>DI</given-names></name><name><surname>Gott</surname><given-names>M</given-names></name><person-group person-group-type="editor">Hendrix RW,Roberts JW</person-group><article-title>Lytic mode</article-title><source>Lambda II</source><year>1983</year><publisher-name>Cold Spring Harbor</publisher-name><fpage>21</fpage><lpage>51</lpage></mixed-citation></ref>
<ref id="B2"><citation citation-type="web"><person-group person-group-type="author"><collab>Example Agency</collab></person-group><source>Statistics portal</source><year>2007</year><comment><ext-link ext-link-type="uri" xlink:href="http://stats.example.org/portal" xmlns:xlink="http://www.w3.org/1999/xlink">http://stats.example.org/portal</ext-link></comment></citation></ref>
<ref id="B3"><citation citation-type="book"><person-group person-group-type="author"><name><surname>Ender</surname><given-names>PB</given-names></name></person-group><source>Statistical Consulting</source><publisher-name>Example Services</publisher-name><comment></comment></citation></ref>
</ref-list></back></article>"""


@pytest.mark.parametrize(
    ("index", "field", "expected"),
    [
        pytest.param(0, "author", [{"family": "Friedman", "given": "DI"}, {"family": "Gott", "given": "M"}], id="bare-names-before-editors"),
        pytest.param(0, "type", "chapter", id="chapter-type"),
        pytest.param(1, "URL", "http://stats.example.org/portal", id="url-in-comment"),
        pytest.param(1, "issued", {"date-parts": [[2007]]}, id="nlm23-citation-year"),
        pytest.param(2, "issued", None, id="no-year-stays-missing"),
    ],
)
def test_reference_fields(index, field, expected):
    ref = read_jats_string(CHAPTER, "c.xml").bibliography[index]
    assert ref.csl.get(field) == expected


def test_chapter_with_bare_authors_is_complete_and_missing_year_is_found():
    report = audit(read_jats_string(CHAPTER, "c.xml"))
    got = [(f.code, f.message) for f in report.findings]
    assert ("reference-incomplete", "entry 1 (chapter) has no author") not in got
    assert any(code == "reference-incomplete" and "no year" in message for code, message in got)
    assert not any(code == "reference-uncited" and "Ender" not in message for code, message in got)
