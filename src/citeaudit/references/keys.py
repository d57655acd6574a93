"""Citation keys: ``ziegler1993``, ``haddad2020a``/``haddad2020b``; unique and stable."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from anyascii import anyascii

from .names import PARTICLES, family_of


_CONNECTORS = {"of", "on", "for", "and", "the", "in", "de", "des", "du", "fur", "und"}
# A group author's abbreviation, after or before its full name: "World Health Organization (WHO)",
# "SENAMHI (Servicio Nacional ...)".
_ABBREVIATION = re.compile(r"\((?P<after>[A-Z][A-Z0-9&-]+)\)\s*$|^(?P<before>[A-Z][A-Z0-9&-]+)\s*\(")


def base_key(csl: Mapping[str, Any]) -> str:
    """Surname of the first author (or first title word) + year + year suffix."""
    names = csl.get("author") or csl.get("editor") or []
    stem = ""
    if names:
        name = family_of(names[0])
        abbreviation = _ABBREVIATION.search(name) if names[0].get("literal") else None
        if abbreviation:
            name = abbreviation.group("after") or abbreviation.group("before")  # "(WHO)" -> "who"
        words = [w for w in re.findall(r"[a-z0-9]+", anyascii(name).lower()) if w not in PARTICLES]
        if names[0].get("literal") and len(words) > 1 and words[0] == "the":
            words = words[1:]  # "The Guardian" -> "guardian"
        if names[0].get("family") or len(words) <= 2:
            stem = "".join(words)  # "garcialopez", "internationalaffairs"
        else:
            stem = "".join(w[0] for w in words if w not in _CONNECTORS)[:10]  # "wmo" for an organisation
    if not stem:
        words = re.findall(r"[a-z0-9]+", anyascii(str(csl.get("title", ""))).lower())
        stem = next((w for w in words if len(w) > 3), words[0] if words else "anon")
    issued = csl.get("issued") or {}
    parts = issued.get("date-parts") or [[]]
    year = str(parts[0][0]) if parts and parts[0] else ("nd" if issued.get("literal") == "n.d." else "")
    return f"{stem}{year}{issued.get('year-suffix', '')}"


def assign_keys(items: Sequence[Mapping[str, Any]]) -> list[str]:
    """Unique keys in list order; clashes get a, b, c... in the order they appear."""
    bases = [base_key(csl) for csl in items]
    counts: dict[str, int] = {}
    for base in bases:
        counts[base] = counts.get(base, 0) + 1
    seen: dict[str, int] = {}
    used: set[str] = set()
    keys = []
    for base in bases:
        if counts[base] == 1 and base not in used:
            key = base
        else:
            n = seen.get(base, 0)
            while True:
                key = base + _letters(n)
                n += 1
                if key not in used and key not in counts:
                    break
            seen[base] = n
        used.add(key)
        keys.append(key)
    return keys


def _letters(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(97 + rem) + letters
    return letters
