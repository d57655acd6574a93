"""Pure matching: citations x references -> links and the problems met on the way.

A citation matches a reference when the first author's surname agrees (up to case,
diacritics, transliteration and particles), the author count agrees with how the citation is
written ("A & B" means two authors; "A et al." means three or more, two tolerated), and the
year with its suffix is the same.  Numeric citations match by their number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from .model import Citation, CitationKind, Link, Reference
from .references.names import family_of, name_keys, same_name


@dataclass(frozen=True, slots=True)
class CitationMatch:
    """How one citation (index into the citation list) matched the references.

    ``status`` is matched, unmatched, year-mismatch, name-mismatch or ambiguous.
    ``targets`` are the reference indices (1-based) it links to; ``candidates`` the near
    misses a suggestion is made from.
    """

    citation: int
    status: str
    targets: tuple[int, ...] = ()
    candidates: tuple[int, ...] = ()
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class MatchResult:
    matches: tuple[CitationMatch, ...]
    links: tuple[Link, ...]
    uncited: tuple[int, ...]


def match_citations(citations: Sequence[Citation], references: Sequence[Reference]) -> MatchResult:
    """Link each citation to its references and say how each one matched."""
    by_number = _numbers(references)
    matches = []
    for position, citation in enumerate(citations):
        if citation.key is not None:
            matches.append(_match_key(position, citation, references))
        elif citation.kind is CitationKind.NUMERIC:
            matches.append(_match_number(position, citation, by_number))
        elif citation.kind is CitationKind.FOOTNOTE:
            continue
        else:
            matches.append(_match_author_year(position, citation, references))
    links = tuple(Link(m.citation, m.targets) for m in matches if m.targets)
    cited = {target for link in links for target in link.targets}
    uncited = tuple(ref.index for ref in references if ref.index not in cited)
    return MatchResult(tuple(matches), links, uncited)


def _match_key(position: int, citation: Citation, references: Sequence[Reference]) -> CitationMatch:
    """A citation by key (LaTeX ``\\cite``, JATS ``rid``): the first entry with that key.

    ``\\nocite{*}`` (key ``*``) cites every entry; a key differing only in case still matches,
    as BibTeX does.
    """
    if citation.key == "*":
        return CitationMatch(position, "matched", tuple(ref.index for ref in references))
    for same in (lambda k: k == citation.key, lambda k: k.lower() == (citation.key or "").lower()):
        found = next((ref for ref in references if ref.key and same(ref.key)), None)
        if found is not None:
            return CitationMatch(position, "matched", (found.index,))
    near = max(references, key=lambda ref: fuzz.ratio(ref.key, citation.key or ""), default=None)
    if near is not None and near.key and fuzz.ratio(near.key, citation.key or "") >= 80:
        return CitationMatch(position, "unmatched", (), (near.index,), f"did you mean {near.key}?")
    return CitationMatch(position, "unmatched")


def _numbers(references: Sequence[Reference]) -> dict[int, int]:
    """Reference index by printed number: the label when entries are numbered, else position."""
    labelled = {int(ref.label): ref.index for ref in references if ref.label and ref.label.isdigit()}
    if len(labelled) >= len(references) * 0.8:
        return labelled
    return {ref.index: ref.index for ref in references}


def _match_number(position: int, citation: Citation, by_number: dict[int, int]) -> CitationMatch:
    target = by_number.get(citation.number or -1)
    if target is None:
        return CitationMatch(position, "unmatched")
    return CitationMatch(position, "matched", (target,))


def authors_of(reference: Reference) -> list[str]:
    """Surnames (or organisation names) of a reference's authors, else its editors."""
    names = reference.csl.get("author") or reference.csl.get("editor") or []
    return [family_of(name) for name in names if family_of(name)]


def _author_fit(citation: Citation, reference: Reference) -> bool:
    """Whether the citation's names fit the reference's author list."""
    authors = authors_of(reference)
    if not authors or not citation.authors:
        return False
    if not _same_author(citation.authors[0], authors[0]):
        return False
    if citation.et_al:
        return len(authors) >= 2
    if len(citation.authors) == 1:
        return len(authors) <= 2 or _is_organisation(reference)
    if len(citation.authors) != len(authors) and not (len(authors) > len(citation.authors) >= 3):
        return False
    return all(_same_author(a, b) for a, b in zip(citation.authors[1:], authors[1:]))


def _is_organisation(reference: Reference) -> bool:
    names = reference.csl.get("author") or []
    return bool(names) and "literal" in names[0]


def _same_author(cited: str, listed: str) -> bool:
    if same_name(cited, listed):
        return True
    # An organisation cited by a shorter form: "(World Bank, 2019)" vs "The World Bank".
    cited_keys, listed_keys = name_keys(cited), name_keys(listed)
    return any(len(c) > 5 and (l.endswith(c) or l.startswith(c)) for c in cited_keys for l in listed_keys)


def _year_fits(citation: Citation, reference: Reference) -> bool:
    return citation.year == reference.year and (citation.suffix or "") == (reference.year_suffix or "")


