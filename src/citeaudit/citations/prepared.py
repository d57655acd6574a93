"""Citations a format states outright, joined with those found in the text.

LaTeX ``\\cite`` keys, JATS ``<xref>`` links and a reference manager's fields in a DOCX say which
work is meant; the text says what the reader sees.  Both are kept: the text's citations are
checked as for any manuscript, and a prepared citation is added where the text shows none (a
``\\cite`` command, a field whose text the patterns do not read), so that every citation counts.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Citation, Span


def covers(found: Span, prepared: Span) -> bool:
    """Whether a citation found at ``found`` sits on the prepared one at ``prepared``.

    An empty prepared span (a JATS ``<xref/>`` standing for the middle of a range "[3]–[5]")
    is covered by a found citation around it.
    """
    if prepared.start == prepared.end:
        return found.start <= prepared.start <= found.end
    return found.start < prepared.end and prepared.start < found.end


def merge_citations(found: Sequence[Citation], prepared: Sequence[Citation] | None) -> tuple[Citation, ...]:
    """The text's citations plus the prepared ones that no found citation covers, in text order."""
    if not prepared:
        return tuple(found)
    extra = [citation for citation in prepared if not covering(found, citation)]
    return tuple(sorted([*found, *extra], key=lambda c: (c.span.start, c.span.end)))


def covering(found: Sequence[Citation], prepared: Citation) -> list[int]:
    """Positions in ``found`` of the citations that cover a prepared citation."""
    return [i for i, other in enumerate(found) if covers(other.span, prepared.span)]

