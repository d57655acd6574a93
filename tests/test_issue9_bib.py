"""A .bib as BibTeX and biber see it (issue 9): empty DOIs, duplicate keys, \\nocite{*}, reports
issued by a repository, a shared bibliography."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeaudit.config import Config
from citeaudit.ingest import read_manuscript
from citeaudit.ingest.bib import read_bib_string
from citeaudit.model import Severity
from citeaudit.pipeline import audit

BOOK = "@book{{{key}, author={{{author}}}, title={{{title}}}, publisher={{P}}, year={{{year}}}}}"


def _latex(tmp_path: Path, body: str, bib: str, config: Config = Config()):
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    tex = tmp_path / "paper.tex"
    tex.write_text(f"\\documentclass{{article}}\n\\begin{{document}}\n{body}\n\\bibliography{{refs}}\n\\end{{document}}\n", encoding="utf-8")
    return audit(read_manuscript(tex), config)


def _codes(report, code: str) -> list[str]:
    return [f.message for f in report.findings if f.code == code]


@pytest.mark.parametrize(
    ("fields", "doi", "malformed"),
    [
        pytest.param("doi = {}", None, [], id="empty-braces"),
        pytest.param("doi = {{}}", None, [], id="empty-inner-group"),
        pytest.param('doi = ""', None, [], id="empty-quotes"),
        pytest.param("doi = { }", None, [], id="blank"),
        pytest.param("doi = {}, url = {https://doi.org/10.1000/xyz}", "10.1000/xyz", [], id="empty-doi-then-url"),
        pytest.param("doi = {10.2312/egp.20161045}", "10.2312/egp.20161045", [], id="valid-dotted-suffix"),
        pytest.param("doi = {10.23O7/abc}", "10.23O7/abc", ['"10.23O7/abc" is not a valid DOI'], id="letter-o-for-zero"),
        pytest.param("abstract = {see doi: nothing}", None, [], id="abstract-text-is-no-doi"),
    ],
)
def test_doi_fields(fields, doi, malformed):
    source = f"@article{{a, author={{Doe, J.}}, title={{T}}, journal={{J}}, year={{2001}}, {fields}}}\n"
    manuscript = read_bib_string(source)
    (reference,) = manuscript.bibliography
    assert reference.doi == doi
    report = audit(manuscript)
    assert [m.split(":")[0] for m in _codes(report, "doi-malformed")] == [m.split(":")[0] for m in malformed]


def test_duplicate_key_is_reported_once_not_as_uncited_too(tmp_path):
    bib = "\n".join(
        [
            BOOK.format(key="smith01", author="Smith, John", title="Walls", year=2001),
            BOOK.format(key="smith01", author="Smith, John", title="Walls again", year=2002),
            BOOK.format(key="jones02", author="Jones, Ann", title="Doors", year=2002),
        ]
    )
    report = _latex(tmp_path, "Walls \\cite{smith01}.", bib)
    assert _codes(report, "reference-duplicate") == ["entry 2 reuses the key 'smith01' of entry 1"]
    assert _codes(report, "reference-uncited") == ["1 of 3 bibliography entries are not cited, so they are left out of the printed list: jones02"]


@pytest.mark.parametrize(
    ("body", "uncited"),
    [
        pytest.param("Nothing cited. \\nocite{*}", [], id="nocite-star"),
        pytest.param("Nothing cited. \\nocite{smith01}", ["1 of 2 bibliography entries are not cited, so they are left out of the printed list: jones02"], id="nocite-one"),
        pytest.param("Walls \\cite{smith01}.", ["1 of 2 bibliography entries are not cited, so they are left out of the printed list: jones02"], id="cite-one"),

    ],
)
def test_nocite_lists_entries_as_cited(tmp_path, body, uncited):
    bib = BOOK.format(key="smith01", author="Smith, John", title="Walls", year=2001) + "\n"
    bib += BOOK.format(key="jones02", author="Jones, Ann", title="Doors", year=2002) + "\n"
    assert _codes(_latex(tmp_path, body, bib), "reference-uncited") == uncited


@pytest.mark.parametrize(
    ("entry", "incomplete"),
    [
        pytest.param(
            "@techreport{r, author={Doe, J.}, title={T}, journaltitle={The Computing Research Repository}, date={2015}, volume={abs/1502.02389}}",
            [], id="report-in-a-repository-series",
        ),
        pytest.param("@techreport{r, author={Doe, J.}, title={T}, year={2015}, eprint={1502.02389}, archiveprefix={arXiv}}", [], id="arxiv-report"),
        pytest.param("@report{r, author={Doe, J.}, title={T}, year={2015}, institution={MIT}}", [], id="report-with-institution"),
        pytest.param(
            "@techreport{r, author={Doe, J.}, title={T}, year={2015}, number={42}}",
            ["entry r (@techreport) has no institution, which the BibTeX standard styles require"], id="report-from-nowhere",
        ),
        pytest.param(
            "@phdthesis{t, author={Doe, J.}, title={T}, year={2015}, journaltitle={X}}",
            ["entry t (@phdthesis) has no school, which the BibTeX standard styles require"], id="a-thesis-needs-its-school",
        ),
    ],
)
def test_reports_issued_by_a_repository_are_complete(entry, incomplete):
    assert _codes(audit(read_bib_string(entry)), "reference-incomplete") == incomplete


@pytest.mark.parametrize(
    ("shared", "uncited", "severities"),
    [
        pytest.param(
            False,
            ["2 of 3 bibliography entries are not cited, so they are left out of the printed list: jones02, roe03"],
            {Severity.INFO},
            id="own-bib-one-info-bibtex-prints-only-cited",
        ),
        pytest.param(
            True,
            ["2 of 3 entries of the shared bibliography are not cited here and were set aside (--shared-bib): jones02, roe03"],
            {Severity.INFO},
            id="shared-bib-one-info",
        ),
    ],
)
def test_shared_bibliography_sets_unused_entries_aside(tmp_path, shared, uncited, severities):
    bib = "\n".join(
        [
            BOOK.format(key="smith01", author="Smith, John", title="Walls", year=2001),
            BOOK.format(key="jones02", author="Jones, Ann", title="Doors", year=2002),
            BOOK.format(key="roe03", author="Roe, Rita", title="Roofs", year=2003),
        ]
    )
    report = _latex(tmp_path, "Walls \\cite{smith01}.", bib, Config(shared_bib=shared))
    assert _codes(report, "reference-uncited") == uncited
    assert {f.severity for f in report.findings if f.code == "reference-uncited"} == severities


def test_shared_bibliography_still_warns_for_a_hand_written_list(tmp_path):
    """--shared-bib is about a .bib: an entry typed into the manuscript's own list is a leftover."""
    path = tmp_path / "paper.md"
    path.write_text("Walls (Smith, 2001).\n\n# References\n\nSmith, J. (2001). Walls. P.\n\nJones, A. (2002). Doors. P.\n", encoding="utf-8")
    report = audit(read_manuscript(path), Config(shared_bib=True))
    assert _codes(report, "reference-uncited") == ["Jones (2002) is listed but never cited"]


