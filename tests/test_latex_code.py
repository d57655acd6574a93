"""Code in a LaTeX manuscript is never read for citations: a thesis template that shows how to
cite (``\\verb_\\cite{kürzel}_``) cites nothing."""

from __future__ import annotations

import pytest

from citeaudit.ingest.latex import read_latex_string

BIB = "\\begin{thebibliography}{9}\\bibitem{a} A. Author. A title. 2001.\\end{thebibliography}\n"


@pytest.mark.parametrize(
    ("code", "keys"),
    [
        pytest.param("\\verb_\\cite{kürzel}_", ["a"], id="verb-underscore"),
        pytest.param("\\verb|\\cite[10]{k}|", ["a"], id="verb-bar-with-optional"),
        pytest.param("\\verb*+\\citep{k}+", ["a"], id="verb-star"),
        pytest.param("\\lstinline[language=TeX]!\\cite{k}!", ["a"], id="lstinline-options"),
        pytest.param("\\lstinline{\\cite{k}}", ["a"], id="lstinline-braces"),
        pytest.param("\\mintinline{latex}{\\cite{k}}", ["a"], id="mintinline"),
        pytest.param("\\begin{verbatim}\n\\cite{k}\n\\end{verbatim}", ["a"], id="verbatim-environment"),
        pytest.param("\\texttt{\\cite{a}}", ["a", "a"], id="typewriter-text-still-cites"),
        pytest.param("\\verbatimfont \\cite{a}", ["a", "a"], id="a-command-named-like-verb-is-no-verb"),
    ],
)
def test_code_cites_nothing(code, keys):
    source = f"\\documentclass{{article}}\n\\begin{{document}}\nShow {code} here. Real \\cite{{a}}.\n{BIB}\\end{{document}}\n"
    manuscript = read_latex_string(source, "paper.tex")
    assert sorted(c.key for c in manuscript.prepared_citations) == keys
