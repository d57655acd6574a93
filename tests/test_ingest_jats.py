"""JATS XML: the text, the ref-list, and the publisher's xref links compared with what the text says."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeaudit.errors import FormatError
from citeaudit.ingest import read_manuscript
from citeaudit.ingest.jats import read_jats_string
from citeaudit.pipeline import audit

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"

NUMERIC = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.1 20151215//EN" "JATS-archivearticle1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink">
<front><journal-meta><journal-title-group><journal-title>PLOS ONE</journal-title></journal-title-group></journal-meta>
<article-meta><title-group><article-title>Sea walls &amp; tides</article-title></title-group>
<contrib-group><contrib><name><surname>Writer</surname></name></contrib></contrib-group>
<abstract><p>Walls matter <xref ref-type="bibr" rid="r1">[1]</xref>.</p></abstract></article-meta></front>
<body><sec><title>Introduction</title>
<p>Early work <xref ref-type="bibr" rid="r1">[1]</xref>, then a range <xref ref-type="bibr" rid="r2">[2]</xref>–<xref ref-type="bibr" rid="r3"/><xref ref-type="bibr" rid="r4">[4]</xref>.</p>
<p>A slip: the text says <xref ref-type="bibr" rid="r4">[5]</xref> but links entry 4.</p>
<p>A dangling link <xref ref-type="bibr" rid="r9">[9]</xref>.</p>
</sec></body>
<back><ref-list><title>References</title>
<ref id="r1"><label>1</label><mixed-citation publication-type="journal"><name><surname>Smith</surname><given-names>J</given-names></name> (<year>2001</year>) <article-title>Sea walls</article-title>. <source>Coast Rev</source> <volume>1</volume>: <fpage>3</fpage>&#x2013;<lpage>4</lpage>. doi:<pub-id pub-id-type="doi">10.1000/xyz1</pub-id></mixed-citation></ref>
<ref id="r2"><label>2</label><mixed-citation publication-type="journal"><name><surname>Jones</surname><given-names>A</given-names></name>, <name><surname>Lee</surname><given-names>B</given-names></name> (<year>2003</year>) <article-title>Tides</article-title>. <source>Sea J</source> <volume>2</volume>: <fpage>5</fpage>.</mixed-citation></ref>
<ref id="r3"><label>3</label><mixed-citation publication-type="book"><collab>World Bank</collab> (<year>2010</year>) <source>Coasts</source>. <publisher-loc>Washington</publisher-loc>: <publisher-name>World Bank</publisher-name>.</mixed-citation></ref>
<ref id="r4"><label>4</label><mixed-citation publication-type="journal">Okafor C (2019) Finance at sea. Ocean Policy 7: 1-9.</mixed-citation></ref>
<ref id="r5"><label>5</label><mixed-citation publication-type="journal"><name><surname>Brown</surname><given-names>T</given-names></name> (<year>2015</year>) <article-title>Harbours</article-title>. <source>Port Hist</source> <volume>3</volume>: <fpage>1</fpage>.</mixed-citation></ref>
</ref-list></back>
</article>
"""

