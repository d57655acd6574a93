"""Field-by-field comparison: what an editor would call the same title, names, journal, pages."""

from __future__ import annotations

import pytest

from citeaudit.resolve.compare import (
    abbreviates,
    compare_fields,
    fold,
    is_other_work,
    manuscript_authors,
    page_range,
    same_container,
    same_name,
    same_number,
    same_pages,
    same_title,
)
from citeaudit.resolve.records import work_record

CARLILE = {
    "DOI": "10.2307/2760418",
    "type": "journal-article",
    "title": ["The Changing Political Economy of Japan's Economic Relations with Russia: The Rise and Fall of Seikei Fukabun"],
    "author": [{"given": "Lonny E.", "family": "Carlile"}],
    "issued": {"date-parts": [[1994]]},
    "container-title": ["Pacific Affairs"],
    "volume": "67",
    "issue": "3",
    "page": "411-432",
}


def record(**changes):
    return work_record({**CARLILE, **changes})


@pytest.mark.parametrize(
    ("manuscript", "registry", "expected"),
    [
        pytest.param("Russia and Asia in 1995", "Russia and Asia in 1995: Bold Objectives and Limited Means", True, id="subtitle-missing"),
        pytest.param("RUSSIA AND ASIA IN 1995: bold objectives and limited means.", "Russia and Asia in 1995: Bold Objectives and Limited Means", True, id="case-punctuation"),
        pytest.param("Économie et société", "Economie et societe", True, id="diacritics"),
        pytest.param("The <i>Drosophila</i> genome", "The Drosophila genome", True, id="markup"),
        pytest.param("Russia and Asia in 1995: Bold Objectives and Limted Means", "Russia and Asia in 1995: Bold Objectives and Limited Means", True, id="typo"),
        pytest.param("Russia in Asia in 1996: Renewed Engagement", "Russia and Asia in 1995: Bold Objectives and Limited Means", False, id="other-work"),
    ],
)
def test_same_title(manuscript, registry, expected):
    assert same_title(manuscript, record(title=[registry])) is expected


def test_title_with_subtitle_field():
    rec = record(title=["Russia and Asia in 1995"], subtitle=["Bold Objectives and Limited Means"])
    assert same_title("Russia and Asia in 1995: Bold objectives and limited means", rec)


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [
        pytest.param("Müller", "Muller", True, id="umlaut"),
        pytest.param("van der Berg", "Berg", True, id="particle"),
        pytest.param("Berg", "van der Berg", True, id="particle-other-side"),
        pytest.param("Tchaikovsky", "Tchaikovskiy", True, id="transliteration"),
        pytest.param("Akaha", "Moltz", False, id="different"),
    ],
)
def test_same_name(ours, theirs, expected):
    assert same_name(ours, theirs) is expected


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [
        pytest.param("J Struct Biol", "Journal of Structural Biology", True, id="iso4"),
        pytest.param("J. Struct. Biol.", "Journal of Structural Biology", True, id="iso4-dots"),
        pytest.param("Proc Natl Acad Sci USA", "Proceedings of the National Academy of Sciences of the United States of America", True, id="pnas"),
        pytest.param("Phys Rev Lett", "Physical Review Letters", True, id="prl"),
        pytest.param("J Biol", "Journal of Structural Biology", False, id="word-missing"),
        pytest.param("Asian Surv", "Pacific Affairs", False, id="other-journal"),
    ],
)
def test_abbreviates(short, full, expected):
    assert abbreviates(short, full) is expected


