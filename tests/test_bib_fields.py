""".bib fields that BibTeX and biber do not know: misspellings reported, custom fields left alone."""

from __future__ import annotations

import pytest

from citeaudit.checks.bib import near_known_field
from citeaudit.ingest.bib import read_bib_string
from citeaudit.pipeline import audit


@pytest.mark.parametrize(
    ("name", "intended"),
    [
        pytest.param("pagers", "pages", id="letter-added"),
        pytest.param("instituion", "institution", id="letter-dropped"),
        pytest.param("adress", "address", id="double-letter-single"),
        pytest.param("jounral", "journal", id="letters-swapped"),
        pytest.param("data", "date", id="short-name-one-change"),
        pytest.param("Publsiher", "publisher", id="capitals-and-swap"),
        pytest.param("booktitel", "booktitle", id="swap-at-end"),
        pytest.param("organisation", "organization", id="british-spelling"),
        pytest.param("pages", None, id="known-bibtex"),
        pytest.param("journaltitle", None, id="known-biblatex"),
        pytest.param("abstract", None, id="known-extra"),
        pytest.param("mendeley-tags", None, id="tool-field-dash"),
        pytest.param("date-added", None, id="tool-field-date-added"),
        pytest.param("issue_date", None, id="tool-field-underscore"),
        pytest.param("optpages", None, id="switched-off-emacs"),
        pytest.param("timestamp", None, id="jabref-timestamp"),
        pytest.param("keyword", None, id="keyword-singular"),
        pytest.param("notes", None, id="notes-custom"),
        pytest.param("dio", None, id="too-short-to-judge"),
        pytest.param("adsurl", None, id="ads-custom-not-near"),
        pytest.param("reviewers", None, id="custom-far-from-any"),
    ],
)
def test_near_known_field(name, intended):
    assert near_known_field(name) == intended


BIB = """@InCollection{boxlike,
  author    = {Zed, Zoe},
  title     = {A library},
  booktitle = {Some proceedings},
  publisher = {P},
  year      = {2016},
  pagers    = {S156--S172},
}

@phdthesis{thesis,
  author     = {Alt, Ada},
  title      = {A thesis},
  school     = {Somewhere},
  instituion = {University of M{\\"u}nster},
  year       = {2007},
}

@misc{dated,
  author = {Roe, Rik},
  title  = {A dataset},
  year   = {2015},
  data   = {https://example.org/data},
}

@article{custom,
  author        = {Poe, Pia},
  title         = {Custom fields},
  journal       = {J},
  year          = {2001},
  abstract      = {Text.},
  mendeley-tags = {x},
  file          = {:a.pdf:PDF},
}
"""


def test_unknown_field_names_the_field_the_key_and_the_likely_field():
    report = audit(read_bib_string(BIB, "refs.bib"))
    found = [(f.location.line, f.message, f.suggestion) for f in report.findings if f.code == "bib-unknown-field"]
    assert len(found) == 1  # "instituion" beside "school" loses nothing; "data" beside a year neither
    line, message, suggestion = found[0]
    assert line == 7
    assert "'pagers'" in message and "boxlike" in message and "did you mean pages?" in message
    assert suggestion == "rename 'pagers' to 'pages'"


def test_misspelled_institution_without_school_is_reported():
    bib = BIB.replace("  school     = {Somewhere},\n", "")
    report = audit(read_bib_string(bib, "refs.bib"))
    messages = [f.message for f in report.findings if f.code == "bib-unknown-field"]
    assert any("'instituion'" in m and "thesis" in m and "institution" in m for m in messages)


def bib_entry(source: str, index: int = 0):
    return read_bib_string(source, "refs.bib").bibliography[index]


@pytest.mark.parametrize(
    ("source", "missing", "style"),
    [
        pytest.param("@manual{m, title={Guide}}", [], "BibTeX", id="manual-needs-title-only"),
        pytest.param("@manual{m, organization={ACME}}", ["title"], "BibTeX", id="manual-without-title"),
        pytest.param("@misc{m, url={https://x.org}}", [], "BibTeX", id="misc-url-is-enough"),
        pytest.param("@misc{m, note={n}}", ["title or url"], "BibTeX", id="misc-nothing-to-find"),
        pytest.param("@online{o, title={T}, urldate={2020-01-01}}", [], "biblatex", id="online-title"),
        pytest.param("@phdthesis{t, author={A, B}, title={T}, year={2007}}", ["school"], "BibTeX", id="phdthesis-school"),
        pytest.param(
            "@phdthesis{t, author={A, B}, title={T}, year={2007}, institution={U}}", [], "BibTeX", id="phdthesis-institution-alias"
        ),
        pytest.param("@thesis{t, author={A, B}, title={T}, date={2007}}", ["institution"], "biblatex", id="thesis-institution"),
        pytest.param("@techreport{r, organization={NASA}, title={T}, year={2001}}", ["institution"], "BibTeX", id="techreport"),
        pytest.param(
            "@article{a, author={A, B}, title={T}, journaltitle={J}, date={2001-02}}", [], "BibTeX", id="article-biblatex-names"
        ),
        pytest.param(
            "@incollection{v, author={A, B}, title={T}, booktitle={B}, year={2012}}", ["publisher"], "BibTeX", id="incollection"
        ),
        pytest.param("@inproceedings{p, author={A, B}, title={T}, booktitle={B}}", ["year"], "BibTeX", id="inproceedings-year"),
        pytest.param("@patent{p, author={A, B}, title={T}, year={2001}}", ["number"], "biblatex", id="patent"),
    ],
)
def test_missing_bib_fields(source, missing, style):
    from citeaudit.checks.bib import missing_bib_fields

    found, source_of_rule = missing_bib_fields(bib_entry(source))
    assert found == missing
    assert style in source_of_rule


def test_crossref_parent_fills_the_child():
    from citeaudit.checks.bib import missing_bib_fields

    source = """@inproceedings{child, author={A, B}, title={T}, crossref={conf}}
@proceedings{conf, title={Proceedings of Things}, year={2001}, publisher={P}}
"""
    child, parent = bib_entry(source, 0), bib_entry(source, 1)
    assert missing_bib_fields(child) == (["booktitle", "year"], "the BibTeX standard styles")
    assert missing_bib_fields(child, parent) == ([], "the BibTeX standard styles")
