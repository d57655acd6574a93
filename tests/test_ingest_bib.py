""".bib files on their own: the entries checked as a reference list, BibTeX read into CSL-JSON."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.errors import FormatError
from citeaudit.ingest import read_manuscript
from citeaudit.ingest.bib import read_bib_string
from citeaudit.pipeline import audit
from citeaudit.references.bibcsl import bib_to_csl
from citeaudit.references.bibtex import read_bib_blocks

PLANTED = """% A bibliography with one problem of each kind.
@string{wp = "Water Policy"}

@article{muller2015,
  author  = {M{\\"u}ller, Klaus and van der Berg, Jan},
  title   = {Dykes and {Democracy}},
  journal = wp,
  year    = 2015,
}

@article{nojournal,
  author = {Doe, Jane},
  title  = {An article without its journal},
  year   = {2010},
}

@book{muller2015,
  author    = {Other, Person},
  title     = {Same key, other work},
  publisher = {P},
  year      = {2011},
}

@book{broken,
  author = {Unclosed,
  title  = {x}

@book{fine,
  author    = {{World Health Organization}},
  title     = {Guidelines},
  publisher = {WHO},
  year      = {2019},
}
"""


def test_bib_alone_reports_the_entries_problems_and_nothing_uncited():
    report = audit(read_bib_string(PLANTED, "refs.bib"))
    assert [(f.code, f.location.line) for f in report.findings] == [
        ("reference-duplicate", 17),
        ("reference-incomplete", 11),
        ("reference-unparsed", 24),
    ]
    messages = {f.code: f.message for f in report.findings}
    assert "reuses the key 'muller2015'" in messages["reference-duplicate"]
    assert "has no journal" in messages["reference-incomplete"]
    assert "BibTeX:" in messages["reference-unparsed"]
    assert report.citations == ()


def test_entries_keep_their_raw_text_and_line():
    manuscript = read_bib_string(PLANTED, "refs.bib")
    first = manuscript.bibliography[0]
    assert first.key == "muller2015"
    assert first.raw.startswith("@article{muller2015,") and first.raw.endswith("}")
    assert (first.location.line, first.location.column) == (4, 1)
    assert manuscript.source_slice(first.span) == first.raw


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        pytest.param(
            '@article{k, author={M{\\"u}ller, Klaus and van der Berg, Jan}, title={Dykes and {Democracy}}, journal={Water Policy}, volume={17}, number={3}, pages={455--470}, year={2015}, doi={https://doi.org/10.2166/WP.2015.001}}',
            {"type": "article-journal", "author": [{"family": "Müller", "given": "Klaus"}, {"family": "van der Berg", "given": "Jan"}],
             "title": "Dykes and Democracy", "container-title": "Water Policy", "volume": "17", "issue": "3", "page": "455-470",
             "issued": {"date-parts": [[2015]]}, "DOI": "10.2166/wp.2015.001"},
            id="article",
        ),
        pytest.param(
            "@incollection{k, author={Okafor, C.}, title={Finance}, booktitle={Climate Money}, editor={Dawisha, Karen}, publisher={Sharpe}, address={Armonk}, year={2019}}",
            {"type": "chapter", "author": [{"family": "Okafor", "given": "C."}], "editor": [{"family": "Dawisha", "given": "Karen"}],
             "title": "Finance", "container-title": "Climate Money", "publisher": "Sharpe", "publisher-place": "Armonk",
             "issued": {"date-parts": [[2019]]}},
            id="chapter",
        ),
        pytest.param(
            "@phdthesis{k, author={Lee, Bo}, title={Shores}, school={MIT}, year={2001}}",
            {"type": "thesis", "author": [{"family": "Lee", "given": "Bo"}], "title": "Shores", "publisher": "MIT", "issued": {"date-parts": [[2001]]}},
            id="thesis-school-is-publisher",
        ),
        pytest.param(
            "@techreport{k, author={{World Meteorological Organization}}, title={Normals}, institution={WMO}, number={1203}, date={2017-05}}",
            {"type": "report", "author": [{"literal": "World Meteorological Organization"}], "title": "Normals", "number": "1203",
             "publisher": "WMO", "issued": {"date-parts": [[2017, 5]]}},
            id="report-organisation-biblatex-date",
        ),
        pytest.param(
            "@misc{k, title={A page}, howpublished={\\url{https://example.org/a}}}",
            {"type": "webpage", "title": "A page", "URL": "https://example.org/a"},
            id="misc-with-url-is-webpage",
        ),
        pytest.param(
            "@article{k, author={Haddad, S.}, title={Retreat}, journal={Climatic Change}, year={2020a}, month=jun}",
            {"type": "article-journal", "author": [{"family": "Haddad", "given": "S."}], "title": "Retreat", "container-title": "Climatic Change",
             "issued": {"date-parts": [[2020, 6]], "year-suffix": "a"}},
            id="year-suffix-and-month",
        ),
    ],
)
def test_bib_to_csl(entry, expected):
    (block,) = read_bib_blocks(entry)
    csl = bib_to_csl(block)
    csl.pop("id")
    assert csl == expected


def test_failed_block_is_kept_with_its_reason():
    blocks = read_bib_blocks("@book{broken,\n  author = {Unclosed,\n\n@book{ok, title={T}, year={2000}}\n")
    assert [(b.key, b.error is not None) for b in blocks] == [("broken", True), ("ok", False)]
    assert bib_to_csl(blocks[0]) == {}


def test_duplicate_field_is_a_problem_not_a_loss():
    (block,) = read_bib_blocks("@misc{k, title={First}, title={Second}, year={2000}}")
    assert block.fields["title"] == "First"
    assert block.problems == ("field 'title' given twice",)


def test_a_file_without_entries_is_not_a_bib(tmp_path):
    path = tmp_path / "notes.bib"
    path.write_text("These are notes, not BibTeX.\n", encoding="utf-8")
    with pytest.raises(FormatError, match="no BibTeX entries"):
        read_manuscript(path)


def test_cli_verify_bib_alone(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(PLANTED, encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", "--offline", str(path), "--out", str(tmp_path / "out"), "--format", "json"])
    assert result.exit_code == 0, result.output  # warnings only
    assert "reference-duplicate" in result.output
    assert "reference-uncited" not in result.output
