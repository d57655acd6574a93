"""Field-by-field comparison of a reference with a registry record, tolerant the way an editor is.

Each comparison is made only where both sides have a value, and yields a FieldComparison with
both values as written, so that a report can show them side by side:

- title: case, punctuation, diacritics and markup ignored; a subtitle present on one side only
  is fine; small typos are fine (similarity >= 90 %).
- authors: family names in order; the count must agree unless the entry says "et al." (or
  elides names with "...").
- year: any of the registry's dates (issued, print, online) will do.
- container: the full name, the registry's short name, or an abbreviation of either
  ("J Struct Biol" for "Journal of Structural Biology", "PNAS"-style acronyms word by word).
- volume, issue: equal as numbers ("07" is "7"); an issue inside a range ("3" of "3-4") is fine.
- pages: the first page must agree; the last page too when both give one ("411" alone is fine,
  "1425-37" is read as "1425-1437").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from ..model import FieldComparison
from ..references import titles
from ..references.names import is_et_al, same_name
from ..references.titles import TITLE_SIMILARITY, fold
from .records import WorkRecord

__all__ = ["Evidence", "compare_fields", "enough_agreement", "fold", "manuscript_authors", "same_name", "same_title", "weigh"]

# A range of pages with any dash: "100–108", "e1-e9", "411 - 32".
_PAGE_RANGE = re.compile(r"^\s*([A-Za-z]*\d+[A-Za-z]*)\s*(?:[-\u2010-\u2015\u2212]+\s*([A-Za-z]*\d+[A-Za-z]*))?")
# "et al." or an elision of names ("…", "...") in an author list.
_ET_AL = re.compile(r"\bet\.?\s*al\b|\.\.\.|\u2026", re.IGNORECASE)


# Words journal abbreviations drop ("Journal of the Royal Society" -> "J R Soc").
_STOP_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "a", "an", "de", "la", "des", "du", "der", "und", "y", "et"})
_ET_AL_NAMES = frozenset({"et al", "et al.", "others", "al"})


def same_title(manuscript: str, record: WorkRecord) -> bool:
    """Whether a written title names the record's work: ``references.titles.same_title`` with
    any of the record's titles, alone or with a subtitle."""
    for title in record.titles:
        candidates = [title, *(f"{title}: {subtitle}" for subtitle in record.subtitles)]
        if any(titles.same_title(manuscript, candidate) for candidate in candidates):
            return True
    return False


def _family(person: Mapping[str, Any]) -> str:
    return str(person.get("family") or person.get("literal") or "").strip()


def manuscript_authors(csl: Mapping[str, Any], raw: str = "") -> tuple[list[str], bool]:
    """Family names as written and whether the list is cut short ("et al.", "...")."""
    names, et_al = [], False
    for person in csl.get("author") or ():
        if not isinstance(person, Mapping):
            continue
        name = _family(person)
        if is_et_al(dict(person)) or name.lower().strip(" .") in {n.strip(".") for n in _ET_AL_NAMES}:
            et_al = True
        elif name:
            names.append(name)
    if raw and _ET_AL.search(raw.split("(")[0] if "(" in raw else raw[:200]):
        et_al = True
    return names, et_al


def names_after_omission(csl: Mapping[str, Any]) -> int:
    """How many names follow an omission inside the list (APA 7's "… Zwienenberg, M.": 1)."""
    people = [p for p in csl.get("author") or () if isinstance(p, Mapping)]
    marks = [i for i, p in enumerate(people) if is_et_al(dict(p))]
    return len(people) - marks[-1] - 1 if marks else 0


def same_authors(names: Sequence[str], et_al: bool, record: WorkRecord, tail: int = 0) -> bool:
    """Whether family names agree in order, and in number unless the list is cut short.

    ``tail`` names at the end come after an omission and are the record's last authors.
    """
    theirs = [a.family for a in record.authors]
    if len(names) > len(theirs) or (not et_al and len(names) != len(theirs)):
        return False
    tail = min(tail, len(names))
    head = list(names[: len(names) - tail])
    pairs = list(zip(head, theirs, strict=False))
    if tail:
        pairs += list(zip(names[len(names) - tail :], theirs[len(theirs) - tail :], strict=True))
    return all(same_name(ours, their) for ours, their in pairs)


