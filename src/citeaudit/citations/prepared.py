"""Citations a format states outright, joined with those found in the text.

LaTeX ``\\cite`` keys, JATS ``<xref>`` links and a reference manager's fields in a DOCX say which
work is meant; the text says what the reader sees.  Both are kept: the text's citations are
checked as for any manuscript, and a prepared citation is added where the text shows none (a
``\\cite`` command, a field whose text the patterns do not read), so that every citation counts.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..match import CitationMatch, MatchResult, match_citations
from ..model import Citation, Link, Reference, Span


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



def settle_unmatched(
    result: MatchResult, citations: Sequence[Citation], prepared: Sequence[Citation] | None, references: Sequence[Reference]
) -> MatchResult:
    """Link a found citation the patterns misread to the work its prepared citation names.

    "(described in Schuman et al., 2014)" read as the author "described in Schuman" matches no
    entry, but the ``<xref>`` (or field) sitting on it does: the stored link is trusted there.
    A found citation that matched, even with a wrong year or name, keeps its own match, so that
    the text's disagreement is still reported.
    """
    if not prepared:
        return result
    own = {m.citation: m for m in match_citations(prepared, references).matches}
    prepared_ids = {id(c) for c in prepared}
    matches = []
    for match in result.matches:
        citation = citations[match.citation]
        if match.status == "unmatched" and id(citation) not in prepared_ids:
            targets = [
                target
                for n, other in enumerate(prepared)
                if covers(citation.span, other.span) and n in own and own[n].status == "matched"
                for target in own[n].targets
            ]
            if targets:
                match = CitationMatch(match.citation, "matched", tuple(dict.fromkeys(targets)))
        matches.append(match)
    links = tuple(Link(m.citation, m.targets) for m in matches if m.targets)
    cited = {target for link in links for target in link.targets}
    return MatchResult(tuple(matches), links, tuple(ref.index for ref in references if ref.index not in cited))
