"""Checks on the reference list as a list: what stands inside it, its order, whether it was read."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..model import Finding, Reference, Severity
from .base import Context, Emit

# A caption inside a stretch of debris, to quote: "Figure 6: Example layout predictions..."
# Blank lines before it are crossed only at the start of the text (a caption found further on starts
# on its own line: the same words once stripped): at every line of a long run of blank lines,
# crossing all of them was quadratic.
_CAPTION = re.compile(
    r"(?:\A\s*+|^[^\S\n]*+)\**(?:fig(?:ure)?\.?|table|tab\.|plate|chart)\s*+\d{1,3}[a-z]?\s*+[.:|—–-].*$", re.I | re.M
)

# What makes a stretch a figure rather than a page's running header: an image or a caption.
_FIGURE = re.compile(r"<!--|<img\b|!\[|(?:\A\s*+|^[^\S\n]*+)\**(?:fig(?:ure)?\.?|table|tab\.|plate|chart)\s*+\d", re.I | re.M)

# A year inside an entry, to tell several entries run together from one long entry.
_YEAR = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)[a-z]?\b")

# An entry longer than this, holding at least _RUN_YEARS years, is several entries read as one.
_RUN_LENGTH = 1200
_RUN_YEARS = 4


def reference_list_debris(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A figure, table or caption that stands inside the reference list, between its entries.

    Converters from PDF place a figure where it fell on the page, so it can land inside the
    list and cut an entry in two; a reader of the converted text meets a caption in the middle
    of an entry.  The figure is read apart from the entries, and the entry it cut is rejoined.
    Example: "Figure 6: Example layout predictions..." between entries 13 and 20.  The same
    stretch after the last entry, and a page's running header inside the list, are only
    mentioned (info).
    """
    manuscript = ctx.manuscript
    for span in manuscript.reference_debris:
        at = manuscript.source_offset(span.start)
        before = [ref for ref in ctx.references if ref.location.offset < at]
        after = [ref for ref in ctx.references if ref.location.offset > at]
        shown = _quote(manuscript.text[span.start : span.end])
        if before and after and _FIGURE.search(manuscript.text[span.start : span.end]):
            yield emit(
                f'text that is not an entry stands inside the reference list, between entry {_name(before[-1])} '
                f'and entry {_name(after[0])}: "{shown}"',
                location=manuscript.locate(span.start), reference=before[-1].index,
                suggestion="move the figure or caption out of the reference list",
            )
        else:
            where = "stands inside" if before and after else "follows"
            yield emit(
                f'text that is not an entry {where} the reference list and was not read as one: "{shown}"',
                location=manuscript.locate(span.start), severity=Severity.INFO,
            )


def reference_order(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A numbered entry that stands out of its numerical place in the list.

    A reader looks up "[20]" by counting through the list; an entry placed elsewhere is hard
    to find, and the misplacement often means an entry was moved or renumbered by hand.
    Example: entry [20] stands between [13] and [14].  Lists where many entries are out of
    place are left alone: their numbers were more likely misread than misplaced.
    """
    refs = list(ctx.references)
    numbered = [(ref, int(ref.label)) for ref in refs if ref.label and ref.label.isdigit()]
    if not 3 <= len(numbered) <= 3000 or len(numbered) < 0.8 * len(refs):
        return
    if any(number == 1 for _, number in numbered[1:]):
        return  # numbering starts again: two lists under one heading, each in its own order
    keep = _increasing(numbered)
    misplaced = [i for i in range(len(numbered)) if i not in keep]
    if not misplaced or len(misplaced) > max(1, len(numbered) // 5):
        return
    for i in misplaced:
        ref, number = numbered[i]
        previous = next((numbered[j][1] for j in range(i - 1, -1, -1) if j in keep), None)
        following = next((numbered[j][1] for j in range(i + 1, len(numbered)) if j in keep), None)
        if number in (previous, following):
            where = f"repeats the number of its neighbour [{number}]"
        elif previous is not None and following is not None:
            where = f"stands between [{previous}] and [{following}]"
        elif previous is not None:
            where = f"stands after [{previous}], at the end of the list"
        else:
            where = f"stands before [{following}], at the start of the list"
        yield emit(
            f"entry [{number}] {where}: the list is not in numerical order",
            location=ref.location, reference=ref.index,
            suggestion=f"move entry [{number}] to its place, or renumber the list",
        )


def reference_list_unsplit(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A reference list, or part of it, that could not be split into entries.

    Entries run together (no blank lines, no numbers, a converter that joined lines) are read
    as one, so their citations cannot be checked against them: the audit says what it could
    not read rather than report them as uncited or unparsed one by one.  Example: a
    3,000-character "entry" holding nine years.
    """
    manuscript = ctx.manuscript
    if manuscript.bibliography is not None or manuscript.references is None:
        return
    section = manuscript.text[manuscript.references.start : manuscript.references.end]
    if not ctx.references:
        if len(section.strip()) >= 200 and len(_YEAR.findall(section)) >= 2:
            yield emit(
                "the reference list could not be split into entries; none of it was read",
                location=manuscript.locate(manuscript.references.start),
            )
        return
    for ref in ctx.references:
        years = _YEAR.findall(ref.raw)
        if len(ref.raw) >= _RUN_LENGTH and len(years) >= _RUN_YEARS:
            yield emit(
                f"entry {ref.index} ({len(ref.raw)} characters, {len(years)} years) looks like several entries "
                "run together; it was read as one",
                location=ref.location, reference=ref.index,
                suggestion="separate the entries with blank lines or number them",
            )


def _increasing(numbered: Sequence[tuple[Reference, int]]) -> set[int]:
    """Positions of a longest strictly increasing run of numbers (not necessarily contiguous)."""
    numbers = [number for _, number in numbered]
    best = [1] * len(numbers)
    back = [-1] * len(numbers)
    for i in range(len(numbers)):
        for j in range(i):
            if numbers[j] < numbers[i] and best[j] + 1 > best[i]:
                best[i], back[i] = best[j] + 1, j
    if not numbers:
        return set()
    i = max(range(len(numbers)), key=lambda k: (best[k], -k))
    keep = set()
    while i >= 0:
        keep.add(i)
        i = back[i]
    return keep


def _name(ref: Reference) -> str:
    return f"[{ref.label}]" if ref.label else str(ref.index)


def _quote(text: str, limit: int = 100) -> str:
    """The caption if the stretch holds one, else its first line, shortened."""
    caption = _CAPTION.search(text)
    line = (caption.group() if caption else text.strip().splitlines()[0]).strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


__all__ = ["reference_list_debris", "reference_list_unsplit", "reference_order"]
