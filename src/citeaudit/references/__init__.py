"""The reference list: split the section into entries, parse each, give each a key."""

from __future__ import annotations

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
