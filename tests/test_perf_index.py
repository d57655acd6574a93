"""The indexes that make matching and duplicate detection linear find what comparing every pair finds.

Each test builds lists full of near collisions (``Kowalczyk`` / ``Kowalczyk-Dubois``, ``Müller``
/ ``Mueller``, ``van der Berg`` / ``Berg``, organisations and their abbreviations, titles with and
without subtitles) and checks the indexed answer against the brute-force one: every pair the
brute force finds is among the index's candidates, and whole results are identical.
"""

from __future__ import annotations

import itertools
import random
import time

import pytest

from citeaudit import match as match_module
from citeaudit.checks.references import duplicate_references
from citeaudit.match import WorkIndex, _author_fit, _ReferenceIndex, match_citations, same_work
from citeaudit.model import Citation, CitationKind, Location, Reference, Span
from citeaudit.references.names import same_name, same_name_keys

HERE = Location(1, 1)

# Surnames and group names that collide in every way same_name knows (and some that only look alike).
NAMES = [
    "Kowalczyk", "Kowalczyk-Dubois", "Kowalczykdubois", "Dubois", "Müller", "Mueller", "Muller", "Miller",
    "van der Berg", "Van der Berg", "Berg", "Vandenberg", "García Márquez", "García", "Márquez", "Garcia",
    "Nunes da Fonseca", "Fonseca", "Nunes", "Ortega y Gasset", "Gasset", "de la Cruz", "Cruz", "O'Neill",
    "ONeill", "O’Neill", "Tchaikovskiy", "Tchaikovsky", "Tchaikovskii", "World Health Organization (WHO)",
    "World Health Organization", "WHO", "Health Organization", "The World Bank", "World Bank",
    "The World Bank Group", "Bank", "The Guardian", "Guardian", "Intergovernmental Panel on Climate Change",
    "IPCC", "Panel on Climate Change", "Smith", "Smyth", "Smith-Jones", "Jones", "Li", "Lee", "Le", "Lu",
    "Abu Bakar", "Bakar", "St. John", "John", "Zhang Wei", "Wei", "Zhang", "Ng", "A", "Ba",
]  # fmt: skip


# First words that make a name in NAMES a group author (a CSL literal).
_GROUP_OPENINGS = {"World", "The", "Intergovernmental", "Panel", "Health", "WHO", "IPCC", "Bank"}


def ref(index: int, name: str, *, year: int = 2005, suffix: str = "", title: str = "A title", doi: str = "",
        key: str = "", coauthors: int = 0) -> Reference:
    first = {"literal": name} if name.split()[0] in _GROUP_OPENINGS else {"family": name, "given": "A."}
    authors = [first, *({"family": f"Co{n}", "given": "B."} for n in range(coauthors))]
    issued = {"date-parts": [[year]]}
    if suffix:
        issued["year-suffix"] = suffix
    csl = {"type": "article-journal", "author": authors, "issued": issued, "title": title}
    if doi:
        csl["DOI"] = doi
    return Reference(index=index, raw=name, span=Span(0, 1), location=HERE, csl=csl, key=key)


def anonymous(index: int, title: str, *, year: int = 2005, doi: str = "") -> Reference:
    csl = {"type": "webpage", "issued": {"date-parts": [[year]]}, "title": title}
    if doi:
        csl["DOI"] = doi
    return Reference(index=index, raw=title, span=Span(0, 1), location=HERE, csl=csl)


def cite(*authors: str, year: str | None = "2005", et_al: bool = False, suffix: str = "", start: int = 0) -> Citation:
    return Citation(
        CitationKind.PARENTHETICAL, f"({authors[0]}, {year})", Span(start, start + 10), HERE,
        authors=authors, et_al=et_al, year=year, suffix=suffix,
    )


def test_same_name_implies_a_shared_key() -> None:
    for a, b in itertools.product(NAMES, repeat=2):
        if same_name(a, b):
            assert same_name_keys(a) & same_name_keys(b), (a, b)


