"""The PDF corpus bench's ACL class: acl.sty sets the bibliography style and hyperref itself.

Its compile test is tests/test_bench_pdf_corpus.py::test_one_paper_compiles_and_scores[acl-...]."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import pdf_corpus  # noqa: E402


@pytest.mark.parametrize("hyperref", [pytest.param(False, id="without-hyperref"), pytest.param(True, id="with-hyperref")])
def test_acl_paper_leaves_the_style_to_acl_sty_and_hyperref_to_the_build(hyperref):
    # acl.sty writes \bibliographystyle{acl_natbib} itself (BibTeX stops at a second one) and
    # loads hyperref unless told "nohyperref": the build without hyperref must have none.
    record = pdf_corpus.Record("article", (("Pérez", "Ana"),), "A title long enough", "2001", (("journal", "J"),))
    records = [pdf_corpus.Record(r.kind, r.authors, f"{r.title} {n}", str(1990 + n), r.fields) for n, r in enumerate([record] * 8)]
    style = next(s for s in pdf_corpus.STYLES if s.name == "acl")
    paper = pdf_corpus.generate_paper(style, hyperref, records, seed=3, references=4)
    assert r"\bibliographystyle" not in paper.tex
    assert r"\usepackage[nohyperref]{acl}" in paper.tex
    assert (r"\usepackage{hyperref}" in paper.tex) is hyperref
