"""Checks on the reference list itself: cited, complete, parsed, not listed twice."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..match import WorkIndex, cite_as, same_work
from ..model import Finding, Reference, Severity
from ..references.names import is_et_al
from .base import Context, Emit
from .bib import missing_bib_fields, near_known_field, set_aside_unused

# What a reader needs to find each kind of work (CSL field names; "a|b" means either).
REQUIRED_FIELDS = {
    "article-journal": ("author|editor", "title", "container-title", "issued"),
    "article-magazine": ("title", "container-title", "issued"),
    "article-newspaper": ("title", "container-title", "issued"),
    "book": ("author|editor", "title", "issued", "publisher"),
    "chapter": ("author", "title", "container-title", "issued", "publisher"),
    "paper-conference": ("author", "title", "container-title", "issued"),
    "thesis": ("author", "title", "issued", "publisher"),
    "report": ("author|editor", "title", "issued"),
    "webpage": ("title", "URL"),
    "document": ("title", "issued"),
}

FIELD_NAMES = {
    "author|editor": "author", "container-title": "journal or book title", "issued": "year",
    "URL": "URL", "publisher": "publisher", "title": "title", "author": "author", "editor": "editor",
}


def is_structured(reference: Reference) -> bool:
    """An entry read from a structured record (.bib, JATS), not parsed from a string.

    Parsed strings carry a confidence per field (at least for the type they were given).
    """
    return not reference.confidence


def is_unparsed(reference: Reference) -> bool:
    """An entry the parser could make nothing of: no title, or neither author nor year.

    A structured record was read field by field; it is unparsed only when it has none of
    title, names and year (what it lacks besides is reference-incomplete's to say).
    """
    csl = reference.csl
    has_names = bool(csl.get("author") or csl.get("editor"))
    if reference.bib_type and reference.bib_fields:
        return False  # a .bib entry BibTeX read: what it lacks is its type's rules' to say
    if is_structured(reference):
        return not (csl.get("title") or has_names or "issued" in csl)
    if titleless_article(reference):
        return False  # chemistry and physics styles print no article titles
    if csl.get("title") and csl.get("URL"):
        return False  # a web page: its title and address find it, with or without author and date
    if cited_by_identifier(reference):
        return False  # APS styles print a preprint as names, year and arXiv id: these find it
    return not csl.get("title") or (not has_names and "issued" not in csl)


def cited_by_identifier(reference: Reference) -> bool:
    """Names, year and an arXiv id or DOI, no title: how physics styles print a preprint
    ("C. Bartram et al. (ADMX Collaboration), (2021), arXiv:2110.10262")."""
    csl = reference.csl
    return (
        not csl.get("title")
        and bool(csl.get("author") or csl.get("editor"))
        and "issued" in csl
        and bool(csl.get("DOI") or _ARXIV_ID.search(reference.raw))
    )


# An arXiv identifier: "arXiv:2110.10262", "arXiv: 1706.03762v5", "arXiv:hep-ph/0412175"
_ARXIV_ID = re.compile(r"\barXiv:\s?(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.IGNORECASE)


def titleless_article(reference: Reference) -> bool:
    """A journal article cited the way chemistry and physics styles cite it: without its title.

    "J. R. Long and O. M. Yaghi, Chem. Soc. Rev., 2009, 38, 1213": names, journal, year, volume
    and page find the work; RSC, ACS and APS styles leave the title out on purpose.
    """
    csl = reference.csl
    return (
        not csl.get("title")
        and bool(csl.get("author") or csl.get("editor"))
        and "issued" in csl
        and bool(csl.get("container-title"))
        and bool(csl.get("volume") or csl.get("page"))
    )


def _omits_titles(references: tuple[Reference, ...]) -> bool:
    """Whether a parsed list follows a style that prints articles without titles (most do)."""
    articles = [r for r in references if not is_structured(r) and r.csl.get("container-title") and (r.csl.get("volume") or r.csl.get("page"))]
    return len(articles) >= 2 and sum(titleless_article(r) for r in articles) >= len(articles) / 2


def uncited_references(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """An entry of the reference list that the text never cites.

    Most styles list only what is cited; an uncited entry is often a leftover from an earlier
    draft, or a sign that its citation is misspelled.  Example: "Smith, J. (2001)..." listed
    but no "(Smith, 2001)" anywhere.  A .bib entry that nothing cites is not printed at all
    (BibTeX, biber and citeproc print what is cited), so those are one info that names them,
    unless the text names the entry ("hypre [@petsc]"): that one is still a warning.
    """
    if not ctx.citations and not any(ref.bib_type for ref in ctx.references) and len(ctx.match.uncited) > 1:
        # Not one citation in the text: a reading list ("Further reading", a blog's links), or
        # citations written in a way not recognised (or lost).  One warning, not one per entry.
        first = ctx.references[ctx.match.uncited[0] - 1]
        yield emit(  # a warning still: citations lost in conversion must not pass a CI gate unseen
            f"the text cites none of the {len(ctx.match.uncited)} entries: the list reads as further reading, "
            "or its citations are written in a way citeaudit does not recognise",
            location=first.location,
        )
        return
    near = {i for m in ctx.match.matches if m.status != "matched" for i in m.targets}
    shared = []  # with --shared-bib, a .bib entry this document leaves unused is no leftover
    unprinted = []  # a .bib entry nobody cites is left out of the printed list by BibTeX/citeproc
    words: set[str] | None = None  # the body's words, read once when a .bib entry is uncited
    for index in ctx.match.uncited:
        if index in near:
            continue
        ref = ctx.references[index - 1]
        if is_unparsed(ref):
            continue  # reported as reference-unparsed; "never cited" would say nothing more
        if ctx.config.shared_bib and ref.bib_type:
            shared.append(ref)
            continue
        if ref.bib_type:
            if words is None:
                body = ctx.manuscript.text[ctx.manuscript.body.start : ctx.manuscript.body.end]
                words = {word.lower() for word in _WORD.findall(body)}
            named = _named_in_text(ref, words)
            if named is None:
                unprinted.append(ref)
                continue
            yield emit(
                f'{cite_as(ref)} is in the bibliography but never cited, though the text names "{named}"',
                location=ref.location, reference=ref.index,
                suggestion=f"cite it where the text names {named}, or remove the entry",
            )
            continue
        yield emit(
            f"{cite_as(ref)} is listed but never cited", location=ref.location, reference=ref.index,
        )
    yield from set_aside_unused(ctx, emit, shared)
    yield from set_aside_unused(ctx, emit, unprinted, shared=False)


# A word of running text: "hypre", "Navier-Stokes"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# A key that is a name a text would use: "hypre", "petsc", "AMReX" (not "smith2001", "a", "ref")
_NAME_KEY = re.compile(r"[^\W\d_]{4,}")
# A title that opens with the work's short name: "hypre: a library of ...", "PETSc - users manual"
_TITLE_NAME = re.compile(r"^\s*(?P<name>[^\W\d_][\w-]{2,})\s*[:–—]")


def _named_in_text(ref: Reference, words: set[str]) -> str | None:
    """The name by which the body mentions an uncited .bib entry: its key or its title's short
    name ("hypre [@petsc]": the hypre entry named, another entry cited), else ``None``."""
    candidates = []
    if ref.key and _NAME_KEY.fullmatch(ref.key):
        candidates.append(ref.key)
    title = ref.csl.get("title")
    if isinstance(title, str) and (found := _TITLE_NAME.match(title)):
        candidates.append(found.group("name"))
    return next((name for name in candidates if name.lower() in words), None)


def duplicate_references(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """The same work listed twice: the same DOI, or the same first author, year and title.

    In a .bib file, two entries with the same key count too (BibTeX silently uses the first).
    Example: "Nimmo, W. F. (1994). Japan and Russia..." listed as entries 15 and 16.
    """
    # Indexes narrow each entry's comparisons to the few earlier entries that could repeat it:
    # a 10,000-entry list is not 50 million comparisons.  The first with the key is the first
    # that reuses it.
    refs = ctx.references
    works, first_with_key = WorkIndex(), {}
    for j, later in enumerate(refs):
        positions = set(works.candidates(later))
        works.add(later)
        if later.key:
            positions.add(first_with_key.setdefault(later.key.casefold(), j))
        positions.discard(j)
        for earlier in (refs[i] for i in sorted(positions)):
            if later.key and earlier.key and later.key.casefold() == earlier.key.casefold():
                case = "" if later.key == earlier.key else f" ('{earlier.key}': BibTeX reads keys in any case as one)"
                yield emit(
                    f"entry {later.index} reuses the key '{later.key}' of entry {earlier.index}{case}",
                    location=later.location, reference=later.index,
                    suggestion=f"give entry {later.index} its own key, or remove it",
                )
                break
            if same_work(earlier, later):
                yield emit(
                    f"entry {later.index} repeats entry {earlier.index} ({cite_as(earlier)})",
                    location=later.location, reference=later.index,
                    suggestion=f"remove entry {later.index} or merge it with entry {earlier.index}",
                )
                break


# A parsed field below this confidence may be misplaced, and the field "missing" may be
# hiding in it (an author list read as the title): such an entry's gaps are told as info.
SURE = 0.8

# The fields whose placement decides what else is missing.
_PLACED_FIELDS = ("author", "editor", "title", "container-title", "issued", "publisher")


def missing_fields(reference: Reference) -> list[str]:
    """The fields (CSL names, "a|b" for either) that the entry's type needs and it lacks."""
    csl = reference.csl
    kind = str(csl.get("type"))
    required = REQUIRED_FIELDS.get(kind, REQUIRED_FIELDS["document"])
    missing = [field for field in required if not any(csl.get(option) for option in field.split("|"))]
    if "publisher" in missing and kind in {"book", "report"} and _group_author(csl):
        # APA 7: a work whose author is an organisation that also published it omits the publisher.
        missing.remove("publisher")
    if "author|editor" in missing and kind == "report" and csl.get("publisher"):
        missing.remove("author|editor")  # a report issued by an institution needs no person as author
    return missing


def _group_author(csl: Mapping[str, Any]) -> bool:
    names = csl.get("author") or csl.get("editor") or []
    return bool(names) and isinstance(names[0], Mapping) and bool(names[0].get("literal")) and not is_et_al(names[0])


# The kinds of work whose entries name a publisher in the styles that name publishers.
_PUBLISHED_KINDS = frozenset({"book", "chapter", "thesis", "report"})


def _omits_publishers(references: tuple[Reference, ...]) -> bool:
    """Whether a parsed list leaves publishers out as its style (most of its books name none)."""
    kinds = [r for r in references if not is_structured(r) and r.csl.get("type") in _PUBLISHED_KINDS]
    named = sum(bool(r.csl.get("publisher")) for r in kinds)
    return len(kinds) >= 3 and named < len(kinds) / 2


def parse_doubt(reference: Reference) -> str | None:
    """Why the parse of an entry is too unsure to say a field is missing, or None when it is sure.

    Entries read from structured sources (.bib, JATS) carry no confidences and are sure.
    """
    weakest = min(
        ((reference.confidence[name], name) for name in _PLACED_FIELDS if name in reference.confidence and reference.csl.get(name)),
        default=None,
    )
    if weakest is None or weakest[0] >= SURE:
        title_as_name = _title_read_as_name(reference)
        if title_as_name and not is_structured(reference):
            return f"the parse is unsure: '{title_as_name}' was read as a person's name"
        return None
    score, name = weakest
    return f"the parse is unsure: its {FIELD_NAMES.get(name, name)} was read with confidence {score:.2f}"


# A family name no person has: a colon inside, or four capitalised words ("Garcia Lopez de la
# Cruz" has three, its particles aside).  "WHS: Global Health Indicators Part II." is read as
# the surname "WHS: Global Health Indicators Part" with initials "I. I.": the title went into
# the names, and the journal after it was taken for a book's title.
# Given names are held to the same count, initials aside ("M. J." are not words).
_CAPITALISED_WORD = re.compile(r"(?<!\S)[A-ZÀ-Þ](?![.\s]|\S*\.(?!\S))")


def _title_read_as_name(reference: Reference) -> str | None:
    """The first name of the entry that reads like a title, not a person's name."""
    for role in ("author", "editor"):
        for name in reference.csl.get(role) or ():
            if not isinstance(name, Mapping):
                continue
            for part in (name.get("family"), name.get("given")):
                if isinstance(part, str) and (":" in part or len(_CAPITALISED_WORD.findall(part)) >= 4):
                    return part
    return None


def incomplete_references(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """An entry missing a field its type needs for a reader to find the work.

    Example: a journal article without the journal's name, a book without a publisher.
    Said only when the entry's parse is sure of its other fields; an unsure parse (a field read
    with low confidence, where the "missing" one may hide) is told as info, with the reason.
    A report issued by an institution needs no author, and an organisation's own book or report
    no publisher (APA 7).  A parsed list whose books mostly name no publisher follows a style
    that leaves publishers out ("Oxford, 2001"); an entry that names a place without its
    publisher is told as info, and so is an entry of a PDF without one (its type is a guess).
    A name that reads like a title ("WHS: Global Health Indicators Part") makes the parse unsure.
    """
    style_omits_publishers = _omits_publishers(ctx.references)
    style_omits_titles = _omits_titles(ctx.references)
    by_key = {ref.key.casefold(): ref for ref in ctx.references if ref.key}
    for ref in ctx.references:
        if is_unparsed(ref):
            continue
        if ref.bib_type:
            yield from _incomplete_bib_entry(ref, by_key, emit, ctx.manuscript.bib_engine)
            continue
        fields = missing_fields(ref)
        doubt = parse_doubt(ref)
        if "publisher" in fields and not is_structured(ref):
            if style_omits_publishers:
                fields.remove("publisher")  # the list's style names no publishers ("Oxford, 2001")
            elif ref.csl.get("publisher-place") and not doubt:
                doubt = "it names a place; some styles give the place without the publisher"
            elif ctx.manuscript.format == "pdf" and not doubt:
                # Only the type asks for a publisher, and the type of an entry read from a PDF is
                # guessed from its typesetting: amsplain sets every title in italics, so a paper
                # in "Proc. Twelfth POPL" reads as a book.
                doubt = "its type is guessed from how the PDF sets it, and only that type needs a publisher"
        if "title" in fields and (titleless_article(ref) or cited_by_identifier(ref)):
            if style_omits_titles:
                fields.remove("title")  # the list's style prints no article titles (RSC, ACS, APS)
            elif not doubt:
                doubt = "chemistry and physics styles cite an article without its title"
        missing = [FIELD_NAMES.get(field, field) for field in fields]
        if not missing:
            continue
        kind = str(ref.csl.get("type", "entry")).replace("-", " ")
        message = f"entry {ref.index} ({kind}) has no {', '.join(missing)}"
        if doubt:
            yield emit(f"{message} ({doubt})", location=ref.location, reference=ref.index, severity=Severity.INFO)
        else:
            yield emit(message, location=ref.location, reference=ref.index)


# The entry a .bib entry takes missing fields from: "crossref = {proc2020}", "xdata = {shared}".
_PARENT_FIELD = re.compile(r"\b(?:crossref|xdata)\s*=\s*[{\"]\s*([^,}\"\s]+)", re.I)


def _incomplete_bib_entry(ref: Reference, by_key: Mapping[str, Reference], emit: Emit, engine: str | None = None) -> Iterator[Finding]:
    """A .bib entry checked by its own type's rules (BibTeX's standard styles, biblatex's model).

    A field that is only misspelled (``pagers``) is ``bib-unknown-field``'s to report: it is
    not reported here as missing too.
    """
    found = _PARENT_FIELD.search(ref.raw)
    parent = by_key.get(found.group(1).casefold()) if found else None
    missing, style = missing_bib_fields(ref, parent, engine)
    misspelled = {near_known_field(name) for name in ref.bib_fields} - {None}
    missing = [need for need in missing if not set(need.split(" or ")) & misspelled]
    # biblatex's @inbook needs no chapter or pages (it is a titled part of a book): a .bib read
    # by either engine is held only to what both ask.
    missing = [need for need in missing if need != "chapter or pages"]
    if missing:
        yield emit(
            f"entry {ref.key} (@{ref.bib_type}) has no {', '.join(missing)}, which {style} {'require' if style.endswith('s') else 'requires'}",
            location=ref.location, reference=ref.index,
        )


# A note that a numbered style prints among its entries, the text citing it by its number
# (REVTeX's footnotes, natbib's \bibnote): one sentence, no year.
#   "[19] The data and the code are available from the authors on request."
_NOTE_ENTRY = re.compile(r"^(?:\[\d{1,4}\]|\d{1,4}\.)\s+[A-Z][a-z]+(?:\s+[a-z][\w'’-]*){3,}[^.]*\.$")
_YEAR_IN_NOTE = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")


def _cited_note(ref: Reference, cited: set[int]) -> bool:
    """Whether an entry is a note the text cites, not a reference: nothing there to parse."""
    raw = " ".join(ref.raw.split())
    return ref.index in cited and bool(_NOTE_ENTRY.match(raw)) and not _YEAR_IN_NOTE.search(raw)


def unparsed_references(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """An entry that could not be parsed into author, year and title.

    Often two entries run together, or text that is not a reference ended up in the list.
    Example: "See the supplementary material for details."  A note the text cites by its number
    ("[19] The data are available from the authors on request.", REVTeX's footnotes) is no such
    entry: the style put it there.
    """
    cited = {i for m in ctx.match.matches if m.status == "matched" for i in m.targets}
    for ref in ctx.references:
        if is_unparsed(ref) and not _cited_note(ref, cited):
            problems = "; ".join(ref.problems) or "no structure found"
            yield emit(f"entry {ref.index} could not be parsed ({problems})", location=ref.location, reference=ref.index)
