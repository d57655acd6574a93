"""The seed manuscript (the user's own article) must come out exactly as the core issue says."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeaudit.ingest import read_manuscript
from citeaudit.pipeline import audit

SEED = Path(__file__).resolve().parents[1] / "seeds" / "russia-japan-conundrum.md"


@pytest.fixture(scope="module")
def report():
    return audit(read_manuscript(SEED))


def test_nineteen_references_all_cited(report):
    assert len(report.references) == 19
    cited = {target for link in report.links for target in link.targets}
    assert cited == set(range(1, 20))
    assert not [f for f in report.findings if f.code == "reference-uncited"]


def test_qimao_is_the_only_unmatched_citation(report):
    unmatched = [f for f in report.findings if f.code.startswith("citation-")]
    assert [(f.code, f.citation, f.location.line, f.location.column) for f in unmatched] == [
        ("citation-unmatched", "Qimao, 1991", 175, 810)
    ]
    assert "Qimao (1991)" in unmatched[0].message


def test_footnotes_one_to_twenty_and_lost_markers_reported(report):
    assert [note.number for note in report.footnotes] == list(range(1, 21))
    lost = sorted(int(f.message.split()[1]) for f in report.findings if f.code == "footnote-unreferenced")
    assert lost == [1, 3, 5, 6, 9, 10, 12, 13, 14, 15]
    # Markers that survived as <sup>, and the bare ones left by conversion ("countries. 16 Meanwhile").
    markers = {note.number: [(m.line, m.column) for m in note.markers] for note in report.footnotes}
    assert markers[4] == [(71, 370)]
    assert markers[16] == [(185, 51)]
    assert markers[18] == [(201, 994)]
    assert not [f for f in report.findings if f.code == "footnote-undefined"]


def test_footnote_continued_after_a_page_break_is_joined(report):
    note = next(n for n in report.footnotes if n.number == 13)
    assert note.text.startswith('"Abe and Putin Likely')
    # The URL was split over a page break with spaces put into it; it is whole again.
    assert "https://www.japantimes.co.jp/news/2017/09/06/national/politics-diplomacy/abe-putin-likely-sign-off-economic" in note.text
    assert note.text.rstrip().endswith("accessed on October 24, 2020.")


def test_three_dois(report):
    assert sorted(ref.doi for ref in report.references if ref.doi) == ["10.2307/2645561", "10.2307/2645778", "10.2307/2760418"]


def by_key(report, key):
    return next(ref for ref in report.references if ref.key == key).csl


def test_chapter_in_edited_book(report):
    csl = by_key(report, "bouchkin1995")
    assert csl["type"] == "chapter"
    assert csl["author"] == [{"family": "Bouchkin", "given": "A. A."}]
    assert csl["editor"] == [{"family": "Dawisha", "given": "A."}, {"family": "Dawisha", "given": "K."}]
    assert csl["title"] == "Russia's Far Eastern policy in the 1990s: Priorities and prospects"
    assert csl["container-title"] == "The making of foreign policy in Russia and the new states of Eurasia"
    assert csl["page"] == "66-83"
    assert csl["publisher"] == "M. E. Sharpe"


@pytest.mark.parametrize(
    ("key", "title", "publisher"),
    [
        pytest.param("ellison1989", "The Soviet Union and Northeast Asia", "University Press of America", id="ellison"),
        pytest.param("gromyko1981", "Soviet foreign policy: Vol. 2: 1945-1980", "Progress Publishers", id="gromyko-volume-in-title"),
        pytest.param("rozman1992", "Japan's response to the Gorbachev era, 1985-1991: A rising superstar views a declining one", "Princeton University Press", id="rozman-title-runs-past-italics"),
        pytest.param("sladkovskii1971", "Kitai i Iaponiia", "Nauka", id="sladkovskii-plain-text"),
        pytest.param("boeicho1990", "Boei Hakusho", "Okurasho Inatsukyoku", id="boeicho-corporate"),
    ],
)
def test_books(report, key, title, publisher):
    csl = by_key(report, key)
    assert csl["type"] == "book"
    assert csl["title"] == title
    assert csl["publisher"] == publisher


def test_journal_articles(report):
    akaha = by_key(report, "akaha1996")
    assert (akaha["container-title"], akaha["volume"], akaha["issue"], akaha["page"]) == ("Asian Survey", "36", "1", "100-108")
    carlile = by_key(report, "carlile1994")
    assert (carlile["volume"], carlile["issue"], carlile["page"]) == ("67", "3", "411")
    moltz = by_key(report, "moltz1997")
    assert moltz["DOI"] == "10.2307/2645778" and moltz["page"] == "88-94"


def test_corporate_author_cited_as_itself(report):
    csl = by_key(report, "internationalaffairs1989")
    assert csl["author"] == [{"literal": "International Affairs"}]


def test_hyphenation_across_page_break_is_undone(report):
    text = report.manuscript.text
    offset = text.index("humanitarian aid")
    assert report.manuscript.locate(offset).line == 35
    assert "human-" not in text[offset - 10 : offset + 20]


def test_exact_finding_set(report):
    assert report.counts() == {"error": 1, "warning": 10, "info": 0}
