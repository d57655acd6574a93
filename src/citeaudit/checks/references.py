"""Checks on the reference list itself: cited, complete, parsed, not listed twice."""

from __future__ import annotations

from collections.abc import Iterator

from ..match import cite_as, same_work
from ..model import Finding, Reference
from .base import Context, Emit

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
    "URL": "URL", "publisher": "publisher",
}


def is_unparsed(reference: Reference) -> bool:
    """An entry the parser could make nothing of: no title, or neither author nor year."""
    csl = reference.csl
    has_names = bool(csl.get("author") or csl.get("editor"))
    return not csl.get("title") or (not has_names and "issued" not in csl)


def uncited_references(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """An entry of the reference list that the text never cites.

    Most styles list only what is cited; an uncited entry is often a leftover from an earlier
    draft, or a sign that its citation is misspelled.  Example: "Smith, J. (2001)..." listed
    but no "(Smith, 2001)" anywhere.
    """
    near = {i for m in ctx.match.matches if m.status != "matched" for i in m.targets}
    for index in ctx.match.uncited:
        if index in near:
            continue
        ref = ctx.references[index - 1]
        if is_unparsed(ref):
            continue  # reported as reference-unparsed; "never cited" would say nothing more
        yield emit(
            f"{cite_as(ref)} is listed but never cited", location=ref.location, reference=ref.index,
        )


def duplicate_references(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """The same work listed twice: the same DOI, or the same first author, year and title.

    In a .bib file, two entries with the same key count too (BibTeX silently uses the first).
    Example: "Nimmo, W. F. (1994). Japan and Russia..." listed as entries 15 and 16.
    """
    refs = ctx.references
    for j, later in enumerate(refs):
        for earlier in refs[:j]:
            if later.key and later.key == earlier.key:
                yield emit(
                    f"entry {later.index} reuses the key '{later.key}' of entry {earlier.index}",
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


def incomplete_references(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """An entry missing a field its type needs for a reader to find the work.

    Example: a journal article without the journal's name, a book without a publisher.
    """
    for ref in ctx.references:
        if is_unparsed(ref):
            continue
        required = REQUIRED_FIELDS.get(str(ref.csl.get("type")), REQUIRED_FIELDS["document"])
        missing = [
            FIELD_NAMES.get(field, field)
            for field in required
            if not any(ref.csl.get(option) for option in field.split("|"))
        ]
        if missing:
            kind = str(ref.csl.get("type", "entry")).replace("-", " ")
            yield emit(
                f"entry {ref.index} ({kind}) has no {', '.join(missing)}",
                location=ref.location, reference=ref.index,
            )


def unparsed_references(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """An entry that could not be parsed into author, year and title.

    Often two entries run together, or text that is not a reference ended up in the list.
    Example: "See the supplementary material for details."
    """
    for ref in ctx.references:
        if is_unparsed(ref):
            problems = "; ".join(ref.problems) or "no structure found"
            yield emit(f"entry {ref.index} could not be parsed ({problems})", location=ref.location, reference=ref.index)
