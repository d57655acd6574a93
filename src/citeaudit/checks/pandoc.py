"""Checks on Pandoc's citation syntax as written."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..citations.pandoc import comma_for_semicolon
from ..model import Finding
from .base import Context, Emit

# A bracketed group in which a key follows a comma, not a semicolon: "[@a, @b]", "[see @a, -@b]"
_COMMA_JOINED = re.compile(r"^\[[^\[\]]*?@[^;\[\]]*?,\s*-?@\S")


def comma_separated_keys(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A Pandoc citation group whose keys are separated by commas instead of semicolons.

    Pandoc separates the works of one group with ';'.  After a ',' it reads the rest as the
    first work's locator, so ``[@a, @b]`` prints as "(A 2001, B 2002)" with B's name typed
    in-text, out of the style's order and without the right punctuation.  Example:
    ``[@smith2001, @jones2002]`` should be ``[@smith2001; @jones2002]``.
    """
    if ctx.manuscript.format != "pandoc":
        return
    seen: set[tuple[str, int]] = set()
    for citation in ctx.citations:
        written = citation.text
        if citation.key is None or not _COMMA_JOINED.match(written):
            continue
        place = (written, citation.location.line)
        if place in seen:
            continue
        seen.add(place)
        yield emit(
            f"{written} separates its keys with ',': Pandoc reads everything after the first ',' as a locator",
            location=citation.location,
            citation=written,
            suggestion=comma_for_semicolon(written),
        )
