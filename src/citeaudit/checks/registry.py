"""Checks that read what the registry (Crossref) said about each reference.

They read ``ctx.resolutions`` (one per reference, made by the resolver); offline there are none,
and only ``doi-malformed``, which reads the reference text, still finds anything.  Every message
says what was compared and what the registry answered, so a verdict can be checked by hand; and
a lookup that could not be made is reported as such, never as "not found".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..doi import find_doi_attempts, is_valid_doi, normalize_doi
from ..model import Finding, Reference, Resolution, Severity
from ..resolve.compare import disagreeing, is_other_work
from ..resolve.indexable import classify_unindexable
from ..resolve.records import RETRACTION_TYPES
from .base import Context, Emit

_UPDATE_VERBS = {
    "retraction": "was retracted",
    "partial_retraction": "was partially retracted",
    "withdrawal": "was withdrawn",
    "removal": "was removed",
    "expression_of_concern": "carries an expression of concern",
}


def _by_index(ctx: Context) -> dict[int, Reference]:
    return {reference.index: reference for reference in ctx.references}


def _resolved(ctx: Context, *statuses: str) -> Iterator[tuple[Resolution, Reference | None]]:
    references = _by_index(ctx)
    for resolution in ctx.resolutions:
        if resolution.status in statuses:
            yield resolution, references.get(resolution.reference)


def _where(reference: Reference | None) -> dict:
    return {"location": reference.location if reference else None}


def _written_doi(reference: Reference | None) -> str | None:
    if reference is None or not reference.doi:
        return None
    return normalize_doi(str(reference.doi))


def doi_malformed(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A DOI written with a syntax no DOI can have.

    Why: a malformed DOI leads readers nowhere and cannot be checked against any registry; it is
    usually a typo or a DOI cut by line breaks or a converter.  Works offline, from the text.

    Example: ``doi:10.23O7/2645561`` (the letter O for a zero) or ``https://doi.org/10.2307``.
    """
    suggestions = {r.reference: r.doi for r in ctx.resolutions if r.status == "suggested" and r.doi}
    for reference in ctx.references:
        # A .bib entry's DOI is read field by field by its reader ("doi = {}" is no DOI); its raw
        # text is BibTeX, where "doi={}" would read as a DOI "{".
        written = [] if reference.bib_type else list(find_doi_attempts(reference.raw or ""))
        parsed = _written_doi(reference)
        if parsed and not is_valid_doi(parsed) and not any(normalize_doi(w) == parsed for w in written):
            written.append(str(reference.doi))
        for text in dict.fromkeys(written):
            suggested = suggestions.get(reference.index)
            yield emit(
                f'"{text}" is not a valid DOI: a DOI is "10.", a registrant code of 4 to 9 digits, "/" and a suffix',
                reference=reference.index,
                suggestion=f"Crossref suggests https://doi.org/{suggested}" if suggested else "check the DOI against the article's landing page",
                **_where(reference),
            )


