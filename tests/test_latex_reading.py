"""LaTeX read as TeX reads it: cite families, multicites, macros, imports, comments, missing files."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from citeaudit.ingest import read_manuscript
from citeaudit.ingest.latex import read_latex_string
from citeaudit.ingest.latex_args import balanced, read_cite
from citeaudit.pipeline import audit

BIB = """@book{a, author={Aron, Ann}, title={Alpha}, publisher={P}, year={2000}}
@book{b, author={Berg, Bo}, title={Beta}, publisher={P}, year={2001}}
@book{c, author={Chen, Cy}, title={Gamma}, publisher={P}, year={2017}}
"""


def cited(body: str, preamble: str = "") -> list[tuple[str, str, str]]:
    """(key, prefix, locator) of every cited key in a document with ``body``."""
    source = preamble + "\\begin{document}\n" + body + "\n\\end{document}\n"
    manuscript = read_latex_string(source, "t.tex", bib=[("r.bib", BIB)])
    return [(c.key, c.prefix, c.locator) for c in manuscript.prepared_citations]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(r"\cite{a,b}", [("a", "", ""), ("b", "", "")], id="two-keys"),
        pytest.param(r"\citep*[see][p.~3]{a}", [("a", "see", "p. 3")], id="citep-star-notes"),
        pytest.param(r"\citeposs{a}", [("a", "", "")], id="citeposs"),
        pytest.param(r"\citeyearpar{a}", [("a", "", "")], id="citeyearpar"),
        pytest.param(r"\Textcite{a}", [("a", "", "")], id="Textcite"),
        pytest.param(r"\supercite{a}", [("a", "", "")], id="supercite"),
        pytest.param(r"\smartcite{a}", [("a", "", "")], id="smartcite"),
        pytest.param(r"\citeA{a}", [("a", "", "")], id="apacite-citeA"),
        pytest.param(
            r"\cites[see][12]{a}[][3]{b,c}",
            [("a", "see", "12"), ("b", "", "3"), ("c", "", "3")],
            id="cites-groups",
        ),
        pytest.param(r"\parencites(all)(){a}{b}", [("a", "", ""), ("b", "", "")], id="parencites-global-notes"),
        pytest.param("\\textcites{a}\n  [p.~4]{b}", [("a", "", ""), ("b", "", "p. 4")], id="textcites-over-lines"),
        pytest.param(r"\autocites{a} [not a group]", [("a", "", "")], id="autocites-stops-at-text"),
        pytest.param(
            "\\cite[\\href{http://x.org}{see \\emph{this}}\\newline\n p.~3][]{a}",
            [("a", "\\href{http://x.org}{see \\emph{this}}\\newline\n p.~3", "")],
            id="nested-braces-over-lines",
        ),
        pytest.param("\\cite{a,% b was here\n c}", [("a", "", ""), ("c", "", "")], id="comment-between-keys"),
        pytest.param(r"\nocite{b} \cite{a}", [("a", "", "")], id="nocite-is-no-citation"),
        pytest.param(
            r"\cite{[{}][{. Both $0.45~\mathrm{GeV}$, see [x], are used}]a,c}",
            [("a", "", ". Both $0.45 \\mathrm{GeV}$, see [x], are used"), ("c", "", "")],
            id="revtex-notes-inside-the-braces",
        ),
        pytest.param(r"\cite{[{See }][{ for a review}]a, [][{, p.~3}]b}", [("a", "See", "for a review"), ("b", "", ", p. 3")], id="revtex-notes-per-key"),
        pytest.param(r"\cite{a,*b,*c}", [("a", "", ""), ("b", "", ""), ("c", "", "")], id="revtex-merged-star"),
        pytest.param(r"\cite{[unclosed a,b}", [("b", "", "")], id="unclosed-note-skips-to-next-key"),
    ],
)
def test_cite_family(body, expected):
    assert cited(body) == expected


@pytest.mark.parametrize(
    ("preamble", "body", "keys"),
    [
        pytest.param(r"\newcommand{\mycite}[1]{\citep{#1}}", r"\mycite{a,b}", ["a", "b"], id="newcommand-braced"),
        pytest.param(r"\newcommand\mycite[1]{\citep{#1}}", r"\mycite{a}", ["a"], id="newcommand-bare"),
        pytest.param(r"\def\mycite#1{\cite{#1}}", r"\mycite{c}", ["c"], id="def"),
        pytest.param(
            r"\newcommand{\seecite}[2][]{\citep[#1]{#2}}", r"\seecite[p.~2]{b} \seecite{a}", ["b", "a"], id="optional-first"
        ),
        pytest.param(r"\newcommand{\bold}[1]{\textbf{#1}}", r"\bold{a}", [], id="not-a-cite-macro"),
        pytest.param("", r"\citeref{a,b} \setcitestyle{numbers} \mycitecmd[p.~2]{zz,c}", ["a", "b", "c"], id="unknown-cite-named-keys-kept"),
        pytest.param("", r"\citetalias{a} \citeasnoun{b}", ["a", "b"], id="natbib-alias-harvard"),
        pytest.param("", r"\renewcommand{\captext}{As in~\protect\cite{b}.} \caption{\captext}", ["b"], id="cite-in-caption-macro"),
    ],
)
def test_user_cite_macros(preamble, body, keys):
    assert [k for k, _, _ in cited(body, preamble)] == keys


def test_balanced_stops_at_a_runaway_bracket():
    assert balanced("[" + "x" * 10000, 0, "[", "]") is None
    assert read_cite(r"\cite[" + "{" * 3000, 0) is None


def write(tmp_path: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


DOC = "\\documentclass{article}\n{preamble}\\begin{document}\n{body}\n\\bibliography{r}\n\\end{document}\n"


def doc(body: str, preamble: str = "") -> str:
    return DOC.replace("{preamble}", preamble).replace("{body}", body)


@pytest.mark.parametrize(
    ("files", "keys"),
    [
        pytest.param(
            {"p.tex": doc(r"\import{chapters/}{one}"), "chapters/one.tex": r"\cite{a} \input{two}", "chapters/two.tex": r"\cite{b}"},
            ["a", "b"],
            id="import-then-input-relative-to-import-dir",
        ),
        pytest.param(
            {"p.tex": doc(r"\import{parts}{one.tex}"), "parts/one.tex": r"\subimport{sub/}{two}", "parts/sub/two.tex": r"\cite{c}"},
            ["c"],
            id="subimport-relative-to-current",
        ),
        pytest.param(
            {"p.tex": doc(r"\inputfrom{x}{f} \includefrom{y}{g}"), "x/f.tex": r"\cite{a}", "y/g.tex": r"\cite{b}"},
            ["a", "b"],
            id="inputfrom-includefrom",
        ),
        pytest.param(
            {"p.tex": doc(r"\import{\PATH/ch1/}{main}", r"\newcommand{\PATH}{.}"), "ch1/main.tex": r"\cite{a}"},
            ["a"],
            id="macro-in-path",
        ),
        pytest.param(
            {"p.tex": doc(r"\subfile{ch/one}"), "ch/one.tex": "\\documentclass[../p.tex]{subfiles}\n\\begin{document}\n\\cite{b}\n\\end{document}\n"},
            ["b"],
            id="subfile-with-its-own-document",
        ),
        pytest.param({"p.tex": doc(r"\input{Abstract.md}"), "Abstract.md.tex": r"\cite{a}"}, ["a"], id="dotted-name-gets-tex"),
        pytest.param(
            {"p.tex": doc(r"\input{ch/one}"), "ch/one.tex": r"\cite{a} \input{ch/two} \input{three}", "ch/two.tex": r"\cite{b}",
             "ch/three.tex": r"\cite{c}"},
            ["a", "b", "c"],
            id="input-from-main-folder-then-beside-the-file",
        ),
    ],
)
def test_files_are_found_where_tex_finds_them(tmp_path, files, keys):
    write(tmp_path, {**files, "r.bib": BIB})
    manuscript = read_manuscript(tmp_path / "p.tex")
    assert [c.key for c in manuscript.prepared_citations] == keys


def test_subfile_keeps_the_main_body(tmp_path):
    write(tmp_path, {
        "p.tex": doc("Intro \\cite{a}.\n\\subfile{one}\nEnd \\cite{c}."),
        "one.tex": "\\begin{document}\\cite{b}\\end{document}",
        "r.bib": BIB,
    })
    manuscript = read_manuscript(tmp_path / "p.tex")
    body = manuscript.text[manuscript.body.start : manuscript.body.end]
    assert "Intro" in body and "End" in body


def test_missing_input_is_a_warning_naming_it_and_the_rest_is_read(tmp_path):
    write(tmp_path, {"p.tex": doc("\\cite{a}\n\\input{chapters/gone}\n\\cite{b}"), "r.bib": BIB})
    report = audit(read_manuscript(tmp_path / "p.tex"))
    missing = [f for f in report.findings if f.code == "latex-input-missing"]
    assert len(missing) == 1 and missing[0].severity.value == "warning"
    assert "chapters/gone" in missing[0].message and missing[0].location.line == 4
    assert [c.key for c in report.citations] == ["a", "b"]


def test_bibliography_names_end_their_comments_at_the_line(tmp_path):
    write(tmp_path, {
        "p.tex": "\\begin{document}\\cite{a}\\cite{z}\n\\bibliography{r,% the old one\n  s}\n\\end{document}",
        "r.bib": BIB,
        "s.bib": "@book{z, author={Zed, Z}, title={Zeta}, publisher={P}, year={2003}}\n",
    })
    manuscript = read_manuscript(tmp_path / "p.tex")
    assert [r.key for r in manuscript.bibliography] == ["a", "b", "c", "z"]


def test_bbl_beside_the_main_file_stands_in_for_a_missing_bib(tmp_path):
    write(tmp_path, {
        "p.tex": doc(r"\cite{a} \cite{b}"),
        "p.bbl": "\\begin{thebibliography}{2}\n\\bibitem{a} A.~Aron. \\newblock \\emph{Alpha}. \\newblock P, 2000.\n"
        "\\bibitem{b} B.~Berg. \\newblock \\emph{Beta}. \\newblock P, 2001.\n\\end{thebibliography}\n",
    })
    report = audit(read_manuscript(tmp_path / "p.tex"))
    assert [r.key for r in report.references] == ["a", "b"]
    assert [f.code for f in report.findings if f.severity.value == "error"] == []


def test_missing_bib_is_a_finding_not_an_exit(tmp_path):
    write(tmp_path, {"p.tex": doc(r"\cite{a}")})
    report = audit(read_manuscript(tmp_path / "p.tex"))
    assert [f.code for f in report.findings] == ["reference-list-missing"]
    assert "r.bib" in report.findings[0].message


@pytest.mark.parametrize(
    ("body", "citations", "uncited"),
    [
        pytest.param(r"\nocite{b} \cite{a}", ["a"], ["c"], id="nocite-entry-not-uncited-not-counted"),
        pytest.param(r"\nocite{*} \cite{a}", ["a"], [], id="nocite-star"),
        pytest.param(
            "Chen et al. (2017)~\\cite{c} showed it. \\cite{a,b}", ["c", "a", "b"], [], id="phrase-beside-cite-not-counted"
        ),
        pytest.param(
            "Chen et al. (2017) collected data in their study~\\cite{c}. \\cite{a,b}", ["c", "a", "b"], [],
            id="phrase-with-cite-later-in-paragraph",
        ),
        pytest.param("The last 50 TRs (1976 in all). \\cite{a,b,c}", ["a", "b", "c"], [], id="prose-like-citation-dropped"),
        pytest.param("As Chen (2017) did by hand. \\cite{a,b}", [None, "a", "b"], [], id="hand-written-citation-kept"),
    ],
)
def test_what_counts_as_a_citation(body, citations, uncited):
    report = audit(read_latex_string(doc(body), "t.tex", bib=[("r.bib", BIB)]))
    assert [c.key for c in report.citations] == citations
    assert report_uncited(report) == uncited
    assert not [f for f in report.findings if f.code.startswith("citation-")]


def report_uncited(report) -> list[str]:
    """Keys of the uncited entries: one finding each, or named in the one info that counts them."""
    keys = []
    for finding in report.findings:
        if finding.code != "reference-uncited":
            continue
        if finding.reference is not None:
            keys.append(report.references[finding.reference - 1].key)
        else:
            keys.extend(finding.message.rsplit(": ", 1)[1].split(", "))
    return keys


def test_crossref_parent_and_xdata_are_not_uncited():
    bib = """@xdata{pub, publisher={P}, location={L}}
