"""Reading holds a few machine words a character, not Python objects a character.

``Manuscript.offsets`` was a tuple of int objects (36 bytes a character, walked by every full
garbage collection), and superscripts and a converter's links were remapped through a dict of
every character (90 bytes a character at the peak): a 13 MB manuscript of 50,000 references
peaked at 2.1 GB.  Measured
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


def _manuscript(entries: int, form: str) -> str:
    cite = {
        "brackets": lambda n: f"[{n}]",
        "superscripts": lambda n: f"<sup>{n}</sup>",
        "links": lambda n: f"[[{n}]](#page-9-{n})",  # a converter's links into the list
    }[form]
    anchor = (lambda n: f'<span id="page-9-{n}"></span>') if form == "links" else (lambda n: "")
    body = " ".join(f"Sea walls held in the {n}th survey{cite(n)}." for n in range(1, entries + 1))
    refs = "\n\n".join(
        f"{anchor(n)}[{n}] A. Kowalczyk and B. Nguyen, \u201cCoastal defences number {n},\u201d "
        f"*Journal of Tests*, vol. {n % 90 + 1}, pp. 1\u20139, {1950 + n % 70}." for n in range(1, entries + 1)
    )
    return f"# Paper\n\n{body}\n\n# References\n\n{refs}\n"


@pytest.mark.parametrize("form", ["brackets", "superscripts", "links"])
def test_reading_peak_is_a_few_bytes_a_character(form: str) -> None:
    source = _manuscript(2000, form)
    tracemalloc.start()
    try:
        manuscript = read_markdown_string(source, "m.md")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(manuscript.offsets, array)
    assert len(manuscript.offsets) == len(manuscript.text) + 1
    assert peak < PEAK_BYTES_PER_CHAR * len(source), f"{peak / len(source):.0f} bytes a character"
    if form == "superscripts":  # the remapped spans still cover the laid-out superscripts
        shown = {manuscript.text[s.start : s.end] for s in manuscript.superscripts}
        assert {"1", "2000"} <= shown
    if form == "links":  # every anchor is still placed, before its entry
        assert len(manuscript.anchors) == 2000
        assert all(manuscript.text.startswith(f"[{n}] A. Kowalczyk", at) for n, (_, at) in enumerate(manuscript.anchors, 1))
