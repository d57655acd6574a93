"""The registry checks: one small function per code, reading the resolver's Resolutions."""

from __future__ import annotations

import inspect

import pytest

from citeaudit.checks import check_named, registry
from citeaudit.checks.base import Context
from citeaudit.config import Config
from citeaudit.match import MatchResult
from citeaudit.model import FieldComparison, Location, Manuscript, Reference, Resolution, Severity, Span

# code -> (default severity, function): the rows for the checks table.
TABLE = {
    "doi-malformed": (Severity.ERROR, registry.doi_malformed),
    "doi-not-found": (Severity.ERROR, registry.doi_not_found),
    "doi-mismatch": (Severity.ERROR, registry.doi_mismatch),
    "reference-retracted": (Severity.ERROR, registry.reference_retracted),
    "doi-suggested": (Severity.INFO, registry.doi_suggested),
    "reference-not-found": (Severity.WARNING, registry.reference_not_found),
    "reference-not-indexable": (Severity.INFO, registry.reference_not_indexable),
    "lookup-failed": (Severity.WARNING, registry.lookup_failed),
}


def ref(index, raw, **csl):
    return Reference(index=index, raw=raw, span=Span(0, len(raw)), location=Location(10 + index, 1), csl=csl)


def run(code, references, resolutions=()):
    manuscript = Manuscript(path="m.md", source="", text="", offsets=(0,), body=Span(0, 0))
    ctx = Context(manuscript, tuple(references), (), (), MatchResult((), (), ()), Config(), tuple(resolutions))
    return check_named(code).run(ctx)


AKAHA = ref(1, "Akaha, T. (1996). Russia and Asia in 1995. Asian Survey, 36(1), 100–108. https://doi.org/10.2307/2645561", DOI="10.2307/2645561")
TITLE = FieldComparison("title", "Russia and Asia in 1995", "The Changing Political Economy of Japan's ...", False)
AUTHORS = FieldComparison("authors", "Akaha", "Carlile", False)
VOLUME = FieldComparison("volume", "37", "36", False)
YEAR = FieldComparison("year", "1996", "1996", True)


def test_the_table_is_complete_and_documented():
    functions = {
        name
        for name, f in inspect.getmembers(registry, inspect.isfunction)
        if f.__module__ == registry.__name__ and not name.startswith("_")
    }
    assert functions == {f.__name__ for _, f in TABLE.values()}
    for code, (_, function) in TABLE.items():
        doc = inspect.getdoc(function)
        assert doc and "Why:" in doc and "Example:" in doc, code


@pytest.mark.parametrize(
    ("raw", "csl_doi", "expected"),
    [
        pytest.param("Akaha (1996). doi:10.23O7/2645561", None, ["10.23O7/2645561"], id="letter-o"),
        pytest.param("Akaha (1996). https://doi.org/10.2307", None, ["10.2307"], id="no-suffix"),
        pytest.param("Akaha (1996). Asian Survey.", "10.12/x", ["10.12/x"], id="parsed-doi"),
        pytest.param("Akaha (1996). https://doi.org/10.2307/2645561.", "10.2307/2645561", [], id="valid"),
    ],
)
def test_doi_malformed_works_offline(raw, csl_doi, expected):
    findings = run("doi-malformed", [ref(1, raw, **({"DOI": csl_doi} if csl_doi else {}))])
    assert [f.message.split('"')[1] for f in findings] == expected
    for finding in findings:
        assert finding.severity is Severity.ERROR and finding.reference == 1 and finding.location == Location(11, 1)


def test_doi_malformed_mentions_a_suggested_doi():
    resolution = Resolution(1, "suggested", doi="10.2307/2645561", score=0.95)
    (finding,) = run("doi-malformed", [ref(1, "Akaha (1996). doi:10.23O7/2645561")], [resolution])
    assert finding.suggestion == "Crossref suggests https://doi.org/10.2307/2645561"


def test_doi_not_found():
    resolution = Resolution(1, "not-found", doi="10.2307/0000000", request_url="http://stub/works/10.2307/0000000")
    (finding,) = run("doi-not-found", [AKAHA], [resolution])
    assert finding.severity is Severity.ERROR
    assert "10.2307/0000000 is not registered" in finding.message and "http://stub/works/10.2307/0000000" in finding.message
    assert run("doi-not-found", [AKAHA], [Resolution(1, "not-found")]) == []