@inproceedings{child, author={Aron, Ann}, title={Alpha}, crossref={conf}, xdata={pub}}
@proceedings{conf, title={Proceedings of Things}, year={2001}}
@book{b, author={Berg, Bo}, title={Beta}, publisher={P}, year={2001}}
"""
    report = audit(read_latex_string(doc(r"\cite{child}"), "t.tex", bib=[("r.bib", bib)]))
    assert [r.key for r in report.references] == ["child", "conf", "b"]  # @xdata is no work
    assert report_uncited(report) == ["b"]
    assert [c.key for c in report.citations] == ["child"]


@pytest.mark.parametrize(
    ("line", "bib_name"),
    [
        pytest.param(r"\bibliography{\jobname}", "p.bib", id="jobname"),
        pytest.param("\\newcommand{\\bibdir}{refs}\n\\bibliography{\\bibdir/main}", "refs/main.bib", id="macro-in-bib-path"),
        pytest.param("\\addbibresource{r.bib}\n\\addbibresource[location=remote]{https://x.org/a.bib}", "r.bib", id="remote-skipped"),
    ],
)
def test_bibliography_names_as_tex_expands_them(tmp_path, line, bib_name):
    write(tmp_path, {"p.tex": "\\begin{document}\\cite{a}\n" + line + "\n\\end{document}", bib_name: BIB})
    report = audit(read_manuscript(tmp_path / "p.tex"))
    assert len(report.references) == 3
    assert not [f for f in report.findings if f.code in ("reference-list-missing", "citation-unmatched")]


def _fake_kpsewhich(folder: Path, answers: dict[str, Path]) -> Path:
    """A ``kpsewhich`` on PATH that knows only ``answers`` (name -> path), like TeX's own."""
    script = folder / "bin" / "kpsewhich"
    script.parent.mkdir()
    cases = "".join(f'  "{name}") echo "{path}" ;;\n' for name, path in answers.items())
    script.write_text(f'#!/bin/sh\ncase "$1" in\n{cases}  *) exit 1 ;;\nesac\n', encoding="utf-8")
    script.chmod(0o755)
    return script.parent


