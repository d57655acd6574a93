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
