"""Time and peak memory of ``citeaudit verify X.pdf --offline`` on long generated PDFs.

A thesis of a few hundred pages must read in memory that does not grow with its pages (issue
#10): the PDF reader may keep the Markdown text and small per-line records for the whole
document, but not every page's words.  The script writes dense LaTeX documents of about 30, 100
and 300 pages (prose from generated word lists, no third-party text; sections, a few footnotes,
numeric citations with hyperref, a cited reference list at the end), compiles them with
pdflatex in a temporary folder, runs citeaudit on each as a command of its own and prints its
seconds, seconds per page and peak resident memory (``os.wait4``'s rusage of that one child),
then the 300/30 memory ratio.

    python bench/pdf_memory.py [--pages 30,100,300] [--src DIR] [--keep DIR]

``--src`` runs citeaudit from another checkout's ``src`` (a baseline built with ``git archive``).
Without ``pdflatex`` it prints what to install and exits 0.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEX_PACKAGES = "texlive-latex-base texlive-latex-recommended texlive-latex-extra"
# Words a dense article page holds, near enough to aim at a page count (corrected once)
_WORDS_PER_PAGE = 560
_SYLLABLES = ["ka", "lo", "mer", "tin", "sa", "vel", "dor", "pi", "an", "re", "shu", "bel", "co", "nar", "i", "et", "ul", "fen"]
_NAMES = ["Arden", "Belcourt", "Corvin", "Dalmar", "Esterly", "Fennick", "Garrow", "Halvard", "Istel", "Jorvik",
          "Kestrel", "Lanford", "Morrow", "Nolwen", "Orrick", "Pellam", "Quenby", "Rothley", "Selwyn", "Tamsin"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))


def _sentence(rng: random.Random, keys: list[str], cited: set[str]) -> str:
    words = [_word(rng) for _ in range(rng.randint(9, 22))]
    words[0] = words[0].capitalize()
    text = " ".join(words)
    if rng.random() < 0.3:
        # an uncited key first, so that every entry of the list is cited
        uncited = [key for key in keys if key not in cited]
        key = uncited[0] if uncited and rng.random() < 0.7 else rng.choice(keys)
        cited.add(key)
        text += f"~\\cite{{{key}}}"
    if rng.random() < 0.01:
        text += f"\\footnote{{{' '.join(_word(rng) for _ in range(rng.randint(6, 14))).capitalize()}.}}"
    return text + "."


def _entry(rng: random.Random, key: str) -> str:
    authors = " and ".join(
        f"{rng.choice('ABCDEFGHJKLMNPRST')}.~{rng.choice(_NAMES)}" for _ in range(rng.randint(1, 3))
    )
    title = " ".join(_word(rng) for _ in range(rng.randint(4, 9))).capitalize()
    journal = " ".join(_word(rng).capitalize() for _ in range(rng.randint(2, 3)))
    volume, first = rng.randint(1, 80), rng.randint(1, 900)
    return (f"\\bibitem{{{key}}} {authors}. {title}. \\emph{{{journal}}}, {volume}({rng.randint(1, 12)}):"
            f"{first}--{first + rng.randint(5, 30)}, {rng.randint(1960, 2024)}.")


def document(pages: int, scale: float = 1.0, seed: int = 10) -> str:
    """A dense article of about ``pages`` pages: sections of prose citing a list of ``pages`` entries."""
    rng = random.Random(seed + pages)
    keys = [f"ref{n}" for n in range(1, max(20, pages) + 1)]
    cited: set[str] = set()
    words = int(pages * _WORDS_PER_PAGE * scale)
    body, written, section = [], 0, 0
    while written < words:
        if written >= section * _WORDS_PER_PAGE * 4:  # a section every four pages or so
            section += 1
            body.append(f"\\section{{{' '.join(_word(rng) for _ in range(3)).capitalize()}}}")
        paragraph = " ".join(_sentence(rng, keys, cited) for _ in range(rng.randint(4, 9)))
        written += paragraph.count(" ") + 1
        body.append(paragraph)
    entries = "\n".join(_entry(rng, key) for key in keys)
    return "\n".join([
        r"\documentclass[10pt]{article}",
        r"\usepackage[margin=2cm]{geometry}",
        r"\usepackage{hyperref}",
        r"\begin{document}",
        r"\title{A long generated thesis}\author{A. Writer}\date{}\maketitle",
        *(part + "\n" for part in body),
        r"\begin{thebibliography}{999}",
        entries,
        r"\end{thebibliography}",
        r"\end{document}",
        "",
    ])


def build(folder: Path, pages: int) -> tuple[Path, int]:
    """The compiled PDF of about ``pages`` pages and its page count (aimed once more when far off)."""
    scale = 1.0
    for _ in range(2):
        (folder / "thesis.tex").write_text(document(pages, scale), encoding="utf-8")
        log = ""
        for _ in range(2):  # twice: the citations' numbers
            proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "thesis.tex"], cwd=folder,
                                  capture_output=True, text=True, errors="replace", timeout=600)
            log = proc.stdout
        made = _page_count(folder / "thesis.pdf")
        if made == 0:
            raise SystemExit(f"pdflatex failed on {pages} pages:\n{log[-2000:]}")
        if abs(made - pages) <= 0.05 * pages:
            break
        scale *= pages / made
    return folder / "thesis.pdf", made


def _page_count(pdf: Path) -> int:
    if not pdf.exists():
        return 0
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def measure(pdf: Path, src: Path | None) -> tuple[float, float, int]:
    """Seconds, peak resident memory in MB of one ``citeaudit verify --offline`` command, and its exit code."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src) + os.pathsep + env.get("PYTHONPATH", "")
    command = [sys.executable, "-c", "from citeaudit.cli import main; main()", "verify", str(pdf), "--offline"]
    started = time.perf_counter()
    # run in the PDF's folder: the command writes its reports under ./reports
    child = subprocess.Popen(command, env=env, cwd=pdf.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, child.returncode  # ru_maxrss is in KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="30,100,300", help="page counts to build (default 30,100,300)")
    parser.add_argument("--src", type=Path, help="run citeaudit from this src folder (another checkout)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep the PDFs (reused when present)")
    args = parser.parse_args(argv)
    if shutil.which("pdflatex") is None:
        print(f"pdflatex is not installed; install TeX Live: apt-get install {TEX_PACKAGES}")
        return 0
    counts = [int(n) for n in args.pages.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        for pages in counts:
            folder = root / f"pages-{pages}"
            folder.mkdir(parents=True, exist_ok=True)
            pdf, made = (folder / "thesis.pdf", int((folder / "pages").read_text())) if (folder / "pages").exists() else build(folder, pages)
            (folder / "pages").write_text(str(made))
            seconds, megabytes, code = measure(pdf, args.src.resolve() if args.src else None)
            rows.append((made, seconds, megabytes, code))
            print(f"{made:>5} pages  {seconds:7.2f} s  {seconds / made:6.3f} s/page  {megabytes:7.1f} MB  (exit {code})", flush=True)
    by_pages = {round(pages, -1): mb for pages, _, mb, _ in rows}
    if 30 in by_pages and 300 in by_pages:
        print(f"300/30 peak memory: {by_pages[300] / by_pages[30]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