def _match_author_year(position: int, citation: Citation, references: Sequence[Reference]) -> CitationMatch:
    by_author = [ref for ref in references if _author_fit(citation, ref)]
    if citation.year is None:
        # MLA's "(Okafor 12)": the author alone must single out the entry.
        if len(by_author) == 1:
            return CitationMatch(position, "matched", (by_author[0].index,))
        if by_author:
            indices = tuple(r.index for r in by_author)
            return CitationMatch(position, "ambiguous", indices, indices)
        near = _near_names(citation, references)
        if near and near[0][1] >= 80:
            return CitationMatch(position, "name-mismatch", (near[0][0].index,), (near[0][0].index,), _suggest(citation, near[0][0]))
        return CitationMatch(position, "unmatched")
    exact = [ref for ref in by_author if _year_fits(citation, ref)]
    if len(exact) == 1:
        return CitationMatch(position, "matched", (exact[0].index,))
    if len(exact) > 1:
        # "Allmann et al., 2010" means the entry with three or more authors, "Allmann and Baldwin"
        # the one with two: let the author count choose between same-name, same-year entries.
        exact = _by_author_count(citation, exact)
    if len(exact) == 1:
        return CitationMatch(position, "matched", (exact[0].index,))
    if len(exact) > 1 and all(same_work(exact[0], ref) for ref in exact[1:]):
        # The same work listed twice: the citation is clear, the list is not (reference-duplicate).
        return CitationMatch(position, "matched", tuple(r.index for r in exact))
    if len(exact) > 1:
        return CitationMatch(position, "ambiguous", tuple(r.index for r in exact), tuple(r.index for r in exact))
    same_year = [ref for ref in by_author if ref.year == citation.year]
    if same_year and not citation.suffix:
        # "Haddad (2020)" when the list has 2020a and 2020b.
        if len(same_year) > 1:
            return CitationMatch(position, "ambiguous", tuple(r.index for r in same_year), tuple(r.index for r in same_year))
        return CitationMatch(position, "matched", (same_year[0].index,))
    if same_year and citation.suffix and len(same_year) == 1 and not same_year[0].year_suffix:
        # "Tanaka (2018a)" with a single unsuffixed Tanaka 2018: a year mismatch on the suffix.
        ref = same_year[0]
        return CitationMatch(position, "year-mismatch", (ref.index,), (ref.index,), _suggest(citation, ref))
    if by_author:
        best = min(by_author, key=lambda r: _year_distance(citation.year, r.year))
        return CitationMatch(position, "year-mismatch", (best.index,), tuple(r.index for r in by_author), _suggest(citation, best))
    # Same year, similar name: a spelling problem.
    near = _near_names(citation, references)
    same_year_near = [ref for ref, score in near if ref.year == citation.year and score >= 75]
    if same_year_near:
        ref = same_year_near[0]
        return CitationMatch(position, "name-mismatch", (ref.index,), tuple(r.index for r in same_year_near), _suggest(citation, ref))
    suggestion = None
    if near and near[0][1] >= 80:
        suggestion = _suggest(citation, near[0][0])
    return CitationMatch(position, "unmatched", (), tuple(r.index for r, s in near[:3] if s >= 80), suggestion)


def _by_author_count(citation: Citation, references: list[Reference]) -> list[Reference]:
    if citation.et_al:
        preferred = [r for r in references if len(authors_of(r)) >= 3]
    elif len(citation.authors) == 1:
        preferred = [r for r in references if len(authors_of(r)) == 1]
    else:
        preferred = [r for r in references if len(authors_of(r)) == len(citation.authors)]
    return preferred or references


def same_work(a: Reference, b: Reference) -> bool:
    """Whether two entries list the same work: the same DOI, or the same first author, year and title."""
    if a.doi and b.doi:
        return a.doi == b.doi
    title_a, title_b = str(a.csl.get("title", "")).lower(), str(b.csl.get("title", "")).lower()
    if not title_a or not title_b or fuzz.ratio(title_a, title_b) < 92:
        return False
    if a.year != b.year or (a.year_suffix or "") != (b.year_suffix or ""):
        return False
    authors_a, authors_b = authors_of(a), authors_of(b)
    if authors_a and authors_b:
        return bool(name_keys(authors_a[0]) & name_keys(authors_b[0]))
    return not authors_a and not authors_b


def _year_distance(a: str | None, b: str | None) -> int:
    try:
        return abs(int(a or 0) - int(b or 0))
    except ValueError:
        return 10_000


def _near_names(citation: Citation, references: Sequence[Reference]) -> list[tuple[Reference, float]]:
    """References whose first author's name is close to the citation's, best first."""
    if not citation.authors:
        return []
    cited = min(name_keys(citation.authors[0]), key=len, default="")
    scored = []
    for ref in references:
        authors = authors_of(ref)
        if not authors:
            continue
        listed = min(name_keys(authors[0]), key=len, default="")
        if cited and listed:
            scored.append((ref, fuzz.ratio(cited, listed)))
    scored.sort(key=lambda item: -item[1])
    return scored


def cite_as(reference: Reference) -> str:
    """How a reference is cited in author-year prose: "Aron & Jensen (1994)", "Smith et al. (2010)"."""
    authors = authors_of(reference)
    year = (reference.year or "n.d.") + (reference.year_suffix or "")
    if not authors:
        title = str(reference.csl.get("title", "?"))
        return f"{title[:40]} ({year})"
    if len(authors) == 1:
        names = authors[0]
    elif len(authors) == 2:
        names = f"{authors[0]} & {authors[1]}"
    else:
        names = f"{authors[0]} et al."
    return f"{names} ({year})"


def _suggest(citation: Citation, reference: Reference) -> str:
    return f"did you mean {cite_as(reference)}?"
