"""The reference list: split the section into entries, parse each, give each a key."""

from __future__ import annotations

import dataclasses
import re

from ..model import Manuscript, Reference, Span
from .keys import assign_keys
from .parse import ParsedReference, has_italics, parse_reference
from .split import interleaved_with_prose, split_entries


def read_references(manuscript: Manuscript) -> list[Reference]:
    """Parse the manuscript's reference section into References, in list order."""
    if manuscript.references is None:
        return []
    section = manuscript.references
    if interleaved_with_prose(manuscript.text[section.start : section.end]):
        return []  # reported by reference-list-unsplit: nothing here can be read as entries
    entries = split_entries(manuscript.text[section.start : section.end], section.start)
    # A list written with Markdown italics is read by the rules throughout (see parse_reference).
    italic = sum(has_italics(entry.text) for entry in entries)
    prefer_rules = italic >= max(1, len(entries) // 3)
    parsed = [parse_reference(entry.text, prefer_rules=prefer_rules) for entry in entries]
    parsed = _same_authors_as_before(entries, parsed)
    keys = _anchor_keys(manuscript, entries, assign_keys([p.csl for p in parsed]))
    return [
        Reference(
            index=i,
            raw=manuscript.source_slice(entry.span).strip(),
            span=entry.span,
            location=manuscript.locate(entry.span.start),
            csl=result.csl,
            key=key,
            label=entry.label or result.label,
            confidence=result.confidence,
            problems=result.problems,
        )
        for i, (entry, result, key) in enumerate(zip(entries, parsed, keys), start=1)
    ]


# A dash standing for the authors of the entry before: "———. 1999.", "— (1992).", "---, 2001."
# (Chicago, MLA and biblatex's authoryear style print the repeated names so), after a label.
_SAME_AUTHORS = re.compile(r"^\s*(?:\[\d{1,5}\]\s*|\d{1,4}\.\s+)?(?:[—–]+|-{2,})(?=[\s.,(]|$)")
_DASH_NAME = re.compile(r"^[—–-]+$")


def _same_authors_as_before(entries: list, parsed: list[ParsedReference]) -> list[ParsedReference]:
    """Entries that open with a dash take their authors from the entry before them.

    "———. 1999." repeats all of them; "———, and Jane Roe. 2003." the first, with Roe after.
    """
    out: list[ParsedReference] = []
    for entry, result in zip(entries, parsed):
        previous = out[-1].csl.get("author") if out else None
        if not previous or not _SAME_AUTHORS.match(entry.text):
            out.append(result)
            continue
        authors = list(result.csl.get("author") or [])
        dashed = bool(authors) and isinstance(authors[0], dict) and _DASH_NAME.match(str(authors[0].get("family") or authors[0].get("literal") or ""))
        if dashed and len(authors) == 1:
            authors = list(previous)  # "———. 1999.": the same authors
        elif dashed:
            authors = [previous[0], *authors[1:]]
        else:
            authors = [previous[0], *_without_joiner(authors)]  # the dash was read as no name at all
        csl = {**result.csl, "author": authors}
        problems = tuple(p for p in result.problems if p != "no author found")
        out.append(dataclasses.replace(result, csl=csl, problems=problems))
    return out


def _without_joiner(authors: list) -> list:
    """Names read after a dash with the "and" glued to them: given "and Jane" -> "Jane"."""
    fixed = []
    for name in authors:
        if isinstance(name, dict) and str(name.get("given", "")).startswith("and "):
            name = {**name, "given": name["given"][4:]}
        fixed.append(name)
    return fixed


def _anchor_keys(manuscript: Manuscript, entries: list, keys: list[str]) -> list[str]:
    """Keys where an entry carries an HTML anchor: the anchor's id, which links in the text name.

    ``- <span id="page-35-3"></span>Abadi, M. ...`` gets the key ``page-35-3``, so that
    ``[(Abadi et al.,](#page-35-3)`` is linked to it as a JATS ``<xref rid>`` is.  An anchor
    between two entries belongs to the one after it; an entry keeps its own key when its
    anchor's id is taken elsewhere.
    """
    section = manuscript.references
    if section is None or not entries:
        return keys
    by_entry: dict[int, str] = {}
    for name, at in sorted(manuscript.anchors, key=lambda item: item[1]):
        if not section.start <= at <= section.end:
            continue
        index = next((i for i, entry in enumerate(entries) if at < entry.span.end), len(entries) - 1)
        by_entry.setdefault(index, name)
    taken = set(keys)
    names = list(by_entry.values())
    result = list(keys)
    for index, name in by_entry.items():
        if names.count(name) == 1 and name not in taken:
            result[index] = name
    return result


__all__ = ["ParsedReference", "Span", "parse_reference", "read_references"]