def test_key_differing_only_in_case_is_a_repeated_key(tmp_path):
    bib = "\n".join(
        [
            BOOK.format(key="sommerville2016", author="Sommerville, Ian", title="Software Engineering", year=2016),
            BOOK.format(key="Sommerville2016", author="Sommerville, Ian", title="Software Engineering", year=2016),
        ]
    )
    report = _latex(tmp_path, "See \\cite{sommerville2016}.", bib)
    assert _codes(report, "reference-duplicate") == [
        "entry 2 reuses the key 'Sommerville2016' of entry 1 ('sommerville2016': BibTeX reads keys in any case as one)"
    ]
    assert _codes(report, "reference-uncited") == []


@pytest.mark.parametrize(
    ("preamble", "command", "entry", "messages"),
    [
        pytest.param("", "\\bibliography{refs}", "@book{b, author={Roe, R.}, title={Roofs}, year={2003}}",
                     ["entry b (@book) has no publisher, which the BibTeX standard styles require"], id="bibtex-book-needs-publisher"),
        pytest.param("\\usepackage[style=authoryear]{biblatex}", "\\addbibresource{refs.bib}", "@book{b, author={Roe, R.}, title={Roofs}, year={2003}}",
                     [], id="biblatex-book-needs-none"),
        pytest.param("\\usepackage[backend=biber]{biblatex}", "\\printbibliography\\addbibresource{refs.bib}", "@article{b, author={Roe, R.}, title={Roofs}, year={2003}}",
                     ["entry b (@article) has no journal, which the biblatex data model requires"], id="biblatex-article-names-biblatex"),
        pytest.param("% \\usepackage{biblatex}", "\\bibliography{refs}", "@book{b, author={Roe, R.}, title={Roofs}, year={2003}}",
                     ["entry b (@book) has no publisher, which the BibTeX standard styles require"], id="commented-out-biblatex"),
    ],
)
def test_required_fields_follow_the_documents_engine(tmp_path, preamble, command, entry, messages):
    (tmp_path / "refs.bib").write_text(entry + "\n", encoding="utf-8")
    tex = tmp_path / "paper.tex"
    tex.write_text(f"\\documentclass{{article}}\n{preamble}\n\\begin{{document}}\nRoofs \\cite{{b}}.\n{command}\n\\end{{document}}\n", encoding="utf-8")
    assert _codes(audit(read_manuscript(tex)), "reference-incomplete") == messages


@pytest.mark.parametrize(
    ("body", "uncited"),
    [
        pytest.param(
            "Solvers such as PETSc \\cite{petsc} and hypre \\cite{petsc}.",
            [
                'Hypre Team (2020) is in the bibliography but never cited, though the text names "hypre"',
                "1 of 3 bibliography entries are not cited, so they are left out of the printed list: cat11",
            ],
            id="key-named-in-the-text",
        ),
        pytest.param(
            "We compare with Copperhead \\cite{petsc}.",
            [
                'Catanzaro (2011) is in the bibliography but never cited, though the text names "Copperhead"',
                "1 of 3 bibliography entries are not cited, so they are left out of the printed list: hypre",
            ],
            id="title-short-name-named-in-the-text",
        ),
        pytest.param(
            "Solvers such as PETSc \\cite{petsc}.",
            ["2 of 3 bibliography entries are not cited, so they are left out of the printed list: hypre, cat11"],
            id="not-named-one-info",
        ),
    ],
)
def test_an_uncited_entry_the_text_names_is_still_a_warning(tmp_path, body, uncited):
    """An entry left uncited but named in the text ("hypre [@petsc]") looks like a citation put on
    the wrong key: that one is worth a warning, where a silent leftover is not."""
    bib = "\n".join(
        [
            BOOK.format(key="petsc", author="Balay, Satish", title="PETSc users manual", year=2019),
            BOOK.format(key="hypre", author="{Hypre Team}", title="Scalable solvers", year=2020),
            BOOK.format(key="cat11", author="Catanzaro, Bryan", title="Copperhead: compiling a data parallel language", year=2011),
        ]
    )
    assert _codes(_latex(tmp_path, body, bib), "reference-uncited") == uncited