def _author_text(names: Sequence[str], et_al: bool) -> str:
    return "; ".join(names) + ("; et al." if et_al else "")


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in fold(name).split() if t not in _STOP_WORDS)


def _abbreviates_word(short: str, word: str) -> bool:
    # "struct" of "structural", "natl" of "national": same first letter, then a subsequence.
    if short == word:
        return True
    if short[0] != word[0] or len(short) > len(word):
        return False
    rest = iter(word[1:])
    return all(ch in rest for ch in short[1:])


@lru_cache(maxsize=4096)
def abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` abbreviates ``full`` word by word ("J Struct Biol", "Proc Natl Acad Sci USA")."""
    a, f = _tokens(short), _tokens(full)
    if not a or not f or len(a) > len(f):
        return False

    @lru_cache(maxsize=None)
    def match(i: int, j: int) -> bool:
        if i == len(a):
            return j == len(f)
        if j == len(f):
            return False
        token = a[i]
        if _abbreviates_word(token, f[j]) and match(i + 1, j + 1):
            return True
        # An acronym covering several words: "usa" for "united states america".
        k = len(token)
        return 2 <= k <= len(f) - j and all(f[j + x][0] == token[x] for x in range(k)) and match(i + 1, j + k)

    return match(0, 0)


def same_container(manuscript: str, record: WorkRecord) -> bool:
    """Whether a journal or book title names one of the record's containers."""
    ours = fold(manuscript)
    for container in record.containers:
        theirs = fold(container)
        if ours == theirs or fuzz.ratio(ours, theirs) >= TITLE_SIMILARITY:
            return True
        if abbreviates(manuscript, container) or abbreviates(container, manuscript):
            return True
    return False


def _number(value: str) -> str:
    text = fold(value).replace(" ", "")
    return text.lstrip("0") or text


def same_number(manuscript: str, registry: str) -> bool:
    """Volume or issue: equal as numbers, or one of a registry range ("3" of "3-4")."""
    ours = _number(manuscript)
    if ours == _number(registry):
        return True
    return ours in {_number(part) for part in re.split(r"[-\u2013/,&]|\band\b", registry) if part.strip()}


def page_range(text: str) -> tuple[str, str | None] | None:
    """First and last page, the last expanded when abbreviated: "1425-37" -> ("1425", "1437")."""
    match = _PAGE_RANGE.match(text or "")
    if not match:
        return None
    first, last = match.group(1).lower(), (match.group(2) or "").lower() or None
    if last and first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last


def same_pages(manuscript: str, registry: str) -> bool:
    """The first page must agree; the last page too when both sides give one."""
    ours, theirs = page_range(manuscript), page_range(registry)
    if ours is None or theirs is None:
        return fold(manuscript) == fold(registry)
    if ours[0].lstrip("0") != theirs[0].lstrip("0"):
        return False
    return ours[1] is None or theirs[1] is None or ours[1].lstrip("0") == theirs[1].lstrip("0")


def manuscript_year(csl: Mapping[str, Any]) -> int | None:
    issued = csl.get("issued") or {}
    try:
        return int((issued.get("date-parts") or [[]])[0][0])
    except (IndexError, TypeError, ValueError):
        literal = str(issued.get("literal") or "")
        return int(literal) if literal.isdigit() else None


def compare_fields(csl: Mapping[str, Any], record: WorkRecord, raw: str = "") -> tuple[FieldComparison, ...]:
    """Every field both the reference and the record give, compared, in a fixed order."""
    fields: list[FieldComparison] = []
    title = csl.get("title")
    if title and record.titles:
        shown = record.titles[0] + (f": {record.subtitles[0]}" if record.subtitles else "")
        fields.append(FieldComparison("title", str(title), shown, same_title(str(title), record)))
    names, et_al = manuscript_authors(csl, raw)
    if names and record.authors:
        fields.append(
            FieldComparison(
                "authors",
                _author_text(names, et_al),
                _author_text([a.family for a in record.authors], False),
                same_authors(names, et_al, record, names_after_omission(csl)),
            )
        )
    year = manuscript_year(csl)
    if year is not None and record.years:
        shown = ", ".join(str(y) for y in record.years)
        fields.append(FieldComparison("year", str(year), shown, year in record.years))
    container = csl.get("container-title")
    if container and record.containers:
        fields.append(
            FieldComparison("container", str(container), record.containers[0], same_container(str(container), record))
        )
    for name, registry in (("volume", record.volume), ("issue", record.issue)):
        value = csl.get(name)
        if value and registry:
            fields.append(FieldComparison(name, str(value), registry, same_number(str(value), registry)))
    page = csl.get("page")
    if page and record.page:
        fields.append(FieldComparison("pages", str(page), record.page, same_pages(str(page), record.page)))
    return tuple(fields)


def disagreeing(fields: Sequence[FieldComparison]) -> tuple[FieldComparison, ...]:
    return tuple(f for f in fields if not f.agrees)


def is_other_work(fields: Sequence[FieldComparison]) -> bool:
    """Whether the record is another work: its title and its authors both disagree, or, where
    authors could not be compared (a record without any), its title and its container do."""
    wrong = {f.name for f in disagreeing(fields)}
    if {"title", "authors"} <= wrong:
        return True
    compared = {f.name for f in fields}
    return "authors" not in compared and {"title", "container"} <= wrong


# Sets of agreeing fields that, with no field disagreeing, are enough to say the record is the
# cited work.  A title names a work; a surname list only with a year or a place to pin it down;
# a journal, volume and first page together name one article (physics-style entries have no title).
_ENOUGH_EVIDENCE: tuple[frozenset[str], ...] = (
    frozenset({"title"}),
    frozenset({"authors", "year"}),
    frozenset({"authors", "container"}),
    frozenset({"authors", "volume"}),
    frozenset({"authors", "pages"}),
    frozenset({"container", "volume", "pages"}),
)

# A verdict on a record, in order of strength: what the resolver and the checks both read.
VERIFIED, MISMATCH, OTHER_WORK, UNCOMPARED = "verified", "mismatch", "other-work", "uncompared"


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the compared fields say about whether a record is the cited work, and why."""

    verdict: str
    reason: str


def enough_agreement(fields: Sequence[FieldComparison]) -> bool:
    """Whether the agreeing fields are enough to identify the work (see ``_ENOUGH_EVIDENCE``)."""
    agreeing = {f.name for f in fields if f.agrees}
    return any(needed <= agreeing for needed in _ENOUGH_EVIDENCE)


def _missing_identity(record: WorkRecord | None) -> str:
    if record is None:
        return ""
    missing = [name for name, present in (("title", record.titles), ("authors", record.authors)) if not present]
    if not missing:
        return ""
    kind = f" (a {record.type})" if record.type else ""
    return f"the Crossref record{kind} has no {' and no '.join(missing)}"


def weigh(fields: Sequence[FieldComparison], record: WorkRecord | None = None) -> Evidence:
    """The verdict on a record from its compared fields: another work, a mismatch, verified, or
    "uncompared" when nothing contradicts the entry but too little agrees to confirm it.

    A record without title and authors (a figure "component", a journal issue) can agree on a
    year and nothing else; that is no evidence that an invented entry carrying its DOI is real.
    """
    wrong = disagreeing(fields)
    if is_other_work(fields):
        names = ", ".join(f.name for f in wrong)
        return Evidence(OTHER_WORK, f"the DOI belongs to another work ({names} differ)")
    if wrong:
        return Evidence(MISMATCH, "differs in " + ", ".join(f.name for f in wrong))
    if enough_agreement(fields):
        return Evidence(VERIFIED, "Crossref record agrees on " + ", ".join(f.name for f in fields))
    agreed = ", ".join(f.name for f in fields) or "no comparable field"
    why = _missing_identity(record) or "neither the title nor the authors could be compared"
    return Evidence(UNCOMPARED, f"cannot compare: {why}; it agrees on {agreed}, too little to confirm the entry")


def agreement(fields: Sequence[FieldComparison]) -> float | None:
    """The share of compared fields that agree (``None`` when nothing could be compared)."""
    if not fields:
        return None
    return round(sum(f.agrees for f in fields) / len(fields), 3)
