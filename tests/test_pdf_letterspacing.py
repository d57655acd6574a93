"""Capitals set apart by letterspacing are read as whole words (classicthesis's headings).

Found by compiling ../shared/realworld/tex-biblatex-steuwer (bench/pdf_corpus.py): its
"B I B L I O G R A P H Y" was no heading, and a line "Bibliography" in the table of contents was
taken for the reference list's heading instead.
"""

from __future__ import annotations

import pytest

from citeaudit.ingest.pdf import read_pdf_bytes
from citeaudit.ingest.pdf_chars import Word
from citeaudit.ingest.pdf_layout import _join_letterspaced
from pdf_maker import Piece, line, make_pdf


def spaced(*words: str, size: float = 10.9, letter_gap: float = 1.75, word_gap: float = 5.5) -> list[Word]:
    """Words in letters, each letter its own Word ``letter_gap`` after the one before."""
    out, x = [], 100.0
    for n, word in enumerate(words):
        if n:
            x += word_gap - letter_gap
        for letter in word:
            out.append(Word(letter, x, x + 0.7 * size, 90, 90 + size, 98, size, "Palatino", space_before=bool(out)))
            x += 0.7 * size + letter_gap
    return out


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        pytest.param(spaced("BIBLIOGRAPHY"), ["BIBLIOGRAPHY"], id="one-word"),
        pytest.param(spaced("AND", "PERFORMANCE", size=20.7, letter_gap=3.31, word_gap=10.29), ["AND", "PERFORMANCE"], id="two-words"),
        pytest.param(spaced("ABC"), ["A", "B", "C"], id="three-letters-stay"),
        pytest.param(spaced("A", "B", "C", "D", letter_gap=8, word_gap=8), ["A", "B", "C", "D"], id="word-spaced-letters-stay"),
        pytest.param(spaced("Abcd"), ["A", "b", "c", "d"], id="lower-case-stays"),
    ],
)
def test_letterspaced_capitals_join(words, expected):
    assert [w.text for w in _join_letterspaced(words)] == expected


def test_letterspaced_reference_heading_is_the_heading():
    """The contents name "Bibliography" on a line of its own; the list's own heading is spaced."""
    contents = [line(80, "Contents", size=14, font="bold"), line(100, "1 Introduction"), line(112, "Bibliography")]
    text = [line(80 + 12 * i, f"Line {i} says the walls (Abdel-Rahman, 1989) held.") for i in range(40)]
    heading = line(80, *[Piece(("" if n == 0 else " ") + c) for n, c in enumerate("BIBLIOGRAPHY")])
    entries = [heading, line(110, "Abdel-Rahman, T. (1989). Sea walls. Coastal Review, 1, 3-4.")]
    manuscript = read_pdf_bytes(make_pdf([contents, text, entries]), "t.pdf")
    assert manuscript.reference_heading == "BIBLIOGRAPHY"
    assert manuscript.text.count("Line 39 says") == 1 and "Abdel-Rahman, T. (1989)" in manuscript.text
