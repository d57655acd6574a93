"""Checks on in-text citations: each one must point at exactly one entry of the list."""

from __future__ import annotations

from collections.abc import Iterator

from ..match import authors_of, cite_as
from ..references.names import same_name
from ..model import Citation, CitationKind, Finding, Severity
from .base import Context, Emit


def _shown(citation: Citation) -> str:
    if citation.key is not None and not citation.authors and citation.number is None:
        return citation.key  # LaTeX \cite{key}, JATS rid
    if citation.kind is CitationKind.NUMERIC:
        return f"[{citation.number}]"
    names = citation.authors[0] if citation.authors else "?"
    if citation.et_al:
        names += " et al."
    elif len(citation.authors) == 2:
        names += f" & {citation.authors[1]}"
    elif len(citation.authors) > 2:
        names = ", ".join(citation.authors[:-1]) + f", & {citation.authors[-1]}"
    if citation.year is None:  # MLA author-page
        return f"{names} {citation.locator}".strip()
    return f"{names} ({citation.year}{citation.suffix})"


def _statuses(ctx: Context, *statuses: str):
    for match in ctx.match.matches:
        if match.status in statuses:
            yield match, ctx.citations[match.citation]


def unmatched_citations(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A citation with no entry in the reference list.

    A reader cannot follow a citation that leads nowhere, and editors treat it as a missing
    reference.  A cite key that differs from an entry's only in case is reported here too:
    BibTeX warns about it, and biber and Pandoc do not find the entry.  When no reference list
    was found at all, ``reference-list-missing`` says so once instead of once per citation.
    Example: "(Qimao, 1991)" with no Qimao in the list; "[24]" in a list of 20; ``@Smith2020``
    for the key ``smith2020``.
    """
    if not ctx.references and ctx.manuscript.body.end > ctx.manuscript.body.start:
        return  # no list was read: reference-list-missing says so once
    count = len(ctx.references)
    for match, citation in _statuses(ctx, "case-mismatch"):
        ref = ctx.references[match.targets[0] - 1]
        yield emit(
            f"cite key {citation.key} differs only in case from the bibliography's {ref.key}",
            location=citation.location, citation=citation.text, reference=ref.index, suggestion=f"write {ref.key}",
        )
    for match, citation in _statuses(ctx, "unmatched"):
        if citation.key is not None and not citation.authors and citation.number is None:
            message = f"cite key {citation.key} is not in the bibliography"
        elif citation.kind is CitationKind.NUMERIC:
            message = f"{_shown(citation)} is cited but the reference list has {count} entries"
            if citation.number and citation.number <= count:
                message = f"{_shown(citation)} is cited but no entry is numbered {citation.number}"
        else:
            message = f"{_shown(citation)} is cited but is not in the reference list"
        severity = None
        if ctx.manuscript.notes:  # the entry may be in the part that could not be read
            message += " that was read (part of the bibliography could not be read)"
            severity = Severity.WARNING
        yield emit(message, location=citation.location, citation=citation.text, suggestion=match.suggestion, severity=severity)


# With fewer citations than this and no list, the finding is a warning: a stray "(Smith 2001)"
# in a quotation is weak evidence that a reference list was lost.
MIN_CITATIONS_WITHOUT_LIST = 3


def _listed_citations(ctx: Context) -> list[Citation]:
    """Citations that need a reference list: by key or author-year (not footnote markers)."""
    return [c for c in ctx.citations if c.key is not None or (c.kind is not CitationKind.FOOTNOTE and c.authors)]


def missing_reference_list(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A manuscript that cites works, but whose reference list or bibliography was not found.

    Without the list nothing can be checked, and a clean report would say all is well after
    reading nothing.  Reported once, with the reason when the reader knows it (a bibliography
    file named in the front matter that is not there).  Example: a Markdown paper citing
    "(Aron & Jensen, 1994)" ten times whose "References" section was cut off.
    """
    if ctx.references and ctx.manuscript.notes:
        # Part of the bibliography was read: say what was not, once per reason.
        for reason in ctx.manuscript.notes:
            yield emit(reason)
        return
    if ctx.references or ctx.manuscript.body.end <= ctx.manuscript.body.start:
        return
    cited = _listed_citations(ctx)
    if not cited and not ctx.manuscript.notes:
        return
    first = cited[0] if cited else None
    # Fewer than a handful of author-year mentions may be quotations or notes' own references.
    severity = None if ctx.manuscript.notes or len(cited) >= MIN_CITATIONS_WITHOUT_LIST else Severity.WARNING
    reasons = ctx.manuscript.notes or (
        f"{len(cited)} citation{'s' if len(cited) != 1 else ''}, but no reference list was found "
        "(no heading such as References or Bibliography, and no run of entries)",
    )
    if ctx.manuscript.format == "pdf" and not ctx.manuscript.notes:
        # A PDF's list may be there in a layout the reader did not recognise: say so, less loudly.
        severity = Severity.WARNING
        reasons = (reasons[0] + "; the PDF's layout may have hidden it from the reader",)
    for reason in reasons:
        yield emit(
            reason, location=first.location if first else None, citation=first.text if first else None, severity=severity,
        )


def year_mismatches(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A citation whose author is in the list, but with another year.

    Usually a typo in the year or a missing year suffix.  Example: "(Ziegler, 1995)" when the
    list has Ziegler (1993).
    """
    for match, citation in _statuses(ctx, "year-mismatch"):
        ref = ctx.references[match.targets[0] - 1]
        yield emit(
            f"{_shown(citation)} is cited but the reference list has {cite_as(ref)}",
            location=citation.location, citation=citation.text, reference=ref.index, suggestion=match.suggestion,
        )


def name_mismatches(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A citation whose year matches an entry whose author is spelled differently.

    When the surname is right and only the number of authors is not ("Ruiz (2019)" for a work
    by Ruiz and four others, "Sadeghi et al. (2016)" for Sadeghi & Levine), the reader still
    finds the work: a warning that says what the citation should name.
    Example: "(Zeigler, 1993)" when the list has Ziegler (1993).
    """
    for match, citation in _statuses(ctx, "name-mismatch", "author-count"):
        ref = ctx.references[match.targets[0] - 1]
        listed = authors_of(ref)
        if citation.authors and listed and same_name(citation.authors[0], listed[0]):
            count = "two authors" if match.status == "author-count" else "more authors than the citation names"
            yield emit(
                f"{_shown(citation)} is cited, but the entry has {count}: {cite_as(ref)}",
                location=citation.location, citation=citation.text, reference=ref.index,
                suggestion=f"cite it as {cite_as(ref)}", severity=Severity.WARNING,
            )
            continue
        yield emit(
            f"{_shown(citation)} is cited but the reference list spells it {cite_as(ref)}",
            location=citation.location, citation=citation.text, reference=ref.index, suggestion=match.suggestion,
        )


def ambiguous_citations(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A citation that fits several entries, so the reader cannot tell which work is meant.

    Example: "Haddad (2020)" when the list has Haddad (2020a) and Haddad (2020b).
    """
    for match, citation in _statuses(ctx, "ambiguous"):
        options = ", ".join(cite_as(ctx.references[i - 1]) for i in match.candidates)
        yield emit(
            f"{_shown(citation)} fits {len(match.candidates)} entries: {options}",
            location=citation.location, citation=citation.text, reference=match.candidates[0],
            suggestion=(
                "add a short title to the citation" if citation.year is None
                else "add the year's letter (a, b, ...) to the citation and the list" if not citation.suffix
                else "give each entry its own letter"
            ),
        )
