"""Checks on how much a registry record could confirm, beyond agreeing or disagreeing.

A record that agrees on no field, or only on a year, is no evidence that the entry is right:
an invented entry carrying the DOI of a figure "component" would otherwise pass as verified.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding, Severity
from .base import Context, Emit


def doi_uncompared(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A DOI whose Crossref record could not be compared with the entry on enough fields to confirm it.

    Why: "nothing disagrees" is not "verified".  When the record has no title and no authors
    (a figure or table "component", a journal issue), or the entry's own title and authors
    could not be read, agreeing on a year proves nothing; the entry may be invented, or the DOI
    may name a part of the work instead of the work.  A warning when the record itself names no
    title and no authors (the DOI points at something that is not a cited work); information
    otherwise (our reading of the entry may be what fell short).

    Example: an entry "Doe, J. (2012). A study that never was. J. Invented Res., 3, 1-9."
    with the DOI 10.1371/journal.pone.0140361.g001, the record of a figure.
    """
    references = {reference.index: reference for reference in ctx.references}
    for resolution in ctx.resolutions:
        if resolution.status != "uncompared":
            continue
        record = resolution.record or {}
        bare = not record.get("title") and not record.get("author")
        reference = references.get(resolution.reference)
        yield emit(
            f"DOI {resolution.doi} could not confirm the entry: {resolution.message.removeprefix('cannot compare: ')}",
            reference=resolution.reference,
            severity=Severity.WARNING if bare else Severity.INFO,
            suggestion=f"check that https://doi.org/{resolution.doi} is the cited work, not a part of it",
            location=reference.location if reference else None,
        )