AUTHOR_YEAR = """<article><front><article-meta><title-group><article-title>Tobacco</article-title></title-group></article-meta></front>
<body><p>Volatiles attract predators (<xref ref-type="bibr" rid="bib2">Price et al., 1980</xref>).
As <xref ref-type="bibr" rid="bib1">Allmann and Baldwin (2010)</xref> showed, and
(reviewed in <xref ref-type="bibr" rid="bib3">Schuman and Baldwin, 2012</xref>).</p></body>
<back><ref-list>
<ref id="bib1"><element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Allmann</surname><given-names>S</given-names></name><name><surname>Baldwin</surname><given-names>IT</given-names></name></person-group><year>2010</year><article-title>Insects betray themselves</article-title><source>Science</source><volume>329</volume><fpage>1075</fpage><lpage>1078</lpage><ext-link ext-link-type="uri" xlink:href="http://dx.doi.org/10.1126/science.1191634" xmlns:xlink="http://www.w3.org/1999/xlink">10.1126/science.1191634</ext-link></element-citation></ref>
<ref id="bib2"><element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Price</surname><given-names>PW</given-names></name><name><surname>Bouton</surname><given-names>CE</given-names></name><name><surname>Gross</surname><given-names>P</given-names></name></person-group><year>1980</year><article-title>Interactions among three trophic levels</article-title><source>Annu Rev Ecol Syst</source><volume>11</volume><fpage>41</fpage><lpage>65</lpage></element-citation></ref>
<ref id="bib3"><element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Schuman</surname><given-names>MC</given-names></name><name><surname>Barthel</surname><given-names>K</given-names></name><name><surname>Baldwin</surname><given-names>IT</given-names></name></person-group><year>2012</year><article-title>Herbivory-induced volatiles</article-title><source>eLife</source><elocation-id>e00007</elocation-id></element-citation></ref>
<ref id="bib4"><element-citation publication-type="book"><person-group person-group-type="author"><name><surname>Schuman</surname><given-names>MC</given-names></name><name><surname>Baldwin</surname><given-names>IT</given-names></name></person-group><person-group person-group-type="editor"><name><surname>Iason</surname><given-names>GR</given-names></name></person-group><year>2012</year><chapter-title>Asking the ecosystem</chapter-title><source>The Ecology of Plant Secondary Metabolites</source><publisher-name>Cambridge University Press</publisher-name></element-citation></ref>
</ref-list></back></article>
"""


def test_numeric_article_text_references_and_links():
    manuscript = read_jats_string(NUMERIC, "a.xml")
    body = manuscript.text[manuscript.body.start : manuscript.body.end]
    assert "Sea walls & tides" in body and "PLOS ONE" not in body and "Writer" not in body
    refs = manuscript.bibliography
    assert [(r.key, r.label) for r in refs] == [("r1", "1"), ("r2", "2"), ("r3", "3"), ("r4", "4"), ("r5", "5")]
    assert refs[0].csl["DOI"] == "10.1000/xyz1" and refs[0].csl["page"] == "3-4"
    assert refs[0].raw == "Smith J (2001) Sea walls. Coast Rev 1: 3–4. doi:10.1000/xyz1"
    assert refs[2].csl["author"] == [{"literal": "World Bank"}] and refs[2].csl["title"] == "Coasts"
    assert refs[3].csl["issued"] == {"date-parts": [[2019]]}  # untagged: parsed from the text
    xrefs = {(c.key, c.text) for c in manuscript.prepared_citations}
    assert ("r3", "") in xrefs and ("r4", "[5]") in xrefs


def test_numeric_article_findings():
    report = audit(read_jats_string(NUMERIC, "a.xml"))
    got = sorted((f.code, f.message) for f in report.findings)
    assert got == [
        ("citation-link-mismatch", '"[5]" shows entry 5 (Brown (2015)), but the publisher\'s <xref> link points at entry 4 (Okafor (2019))'),
        ("citation-unmatched", "[9] is cited but the reference list has 5 entries"),
    ]


def test_locations_point_into_the_xml():
    manuscript = read_jats_string(NUMERIC, "a.xml")
    slip = next(c for c in manuscript.prepared_citations if c.text == "[5]")
    assert manuscript.line_text(slip.location.line)[slip.location.column - 1 :].startswith("[5]</xref>")
    ref = manuscript.bibliography[1]
    assert manuscript.line_text(ref.location.line).startswith('<ref id="r2">')


def test_author_year_article_with_a_wrong_publisher_link():
    report = audit(read_jats_string(AUTHOR_YEAR, "b.xml"))
    assert report.provenance["citation_style"] == "author-year"
    chapter = report.references[3]
    assert chapter.csl["type"] == "chapter" and chapter.csl["container-title"].startswith("The Ecology")
    assert chapter.csl["editor"] == [{"family": "Iason", "given": "GR"}]
    assert report.references[0].csl["DOI"] == "10.1126/science.1191634"
    # The text never cites entry 3 (its only link sits on "Schuman and Baldwin"): both are said.
    assert [(f.code, f.message) for f in report.findings] == [
        ("reference-uncited", "Schuman et al. (2012) is listed but never cited"),
        ("citation-link-mismatch",
         '"Schuman and Baldwin, 2012" shows entry 4 (Schuman & Baldwin (2012)), but the publisher\'s <xref> link points at entry 3 (Schuman et al. (2012))'),
    ]


