"""An entry that names its journal twice, each time with another year."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Finding
from .base import Context, Emit

# A year ending a sentence, then a journal's abbreviated name, another year and the volume:
#   "... Quality in Health Care 2010. Int J Qual Health Care 2009, 22(1):70-72."
# The name takes at most nine words, each a run of letters; nothing in it can backtrack far.
_NAMED_AGAIN = re.compile(
    r"(?P<first>(?:1[5-9]|20)\d\d)[a-z]?\.\s(?P<name>[A-Z][A-Za-z&]*\.?(?: [A-Za-z&][A-Za-z&]*\.?){0,8}?) "
    r"(?P<second>(?:1[5-9]|20)\d\d)[a-z]?\s?[,;:]\s?\d"
)
_WORD = re.compile(r"[A-Za-z]+")
_SENTENCE_END = re.compile(r"[.?!:]\s")


def journal_named_twice(raw: str) -> tuple[str, str, str] | None:
    """``(first year, second year, the words between)`` when an entry names its journal in full
    with one year and then abbreviated with another, or None.

    The abbreviation must be the full name's words shortened in order ("Int J Qual Health Care"
    for "International Journal for Quality in Health Care"), its last word the full name's last.

    >>> journal_named_twice("Durand M: Quality. Int Journal of Care 2010. Int J Care 2009, 22:70.")
    ('2010', '2009', '2010. Int J Care 2009')
    """
    text = re.sub(r"\s+", " ", raw.replace("*", ""))
    for match in _NAMED_AGAIN.finditer(text):
        if match.group("first") == match.group("second"):
            continue
        # the journal's full name: the sentence before the first year (no name is 300 characters long)
        full = [w.lower() for w in _WORD.findall(_SENTENCE_END.split(text[max(0, match.start() - 300) : match.start()])[-1])]
        short = [w.lower() for w in _WORD.findall(match.group("name"))]
        if full and short and _abbreviates(short, full):
            written = text[match.start() : match.start("second") + 4]
            return match.group("first"), match.group("second"), written
    return None


def _abbreviates(short: list[str], full: list[str]) -> bool:
    """Each short word opens a full word, in order, the last short word opening the last one."""
    at = 0
    last = -1
    for word in short:
        while at < len(full) and not full[at].startswith(word):
            at += 1
        if at == len(full):
            return False
        last, at = at, at + 1
    return last == len(full) - 1


def conflicting_years(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """An entry that names its journal twice, in full with one year and abbreviated with another.

    Why: one of the two years is left over from another citation of the journal pasted in, and
    a reader or a registry lookup cannot tell which is the work's.  Found in the entry's printed
    text, so a .bib entry (read field by field) is not looked at.

    Example: "International Journal for Quality in Health Care 2010. Int J Qual Health Care 2009,
    22(1):70-72."
    """
    for ref in ctx.references:
        if ref.bib_type:
            continue
        found = journal_named_twice(ref.raw or "")
        if found:
            first, second, written = found
            yield emit(
                f"entry {ref.index} names its journal twice with two years, {first} and {second}: '{written}'",
                location=ref.location, reference=ref.index,
                suggestion="keep the journal's name and the year once",
            )