def test_same_container_uses_short_title_and_abbreviations():
    rec = record(**{"container-title": ["PLoS ONE"], "short-container-title": ["PLoS ONE"]})
    assert same_container("PLOS One", rec)
    assert same_container("J Struct Biol", record(**{"container-title": ["Journal of Structural Biology"]}))
    assert not same_container("Asian Survey", rec)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("100–108", ("100", "108"), id="en-dash"),
        pytest.param("1425-37", ("1425", "1437"), id="abbreviated-last"),
        pytest.param("411", ("411", None), id="first-only"),
        pytest.param("e33693", ("e33693", None), id="article-number"),
        pytest.param("", None, id="empty"),
    ],
)
def test_page_range(text, expected):
    assert page_range(text) == expected


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [
        pytest.param("411", "411-432", True, id="carlile-first-page-alone"),
        pytest.param("411-32", "411-432", True, id="abbreviated"),
        pytest.param("412-432", "411-432", False, id="first-differs"),
        pytest.param("411-430", "411-432", False, id="last-differs"),
    ],
)
def test_same_pages(ours, theirs, expected):
    assert same_pages(ours, theirs) is expected


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [("7", "07", True), ("3", "3-4", True), ("5", "3-4", False), ("36", "37", False)],
)
def test_same_number(ours, theirs, expected):
    assert same_number(ours, theirs) is expected


def test_manuscript_authors_reads_et_al():
    csl = {"author": [{"family": "Sadasivan", "given": "S."}, {"literal": "et al."}]}
    assert manuscript_authors(csl) == (["Sadasivan"], True)
    assert manuscript_authors({"author": [{"family": "Smith"}]}, "Smith, J., et al. (2000). Title.") == (["Smith"], True)
    assert manuscript_authors({"author": [{"family": "Smith"}]}, "Smith, J. (2000). Title et al.") == (["Smith"], False)


def carlile_csl(**changes):
    csl = {
        "title": CARLILE["title"][0],
        "author": [{"family": "Carlile", "given": "L. E."}],
        "issued": {"date-parts": [[1994]]},
        "container-title": "Pacific Affairs",
        "volume": "67",
        "issue": "3",
        "page": "411",
    }
    return {**csl, **changes}


def test_carlile_agrees_on_every_field():
    fields = compare_fields(carlile_csl(), record())
    assert [f.name for f in fields] == ["title", "authors", "year", "container", "volume", "issue", "pages"]
    assert all(f.agrees for f in fields)
    assert fields[-1].manuscript == "411" and fields[-1].registry == "411-432"


def test_differences_name_both_values():
    fields = {f.name: f for f in compare_fields(carlile_csl(volume="68", issued={"date-parts": [[1995]]}), record())}
    assert not fields["volume"].agrees and (fields["volume"].manuscript, fields["volume"].registry) == ("68", "67")
    assert not fields["year"].agrees
    assert not is_other_work(fields.values())


def test_year_may_be_print_or_online():
    rec = record(issued={"date-parts": [[2012]]}, **{"published-print": {"date-parts": [[2013]]}})
    fields = {f.name: f for f in compare_fields(carlile_csl(issued={"date-parts": [[2013]]}), rec)}
    assert fields["year"].agrees


def test_author_count_and_order():
    rec = record(author=[{"family": "Aron"}, {"family": "Jensen"}])
    same = {f.name: f for f in compare_fields(carlile_csl(author=[{"family": "Aron"}, {"family": "Jensen"}]), rec)}
    swapped = {f.name: f for f in compare_fields(carlile_csl(author=[{"family": "Jensen"}, {"family": "Aron"}]), rec)}
    missing = {f.name: f for f in compare_fields(carlile_csl(author=[{"family": "Aron"}]), rec)}
    cut = {f.name: f for f in compare_fields(carlile_csl(author=[{"family": "Aron"}, {"literal": "et al."}]), rec)}
    assert same["authors"].agrees
    assert not swapped["authors"].agrees
    assert not missing["authors"].agrees
    assert cut["authors"].agrees


def test_other_work_when_title_and_authors_differ():
    csl = carlile_csl(title="Russia and Asia in 1995", author=[{"family": "Akaha"}])
    assert is_other_work(compare_fields(csl, record()))


def test_fold():
    assert fold("Économie & <b>Société</b>: 1994!") == "economie societe 1994"


@pytest.mark.parametrize("length", [1_000, 50_000])
def test_patterns_do_not_backtrack(length):
    import time

    from citeaudit.resolve.search import query_text

    start = time.perf_counter()
    page_range("1" * length + "-" * length)
    page_range("e" * length)
    manuscript_authors({}, "et " * length + "al")
    query_text("<" * length + "https://" + "a" * length)
    fold("<" + "a" * length)
    assert time.perf_counter() - start < 1.0
