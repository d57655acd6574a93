"""reference-incomplete on .bib entries follows the entry type's own rules, one finding per problem."""

from __future__ import annotations

import pytest

from citeaudit.ingest.bib import read_bib_string
from citeaudit.pipeline import audit

CASES = [
    pytest.param("@manual{m, title = {User guide}, organization = {ACME}}", [], id="manual-needs-title-only"),
    pytest.param("@misc{w, url = {https://example.org}}", [], id="misc-url-is-enough"),
    pytest.param(
        "@incollection{v, author = {Childs, H.}, title = {VisIt}, booktitle = {High Performance Visualization}, year = {2012}}",
        [("reference-incomplete", "has no publisher, which the BibTeX standard styles require")],
        id="incollection-without-publisher",
    ),
    pytest.param(
        "@techreport{t, author = {Doe, J.}, title = {A report}, instituion = {Lab}, year = {2001}}",
        [("bib-unknown-field", "did you mean institution?")],
        id="misspelled-field-reported-once",
    ),
    pytest.param(
        "@inproceedings{c, author = {Doe, J.}, title = {A talk}, crossref = {p}}\n"
        "@proceedings{p, title = {Proceedings of the Meeting}, year = {2001}}",
        [],
        id="crossref-parent-gives-booktitle-and-year",
    ),
    pytest.param(
        "@online{o, title = {A page}, urldate = {2020-01-01}}",
        [],
        id="biblatex-online-with-title",
    ),
]


@pytest.mark.parametrize(("bib", "expected"), CASES)
def test_required_fields(bib, expected):
    report = audit(read_bib_string(bib, "refs.bib"))
    got = [(f.code, f.message) for f in report.findings if f.severity.value in ("error", "warning")]
    assert len(got) == len(expected), got
    for (code, message), (want_code, fragment) in zip(got, expected):
        assert code == want_code and fragment in message, (code, message)
