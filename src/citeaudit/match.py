"""Pure matching: citations x references -> links and the problems met on the way.

A citation matches a reference when the first author's surname agrees (up to case,
diacritics, transliteration and particles), the author count agrees with how the citation is
written ("A & B" means two authors; "A et al." means three or more, two tolerated), and the
year with its suffix is the same.  Numeric citations match by their number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .model import Citation, CitationKind, Link, Reference, Span
from .references.names import family_of, is_et_al, name_keys, same_name, same_name_keys, truncated
from .references.titles import TITLE_SIMILARITY, fold, main_title, same_title


@dataclass(frozen=True, slots=True)
class CitationMatch:
    """How one citation (index into the citation list) matched the references.

    ``status`` is matched, unmatched, year-mismatch, name-mismatch, ambiguous, author-count
    (linked, but "et al." for two authors) or case-mismatch (a key differing only in case).
    ``targets`` are the reference indices (1-based) it links to; ``candidates`` the near
    misses a suggestion is made from.
    """

    citation: int
    status: str
    targets: tuple[int, ...] = ()
    candidates: tuple[int, ...] = ()
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class StoredMatch:
    """How a citation the format stated (a ``\\cite`` key, a JATS ``<xref>``, a reference-manager
    field) matched on its own, and which citations found in the text sit on it.

    ``stored`` is its position in ``Manuscript.prepared_citations``; ``covered_by`` are
    positions in the citation list of found (not stated) citations overlapping it.
    """

    stored: int
    citation: Citation
    status: str
    targets: tuple[int, ...]
    covered_by: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class MatchResult:
    matches: tuple[CitationMatch, ...]
    links: tuple[Link, ...]
    uncited: tuple[int, ...]
    stored: tuple[StoredMatch, ...] = ()


def covers(found: Span, prepared: Span) -> bool:
    """Whether a citation found at ``found`` sits on the stated one at ``prepared``.

    An empty stated span (a JATS ``<xref/>`` standing for the middle of a range "[3]–[5]")
    is covered by a found citation around it.
    """
    if prepared.start == prepared.end:
        return found.start <= prepared.start <= found.end
    return found.start < prepared.end and prepared.start < found.end


def match_citations(
    citations: Sequence[Citation], references: Sequence[Reference], stated: Sequence[Citation] | None = None
) -> MatchResult:
    """Link each citation to its references, once, and say how each one matched.

    ``stated`` are the citations the format stated outright (``Manuscript.prepared_citations``);
    those among ``citations`` are the same objects.  A found citation that matched nothing but
    sits on a stated citation that did is linked where the stated one points ("(described in
    Schuman et al., 2014)" read as the author "described in Schuman", with an ``<xref>`` on it):
    the stored link is trusted there.  A found citation that matched, even with a wrong year or
    name, keeps its own match, so that the text's disagreement is still reported.
    """
    by_number = _numbers(references)
    index = _index_of(references)
    matches = [
        match
        for position, citation in enumerate(citations)
        if (match := _match_one(position, citation, references, by_number, index)) is not None
    ]
    stored = _stored_matches(citations, references, stated or (), matches, by_number, index)
    matches = _settle(matches, citations, stored)
    links = tuple(Link(m.citation, m.targets) for m in matches if m.targets)
    cited = {target for link in links for target in link.targets}
    uncited = tuple(ref.index for ref in references if ref.index not in cited)
    return MatchResult(tuple(matches), links, uncited, stored)


def _match_one(position, citation, references, by_number, index) -> CitationMatch | None:
    if citation.key is not None:
        return _match_key(position, citation, references, index)
    if citation.kind is CitationKind.NUMERIC:
        return _match_number(position, citation, by_number)
    if citation.kind is CitationKind.FOOTNOTE:
        return None
    return _match_author_year(position, citation, references, index)


def _stored_matches(citations, references, stated, matches, by_number, index) -> tuple[StoredMatch, ...]:
    if not stated:
        return ()
    own = {id(citations[m.citation]): m for m in matches}
    stated_ids = {id(c) for c in stated}
    found = _SpanIndex([(i, c.span) for i, c in enumerate(citations) if id(c) not in stated_ids])
    result = []
    for n, citation in enumerate(stated):
        match = own.get(id(citation)) or _match_one(n, citation, references, by_number, index)
        status, targets = (match.status, match.targets) if match else ("unmatched", ())
        cover = tuple(i for i, span in found.near(citation.span) if covers(span, citation.span))
        result.append(StoredMatch(n, citation, status, targets, cover))
    return tuple(result)


class _SpanIndex:
    """Found citations' spans sorted by start, so that those that may overlap a span are found
    by bisection rather than by walking every citation (a long LaTeX text has thousands)."""

    def __init__(self, spans: list[tuple[int, Span]]) -> None:
        self.spans = sorted(spans, key=lambda item: (item[1].start, item[0]))
        self.starts = [span.start for _, span in self.spans]
        self.longest = max((span.end - span.start for _, span in self.spans), default=0)

    def near(self, span: Span) -> list[tuple[int, Span]]:
        """The (position, span) pairs whose span starts close enough to overlap ``span``, in position order."""
        low = bisect.bisect_left(self.starts, span.start - self.longest)
        high = bisect.bisect_right(self.starts, span.end)
        return sorted(self.spans[low:high], key=lambda item: item[0])


def _settle(matches: list[CitationMatch], citations: Sequence[Citation], stored: Sequence[StoredMatch]) -> list[CitationMatch]:
    if not stored:
        return matches
    trusted: dict[int, list[int]] = {}
    for link in stored:
        if link.status == "matched":
            for position in link.covered_by:
                trusted.setdefault(position, []).extend(link.targets)
    return [
        CitationMatch(m.citation, "matched", tuple(dict.fromkeys(trusted[m.citation])))
        if m.status == "unmatched" and trusted.get(m.citation)
        else m
        for m in matches
    ]


# Above this many entries, a misspelled name is sought among the entries within a year of the
# citation's, not in the whole list (see _ReferenceIndex.near_names).
NEAR_ALL_LIMIT = 3000


class _ReferenceIndex:
    """Entries by key, by case-folded key and by first author, built once per audit.

    The author index narrows the entries a citation is compared with to those whose first
    author could fit it (:func:`_author_candidates`); the comparison itself is unchanged, so the
    findings are those of comparing every citation with every entry, in linear time.
    """

    def __init__(self, references: Sequence[Reference]) -> None:
        self.references = references
        self.by_key: dict[str, Reference] = {}
        self.by_folded: dict[str, Reference] = {}
        self.by_author: dict[str, list[int]] = {}
        # The same, by first author and year: a citation with a year that fits an entry of that
        # year never needs the others (a thesis cites hundreds of Smiths; issue 11).
        self.by_author_year: dict[tuple[str, str | None], list[int]] = {}
        self.first_keys: list[str] = []  # each entry's first author as _near_names compares it
        self.authors: dict[int, list[str]] = {}  # authors_of each entry, by id(): asked once per entry
        self.keys = [ref.key or "" for ref in references]
        self.years: dict[str, list[int]] | None = None  # positions by year, built when first asked
        for position, ref in enumerate(references):
            if ref.key:
                self.by_key.setdefault(ref.key, ref)
                self.by_folded.setdefault(ref.key.casefold(), ref)
            authors = authors_of(ref)
            self.authors[id(ref)] = authors
            self.first_keys.append(min(name_keys(authors[0]), key=len, default="") if authors else "")
            for key in _author_index_keys(authors[0]) if authors else ():
                self.by_author.setdefault(key, []).append(position)
                self.by_author_year.setdefault((key, ref.year), []).append(position)

    def _by_year(self) -> dict[str, list[int]]:
        if self.years is None:
            self.years = {}
            for position, ref in enumerate(self.references):
                self.years.setdefault(str(ref.year or "")[:4], []).append(position)
        return self.years

    def near_key(self, key: str) -> Reference | None:
        """The first entry whose key is most like ``key``, when it is at least 80% alike."""
        keys = self.keys
        found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=80, limit=None)
        best = min(((-score, p) for _, score, p in found if keys[p]), default=None)
        return self.references[best[1]] if best else None

    def author_candidates(self, cited: str) -> list[Reference]:
        """The entries, in list order, whose first author may fit a citation naming ``cited`` first."""
        positions = {p for key in _author_index_keys(cited) for p in self.by_author.get(key, ())}
        return [self.references[p] for p in sorted(positions)]

    def author_year_candidates(self, cited: str, year: str) -> list[Reference]:
        """Those of :meth:`author_candidates` dated ``year``."""
        keys = _author_index_keys(cited)
        positions = {p for key in keys for p in self.by_author_year.get((key, year), ())}
        return [self.references[p] for p in sorted(positions)]

    def near_names(self, cited_key: str, cutoff: float, year: str | None = None) -> list[tuple[Reference, float]]:
        """Entries whose first author's key scores at least ``cutoff`` against ``cited_key``, best first.

        In a list longer than :data:`NEAR_ALL_LIMIT`, only the entries within a year of ``year``
        are scored: an unmatched citation is not compared with a whole 100,000-entry list (that
        made a list whose citations all miss quadratic).
        """
        if year is not None and len(self.first_keys) > NEAR_ALL_LIMIT and year[:4].isdigit():
            positions = [p for y in range(int(year[:4]) - 1, int(year[:4]) + 2) for p in self._by_year().get(str(y), ())]
            keys = {p: self.first_keys[p] for p in positions}
            found = process.extract(cited_key, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        else:
            found = process.extract(cited_key, self.first_keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        found = [(p, score) for _, score, p in found if self.first_keys[p]]
        found.sort(key=lambda item: (-item[1], item[0]))
        return [(self.references[p], score) for p, score in found]


# The index of the last reference tuple matched against: an audit matches one list many times
# (once per phrase in citations.stated), and a tuple of frozen entries never changes.
_last_index: list[_ReferenceIndex] = []


def _index_of(references: Sequence[Reference]) -> _ReferenceIndex:
    if _last_index and _last_index[0].references is references:
        return _last_index[0]
    index = _ReferenceIndex(references)
    if isinstance(references, tuple):
        _last_index[:] = [index]
    return index


def _author_index_keys(name: str) -> frozenset[str]:
    """Keys under which a first author is indexed and a cited name looked up.

    A cited name fits a listed one (:func:`_author_tier`) only when they are the same name
    (which shares a :func:`same_name_keys` key) or when one's words open or close the other's
    (which shares its first or last word).
    """
    words = _words(name)
    tier_keys = {"first:" + words[0], "last:" + words[-1]} if words else set()
    return same_name_keys(name) | tier_keys


def _match_key(position: int, citation: Citation, references: Sequence[Reference], index: _ReferenceIndex) -> CitationMatch:
    """A citation by key (LaTeX ``\\cite``, Pandoc ``@key``, JATS ``rid``): the entry with that key.

    ``\\nocite{*}`` (key ``*``) cites every entry.  A key that differs from an entry's only in
    case is ``case-mismatch``: BibTeX warns about it, biber and Pandoc's citeproc do not find the
    entry; it is linked (the entry is not "uncited" too) and reported once.
    """
    key = citation.key or ""
    if key == "*":
        return CitationMatch(position, "matched", tuple(ref.index for ref in references))
    found = index.by_key.get(key)
    if found is not None:
        return CitationMatch(position, "matched", (found.index,))
    found = index.by_folded.get(key.casefold())
    if found is not None:
        return CitationMatch(position, "case-mismatch", (found.index,), (found.index,), f"the bibliography's key is {found.key}")
    near = index.near_key(key)
    if near is not None:
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
    return [family_of(name) for name in names if family_of(name) and not is_et_al(name)]


def _author_fit(citation: Citation, reference: Reference, authors: list[str] | None = None) -> int | None:
    """How closely the citation's names fit the reference's author list: ``None`` when they do not.

    0 is the first author's surname itself (up to case, diacritics, transliteration and
    particles); 1 an organisation cited by a shorter form of its name ("(World Bank, 2019)" for
    "The World Bank").  An exact fit always beats a looser one (see :func:`_closest`).  An
    entry whose list was cut short ("Tobin, J., Fong, R., et al.") has more authors than it shows.
    ``authors``: ``authors_of(reference)`` when the caller has it already.
    """
    authors = authors_of(reference) if authors is None else authors
    if not authors or not citation.authors:
        return None
    tier = _author_tier(citation.authors[0], authors[0])
    if tier is None:
        return None
    cut_short = truncated(reference.csl.get("author"))
    if citation.et_al:
        return tier if len(authors) >= 2 or cut_short else None
    if len(citation.authors) == 1:
        return tier if (len(authors) <= 2 and not cut_short) or _is_organisation(reference) else None
    if len(citation.authors) != len(authors) and not (len(authors) > len(citation.authors) >= 3):
        if not (cut_short and len(citation.authors) > len(authors)):
            return None
    rest = zip(citation.authors[1:], authors[1:])
    return tier if all(_author_tier(a, b) is not None for a, b in rest) else None


def _is_organisation(reference: Reference) -> bool:
    names = reference.csl.get("author") or []
    return bool(names) and "literal" in names[0] and not is_et_al(names[0])


# A word boundary inside a name: spaces and hyphens ("Kowalczyk-Dubois", "The World Bank").
_NAME_WORD_BREAK = re.compile(r"[\s\-–]+")


def _author_tier(cited: str, listed: str) -> int | None:
    if same_name(cited, listed):
        return 0
    # An organisation cited by a shorter form of its name, whole words only: "(World Bank, 2019)"
    # for "The World Bank".  A surname that only starts like another ("Kowalczyk" and
    # "Kowalczyk-Dubois") is another person, so a one-word listed name never qualifies.
    cited_words, listed_words = _words(cited), _words(listed)
    if len(listed_words) < 2 or not cited_words or len(cited_words) >= len(listed_words):
        return None
    if len("".join(cited_words)) <= 5 or "-" in listed:
        return None
    n = len(cited_words)
    return 1 if listed_words[:n] == cited_words or listed_words[-n:] == cited_words else None


def _words(name: str) -> list[str]:
    return [min(keys, key=len) for word in _NAME_WORD_BREAK.split(name) if (keys := name_keys(word))]


def _closest(fits: list[tuple[Reference, int]]) -> list[Reference]:
    """The references of the best tier among those that fit."""
    if not fits:
        return []
    best = min(tier for _, tier in fits)
    return [ref for ref, tier in fits if tier == best]


def _year_fits(citation: Citation, reference: Reference) -> bool:
    return citation.year == reference.year and (citation.suffix or "") == (reference.year_suffix or "")


def _match_author_year(
    position: int, citation: Citation, references: Sequence[Reference], index: _ReferenceIndex | None = None
) -> CitationMatch:
    index = index or _ReferenceIndex(references)

    def fits_among(candidates: list[Reference]) -> list[tuple[Reference, int]]:
        known = index.authors
        return [(ref, tier) for ref in candidates if (tier := _author_fit(citation, ref, known.get(id(ref)))) is not None]

    if citation.year is not None and citation.authors:
        # Entries of the cited year first: when one fits exactly, the other years never matter.
        same_year_fits = fits_among(index.author_year_candidates(citation.authors[0], citation.year))
        exact = _closest([(ref, tier) for ref, tier in same_year_fits if _year_fits(citation, ref)])
        if exact:
            return _exact_match(position, citation, exact)
    fits = fits_among(index.author_candidates(citation.authors[0]) if citation.authors else [])
    by_author = _closest(fits)
    if citation.year is None:
        # MLA's "(Okafor 12)": the author alone must single out the entry.
        if len(by_author) == 1:
            return CitationMatch(position, "matched", (by_author[0].index,))
        if by_author:
            indices = tuple(r.index for r in by_author)
            return CitationMatch(position, "ambiguous", indices, indices)
        near = _near_names(citation, index)
        if near and near[0][1] >= 80:
            return CitationMatch(position, "name-mismatch", (near[0][0].index,), (near[0][0].index,), _suggest(citation, near[0][0]))
        return CitationMatch(position, "unmatched")
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
    near = _near_names(citation, index)
    same_year_near = [ref for ref, score in near if ref.year == citation.year and score >= 75]
    if same_year_near:
        ref = same_year_near[0]
        return CitationMatch(position, "name-mismatch", (ref.index,), tuple(r.index for r in same_year_near), _suggest(citation, ref))
    suggestion = None
    if near and near[0][1] >= 80:
        suggestion = _suggest(citation, near[0][0])
    return CitationMatch(position, "unmatched", (), tuple(r.index for r, s in near[:3] if s >= 80), suggestion)


def _exact_match(position: int, citation: Citation, exact: list[Reference]) -> CitationMatch:
    """The match for a citation whose names and year (with suffix) fit the ``exact`` entries."""
    if len(exact) > 1:
        # "Allmann et al., 2010" means the entry with three or more authors, "Allmann and Baldwin"
        # the one with two: let the author count choose between same-name, same-year entries.
        exact = _by_author_count(citation, exact)
    if len(exact) == 1:
        return _matched(position, citation, exact[0])
    if all(same_work(exact[0], ref) for ref in exact[1:]):
        # The same work listed twice: the citation is clear, the list is not (reference-duplicate).
        return CitationMatch(position, "matched", tuple(r.index for r in exact))
    return CitationMatch(position, "ambiguous", tuple(r.index for r in exact), tuple(r.index for r in exact))


def _matched(position: int, citation: Citation, reference: Reference) -> CitationMatch:
    """A single fitting entry; "et al." for a work of exactly two authors is linked but noted.

    "Sadeghi et al. (2016)" for Sadeghi & Levine (2016) reaches the right work, so the entry is
    cited, but the citation should name both authors (``author-count``, a warning).
    """
    if citation.et_al and len(authors_of(reference)) == 2 and not truncated(reference.csl.get("author")):
        return CitationMatch(position, "author-count", (reference.index,), (reference.index,), _suggest(citation, reference))
    return CitationMatch(position, "matched", (reference.index,))


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
    if not same_title(a.csl.get("title"), b.csl.get("title")):
        return False
    if a.year != b.year or (a.year_suffix or "") != (b.year_suffix or ""):
        return False
    authors_a, authors_b = authors_of(a), authors_of(b)
    if authors_a and authors_b:
        return same_name(authors_a[0], authors_b[0])
    if not authors_a and not authors_b and _page_address(a) and _page_address(b):
        # Two pages of one site ("Verification Documentation - X" and "CVC - Verification
        # Documentation - X"): with no author, the address says which page is meant.
        return _page_address(a) == _page_address(b)
    return not authors_a and not authors_b


def _page_address(reference: Reference) -> str:
    """An entry's URL as a page's address: scheme, "www." and a closing slash aside."""
    url = str(reference.csl.get("URL") or "").strip()
    return re.sub(r"^[a-z]+://(?:www\.)?|(?:(?<!/)|(?<=://))/+$", "", url, flags=re.I).casefold()


class WorkIndex:
    """Entries added so far, indexed so that those that may be :func:`same_work` as another are
    found without comparing every pair: by DOI, by year with the first author's
    :func:`same_name_keys`, and, for entries without authors, by year and title.

    :meth:`candidates` is a superset of the earlier entries that are the same work;
    :func:`same_work` still decides.
    """

    def __init__(self) -> None:
        self.count = 0
        self.buckets: dict[str, list[int]] = {}
        self.anonymous: dict[str, tuple[list[int], list[str]]] = {}  # year -> positions, folded titles
        # what each entry is indexed by, worked out once for the entry asked about and then added
        # (folding a title and reading the names was most of the check's time: 7 folds an entry)
        self._last: tuple[Reference, _Facts] | None = None

    def add(self, reference: Reference) -> None:
        """Index ``reference`` after those added before it."""
        facts = self._facts(reference)
        position = self.count
        self.count += 1
        for key in facts.added:
            self.buckets.setdefault(key, []).append(position)
        if facts.title and not facts.authored:
            positions, titles = self.anonymous.setdefault(facts.year, ([], []))
            positions.append(position)
            titles.append(facts.title)

    def candidates(self, reference: Reference) -> list[int]:
        """Positions (in the order added) of the entries added so far that may be the same work as ``reference``."""
        facts = self._facts(reference)
        found = {p for key in facts.sought for p in self.buckets.get(key, ())}
        if facts.title and not facts.authored and facts.year in self.anonymous:
            positions, titles = self.anonymous[facts.year]
            alike = process.extract(facts.title, titles, scorer=fuzz.ratio, score_cutoff=TITLE_SIMILARITY, limit=None)
            found.update(positions[i] for _, _, i in alike)
        return sorted(found)

    def _facts(self, reference: Reference) -> _Facts:
        if self._last is None or self._last[0] is not reference:
            self._last = (reference, _Facts.of(reference))
        return self._last[1]


@dataclass(frozen=True, slots=True)
class _Facts:
    """What :class:`WorkIndex` files an entry under: its year, folded title, whether it names
    authors (asked only of an entry with a title), and its keys as added and as sought (they
    differ for entries without authors)."""

    year: str
    title: str
    authored: bool
    added: frozenset[str]
    sought: frozenset[str]

    @classmethod
    def of(cls, reference: Reference) -> _Facts:
        year = f"{reference.year}|{reference.year_suffix or ''}"
        raw = reference.csl.get("title")
        title = fold(raw)
        authors = authors_of(reference) if title else []
        keys = {"doi:" + reference.doi} if reference.doi else set()
        added, sought = set(keys), set(keys)
        if title and authors:  # no title: the same work only by DOI
            named = {f"name:{year}|{key}" for key in same_name_keys(authors[0])}
            added |= named
            sought |= named
        elif title:
            # Without authors, a subtitle printed on one side only: one's main title is the other's title.
            main = fold(main_title(raw or ""))
            added |= {f"full:{year}|{title}", f"main:{year}|{main}"}
            sought |= {f"full:{year}|{main}", f"main:{year}|{title}"}
        return cls(year, title, bool(authors), frozenset(added), frozenset(sought))


def _year_distance(a: str | None, b: str | None) -> int:
    try:
        return abs(int(a or 0) - int(b or 0))
    except ValueError:
        return 10_000


# The lowest name similarity any use of _near_names looks at (a misspelled name, 75 with the
# same year); entries below it are never suggested, so they are not scored in Python.
_NEAR_NAME_FLOOR = 75


def _near_names(citation: Citation, index: _ReferenceIndex) -> list[tuple[Reference, float]]:
    """References whose first author's name is close to the citation's (at least
    :data:`_NEAR_NAME_FLOOR`), best first, in list order among equals."""
    if not citation.authors:
        return []
    cited = min(name_keys(citation.authors[0]), key=len, default="")
    if not cited:
        return []
    return index.near_names(cited, _NEAR_NAME_FLOOR, citation.year)


def cite_as(reference: Reference) -> str:
    """How a reference is cited in author-year prose: "Aron & Jensen (1994)", "Smith et al. (2010)"."""
    authors = authors_of(reference)
    year = (reference.year or "n.d.") + (reference.year_suffix or "")
    if not authors:
        title = str(reference.csl.get("title", "?"))
        return f"{title[:40]} ({year})"
    if len(authors) >= 3 or truncated(reference.csl.get("author")):
        names = f"{authors[0]} et al."
    elif len(authors) == 2:
        names = f"{authors[0]} & {authors[1]}"
    else:
        names = authors[0]
    return f"{names} ({year})"


def _suggest(citation: Citation, reference: Reference) -> str:
    return f"did you mean {cite_as(reference)}?"
