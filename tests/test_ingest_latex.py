"""LaTeX manuscripts: \\cite keys, \\input files, .bib and thebibliography, and a planted golden case."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.errors import FormatError, InputError
from citeaudit.ingest import read_manuscript
from citeaudit.ingest.latex import CITE, read_latex_string
from citeaudit.model import CitationKind
from citeaudit.pipeline import audit
from citeaudit.references.tex import latex_to_text

CASE = Path(__file__).parent / "cases" / "latex"

BIB = """@book{a, author={Aron, Ann}, title={Alpha}, publisher={P}, year={2000}}
@book{b, author={Berg, Bo}, title={Beta}, publisher={P}, year={2001}}
"""


def golden_rows(path: Path) -> list[tuple[str, str, int, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        head, _, message = line.partition(": ")
        code, _, where = head.partition(" @ ")
        file, _, number = where.rpartition(":")
        rows.append((code.strip(), file.strip(), int(number), message.strip()))
    return rows


def test_planted_case_gives_exactly_its_findings():
    report = audit(read_manuscript(CASE / "paper.tex"))
    got = [(f.code, Path(f.location.file).relative_to(CASE).as_posix(), f.location.line, f.message) for f in report.findings]
    expected = golden_rows(CASE / "expected.txt")
    assert sorted(g[:3] for g in got) == sorted(e[:3] for e in expected)
    for code, file, line, fragment in expected:
        assert any(fragment in m for c, f, l, m in got if (c, f, l) == (code, file, line)), (code, file, line, fragment)


def test_planted_case_citations_point_into_the_file_that_holds_them():
    manuscript = read_manuscript(CASE / "paper.tex")
    by_key = {c.key: c for c in manuscript.prepared_citations}
    assert set(by_key) >= {"tanaka2018", "okafor2019", "haddad2020a", "schmitt2016"}
    assert [c.key for c in manuscript.listed_citations] == ["brown2015"]  # \nocite: listed, not cited
    assert "hidden2000" not in by_key and "commented1999" not in by_key  # in comments
    method = by_key["haddad2020a"].location
    assert Path(method.file).name == "method.tex" and (method.line, method.column) == (2, 22)
    assert by_key["okafor2019"].locator == "p. 44"
    assert (by_key["wmo2017"].prefix, by_key["wmo2017"].locator) == ("see", "chap. 3")
    line = manuscript.line_text(by_key["zieglr1993"].location.line)
    assert line[by_key["zieglr1993"].location.column - 1 :].startswith("zieglr1993")


def test_near_miss_key_gets_a_suggestion():
    report = audit(read_manuscript(CASE / "paper.tex"))
    finding = next(f for f in report.findings if "zieglr1993" in f.message)
    assert finding.suggestion == "did you mean ziegler1993?"


def test_hand_written_citation_is_matched_too():
    report = audit(read_manuscript(CASE / "paper.tex"))
    narrative = [c for c in report.citations if c.kind is CitationKind.NARRATIVE]
    assert [(c.authors, c.year) for c in narrative] == [(("Ziegler",), "1993")]


@pytest.mark.parametrize(
    ("command", "keys", "first", "second"),
    [
        pytest.param(r"\cite{a}", "a", None, None, id="cite"),
        pytest.param(r"\citep{a,b}", "a,b", None, None, id="citep-two-keys"),
        pytest.param(r"\citet*{a}", "a", None, None, id="citet-star"),
        pytest.param(r"\citeauthor{a}", "a", None, None, id="citeauthor"),
        pytest.param(r"\citeyear{a}", "a", None, None, id="citeyear"),
        pytest.param(r"\parencite[chap.~3]{a}", "a", "chap.~3", None, id="parencite-postnote"),
        pytest.param(r"\textcite{a}", "a", None, None, id="textcite"),
        pytest.param(r"\autocite{a}", "a", None, None, id="autocite"),
        pytest.param(r"\footcite{a}", "a", None, None, id="footcite"),
        pytest.param(r"\nocite{*}", "*", None, None, id="nocite-all"),
        pytest.param(r"\citep[see][p.~12]{a,b}", "a,b", "see", "p.~12", id="pre-and-postnote"),
        pytest.param(r"\citep[][\emph{p.}~12]{a}", "a", "", r"\emph{p.}~12", id="braces-in-note"),
        pytest.param(r"\Citet{a}", "a", None, None, id="capitalised"),
    ],
)
def test_cite_commands(command, keys, first, second):
    match = CITE.match(command)
    assert match and match.end() == len(command)
    assert (match.group("keys"), match.group("first"), match.group("second")) == (keys, first, second)


@pytest.mark.parametrize("text", [r"\citestyle{x}", r"\cited{x}", r"\excite{x}"], ids=["citestyle", "cited", "excite"])
def test_not_cite_commands(text):
    assert CITE.match(text) is None or CITE.match(text).group("command") not in text[1:8]


def test_cite_pattern_does_not_backtrack():
    import time

    hostile = r"\citep" + "[" * 5000 + "{" * 5000
    started = time.perf_counter()
    assert CITE.search(hostile) is None
    assert time.perf_counter() - started < 0.5


def test_nocite_star_cites_every_entry():
    manuscript = read_latex_string(r"\begin{document}Text \nocite{*}.\end{document}", "t.tex", bib=[("r.bib", BIB)])
    assert [f.code for f in audit(manuscript).findings] == []


def test_unused_entry_and_undefined_key():
    manuscript = read_latex_string(r"\begin{document}As \cite{a} and \cite{zz} say.\end{document}", "t.tex", bib=[("r.bib", BIB)])
    findings = {(f.code, f.location.file, f.location.line) for f in audit(manuscript).findings}
    assert findings == {("citation-unmatched", "t.tex", 1), ("reference-uncited", "r.bib", 2)}


def test_key_differing_in_case_is_one_error_and_still_links():
    # BibTeX warns about it and biber does not find the entry: one error, and the entry is not "uncited" too.
    manuscript = read_latex_string(r"\begin{document}\cite{A} \cite{b}\end{document}", "t.tex", bib=[("r.bib", BIB)])
    findings = audit(manuscript).findings
    assert [(f.code, f.reference, f.suggestion) for f in findings] == [("citation-unmatched", 1, "write a")]
    assert "differs only in case" in findings[0].message


def test_thebibliography_entries_are_parsed_and_keyed():
    source = "\n".join([
        r"\documentclass{article}",
        r"\begin{document}",
        r"Walls \cite{smith01} and \citet{jones03}.",
        r"\begin{thebibliography}{9}",
        r"\bibitem{smith01} J.~Smith, ``Sea walls,'' \emph{Coastal Review}, vol.~1, pp.~3--4, 2001.",
        r"\bibitem[Jones and Lee(2003)]{jones03}",
        r"A.~Jones and B.~Lee. \newblock \emph{Harbours}. \newblock Penguin, London, 2003.",
        r"\bibitem{unused} C.~M{\"u}ller, \emph{Dykes}. Springer, 2015.",
        r"\end{thebibliography}",
        r"\end{document}",
    ])
    report = audit(read_latex_string(source, "t.tex"))
    assert [r.key for r in report.references] == ["smith01", "jones03", "unused"]
    assert [r.location.line for r in report.references] == [5, 7, 8]
    assert report.references[0].csl["container-title"] == "Coastal Review"
    assert report.references[1].csl["title"] == "Harbours"
    assert report.references[2].csl["author"] == [{"family": "Müller", "given": "C."}]
    assert [(f.code, f.location.line) for f in report.findings] == [("reference-uncited", 8)]


def test_bib_given_outright_replaces_the_named_one(tmp_path):
    (tmp_path / "paper.tex").write_text(r"\begin{document}\cite{a}\cite{b}\bibliography{missing}\end{document}", encoding="utf-8")
    (tmp_path / "mine.bib").write_text(BIB, encoding="utf-8")
    manuscript = read_manuscript(tmp_path / "paper.tex", bib=[tmp_path / "mine.bib"])
    assert audit(manuscript).findings == ()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        pytest.param({"p.tex": r"\input{b}", "b.tex": r"\input{p}"}, "loops back on itself", id="input-loop"),
        pytest.param({"p.tex": r"\cite{a} and no bibliography"}, "names no bibliography", id="no-bibliography"),
    ],
)
def test_unreadable_latex_is_one_clear_error(tmp_path, files, message):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("\\", "\\\\")):
        read_manuscript(tmp_path / "p.tex")


def test_tex_without_any_command_is_a_format_error(tmp_path):
    (tmp_path / "notes.tex").write_text("Just some words.\n", encoding="utf-8")
    with pytest.raises(FormatError, match="no LaTeX commands"):
        read_manuscript(tmp_path / "notes.tex")


def test_cli_reads_latex_and_exits_1_on_errors(tmp_path):
    result = CliRunner().invoke(main, ["verify", "--offline", str(CASE / "paper.tex"), "--out", str(tmp_path), "--format", "json", "-q"])
    assert result.exit_code == 1, result.output
    assert "2 errors" in result.output


def test_cli_bib_option_for_a_text_file_is_a_usage_error(tmp_path):
    # Markdown takes --bib (a Pandoc manuscript's bibliography); plain text does not.
    manuscript = tmp_path / "m.txt"
    manuscript.write_text("Text (Aron, 2000).\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", "--offline", str(manuscript), "--bib", str(CASE / "refs.bib"), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "--bib goes with a LaTeX or Markdown" in result.output


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        pytest.param(r'M{\"u}ller \& Co.', "Müller & Co.", id="accent-and-escape"),
        pytest.param(r"{\'E}cole \c{c}a \v s \ss{}e \o rsted", "École ça š ße ørsted", id="accents-and-letters"),
        pytest.param("pp.~12--15 % a comment\n  next", "pp. 12–15 next", id="tilde-dash-comment"),
        pytest.param(r"See\label{x} Fig.~\ref{f:1}.", "See Fig. .", id="label-and-ref-dropped"),
        pytest.param(r"``quoted''", "“quoted”", id="quotes"),
        pytest.param(r"50\% of", "50% of", id="escaped-percent-is-no-comment"),
    ],
)
def test_latex_to_text(latex, plain):
    text, origins = latex_to_text(latex)
    assert text == plain
    assert len(origins) == len(text) and origins == sorted(origins)


def test_latex_to_text_marks_italics_when_asked():
    assert latex_to_text(r"\emph{Harbours}. {\em Dykes} x", italics=True)[0] == "*Harbours*. *Dykes* x"
