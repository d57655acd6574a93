"""An exported .bib compiles: BibTeX itself (plain.bst) reads it without one warning.

Needs ``bibtex`` and ``plain.bst`` (Debian: ``apt-get install texlive-binaries texlive-base``);
skipped with that reason where they are absent.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from citeaudit.ingest.bib import read_bib_string
from citeaudit.model import Location, Reference, Span
from citeaudit.references.bibexport import to_bibtex
from citeaudit.references.parse import parse_reference


def _has_plain_bst() -> bool:
    if shutil.which("bibtex") is None or shutil.which("kpsewhich") is None:
        return False
    found = subprocess.run(["kpsewhich", "plain.bst"], capture_output=True, text=True, timeout=30)
    return bool(found.stdout.strip())


pytestmark = pytest.mark.skipif(
    not _has_plain_bst(), reason="bibtex with plain.bst is not installed (apt-get install texlive-binaries texlive-base)"
)

# Reference strings as manuscripts write them, each complete for its BibTeX type.
PARSED = [
    "Smith, J., & Jones, K. (2020). R&D at 50% of $100 #1_under {braces} } and { here. *Journal of Tests*, 1(2), 2–3. https://doi.org/10.1000/ABC_def",
    "Müller, H., & Škoda, J. (2019, May). Why does DNA matter in the Russian army? *Nature Reviews*, 12, 100–110.",
    "Jones, A., Brown, B., Clark, C., Doe, D., Evans, E., Fox, F., Gray, G., … Zed, Z. (2018). A study! *Science*, 3, 1–2.",
    "Ørsted, H. C. (2017). *Über Elektromagnetismus: Eine Studie*. Springer.",
]

# A hand-written .bib with what LaTeX users put in one.
BIB = r"""@string{jgr = "Journal of Geophysical Research"}
@article{alpha2001,
  author = {Doe, Jane and van der Berg, Jan},
  title = {The $\alpha$-helix of {DNA}: ten\,000 cases \emph{in vivo}},
  journal = jgr # ": Oceans",
  year = 2001,
  month = jan,
  volume = {12},
  pages = {1--10},
  abstract = {An {abstract} with 50\% of R\&D.},
  keywords = {helix, dna},
}
@book{ozturk2010,
  author = {{\"O}zt{\"u}rk, Ay{\c{s}}e},
  title = {Bir {T}{\"u}rk{\c{c}}e kitap},
  publisher = {Yap{\i} Kredi},
  year = {2010},
}
"""


def _references() -> list[Reference]:
    references = list(read_bib_string(BIB).bibliography)
    for i, raw in enumerate(PARSED, start=len(references) + 1):
        references.append(Reference(i, raw, Span(0, 1), Location(1, 1), parse_reference(raw).csl, key=f"parsed{i}"))
    return references


def _bibtex(tmp_path: Path, text: str, encoding: str) -> tuple[int, str, str]:
    """BibTeX's exit status, its log, and the .bbl with its line breaks made spaces."""
    (tmp_path / "refs.bib").write_text(text, encoding=encoding)
    (tmp_path / "paper.aux").write_text("\\relax\n\\citation{*}\n\\bibdata{refs}\n\\bibstyle{plain}\n", encoding="ascii")
    run = subprocess.run(["bibtex", "paper"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    log = (tmp_path / "paper.blg").read_text(encoding="utf-8", errors="replace")
    bbl = (tmp_path / "paper.bbl").read_text(encoding="utf-8", errors="replace")
    return run.returncode, log, " ".join(bbl.split())


@pytest.mark.parametrize(
    ("ascii_only", "encoding"),
    [pytest.param(False, "utf-8", id="utf8"), pytest.param(True, "ascii", id="ascii")],
)
def test_plain_bst_reads_the_export_without_warnings(tmp_path, ascii_only, encoding):
    references = _references()
    status, log, bbl = _bibtex(tmp_path, to_bibtex(references, ascii_only=ascii_only), encoding)
    assert status == 0, log
    assert "Warning" not in log and "error" not in log.lower(), log
    # One item per entry: no text escaped its field to start an entry of its own or swallow the next.
    assert bbl.count("\\bibitem{") == len(references)
    assert "{DNA}" in bbl and "$\\alpha$-helix" in bbl and "ten\\,000" in bbl and "\\emph{in vivo}" in bbl
    assert "Journal of Geophysical Research: Oceans" in bbl
    assert "{Russian} army?" in bbl and "A study!" in bbl
    assert "Z.~Zed, et~al." in bbl  # the elided names end the list as "others", not in its middle
    assert "January 2001" in bbl  # the month macro is BibTeX's own


def test_old_escaping_would_have_broken_the_file(tmp_path):
    # What the export used to write ("\{" for a brace) is not one entry to BibTeX: the guard
    # above tests the real thing, not a BibTeX that accepts anything.
    broken = "@misc{a, title = {a \\} b}}\n\n@misc{b, title = {B}}\n"
    status, log, _bbl = _bibtex(tmp_path, broken, "utf-8")
    assert status != 0 and "I was expecting a `,' or a `}'" in log
