""".bib entries read into CSL as BibTeX reads them: where the DOI is, who the author of a manual is."""

from __future__ import annotations

import pytest

from citeaudit.ingest.bib import read_bib_string


def csl_of(source: str) -> dict:
    return dict(read_bib_string(source, "refs.bib").bibliography[0].csl)


@pytest.mark.parametrize(
    ("fields", "doi"),
    [
        pytest.param("doi={10.2312/egp.20161045}", "10.2312/egp.20161045", id="doi-field"),
        pytest.param("url={https://doi.org/10.1101/263061}", "10.1101/263061", id="doi-in-url"),
        pytest.param("eprint={10.1000/xyz123}, eprinttype={doi}", "10.1000/xyz123", id="eprint-typed-doi"),
        pytest.param("eprint={10.1000/xyz123}, eprinttype={arxiv}", None, id="eprint-not-a-doi"),
        pytest.param("note={Extends 10.1000/other.9 by Smith}", None, id="never-from-note"),
        pytest.param("abstract={As shown in 10.1000/other.9, ...}", None, id="never-from-abstract"),
    ],
)
def test_doi_comes_from_the_fields_that_give_it(fields, doi):
    csl = csl_of(f"@article{{a, author={{A, B}}, title={{T}}, journal={{J}}, year={{2001}}, {fields}}}")
    assert csl.get("DOI") == doi


@pytest.mark.parametrize(
    ("source", "author"),
    [
        pytest.param("@manual{m, title={Guide}, organization={ACME Corp}}", [{"literal": "ACME Corp"}], id="manual-organization"),
        pytest.param("@manual{m, title={Guide}, author={Doe, Jo}, organization={ACME}}", [{"family": "Doe", "given": "Jo"}], id="manual-own-author"),
        pytest.param("@misc{m, title={Guide}, organization={ACME}}", None, id="misc-organization-not-author"),
    ],
)
def test_manual_organization_is_its_author(source, author):
    assert csl_of(source).get("author") == author
