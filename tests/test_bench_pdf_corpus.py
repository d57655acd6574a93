"""The PDF corpus bench (bench/pdf_corpus.py): truth from .aux/.bbl, scoring, and one real build."""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import pdf_corpus  # noqa: E402

AUX = r"""\relax
\citation{smith2001}
\citation{doe2003,smith2001}
\citation{REVTEX42Control}
\citation{apsrev42Control}
\bibdata{refs}
\citation{*}
\bibcite{smith2001}{1}
"""

BBL_PLAIN = r"""\begin{thebibliography}{10}

\bibitem{smith2001}
J.~Sm{\'i}th and A.~M{\"u}ller.
\newblock {\em A study of things}.
\newblock Springer, Berlin, 2001.

\bibitem[Doe et~al.(2003)Doe, Roe, and Poe]{doe2003}
Jane Doe, R.~Roe, and P.~Poe.
\newblock Counting {DNA} sequences.
\newblock \emph{Journal of Counts}, 12\penalty0 (3):\penalty0 1--10, 2003.
\newblock \doi{10.1000/xyz123}.

\end{thebibliography}
"""

BBL_REVTEX = r"""\begin{thebibliography}{2}%
\providecommand \BibitemShut  [1]{\csname bibitem#1\endcsname}%
\bibitem [{\citenamefont {Jordan}(1993)}]{jordan1993}%
  \BibitemOpen
  \bibfield  {author} {\bibinfo {author} {\bibfnamefont {R.}~\bibnamefont
  {Jordan}},\ }\href@noop {} {\emph {\bibinfo {title} {The Fires of Heaven}}}\
  (\bibinfo  {publisher} {Tor},\ \bibinfo {year} {1993})\BibitemShut {NoStop}%
\bibitem [{\citenamefont {B{\'{a}}ez}\ and\ \citenamefont
  {Gasparini}(1977)}]{baez1977}%
  \BibitemOpen
  \bibfield  {author} {\bibinfo {author} {\bibfnamefont {A.~M.}\ \bibnamefont
  {B{\'{a}}ez}}},\ \bibinfo {journal} {Acta}\ \textbf {\bibinfo {volume} {14}}\BibitemShut {NoStop}%
\end{thebibliography}
"""

BBL_IEEE = r"""\begin{thebibliography}{1}
\bibitem{hobb1998}
R.~Hobb, \emph{Ship of Magic}.\hskip 1em plus 0.5em minus 0.4em\relax Voyager, 1998.
\end{thebibliography}
"""

BBL_ACM = r"""\begin{thebibliography}{1}
\bibitem[Adve(1996)]%
        {adve1996}
\bibfield{author}{\bibinfo{person}{Sarita~V. Adve}.}
  \bibinfo{year}{1996}\natexlab{}.
\newblock \bibinfo{type}{{T}echnical {R}eport}.
\end{thebibliography}
"""

BBL_BIBER = r"""\refsection{0}
  \datalist[entry]{nty/global//global/global}
    \entry{adve1996}{techreport}{}
      \name{author}{1}{}{%
        {{hash=abc}{%
           family={Adve},
           familyi={A\bibinitperiod},
           given={Sarita\bibnamedelima V.},
           giveni={S\bibinitperiod\bibinitdelim V\bibinitperiod},
        }}%
      }
      \list{institution}{2}{%
        {Department of Electrical}%
        {Computer Engineering, Rice University}%
      }
      \field{title}{Using information from the programmer}
      \field{year}{1996}
      \verb{doi}
      \verb 10.5555/adve.96
      \endverb
    \endentry
  \enddatalist
\endrefsection
"""