@pytest.mark.parametrize(
    ("bibliography", "tex_has", "codes", "references"),
    [
        pytest.param("IEEEabrv,r", {}, [], 3, id="ieeeabrv-without-tex-is-no-finding"),
        pytest.param("IEEEabrv,r", {"IEEEabrv.bib": "@string{IEEE_J_X = {IEEE Trans. X}}\n"}, [], 3, id="ieeeabrv-from-tex"),
        pytest.param("shipped,r", {"shipped.bib": "@book{s, author={Sun, Su}, title={S}, publisher={P}, year={1999}}\n"}, [], 4, id="any-bib-tex-ships"),
        pytest.param("gone,r", {}, ["reference-list-missing"], 3, id="own-bib-missing-still-reported"),
        pytest.param("../sub/gone,r", {"../sub/gone.bib": "@book{s, author={Sun, Su}}\n"}, ["reference-list-missing"], 3, id="folder-names-never-asked-of-tex"),
    ],
)
def test_bibliography_files_tex_finds_in_its_own_tree(tmp_path, monkeypatch, bibliography, tex_has, codes, references):
    texmf = tmp_path / "texmf"
    texmf.mkdir()
    answers = {}
    for name, text in tex_has.items():
        (texmf / PurePosixPath(name).name).write_text(text, encoding="utf-8")
        answers[name] = texmf / PurePosixPath(name).name
    monkeypatch.setenv("PATH", str(_fake_kpsewhich(tmp_path, answers)) + ":/usr/bin:/bin" if answers else str(tmp_path / "none"))
    paper = tmp_path / "paper"
    write(paper, {"p.tex": doc(r"\cite{a,b,c}", "").replace(r"\bibliography{r}", f"\\bibliography{{{bibliography}}}"), "r.bib": BIB})
    report = audit(read_manuscript(paper / "p.tex"))
    assert len(report.references) == references
    assert [f.code for f in report.findings if f.severity.value in ("error", "warning")] == codes
