"""In a manuscript that states every citation by key (LaTeX), which author-year phrases still count.

There every real citation is a ``\\cite``.  An author-year phrase that the text patterns find is
either the author's own description of a ``\\cite`` in its paragraph ("Chen et al.
(2017)~\\cite{chen17}"), or prose that only looks like a citation ("the last 50 TRs (1976 in
all)"), or, rarely, a citation written by hand ("as Ziegler (1993) did").  Only the last one is a
citation: it names an entry of the bibliography, and no ``\\cite`` of that entry is near it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..match import match_citations
from ..model import Citation, CitationKind, Reference

# A paragraph break in the read text.
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


def hand_written(
    found: Sequence[Citation], stated: Sequence[Citation], references: Sequence[Reference], text: str
) -> tuple[Citation, ...]:
    """The citations found in the text that are citations written by hand, not descriptions or prose.

    A phrase is a description when a ``\\cite`` of the entry it names is in the same paragraph.
    """
    by_key = {ref.key.casefold(): ref.index for ref in references if ref.key}
    stated_at = [(c.span.start, by_key.get((c.key or "").casefold())) for c in stated]
    kept = []
    for citation in found:
        if citation.kind in (CitationKind.FOOTNOTE, CitationKind.LATEX) or citation.key is not None:
            kept.append(citation)
            continue
        if citation.kind is CitationKind.NUMERIC:
            continue  # "[3]" in LaTeX prose is an index or a label: numbers come from \cite
        links = match_citations([citation], references).links
        if not links:
            continue  # names no entry: prose that looks like a citation ("50 TRs (1976 in all)")
        targets = set(links[0].targets)
        start, end = _paragraph(text, citation.span.start, citation.span.end)
        if any(target in targets and start <= at < end for at, target in stated_at):
            continue  # "Chen et al. (2017) collected ... \cite{chen17}": the cite is the citation
        kept.append(citation)
    return tuple(kept)


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph of ``text`` around ``start:end``."""
    before = [m.end() for m in _PARAGRAPH.finditer(text, max(0, start - 5000), start)]
    after = _PARAGRAPH.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))