def test_author_candidates_hold_every_fitting_entry() -> None:
    references = [ref(i + 1, name, coauthors=i % 4) for i, name in enumerate(NAMES)]
    index = _ReferenceIndex(references)
    for cited, et_al in itertools.product(NAMES, (False, True)):
        citation = cite(cited, et_al=et_al)
        fitting = [r.index for r in references if _author_fit(citation, r) is not None]
        candidates = [r.index for r in index.author_candidates(cited)]
        assert set(fitting) <= set(candidates), cited
        assert candidates == sorted(candidates)


def _brute_force(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the index hand back every entry, as the matcher did before it had one."""

    def every_entry(self, cited, year=None):
        return list(self.references)

    monkeypatch.setattr(_ReferenceIndex, "author_candidates", every_entry)
    monkeypatch.setattr(_ReferenceIndex, "author_year_candidates", every_entry)
    monkeypatch.setattr(match_module, "_last_index", [])


def _lists(seed: int) -> tuple[list[Citation], list[Reference]]:
    rnd = random.Random(seed)
    references = [
        ref(i + 1, rnd.choice(NAMES), year=rnd.choice((2001, 2002, 2005)), suffix=rnd.choice(("", "", "a", "b")),
            coauthors=rnd.choice((0, 1, 2, 4)), title=f"Title {rnd.randint(1, 5)}")
        for i in range(60)
    ]
    citations = [
        cite(*rnd.sample(NAMES, rnd.choice((1, 1, 2))), year=rnd.choice(("2001", "2002", "2005", "2006", None)),
             et_al=rnd.random() < 0.3, suffix=rnd.choice(("", "", "a")), start=10 * n)
        for n in range(150)
    ]
    return citations, references


@pytest.mark.parametrize("seed", [pytest.param(s, id=f"seed-{s}") for s in range(6)])
def test_match_citations_identical_to_brute_force(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    citations, references = _lists(seed)
    indexed = match_citations(citations, tuple(references))
    with monkeypatch.context() as patch:
        _brute_force(patch)
        brute = match_citations(citations, tuple(references))
    assert indexed == brute


TITLES = [
    "Japan and Russia", "Japan and Russia: The Tortuous Path to Normalization", "Japan and Rusia",
    "Japan & Russia", "GPT-3 in practice", "GPT-4 in practice", "Part I", "Part II", "", "A",
    "Russia and Asia in 1995: Bold Objectives", "Russia and Asia in 1995",
]  # fmt: skip


class _Ctx:
    def __init__(self, references: list[Reference]) -> None:
        self.references = tuple(references)


def _duplicates(references: list[Reference]) -> list[tuple[int, str]]:
    return list(duplicate_references(_Ctx(references), lambda message, **fields: (fields["reference"], message)))


@pytest.mark.parametrize("seed", [pytest.param(s, id=f"seed-{s}") for s in range(6)])
def test_duplicates_identical_to_brute_force(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(seed)
    references: list[Reference] = []
    for i in range(80):
        doi = rnd.choice(("", "", "10.1/a", "10.1/b"))
        if rnd.random() < 0.3:
            references.append(anonymous(i + 1, rnd.choice(TITLES), year=rnd.choice((2001, 2002)), doi=doi))
        else:
            references.append(ref(i + 1, rnd.choice(NAMES[:20]), year=rnd.choice((2001, 2002)), title=rnd.choice(TITLES),
                                  doi=doi, key=rnd.choice(("", "", "k1", "k2", f"u{i}"))))
    indexed = _duplicates(references)
    with monkeypatch.context() as patch:
        patch.setattr(WorkIndex, "candidates", lambda self, reference: list(range(self.count)))
        brute = _duplicates(references)
    assert indexed == brute
    assert len(brute) >= 10  # the table collides often enough to say something


def test_work_index_candidates_hold_every_same_work() -> None:
    references = [
        *(ref(i + 1, name, title=title, year=2001) for i, (name, title) in enumerate(itertools.product(NAMES[:12], TITLES))),
        *(anonymous(200 + i, title, doi=doi) for i, (title, doi) in enumerate(itertools.product(TITLES, ("", "10.1/x")))),
    ]
    index = WorkIndex()
    for j, later in enumerate(references):
        candidates = set(index.candidates(later))
        for i, earlier in enumerate(references[:j]):
            if same_work(earlier, later):
                assert i in candidates, (earlier.raw, later.raw)
        index.add(later)


def test_ten_thousand_entries_match_in_linear_time() -> None:
    """10,000 entries and as many citations: comparing every pair took minutes; the index, seconds."""
    rnd = random.Random(7)
    syllables = "ka ro mi lo ne ta bu de fi ga ho ji ku ma no pe ri sa te vo wa ze".split()
    names = [f"{a.capitalize()}{b}{c}ski" for a, b, c in itertools.product(syllables, repeat=3)]
    references = tuple(ref(i + 1, names[i % len(names)], year=1950 + i % 70, title=f"Work {i}") for i in range(10_000))
    citations = [cite(r.csl["author"][0]["family"], year=r.year, start=10 * i) for i, r in enumerate(references)]
    rnd.shuffle(citations)
    start = time.perf_counter()
    result = match_citations(citations, references)
    dups = _duplicates(list(references))
    took = time.perf_counter() - start
    assert not result.uncited and not dups
    assert took < 20, took


def _near_names_every_pair(cited: str, references: list[Reference]) -> list[tuple[int, float]]:
    """_near_names as it was: every entry scored in Python, best first (kept from 75 up)."""
    from rapidfuzz import fuzz

    from citeaudit.match import authors_of
    from citeaudit.references.names import name_keys

    key = min(name_keys(cited), key=len, default="")
    scored = []
    for reference in references:
        authors = authors_of(reference)
        listed = min(name_keys(authors[0]), key=len, default="") if authors else ""
        if key and listed:
            scored.append((reference.index, fuzz.ratio(key, listed)))
    scored.sort(key=lambda item: -item[1])
    return [(index, score) for index, score in scored if score >= 75]


@pytest.mark.parametrize("cited", [pytest.param(n, id=n) for n in NAMES[::3]])
def test_near_names_identical_to_every_pair(cited: str) -> None:
    references = [ref(i + 1, name) for i, name in enumerate(NAMES * 2)]
    index = _ReferenceIndex(references)
    found = [(r.index, score) for r, score in match_module._near_names(cite(cited), index)]
    assert found == _near_names_every_pair(cited, references)
    assert found  # the name itself is in the list


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param("smith2001", "smith2001", id="itself"),
        pytest.param("smith2010", "smith2001", id="first-of-equals"),
        pytest.param("smyth2001", "smith2001", id="one-letter"),
        pytest.param("zzz", None, id="nothing-near"),
    ],
)
def test_near_key_is_the_first_best(key: str, expected: str | None) -> None:
    references = [ref(i + 1, "Smith", key=k) for i, k in enumerate(("", "smith2001", "smith2011", "jones1999"))]
    near = _ReferenceIndex(references).near_key(key)
    assert (near.key if near else None) == expected


@pytest.mark.parametrize(
    ("limit", "suggestion"),
    [
        pytest.param(1000, "did you mean Smithe (1990)?", id="short-list-whole-list-scored"),
        pytest.param(2, None, id="long-list-within-a-year-only"),
    ],
)
def test_misspelled_names_are_sought_near_the_year_in_a_long_list(monkeypatch, limit, suggestion):
    """A citation that misses is compared with the entries within a year of it once the list is
    longer than NEAR_ALL_LIMIT: never with every entry (a list whose citations all miss was
    quadratic: 40,000 entries 23.4 s, now 15.2 s, linear), at the cost of a far-off suggestion."""
    import citeaudit.match as match_module
    from citeaudit.pipeline import audit_text

    monkeypatch.setattr(match_module, "NEAR_ALL_LIMIT", limit)
    match_module._last_index.clear()
    text = (
        "# Text\n\nAs shown (Smith, 2001). Also (Jones, 2010) and (Roe, 2011).\n\n# References\n\n"
        "Smithe, A. (1990). Old work. Journal of Tests, 1, 1-2.\n\n"
        "Jones, B. (2010). Other work. Journal of Tests, 3, 5-6.\n\n"
        "Roe, C. (2011). More work. Journal of Tests, 4, 7-8.\n"
    )
    (finding,) = [f for f in audit_text(text, "m.md").findings if f.code.startswith("citation-")]
    assert (finding.code, finding.suggestion) == ("citation-unmatched", suggestion)