def test_callout_the_patterns_misread_is_linked_by_its_xref():
    text = AUTHOR_YEAR.replace("(reviewed in <xref", "(line A-09-389, described in <xref")
    report = audit(read_jats_string(text, "b.xml"))
    assert "citation-unmatched" not in {f.code for f in report.findings}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("<article><p>unclosed</article>", "not well-formed XML", id="malformed"),
        pytest.param("<html><body/></html>", "not a JATS article", id="not-jats"),
        pytest.param("plain text, not XML", "not well-formed XML", id="not-xml"),
    ],
)
def test_bad_xml_is_a_format_error(tmp_path, text, message):
    path = tmp_path / "a.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError, match=message):
        read_manuscript(path)


@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not present")
@pytest.mark.parametrize(
    ("corpus", "name", "refs"),
    [
        pytest.param("plos-jats", "journal.pone.0046041.xml", 20, id="plos"),
        pytest.param("elife-jats", "elife00240.xml", 7, id="elife"),
    ],
)
def test_real_articles_read_cleanly(corpus, name, refs):
    report = audit(read_manuscript(CORPORA / corpus / name))
    assert len(report.references) == refs
    assert report.findings == ()
    assert all(link.targets for link in report.links)


@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not present")
def test_real_publisher_link_error_is_found():
    # eLife 04490 links "Schuman and Baldwin, 2012" to Schuman, Barthel & Baldwin (2012).
    report = audit(read_manuscript(CORPORA / "elife-jats" / "elife04490.xml"))
    mismatches = [f for f in report.findings if f.code == "citation-link-mismatch"]
    assert any("Schuman and Baldwin, 2012" in f.message and "Schuman et al. (2012)" in f.message for f in mismatches)


def test_superscript_is_a_callout_only_when_it_holds_an_xref():
    text = NUMERIC.replace("<p>A dangling link", '<p>Serine S<sup>90</sup> matters<sup><xref ref-type="bibr" rid="r5">5</xref></sup>.</p><p>A dangling link')
    manuscript = read_jats_string(text, "a.xml")
    assert [manuscript.text[s.start : s.end] for s in manuscript.superscripts] == ["5"]
    assert "[90]" not in {f.message.split(" ")[0] for f in audit(manuscript).findings}


@pytest.mark.parametrize(
    ("tail", "url"),
    [
        pytest.param("July 2001. www.gmc-uk.org/med_ed/index.htm (accessed 2 Jan 2002)", "www.gmc-uk.org/med_ed/index.htm", id="bare-www"),
        pytest.param("2001. Available at https://example.org/report.pdf.", "https://example.org/report.pdf", id="https-with-full-stop"),
        pytest.param('2001. <ext-link xlink:href="https://x.org/a">x.org</ext-link> see also www.y.org', "https://x.org/a", id="link-element-first"),
        pytest.param("2001. doi: 10.1000/xyz", None, id="doi-is-no-url"),
        pytest.param("2001. Contact info@www.example.org", None, id="mail-address-is-no-url"),
    ],
)
def test_web_address_printed_in_a_citation(tail, url):
    source = (
        '<article xmlns:xlink="http://www.w3.org/1999/xlink"><body><p>Text <xref ref-type="bibr" rid="r1">[1]</xref>.</p></body><back><ref-list>'
        f'<ref id="r1"><label>1</label><mixed-citation publication-type="webpage"><collab>General Medical Council</collab>. '
        f"<source>Tomorrow's doctors</source>. <publisher-loc>London</publisher-loc>: GMC, <year>2001</year>. {tail}</mixed-citation></ref>"
        "</ref-list></back></article>"
    )
    (reference,) = read_jats_string(source, "a.xml").bibliography
    assert reference.csl.get("URL") == url
