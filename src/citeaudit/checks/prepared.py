"""Checks that compare what a format states (a stored link) with what its text shows."""

from __future__ import annotations

from collections.abc import Iterator

from ..match import cite_as
from ..model import Citation, Finding
from ..references.names import same_name
from .base import Context, Emit

# Who stored the link, by manuscript format, for the message.
_STORED_BY = {"jats": "the publisher's <xref> link", "docx": "its reference-manager field"}


def link_mismatches(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A citation whose visible text disagrees with the link stored with it.

    Zotero, Mendeley and EndNote keep the cited work inside a DOCX field, and JATS links each
    callout to its entry with ``<xref rid>``; the bibliography and the publisher's links follow
    that data, not the text.  When the text was edited by hand the reader sees one work and the
    links another.  Example: a Zotero field holding Smith (2001) whose text was changed to
    "(Smith, 2002)"; a JATS "[3]" whose ``<xref>`` points at entry 4.
    """
    if not ctx.match.stored:
        return
    stored_by = _STORED_BY.get(ctx.manuscript.format, "the link stored with it")
    targets = {m.citation: m.targets for m in ctx.match.matches}
    reported: set[tuple[int, int]] = set()
    for link in ctx.match.stored:
        citation = link.citation
        if not link.covered_by:
            continue
        shown = [ctx.citations[i] for i in link.covered_by]
        mine = set(link.targets)
        theirs = {t for i in link.covered_by for t in targets.get(i, ())}
        if citation.authors and any(c.authors for c in shown):
            # Compare names and years directly: the stored work need not be in the list.
            if any(_same_work_cited(c, citation) for c in shown):
                continue
            named = [c for c in shown if c.authors and same_name(c.authors[0], citation.authors[0])]
            found = (named or [c for c in shown if c.authors])[0]
            text_shows, link_holds = _cited(found), _cited(citation)
        else:
            if not mine or not theirs or mine & theirs:
                continue
            found = shown[0]
            text_shows, link_holds = _entries(theirs, ctx), _entries(mine, ctx)
        if (citation.span.start, citation.span.end) in reported:
            continue  # one finding per stored link, even when it names several works
        reported.add((citation.span.start, citation.span.end))
        yield emit(
            f'"{found.text}" shows {text_shows}, but {stored_by} points at {link_holds}',
            location=found.location,
            citation=found.text,
            reference=min(mine) if mine else None,
        )


def _same_work_cited(found: Citation, stored: Citation) -> bool:
    return bool(found.authors) and same_name(found.authors[0], stored.authors[0]) and found.year == stored.year


def _cited(citation: Citation) -> str:
    names = citation.authors[0] + (" et al." if citation.et_al else f" & {citation.authors[1]}" if len(citation.authors) == 2 else "")
    return f"{names} ({citation.year}{citation.suffix})"


def _entries(targets: set[int], ctx: Context) -> str:
    return ", ".join(f"entry {t} ({cite_as(ctx.references[t - 1])})" for t in sorted(targets)[:3] if 1 <= t <= len(ctx.references))