def doi_not_found(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A DOI that no registration agency knows.

    Why: a DOI that resolves nowhere is either mistyped or invented; either way the reader
    cannot reach the work.  Crossref answered 404 and the DOI agency lookup knew it neither.

    Example: ``https://doi.org/10.2307/9999999`` in an entry whose work has another DOI.
    """
    for resolution, reference in _resolved(ctx, "not-found"):
        if not resolution.doi:
            continue
        yield emit(
            f"DOI {resolution.doi} is not registered: Crossref answered 404 ({resolution.request_url}) "
            "and no registration agency knows it",
            reference=resolution.reference,
            suggestion="check the DOI for a typo, or remove it",
            **_where(reference),
        )


def doi_mismatch(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """An entry that disagrees with the Crossref record of its own DOI, field by field.

    Why: either the DOI is wrong (error: title and authors both differ, so the DOI belongs to
    another work) or the entry has wrong details (warning: year, volume, pages... differ).
    Each differing field is named with both values, the manuscript's and Crossref's.

    Example: an entry for Carlile (1994), Pacific Affairs 67(3), with the DOI of Akaha (1996).
    """
    for resolution, reference in _resolved(ctx, "mismatch", "retracted"):
        wrong = disagreeing(resolution.fields)
        if not wrong:
            continue
        details = "; ".join(f'{f.name}: manuscript "{f.manuscript}", Crossref "{f.registry}"' for f in wrong)
        if is_other_work(resolution.fields):
            message = f"DOI {resolution.doi} belongs to another work: {details}"
            severity = Severity.ERROR
        else:
            message = f"Entry differs from the Crossref record of {resolution.doi}: {details}"
            severity = Severity.WARNING
        yield emit(
            message,
            reference=resolution.reference,
            severity=severity,
            suggestion=f"compare with https://doi.org/{resolution.doi}",
            **_where(reference),
        )


def reference_retracted(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A cited work that was retracted, withdrawn, or carries an expression of concern.

    Why: citing a retracted work as if it stood spreads its errors; editors need to know, and
    the author may need to say why the work is still cited.  Crossref records these updates
    (``updated-by``), including Retraction Watch's data; the notice's DOI and date are quoted.

    Example: a 2012 article whose record lists a 2014 retraction notice 10.1371/journal.pone.0123456.
    """
    for resolution, reference in _resolved(ctx, "retracted"):
        for notice in resolution.notices:
            kind = str(notice.get("type") or "")
            if kind not in RETRACTION_TYPES:
                continue
            facts = [
                f"notice {notice['doi']}" if notice.get("doi") else "",
                f"dated {notice['date']}" if notice.get("date") else "",
                f"source: {notice['source']}" if notice.get("source") else "",
            ]
            facts = [f for f in facts if f]
            yield emit(
                f"{resolution.doi} {_UPDATE_VERBS.get(kind, 'was updated')}"
                + (f" ({', '.join(facts)})" if facts else ""),
                reference=resolution.reference,
                suggestion=f"see https://doi.org/{notice['doi']}" if notice.get("doi") else None,
                **_where(reference),
            )


def doi_suggested(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """An entry without a (valid) DOI that matches a Crossref record, with the evidence.

    Why: a DOI lets readers reach the work and lets the audit verify the entry; the match is
    made by Crossref's search-based matching and validated field by field, with a confidence.

    Example: "Akaha, T. (1996). Russia and Asia in 1995 ... Asian Survey, 36(1), 100-108."
    without its DOI gets 10.2307/2645561 suggested.
    """
    for resolution, reference in _resolved(ctx, "suggested"):
        confidence = f"{resolution.score:.2f}" if resolution.score is not None else "unknown"
        yield emit(
            f"Crossref has a matching record: DOI {resolution.doi} (confidence {confidence}). {resolution.message}",
            reference=resolution.reference,
            suggestion=f"add https://doi.org/{resolution.doi} after checking it is the cited work",
            **_where(reference),
        )


def reference_not_found(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """An entry without a DOI that no Crossref record matches.

    Why: an entry nobody can find may be mis-cited; but many real works (books, older, regional
    and non-English publications) are not in Crossref, so this asks for a check by hand and
    never says the work does not exist.

    Example: "Demchenko, M. (1986). USSR-Iaponiia: Shag k dialogu. Mirovaia ekonomika ..., 4, 78."
    """
    for resolution, reference in _resolved(ctx, "not-found"):
        if resolution.doi:
            continue
        detail = "" if resolution.message.startswith("no Crossref record matched") else f" ({resolution.message})"
        yield emit(
            f"No Crossref record matches this entry{detail}; the work may exist outside Crossref: check it by hand",
            reference=resolution.reference,
            **_where(reference),
        )


def reference_not_indexable(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A source registries do not index (newspaper, news agency, magazine, web page, archive, law, report).

    Why: looking such a source up in Crossref could only end in a misleading "not found"; it is
    listed so that an editor knows it was deliberately not checked.

    Example: "Reuters, January 22, 1997." or "New York Times, June 4 1995."
    """
    for resolution, reference in _resolved(ctx, "not-indexable"):
        yield emit(
            f"Not looked up: {resolution.message}; registries such as Crossref do not index this kind of source",
            reference=resolution.reference,
            **_where(reference),
        )
    if ctx.config.offline:
        return
    # Footnotes cite sources too (the seed's newspapers and news agencies); they are never
    # searched, and an editor sees which were deliberately left unchecked.
    for note in ctx.footnotes:
        kind = classify_unindexable({}, note.text)
        if kind is not None:
            yield emit(
                f"Footnote {note.number} not looked up: {kind.describe()}; registries such as Crossref do not index this kind of source",
                location=note.location,
                citation=note.text[:200],
            )


# Control characters (ESC, CR...) a server or a resolver message might carry.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
REASON_LIMIT = 240


def _short(text: str) -> str:
    """A reason fit for one line: no control characters, at most REASON_LIMIT characters."""
    clean = _CONTROL.sub(" ", text).strip()
    return clean if len(clean) <= REASON_LIMIT else clean[: REASON_LIMIT - 1] + "…"


def lookup_failed(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A reference that could not be verified: network failure, timeout, or retries exhausted.

    Why: "could not check" is not "not found"; the entry may be fine, and the audit says so
    instead of guessing.  A DOI registered with another agency (DataCite, mEDRA...) is reported
    as information: it exists, citeaudit just does not compare it.

    Example: Crossref answered 503 four times, or the connection timed out after 20 s.
    """
    for resolution, reference in _resolved(ctx, "unverified"):
        # The reason names the endpoint, never the request URL (that is the report's registry.request_url).
        reason = _short(resolution.message.removeprefix("could not verify: "))
        other_agency = bool(resolution.record and resolution.record.get("agency"))
        yield emit(
            f"Could not verify against Crossref: {reason}",
            reference=resolution.reference,
            severity=Severity.INFO if other_agency else None,
            suggestion=None if other_agency else "run again later, or check the entry by hand",
            **_where(reference),
        )