def test_doi_mismatch_of_another_work_is_an_error():
    resolution = Resolution(1, "mismatch", doi="10.2307/2760418", fields=(TITLE, AUTHORS, YEAR))
    (finding,) = run("doi-mismatch", [AKAHA], [resolution])
    assert finding.severity is Severity.ERROR
    assert finding.message.startswith("DOI 10.2307/2760418 belongs to another work")
    assert 'authors: manuscript "Akaha", Crossref "Carlile"' in finding.message
    assert "year" not in finding.message


def test_doi_mismatch_of_some_fields_is_a_warning():
    resolution = Resolution(1, "mismatch", doi="10.2307/2645561", fields=(YEAR, VOLUME))
    (finding,) = run("doi-mismatch", [AKAHA], [resolution])
    assert finding.severity is Severity.WARNING
    assert 'volume: manuscript "37", Crossref "36"' in finding.message


def test_no_mismatch_when_every_field_agrees():
    assert run("doi-mismatch", [AKAHA], [Resolution(1, "verified", doi="10.2307/2645561", fields=(YEAR,))]) == []


def test_reference_retracted_quotes_the_notice():
    notices = (
        {"type": "correction", "doi": "10.5555/c", "date": "2011-01-01", "source": "publisher", "label": "Correction"},
        {"type": "retraction", "doi": "10.5555/notice", "date": "2012-03-04", "source": "retraction-watch", "label": "Retraction"},
    )
    (finding,) = run("reference-retracted", [AKAHA], [Resolution(1, "retracted", doi="10.2307/2645561", notices=notices)])
    assert finding.message == "10.2307/2645561 was retracted (notice 10.5555/notice, dated 2012-03-04, source: retraction-watch)"
    assert finding.severity is Severity.ERROR
    assert finding.suggestion == "see https://doi.org/10.5555/notice"


def test_expression_of_concern_is_reported():
    notices = ({"type": "expression_of_concern", "doi": None, "date": None, "source": None, "label": None},)
    (finding,) = run("reference-retracted", [AKAHA], [Resolution(1, "retracted", doi="10.2307/2645561", notices=notices)])
    assert finding.message == "10.2307/2645561 carries an expression of concern"


def test_doi_suggested_gives_doi_confidence_and_evidence():
    resolution = Resolution(1, "suggested", doi="10.2307/2645561", score=0.93, message="agreeing: title, year")
    (finding,) = run("doi-suggested", [ref(1, "Akaha (1996). Russia and Asia in 1995.")], [resolution])
    assert finding.severity is Severity.INFO
    assert "DOI 10.2307/2645561 (confidence 0.93)" in finding.message and "agreeing: title, year" in finding.message
    assert finding.suggestion.startswith("add https://doi.org/10.2307/2645561")


def test_reference_not_found_never_says_fabricated():
    resolution = Resolution(1, "not-found", message="no Crossref record matched the entry")
    (finding,) = run("reference-not-found", [ref(1, "Nimmo, W. F. (1994). Japan and Russia. Greenwood Press.")], [resolution])
    assert finding.severity is Severity.WARNING
    assert "may exist outside Crossref" in finding.message
    assert "fabricat" not in finding.message and "fake" not in finding.message


def test_reference_not_indexable():
    entry = ref(1, "<sup>1</sup> New York Times, June 4 1995.")
    (finding,) = run("reference-not-indexable", [entry], [Resolution(1, "not-indexable", message='newspaper "New York Times"')])
    assert finding.message.startswith('Not looked up: newspaper "New York Times"; registries')
    assert finding.severity is Severity.INFO


def test_lookup_failed_says_could_not_verify():
    resolution = Resolution(1, "unverified", doi="10.2307/2645561", message="could not verify: timed out after 20 s: http://x")
    (finding,) = run("lookup-failed", [AKAHA], [resolution])
    assert finding.severity is Severity.WARNING
    assert finding.message == "Could not verify against Crossref: timed out after 20 s: http://x"


def test_another_agency_is_information():
    resolution = Resolution(1, "unverified", doi="10.5284/1011335", record={"DOI": "10.5284/1011335", "agency": "datacite"},
                            message="10.5284/1011335 is registered with DataCite, not Crossref: not compared")
    (finding,) = run("lookup-failed", [AKAHA], [resolution])
    assert finding.severity is Severity.INFO


@pytest.mark.parametrize("code", sorted(set(TABLE) - {"doi-malformed"}))
def test_offline_there_is_nothing_to_report(code):
    assert run(code, [AKAHA], []) == []
