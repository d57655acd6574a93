"""The one definition of "same title": two written titles that name the same work.

Case, punctuation, diacritics and markup do not count; a subtitle printed on one side only is
fine ("Japan and Russia" is "Japan and Russia: The Tortuous Path to Normalization"); small
typos are fine (similarity of the folded titles at least :data:`TITLE_SIMILARITY` percent).  Two
titles whose numbers differ are different works however alike the words ("GPT-3" and
"GPT-4", "Part I" and "Part II").

Used to tell a duplicate entry (``match.same_work``) and to compare an entry with a registry's
record (``resolve.compare``), so that both say "same" of the same pairs.
"""

from __future__ import annotations

import re

from anyascii import anyascii
from rapidfuzz import fuzz

TITLE_SIMILARITY = 90

# Markup left in titles by publishers or converters: "<i>Drosophila</i>", "<sup>2</sup>".
_TAG = re.compile(r"<[^>]{1,40}>")
# Anything that is not a letter or digit, once folded to ASCII.
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Where a subtitle starts: "Title: Subtitle", "Title. Subtitle", "Title - Subtitle".
# (A match starts where a run of spaces starts, or at the mark right after a previous match: the
# spaces are crossed once, linear on a long run of them.)
_SUBTITLE = re.compile(r"(?:(?<!\s)\s*+|(?<=\s))[:.?!]\s+|(?<!\s)\s++[-\u2013\u2014]\s+")
# Numbers, and Roman numerals standing alone, in a folded title: "3", "ii" (as in "Part II").
_NUMBER = re.compile(r"\b(?:\d+|[ivx]{1,5})\b")


def fold(text: str | None) -> str:
    """Lower-case ASCII letters and digits separated by single spaces: what a comparison sees."""
    if not text:
        return ""
    return _NON_ALNUM.sub(" ", anyascii(_TAG.sub(" ", text)).lower()).strip()


def main_title(title: str) -> str:
    """The part before a subtitle: "Russia and Asia in 1995: Bold Objectives" -> "Russia and Asia in 1995"."""
    return _SUBTITLE.split(title, maxsplit=1)[0]


def _numbers(folded: str) -> list[str]:
    return _NUMBER.findall(folded)


def same_title(a: str | None, b: str | None) -> bool:
    """Whether two written titles name the same work (see the module docstring)."""
    full_a, full_b = fold(a), fold(b)
    if not full_a or not full_b:
        return False
    if full_a == full_b:
        return True
    main_a, main_b = fold(main_title(a or "")), fold(main_title(b or ""))
    # A subtitle on one side only: the other side is the whole of this side's main title.
    if (main_a and main_a == full_b and main_a != full_a) or (main_b and main_b == full_a and main_b != full_b):
        return True
    if _numbers(full_a) != _numbers(full_b):
        return False
    return fuzz.ratio(full_a, full_b) >= TITLE_SIMILARITY
