"""Reading holds a few machine words a character, not Python objects a character.

``Manuscript.offsets`` was a tuple of int objects (36 bytes a character, walked by every full
garbage collection) and superscripts were remapped through a dict of every character (90 bytes
a character at the peak): a 13 MB manuscript of 50,000 references peaked at 2.1 GB.  Measured
with tracemalloc, which counts Python's own allocations, so the bound does not move with the
machine.
"""

from __future__ import annotations

import tracemalloc
from array import array

import pytest

from citeaudit.ingest.markdown import read_markdown_string

# Bytes of traced memory at the peak of reading, per character of source (43 measured; 121 before).
PEAK_BYTES_PER_CHAR = 70


def _manuscript(entries: int, superscripts: bool) -> str:
    cite = (lambda n: f"<sup>{n}</sup>") if superscripts else (lambda n: f"[{n}]")
    body = " ".join(f"Sea walls held in the {n}th survey{cite(n)}." for n in range(1, entries + 1))
    refs = "\n\n".join(
        f"[{n}] A. Kowalczyk and B. Nguyen, \u201cCoastal defences number {n},\u201d "
        f"*Journal of Tests*, vol. {n % 90 + 1}, pp. 1\u20139, {1950 + n % 70}." for n in range(1, entries + 1)
    )
    return f"# Paper\n\n{body}\n\n# References\n\n{refs}\n"


@pytest.mark.parametrize("superscripts", [False, True], ids=["brackets", "superscripts"])
def test_reading_peak_is_a_few_bytes_a_character(superscripts: bool) -> None:
    source = _manuscript(2000, superscripts)
    tracemalloc.start()
    try:
        manuscript = read_markdown_string(source, "m.md")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(manuscript.offsets, array)
    assert len(manuscript.offsets) == len(manuscript.text) + 1
    assert peak < PEAK_BYTES_PER_CHAR * len(source), f"{peak / len(source):.0f} bytes a character"
    if superscripts:  # the remapped spans still cover the laid-out superscripts
        shown = {manuscript.text[s.start : s.end] for s in manuscript.superscripts}
        assert {"1", "2000"} <= shown
