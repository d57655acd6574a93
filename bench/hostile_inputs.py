"""Time and memory of a whole offline audit on generated hostile inputs, each at two sizes.

    python bench/hostile_inputs.py [--scale 1.0] [--only NAME,...] [--timeout 300]

Each input is written to a temporary folder and audited by a fresh ``citeaudit verify --offline
--format json`` under ``/usr/bin/time -v``; the table gives the input, its size in bytes, the
exit code, the wall seconds and the peak resident memory (MB). Every input is run at half and at
full size so that growth shows: linear work doubles, quadratic work quadruples (the ``x`` column
is the full run's time over the half run's). Issue 12 names these inputs: a long run of
punctuation tokens, many ``A.`` initials in one entry, footnote blocks x citations on a long text,
a 50 MB text file, a single 5 MB line and 100k references.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SURNAMES = ("Smith", "Okafor", "Lindqvist", "Tanaka", "García", "Müller", "Nguyen", "Kowalczyk")


def _name(i: int) -> str:
    """A distinct surname per number, letters only: "Smithab", "Okaforac"."""
    suffix = ""
    while True:
        i, letter = divmod(i, 26)
        suffix += chr(ord("a") + letter)
        if not i:
            break
    return SURNAMES[len(suffix) % len(SURNAMES)] + suffix


def _entry(i: int) -> str:
    name = _name(i)
    return f"{name}{i}, A. B. ({1950 + i % 70}). A title of work number {i}. *Journal of Tests*, {i % 90}(2), 1-9.\n\n"


def _citing(i: int) -> str:
    return f"As shown before ({_name(i)}, {1950 + i % 70}), the result holds. "


def _manuscript(body: str, entries: int) -> str:
    return "# A paper\n\n" + body + "\n\n# References\n\n" + "".join(_entry(i) for i in range(entries))


def punctuation_run(size: int) -> tuple[str, str]:
    """A long run of punctuation tokens in a paragraph that also cites."""
    run = ". , ; : ! ? - ( ) [ ] " * (size // 22)
    return "md", _manuscript(_citing(1) + run + _citing(2), 4)


def initials(size: int) -> tuple[str, str]:
    """One reference entry whose author list is thousands of 'A.' initials."""
    entry = "Smith, " + "A. " * (size // 3) + "(2001). Title. *Journal*, 1, 1-2.\n\n"
    return "md", "# A paper\n\n" + _citing(1) + "\n\n# References\n\n" + entry + _entry(1)


def footnotes_x_citations(size: int) -> tuple[str, str]:
    """Many footnote definitions and many citations on one long text."""
    count = size // 120
    body = "".join(f"{_citing(i)}A remark.[^{i}]\n\n" for i in range(count))
    notes = "".join(f"[^{i}]: See also {_name(i)} ({1950 + i % 70}), p. {i % 300}.\n\n" for i in range(count))
    return "md", _manuscript(body + notes, min(count, 2_000))


def long_line(size: int) -> tuple[str, str]:
    """A single line of prose and citations, no line break at all."""
    unit = _citing(3)
    return "md", (unit * (size // len(unit))).rstrip()


def big_text(size: int) -> tuple[str, str]:
    """A plain text manuscript of paragraphs and citations (over 16 MiB it is refused at once)."""
    unit = "".join(_citing(i) + "\n\n" for i in range(50))
    return "txt", unit * (size // len(unit)) + "References\n\n" + "".join(_entry(i) for i in range(50))


def many_references(size: int) -> tuple[str, str]:
    """A reference list of ``size // 100`` entries, a tenth of them cited."""
    count = size // 100
    body = "".join(_citing(i) for i in range(0, count, 10))
    return "md", _manuscript(body, count)


INPUTS: dict[str, tuple[Callable[[int], tuple[str, str]], int]] = {
    "punctuation run": (punctuation_run, 1_000_000),
    "A. initials in one entry": (initials, 300_000),
    "footnotes x citations": (footnotes_x_citations, 2_000_000),
    "single 5 MB line": (long_line, 5_000_000),
    "10 MB text file": (big_text, 10_000_000),
    "50 MB text file": (big_text, 50_000_000),
    "100k references": (many_references, 10_000_000),
}


def _measure(path: Path, out: Path, timeout: float) -> tuple[int | str, float, float]:
    command = ["/usr/bin/time", "-v", sys.executable, "-c", "from citeaudit.cli import main; main()",
               "verify", str(path), "--offline", "--no-cache", "--format", "json", "--out", str(out), "--fail-on", "never"]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", time.perf_counter() - started, float("nan")
    seconds = time.perf_counter() - started
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return done.returncode, seconds, int(peak.group(1)) / 1024 if peak else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every input's size")
    parser.add_argument("--only", default="", help="comma-separated input names (default: all)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds one audit may take")
    args = parser.parse_args(argv)
    chosen = [n.strip() for n in args.only.split(",") if n.strip()] or list(INPUTS)
    print(f"{'input':28} {'bytes':>11} {'exit':>7} {'seconds':>8} {'MB':>7} {'x':>5}")
    with tempfile.TemporaryDirectory() as folder:
        for name in chosen:
            make, size = INPUTS[name]
            previous = None
            for part in (0.5, 1.0):
                suffix, text = make(int(size * part * args.scale))
                path = Path(folder) / f"input.{suffix}"
                path.write_text(text, encoding="utf-8")
                code, seconds, peak = _measure(path, Path(folder) / "out", args.timeout)
                growth = f"{seconds / previous:5.1f}" if previous else ""
                previous = seconds
                print(f"{name:28} {path.stat().st_size:>11,} {code!s:>7} {seconds:8.2f} {peak:7.0f} {growth:>5}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
