"""Checks on footnotes: every note has a marker in the text, every marker a note."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Finding
from .base import Context, Emit

# A Markdown footnote definition's label as written: "[^2]: ..." -> "[^2]"
_MARKDOWN_LABEL = re.compile(r"(\[\^[^\]\s]+\]):")


def unreferenced_footnotes(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A footnote whose number appears nowhere in the text.

    In text converted from PDF the superscript marker is often lost; otherwise the note is an
    orphan.  Example: footnote 5 "Pravda, July 29, 1986." with no 5 after any sentence.
    """
    for note in ctx.footnotes:
        if not note.referenced:
            written = _MARKDOWN_LABEL.match(ctx.manuscript.text, note.span.start)
            if written:  # "[^2]: text", "[^note]: text": a written label, no marker lost in conversion
                yield emit(f"footnote {written.group(1)} is defined but never used in the text",
                           location=note.location, citation=note.text[:200])
                continue
            yield emit(
                f"footnote {note.number} has no marker in the text (the marker may have been lost in conversion)",
                location=note.location, citation=note.text[:200],
            )


def undefined_footnotes(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A footnote marker in the text with no footnote of that number.

    Example: a superscript 21 in a manuscript whose notes stop at 20.
    """
    for number, location, text in ctx.undefined_markers:
        yield emit(f"footnote marker {text} has no footnote", location=location, citation=text)