@pytest.mark.parametrize(
    ("bbl", "expected"),
    [
        pytest.param(
            BBL_PLAIN,
            [("smith2001", "J. Smíth and A. Müller. A study of things. Springer, Berlin, 2001."),
             ("doe2003", "Jane Doe, R. Roe, and P. Poe. Counting DNA sequences. Journal of Counts, 12 (3): 1–10, 2003. 10.1000/xyz123 .")],
            id="bibtex-plainnat",
        ),
        pytest.param(BBL_REVTEX, [("jordan1993", "R. Jordan, The Fires of Heaven ( Tor, 1993)"), ("baez1977", "A. M. Báez, Acta 14")],
                     id="revtex-bibinfo-and-accented-label"),
        pytest.param(BBL_IEEE, [("hobb1998", "R. Hobb, Ship of Magic. Voyager, 1998.")], id="ieeetran-hskip"),
        pytest.param(BBL_ACM, [("adve1996", "Sarita V. Adve. 1996 . Technical Report.")], id="acm-comment-before-key"),
        pytest.param(
            BBL_BIBER,
            [("adve1996", "Sarita V. Adve. Using information from the programmer. "
                          "Department of Electrical and Computer Engineering, Rice University. 1996. 10.5555/adve.96")],
            id="biber-fields",
        ),
    ],
)  # fmt: skip
def test_bbl_entries(bbl, expected):
    entries = pdf_corpus.bbl_entries(bbl)
    assert [(e.key, e.text) for e in entries] == expected
    assert all(e.printed == ("\\entry{" not in bbl) for e in entries)


def test_aux_citations_keep_order_and_drop_control_entries():
    assert pdf_corpus.aux_citations(AUX) == [["smith2001"], ["doe2003", "smith2001"]]


PRINTED = pdf_corpus.TruthEntry("doe2003", "Jane Doe, R. Roe, and P. Poe. Counting DNA sequences. Journal of Counts, 12 (3): 1–10, 2003.", True)
FIELDS = pdf_corpus.TruthEntry("adve1996", "Sarita V. Adve. Using information from the programmer. Rice University. 1996", False)


@pytest.mark.parametrize(
    ("found", "truth", "right"),
    [
        pytest.param("[2] Jane Doe, R. Roe, and P. Poe. Counting DNA se-\nquences. Journal of Counts, 12(3):1–10, 2003.", PRINTED, True, id="label-and-hyphen"),
        pytest.param("Jane Doe, R. Roe, and P. Poe. Counting DNA sequences.", PRINTED, False, id="cut-short"),
        pytest.param(PRINTED.text + " (Cited on pp. 2, 3, and 11)", PRINTED, True, id="backref-pages"),
        pytest.param(PRINTED.text + " Sarita V. Adve. Using information from the programmer. Tech. rep. 1996.", PRINTED, False, id="two-entries-run-together"),
        pytest.param("Adve, Sarita V. (1996). Using information from the programmer. Tech. rep. Rice University.", FIELDS, True, id="biber-reordered"),
        pytest.param("Adve, Sarita V. (1996). Using information.", FIELDS, False, id="biber-missing-words"),
        pytest.param(FIELDS.text + " " + PRINTED.text, FIELDS, False, id="biber-run-together"),
    ],
)  # fmt: skip
def test_entry_similarity_threshold(found, truth, right):
    assert (pdf_corpus.entry_similarity(found, truth) >= pdf_corpus.MATCH_THRESHOLD) is right


