"""The reference list: split the section into entries, parse each, give each a key."""

from __future__ import annotations

from ..model import Manuscript, Reference, Span
from .keys import assign_keys
from .parse import ParsedReference, has_italics, parse_reference
from .split import split_entries


def read_references(manuscript: Manuscript) -> list[Reference]:
    """Parse the manuscript's reference section into References, in list order."""
    if manuscript.references is None:
        return []
    section = manuscript.references
    entries = split_entries(manuscript.text[section.start : section.end], section.start)
    # A list written with Markdown italics is read by the rules throughout (see parse_reference).
    italic = sum(has_italics(entry.text) for entry in entries)
    prefer_rules = italic >= max(1, len(entries) // 3)
    parsed = [parse_reference(entry.text, prefer_rules=prefer_rules) for entry in entries]
    keys = assign_keys([p.csl for p in parsed])
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


__all__ = ["ParsedReference", "Span", "parse_reference", "read_references"]
