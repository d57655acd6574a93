"""Citations a format states outright, joined with those found in the text.

LaTeX ``\\cite`` keys, JATS ``<xref>`` links and a reference manager's fields in a DOCX say which
work is meant; the text says what the reader sees.  Both are kept: the text's citations are
checked as for any manuscript, and a prepared citation is added where the text shows none (a
``\\cite`` command, a field whose text the patterns do not read), so that every citation counts.
Matching both, once, is :func:`citeaudit.match.match_citations`'s job.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..match import covers
from ..model import Citation


def merge_citations(found: Sequence[Citation], prepared: Sequence[Citation] | None) -> tuple[Citation, ...]:
    """The text's citations plus the prepared ones that no found citation covers, in text order."""
    if not prepared:
        return tuple(found)
    extra = [citation for citation in prepared if not any(covers(other.span, citation.span) for other in found)]
    return tuple(sorted([*found, *extra], key=lambda c: (c.span.start, c.span.end)))