@pytest.mark.parametrize(
    ("truth", "found", "paired", "linked"),
    [
        pytest.param([(0, "a"), (1, "b"), (1, "c")], ["a", "b", "c"], 3, 3, id="exact"),
        pytest.param([(0, "a"), (1, "b"), (1, "c")], ["a", "c", "b"], 3, 3, id="order-inside-group"),
        pytest.param([(0, "a"), (1, "b"), (1, "c")], ["a", None, "c"], 3, 2, id="one-unlinked"),
        pytest.param([(0, "a"), (1, "b"), (1, "c")], ["a"], 1, 1, id="two-missed"),
        pytest.param([(0, "a"), (1, "b")], ["x", "a", "b", "y"], 2, 2, id="spurious-around"),
    ],
)
def test_citation_alignment(truth, found, paired, linked):
    report = {"references": [], "citations": []}
    truth_refs = [pdf_corpus.TruthEntry(k, f"Entry text for {k} with some words", True) for k in ("a", "b", "c", "x", "y")]
    report["references"] = [{"raw": e.text} for e in truth_refs]
    index = {e.key: n + 1 for n, e in enumerate(truth_refs)}
    report["citations"] = [{"targets": [index[k]] if k else []} for k in found]
    groups: dict[int, list[str]] = {}
    for group, key in truth:
        groups.setdefault(group, []).append(key)
    row = pdf_corpus.score_report(report, truth_refs, list(groups.values()), index, sorted_groups=False)
    assert (row["cites_paired"], row["cites_linked"], row["refs_right"]) == (paired, linked, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Müller & Søltoft", r"M{\"u}ller \& S{\o}ltoft", id="accent-and-letter"),
        pytest.param("García–López", r"Garc{\'i}a--L{\'o}pez", id="dotted-i-and-dash"),
    ],
)
def test_tex_escapes(text, expected):
    assert pdf_corpus.tex(text) == expected


def test_tex_refuses_what_it_cannot_spell():
    with pytest.raises(pdf_corpus.Untypeable):
        pdf_corpus.tex("α-helix")


@pytest.mark.parametrize("appendix", [pytest.param(False, id="plain"), pytest.param(True, id="appendix-after-list")])
def test_generated_paper_cites_every_entry_and_groups_match_the_source(appendix):
    record = pdf_corpus.Record("article", (("Pérez", "Ana"),), "A title long enough", "2001", (("journal", "J"), ("volume", "1"), ("pages", "1--2")))
    records = [pdf_corpus.Record(r.kind, r.authors, f"{r.title} {n}", str(1990 + n), r.fields) for n, r in enumerate([record] * 12)]
    style = next(s for s in pdf_corpus.STYLES if s.name == "natbib-authoryear")
    paper = pdf_corpus.generate_paper(style, True, records, seed=3, references=8, appendix=appendix)
    keys = {line.split("{")[1].rstrip(",") for line in paper.bib.splitlines() if line.startswith("@")}
    assert len(keys) == 8
    assert {k for group in paper.groups for k in group} == keys
    assert sum(paper.tex.count(m) for m in (r"\citep{", r"\citet{")) == len(paper.groups)
    assert r"\usepackage{hyperref}" in paper.tex
    tail = paper.tex[paper.tex.index(r"\bibliography{refs}") :]
    assert (r"\appendix" in tail) is appendix and r"\cite" not in tail


@pytest.mark.skipif(shutil.which("pdflatex") is None or shutil.which("bibtex") is None, reason="needs TeX Live (pdflatex, bibtex)")
@pytest.mark.parametrize("name", [pytest.param("natbib-numeric", id="natbib-numeric"), pytest.param("acl", id="acl-where-acl-sty-is-installed")])
def test_one_paper_compiles_and_scores(tmp_path, name):
    style = next(s for s in pdf_corpus.STYLES if s.name == name)
    if missing := pdf_corpus.missing_files(style):
        pytest.skip(f"{', '.join(missing)} not installed ({style.package})")
    if not (pdf_corpus.SHARED / "corpora").is_dir():
        pytest.skip("needs ../shared/corpora for the reference metadata")
    records = pdf_corpus.load_jats(pdf_corpus.SHARED / "corpora")
    random.Random(0).shuffle(records)
    paper = pdf_corpus.generate_paper(style, False, records[:200], seed=5, references=6)
    row = pdf_corpus.measure_generated(paper, tmp_path)
    assert "failed" not in row, row.get("failed")
    assert row["refs_truth"] == 6
    assert row["cites_truth"] == sum(len(g) for g in paper.groups)
    assert (tmp_path / paper.name / "paper.bbl").exists()
