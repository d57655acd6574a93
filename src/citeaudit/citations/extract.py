"""Find every in-text citation and footnote in a Manuscript, with exact spans."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace

from ..model import Citation, CitationKind, Footnote, Location, Manuscript, Span
from ..references.names import one_group_name
from . import patterns as p

# Months and seasons: "(September 1992)", "(May 2009)" are dates; but a name among several
# ("May and Finch, 2009", "March, Olsen and Kaur 2001") is an author (Robert May, James March).
_DATE_NAMES = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "spring", "summer", "autumn", "fall", "winter",
}
# First words that make "(September 1992)" or "(since 1991)" a date, not a citation.
_NOT_AUTHORS = _DATE_NAMES | {
    "since", "until",
    "in", "from", "during", "before", "after", "circa", "ca", "c", "by", "to", "the", "of", "on",
    "at", "early", "late", "mid", "around", "about", "between", "through", "till", "year", "years",
    "ad", "bc", "ce", "bce", "age", "aged", "born", "died", "d", "b", "est", "founded", "vol",
    "no", "version", "v", "accessed", "retrieved", "updated", "published", "figure", "fig",
    "table", "ed", "eds", "edn", "trans", "reprinted", "orig",
}


@dataclass(frozen=True, slots=True)
class Extracted:
    """Citations and footnotes found in one manuscript."""

    citations: tuple[Citation, ...]
    footnotes: tuple[Footnote, ...]
    undefined_markers: tuple[tuple[int, Location, str], ...]


def extract(
    manuscript: Manuscript,
    *,
    numeric: bool = False,
    author_page: bool = False,
    known_names: Iterable[str] = (),
    reference_numbers: Collection[int] = (),
) -> Extracted:
    """All citations (author-year, and numeric when ``numeric``) and footnotes of a manuscript.

    ``author_page`` also accepts MLA's "(Okafor 12)", for manuscripts with an MLA list.
    ``known_names`` are author strings from the reference list (organisations, abbreviations),
    used to recognise multi-word names before "(year)" in prose.
    ``reference_numbers`` are the printed numbers of the reference list: in a numeric text a
    superscript that numbers a reference and no note is a citation.
    """
    regions = [manuscript.body, *manuscript.footnote_blocks]
    known_names = list(known_names)
    abbreviations = find_abbreviations(manuscript.text[manuscript.body.start : manuscript.body.end])
    # A group author listed with its abbreviation, "Servicio Nacional ... del Perú (SENAMHI)",
    # is cited by it: "(SENAMHI 2018)".
    for name in known_names:
        listed = _LISTED_ABBREVIATION.search(name)
        if listed:
            abbreviations.setdefault(listed.group("abbr"), name)
    names = sorted({n for n in known_names if " " in n.strip()} | set(abbreviations.values()), key=len, reverse=True)
    listed = frozenset(reference_numbers)
    footnotes, undefined, used_sup, cited_calls = _footnotes(manuscript, numeric, listed)
    citations: list[Citation] = []
    taken = _Taken()
    for region in regions:
        found = list(_author_year(manuscript, region, names, author_page))
        citations.extend(found)
        if not numeric:
            taken.add(found)
            bare = list(_bare_et_al(manuscript, region, taken.near(region)))
            citations.extend(bare)
            taken.add(bare)
    if numeric:
        citations.extend(_numeric(manuscript, manuscript.body, used_sup, listed))
        body = manuscript.body
        for block in manuscript.footnote_blocks:  # notes laid out after the body: "[^1]: As shown in [3]"
            if not body.start <= block.start < body.end:
                citations.extend(_numeric(manuscript, block, used_sup, listed, brackets_only=True))
        citations.extend(_numeric_citation(manuscript, span, int(manuscript.text[span.start : span.end])) for span in cited_calls)
    citations.sort(key=lambda c: (c.span.start, c.span.end))
    citations = [_expand_abbreviation(c, abbreviations) for c in citations]
    return Extracted(tuple(citations), footnotes, undefined)


# An abbreviation at the end of a group author's name: "World Health Organization (WHO)"
_LISTED_ABBREVIATION = re.compile(r"\s[\[(](?P<abbr>[A-Z][A-Z&-]{1,11})[\])]\s*$")


def style_evidence(manuscript: Manuscript) -> tuple[int, int, int]:
    """How the body cites: the distinct numbers it cites in brackets, its author-year citations,
    and the distinct numbers raised as superscripts that are no powers (citations or notes' calls).

    Used to tell numeric from author-year style where the reference list alone cannot.
    """
    text, body = manuscript.text, manuscript.body
    numbers: set[int] = set()
    for match in _brackets(text, body):
        numbers.update(_numbers(match.group("body")))
    author_year = sum(1 for _ in _author_year(manuscript, body, [], False))
    return len(numbers), author_year, len(_distinct_numbers(text, _raised_numbers(manuscript, body, set())))


def find_abbreviations(text: str) -> dict[str, str]:
    """Abbreviations introduced in the text: ``{"WMO": "World Meteorological Organization"}``."""
    found = {}
    for match in p.ABBREVIATION.finditer(text):
        name, abbr = match.group("name"), match.group("abbr")
        words = [w for w in re.split(r"\s+", name) if w[:1].isupper()]
        letters = abbr.replace("&", "")
        # Take the shortest tail of capitalised words whose initials spell the abbreviation.
        for k in range(len(words), 0, -1):
            tail = words[-k:]
            if "".join(w[0] for w in tail).upper() == letters.upper():
                start = name.rfind(tail[0])
                found[abbr] = name[start:]
                break
    return found


def _expand_abbreviation(citation: Citation, abbreviations: dict[str, str]) -> Citation:
    if len(citation.authors) == 1 and citation.authors[0] in abbreviations:
        return replace(citation, authors=(abbreviations[citation.authors[0]],))
    return citation


# --- author-year ----------------------------------------------------------------------------


def _author_year(manuscript: Manuscript, region: Span, names: list[str], author_page: bool) -> Iterator[Citation]:
    text = manuscript.text
    for group in p.PAREN_GROUP.finditer(text, region.start, region.end):
        inner_key = "paren" if group.group("paren") is not None else "bracket"
        inner = group.group(inner_key)
        inner_start = group.start(inner_key)
        years_only = p.YEARS_ONLY.match(inner.strip())
        if years_only:
            yield from _narrative(manuscript, group, inner, inner_start, years_only, names)
            continue
        # "Nilsson et al. (1997; 2004)": years parted by semicolons all belong to the names before.
        parts = [p.YEARS_ONLY.match(part.strip()) for part in inner.split(";")] if ";" in inner else []
        if parts and all(parts):
            for part in parts:
                yield from _narrative(manuscript, group, inner, inner_start, part, names)
            continue
        yield from _parenthetical(manuscript, group, inner, inner_start, author_page)


# Where a citation may start inside a part that opens with other text.
#   "(Image source: Mehta et al., 2019)", "(replicating L. E. Williams & Bargh, 2008)": after a
#   colon, or after the lower-case words that open the part.
_RETRY_CUTS = re.compile(r",\s+|:\s+|\b(?:in|by|see|from|of)\s+|^(?:[a-z][\w'-]*\s+){1,4}(?=[A-ZÀ-Þ])")


class _Intervals:
    """Whether an offset lies in any of some half-open spans, by bisection (not a scan per offset:
    a long text has thousands of citations and parenthesised groups; issue 11)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach: list[int] = []  # the furthest end among the spans up to each one
        furthest = -1
        for _, b in spans:
            furthest = max(furthest, b)
            self.reach.append(furthest)

    def __call__(self, offset: int) -> bool:
        k = bisect.bisect_right(self.starts, offset)
        return k > 0 and self.reach[k - 1] > offset


class _Taken:
    """The spans of the citations found so far, sorted, to hand each region only those that reach
    into it: rebuilding the intervals of every citation for every footnote block was quadratic
    (footnote blocks x citations: 4,000 notes and citations on 1 MB took minutes; issue 12)."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []
        self.longest = 0

    def add(self, citations: Iterable[Citation]) -> None:
        for c in citations:
            bisect.insort(self.spans, (c.span.start, c.span.end))
            self.longest = max(self.longest, c.span.end - c.span.start)

    def near(self, region: Span) -> list[tuple[int, int]]:
        """The spans that may hold an offset of ``region`` (start before its end, end past its start)."""
        low = bisect.bisect_left(self.spans, (region.start - self.longest, -1))
        high = bisect.bisect_left(self.spans, (region.end, -1))
        return [span for span in self.spans[low:high] if span[1] > region.start]


def _bare_et_al(manuscript: Manuscript, region: Span, near: list[tuple[int, int]]) -> Iterator[Citation]:
    """"Chng et al., 2013" in running text, outside any parentheses already read.

    ``near``: the spans of the citations already found that reach into ``region``.
    """
    taken = list(near)
    taken += [(m.start(), m.end()) for m in p.PAREN_GROUP.finditer(manuscript.text, region.start, region.end)]
    inside = _Intervals(taken)
    for match in p.ET_AL_BARE.finditer(manuscript.text, region.start, region.end):
        start, end = match.start(), match.end()
        if inside(start):
            continue
        authors, _ = split_authors(match.group("authors"))
        if not _plausible_authors(authors):
            continue
        year = match.group("years")
        span = Span(start, end)
        yield Citation(
            kind=CitationKind.NARRATIVE, text=match.group(), span=span, location=manuscript.locate(start),
            group=match.group(), authors=authors, et_al=True, year=year[:4], suffix=year[4:],
        )


def _parenthetical(
    manuscript: Manuscript, group: re.Match, inner: str, inner_start: int, author_page: bool = False
) -> Iterator[Citation]:
    # Brackets inside parentheses separate citations too: "(see [DeVido et al., 2008])".
    inner = inner.replace("[", ";").replace("]", ";")
    offset = 0
    # The authors of the part just before, when it was a citation without a locator: a part
    # that is only years continues them, "(Nilsson et al., 1997; 2004)" cites Nilsson 2004.
    previous: tuple[tuple[str, ...], bool] | None = None
    for part in inner.split(";"):
        part_start = inner_start + offset + (len(part) - len(part.lstrip()))
        offset += len(part) + 1
        body = part.strip()
        if not body:
            continue
        continued, previous = previous, None
        years_only = p.YEARS_ONLY.match(body)
        if years_only:
            # After a locator ("Smith, 2001, p. 4; 2004") the bare number is left alone.
            if continued is not None:
                span = Span(part_start, part_start + len(body))
                yield from _per_year(
                    manuscript, CitationKind.PARENTHETICAL, body, span, group.group(), continued[0], continued[1],
                    years_only.group("years"), "", (years_only.group("locator") or "").strip(" ,:"),
                )
                if not years_only.group("locator"):
                    previous = continued
            continue
        prefix = ""
        prefix_match = p.PREFIX.match(body)
        if prefix_match:
            prefix = prefix_match.group("prefix").strip()
            cut = prefix_match.end()
            body, part_start = body[cut:], part_start + cut
        if p.NOT_A_CITATION.search(body):
            continue
        match = p.ONE_CITATION.match(body)
        if not match or not _plausible_authors(split_authors(match.group("authors"))[0]):
            # Text before the citation inside the same part: "(2hjr, 62% identity, Vedadi et al., 2007)",
            # "(line 10-3 in Schuman et al., 2014)": retry from each comma or "in".
            for cut in _RETRY_CUTS.finditer(body):
                retry = p.ONE_CITATION.match(body[cut.end() :])
                if retry and _plausible_authors(split_authors(retry.group("authors"))[0]):
                    body, part_start, match = body[cut.end() :], part_start + cut.end(), retry
                    break
        if not match:
            page_match = p.AUTHOR_PAGE.match(body) if author_page else None
            if page_match:
                authors, et_al = split_authors(page_match.group("authors"))
                if _plausible_authors(authors):
                    span = Span(part_start, part_start + len(body))
                    yield Citation(
                        kind=CitationKind.PARENTHETICAL, text=body, span=span, location=manuscript.locate(span.start),
                        group=group.group(), authors=authors, et_al=et_al, prefix=prefix, locator=page_match.group("pages"),
                    )
            continue
        authors, et_al = split_authors(match.group("authors"))
        if len(authors) > 1 and re.fullmatch(r"[A-Z]{2,6}s?", authors[0]) and "&" not in body and " and " not in body:
            authors = authors[1:]  # "(AIC, Akaike, 1973)": an acronym, then the citation
        if not _plausible_authors(authors):
            continue
        span = Span(part_start, part_start + len(body))
        yield from _per_year(
            manuscript, CitationKind.PARENTHETICAL, body, span, group.group(), authors, et_al,
            match.group("years"), prefix, (match.group("locator") or "").strip(" ,:"),
        )
        if not match.group("locator") and not match.group("trailing"):
            previous = (authors, et_al)


def _narrative(
    manuscript: Manuscript, group: re.Match, inner: str, inner_start: int, years: re.Match, names: list[str]
) -> Iterator[Citation]:
    text = manuscript.text
    before_start = max(0, group.start() - 200)
    before = text[before_start : group.start()]
    locator = (years.group("locator") or "").strip(" ,:")
    # A known multi-word name (an organisation from the reference list) wins over the regex.
    stripped = before.rstrip()
    for name in names:
        tail = re.search(rf"{re.escape(name)}(?:['’]s?)?(?:\s*\[[A-Z]{{2,10}}\])?\s*$", stripped)
        if tail:
            start = before_start + tail.start()
            span = Span(start, group.end())
            yield from _per_year(
                manuscript, CitationKind.NARRATIVE, text[start : group.end()], span, text[start : group.end()],
                (name,), False, years.group("years"), "", locator,
            )
            return
    tail = p.NARRATIVE_TAIL.search(before)
    if not tail:
        return
    authors, et_al = split_authors(tail.group("authors"))
    start = before_start + tail.start("authors")
    while authors and authors[0].lower() in p.NOT_NAMES and len(authors) > 1:
        # "Indeed, Papp and Müller (2006)": the sentence's first word is not an author.
        start = text.index(authors[1], start)
        authors = authors[1:]
    # A lone capitalised word opening a sentence ("In (1991) ...") is not a name.
    if not _plausible_authors(authors) or tail.group("authors").lower() in _NOT_AUTHORS:
        return
    span = Span(start, group.end())
    yield from _per_year(
        manuscript, CitationKind.NARRATIVE, text[start : group.end()], span, text[start : group.end()],
        authors, et_al, years.group("years"), "", locator,
    )


def _per_year(
    manuscript: Manuscript,
    kind: CitationKind,
    text: str,
    span: Span,
    group: str,
    authors: tuple[str, ...],
    et_al: bool,
    years: str,
    prefix: str,
    locator: str,
) -> Iterator[Citation]:
    last_year = None
    for item in re.split(r"(?<!\s)\s*+,\s*|(?<=\s),\s*", years.strip()):
        if re.fullmatch(r"[a-z]", item) and last_year:
            year, suffix = last_year, item
        else:
            match = p.YEAR_RE.match(item.strip())
            if not match:
                continue
            year, suffix = _normal_year(match.group("year")), match.group("suffix").lower()
            last_year = year
        yield Citation(
            kind=kind,
            text=text.strip(),
            span=span,
            location=manuscript.locate(span.start),
            group=group,
            authors=authors,
            et_al=et_al,
            year=year,
            suffix=suffix,
            prefix=prefix,
            locator=locator,
        )


def _normal_year(year: str) -> str:
    lowered = re.sub(r"\s+", " ", year.lower())
    if lowered.startswith("n"):
        return "n.d."
    return lowered


def split_authors(authors: str) -> tuple[tuple[str, ...], bool]:
    """Surnames in an author string, and whether it ends in "et al." (or "and colleagues").

    Initials written before a surname are dropped, and so is the article of a group author:

    >>> split_authors("Smith, Jones, & Lee")
    (('Smith', 'Jones', 'Lee'), False)
    >>> split_authors("L. E. Williams & Bargh")
    (('Williams', 'Bargh'), False)
    >>> split_authors("Burriss and colleagues")
    (('Burriss',), True)
    """
    text = authors.strip().rstrip(",")
    et_al = bool(re.search(r"\bet\s+al\.?$|\bet\s+al\b", text) or p.AND_COLLEAGUES.search(text))
    text = p.AND_COLLEAGUES.sub("", text)
    text = re.sub(r"(?:(?<!\s),?\s*+|(?<=\s)(?:,\s*+)?+)\bet\s+al\.?.*$", "", text)
    text = re.sub(r"['’]s?$", "", text.strip())
    text = re.sub(r"(?<!\s)\s*+[\[(][A-Z][A-Z&]{1,9}[\])]\s*$", "", text)  # "World Health Organization [WHO]"
    if one_group_name(text):  # "Food and Agriculture Organization": one group, not two names
        return (_bare_name(text),), et_al
    parts = re.split(rf"\s*,\s*(?:{p.AND_WORD}\s+|&\s*)?|\s+(?:{p.AND_WORD}|&)\s+|\s*&\s*", text)
    names = tuple(_bare_name(part) for part in parts if part.strip())
    return tuple(name for name in names if name), et_al


# Initials before a surname, "L. E. " in "L. E. Williams", "J.-P. " in "J.-P. Sartre"; and the
# article of a group author, "The " in "The Guardian".
_INITIALS = re.compile(r"^(?:[A-Z]\.(?:\s*-\s*|\s+)?){1,4}(?=[A-ZÀ-Þ][\w'’-]*[a-zà-ÿ])")
_ARTICLE = re.compile(r"^The\s+(?=[A-ZÀ-Þ])")


def _bare_name(name: str) -> str:
    name = _INITIALS.sub("", name.strip())
    return _ARTICLE.sub("", name).strip()


def _plausible_authors(authors: tuple[str, ...]) -> bool:
    if not authors or len(authors) > 12:
        return False
    # Months and seasons are names only beside a name that is none: "May and Finch", not
    # "(March and April 2020)".
    dates = [name.split()[0].strip(".").lower() in _DATE_NAMES for name in authors if name.split()]
    for name in authors:
        words = name.split()
        if not words or len(words) > 9:
            return False
        first = words[0].strip(".")
        if first.lower() in _NOT_AUTHORS and (first.lower() not in _DATE_NAMES or all(dates)):
            return False
        if not (first[:1].isupper() or re.match(p.PARTICLES, first)):
            return False
        if re.search(r"[=<>%$#@:]|\d", name):  # "Image source: Mehta" is a label, then a name
            return False
    return True


# --- numeric ----------------------------------------------------------------------------------


# Past this, a bracketed number cites only an entry the list prints: "[10432]" in a 12,000-entry
# catalogue is a citation, in a ten-entry paper an identifier
_LONG_LIST_NUMBER = 9999


def _numeric(
    manuscript: Manuscript,
    region: Span,
    used_sup: set[Span],
    reference_numbers: frozenset[int] = frozenset(),
    brackets_only: bool = False,
) -> Iterator[Citation]:
    """The numeric citations of ``region``; only "[N]" where ``brackets_only`` (a note's text,
    too short to show how it cites)."""
    text = manuscript.text
    matches = _brackets(text, region, reference_numbers)
    # A text that cites with [N] marks footnotes with superscripts ("arXiv³"), and does not cite
    # with (N): its "(1)" are enumerations, statistics or equation labels.
    raised: list[Span] = []
    if len(matches) < _STYLE_EVIDENCE and not brackets_only:
        raised = _raised_numbers(manuscript, region, used_sup)
        parens = [m for m in p.NUMERIC_PAREN.finditer(text, region.start, region.end) if _paren_may_cite(text, m)]
        # Nor does a text that cites with more superscripts than there are "(N)": there
        # "number-of-topics (100)" is a count, "(17) participants" a number.  Distinct numbers
        # count: the same "2" raised again and again is a power ("cm²") more likely than a work.
        if len(_distinct_numbers(text, raised)) < _STYLE_EVIDENCE or len(raised) <= len(parens):
            matches.extend(parens)
    matches.sort(key=lambda m: m.start())
    code = _CodeSpans(text) if "`" in text else None
    previous = None
    for match in matches:
        numbers = _numbers(match.group("body"))
        if not numbers:
            continue
        if 0 in numbers:
            continue
        if code is not None and code.inside(match.start()):
            continue  # "`arr[1]`": code, not a citation
        if previous is not None and p.NUMERIC_RANGE_JOIN.match(text[previous[0].end() : match.start()]):
            # "[4]–[6]": the numbers strictly between the two brackets are cited too.
            low, high = previous[1][-1], numbers[0]
            for number in range(low + 1, high):
                yield _numeric_citation(manuscript, Span(previous[0].start(), match.end()), number)
        for number in numbers:
            yield _numeric_citation(manuscript, Span(match.start(), match.end()), number)
        previous = (match, numbers)
    for span in raised:
        for number in _numbers(text[span.start : span.end]):
            yield _numeric_citation(manuscript, span, number)


# How many citations of one form show that a text cites in that form: "[N]", superscripts
_STYLE_EVIDENCE = 3


def _brackets(text: str, region: Span, reference_numbers: Collection[int] = ()) -> list[re.Match]:
    """The "[N]" of ``region`` that may cite: no 0, no "Eq. [3]" (``NOT_NUMERIC_BEFORE_BRACKET``),
    and a number past 9,999 only where the list prints it.  Counted after these tests, so that
    "DSM [20016]" three times does not make a text that cites by superscript one that cites "[N]"."""
    found = []
    for match in p.NUMERIC_BRACKET.finditer(text, region.start, region.end):
        numbers = _numbers(match.group("body"))
        if not numbers or 0 in numbers:
            continue
        if any(n > _LONG_LIST_NUMBER and n not in reference_numbers for n in numbers):
            continue
        if p.NOT_NUMERIC_BEFORE_BRACKET.search(text[max(0, match.start() - 20) : match.start()]):
            continue
        found.append(match)
    return found


def _distinct_numbers(text: str, spans: Iterable[Span]) -> set[int]:
    """The numbers the superscripts at ``spans`` name ("2,3" and "3-5": 2, 3, 4, 5)."""
    return {n for span in spans for n in _numbers(text[span.start : span.end])}


def _raised_numbers(manuscript: Manuscript, region: Span, used_sup: set[Span]) -> list[Span]:
    """The superscripts of ``region`` that cite: numbers ("2", "4-6", "1;2") that call no note
    (``used_sup``) and are no exponent ("10⁴")."""
    text = manuscript.text
    raised = []
    for span in manuscript.superscripts:
        if span in used_sup or not (region.start <= span.start < region.end):
            continue
        body = text[span.start : span.end]
        if _SUPERSCRIPT_NUMBERS.fullmatch(body) and not math_exponent(text, span.start, body.strip()):
            raised.append(span)
    return raised


def _paren_may_cite(text: str, match: re.Match) -> bool:
    """Whether "(N)" may cite: not a year or a count past 999, not after "Figure" or "step",
    not statistics ("77 (28–101)"), no function's argument or list item (:func:`_not_a_paren_citation`)."""
    if any(n > 999 for n in _numbers(match.group("body"))):
        return False
    before = text[max(0, match.start() - 20) : match.start()]
    if p.NOT_NUMERIC_BEFORE.search(before) or re.search(r"\d[\d.,%]*\s*$", before[-12:]):
        return False
    return not _not_a_paren_citation(text, match.start(), match.end())


# What stands before and after a "(N)" that is an argument or an item of a list, not a citation:
#   "O(1)", "f(2)"   "are: (1) adaptive momentum; (2) a new ..."   "and (4) scaling"
_ARGUMENT_BEFORE = re.compile(r"[\w)\]]$")
_ITEM_BEFORE = re.compile(r"(?:^|[:;,.]|\b(?:and|or))\s*$")
_ITEM_AFTER = re.compile(r"\s+[a-z]")


def _not_a_paren_citation(text: str, start: int, end: int) -> bool:
    """Whether "(N)" is a function's argument ("O(1)") or numbers a list's item ("(1) adaptive
    ...; (2) a new ..."): an item opens a clause and has its neighbour "(N-1)" or "(N+1)" close by."""
    before = text[max(0, start - 8) : start]
    if _ARGUMENT_BEFORE.search(before):
        return True
    if not (_ITEM_BEFORE.search(before) and _ITEM_AFTER.match(text, end)):
        return False
    number = text[start + 1 : end - 1].strip()
    if not number.isdigit():
        return False
    n = int(number)
    near = text[max(0, start - _ITEM_REACH) : end + _ITEM_REACH]
    return f"({n + 1})" in near or (n > 1 and f"({n - 1})" in near)


class _CodeSpans:
    """Where the text's Markdown code spans are (:data:`.patterns.CODE_SPANS`), found once per
    text and asked by bisection, so that a 5 MB line with thousands of brackets stays linear."""

    def __init__(self, text: str) -> None:
        spans = [(m.start(), m.end()) for m in p.CODE_SPANS.finditer(text)]
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def inside(self, at: int) -> bool:
        i = bisect.bisect_right(self.starts, at) - 1
        return i >= 0 and at < self.ends[i]


# How far apart the items of one enumerated list stand at most: "(1) ...; (2) ..."
_ITEM_REACH = 400


# What stands just before a raised number that makes it an exponent or an index, not a call:
#   "10⁴" "O(10<sup>4</sup>)"   "mi−<sup>1</sup>" (a minus sign)   "x²"   "λ<sup>0</sup>"
#   (a name ending in a digit cites, "HadCRUT4³", "COVID-19²", "SARS-CoV-2¹", and so do a year,
#   "in 1905²", a capital, "vitamin D³", and a hyphen between two calls, "work¹-³")
_EXPONENT_AFTER = re.compile(
    r"(?:(?<![\w.,\-‐–])(?!(?:1[5-9]|20)\d\d$)\d[\d.,]*|[−+=×·^*/]|(?<![\w'’])[a-zR]|(?<![\w'’])" + p.UNITS + r"|[\u0370-\u03ff])$"
)


def math_exponent(text: str, start: int, content: str) -> bool:
    """Whether the raised number at ``start`` is mathematics: 0 (no note or work is numbered 0),
    or written after a digit, an operator, a one-letter variable ("x²", and "R²", not "vitamin
    D³"), a unit ("km²") or a Greek letter."""
    return content.strip() == "0" or bool(_EXPONENT_AFTER.search(text, max(0, start - 12), start))


# The numbers a superscript cites: "1", "2,3", "4-6", "1;2" (natbib's super option parts them with ";")
_SUPERSCRIPT_NUMBERS = re.compile(r"\s*\d{1,4}(?:\s*[-–—,;]\s*\d{1,4})*\s*")


def _numbers(body: str) -> list[int]:
    numbers: list[int] = []
    for item in p.NUMBER_ITEM.finditer(body):
        a = int(item.group("a"))
        b = int(item.group("b")) if item.group("b") else a
        if b < a or b - a > 200:
            b = a
        numbers.extend(range(a, b + 1))
    return numbers


def _numeric_citation(manuscript: Manuscript, span: Span, number: int) -> Citation:
    return Citation(
        kind=CitationKind.NUMERIC,
        text=manuscript.text[span.start : span.end],
        span=span,
        location=manuscript.locate(span.start),
        group=manuscript.text[span.start : span.end],
        number=number,
    )


# --- footnotes --------------------------------------------------------------------------------

_DEF_NUMBER = re.compile(r"(?:\[\^(?P<label>[^\]\s]+)\]:|(?P<number>\d{1,3}))\s*")


def _footnotes(
    manuscript: Manuscript, numeric: bool, reference_numbers: frozenset[int]
) -> tuple[tuple[Footnote, ...], tuple[tuple[int, Location, str], ...], set[Span], list[Span]]:
    """The notes with their calls, the calls of no note, the superscripts taken as calls, and the
    calls ``[^n]`` that cite entry n instead (:func:`_one_call_per_note`)."""
    text = manuscript.text
    definitions: dict[int, tuple[str, Span]] = {}
    defined: Counter[int] = Counter()  # notes numbered again per chapter or page: "[^1]:" twice
    labels: dict[str, int] = {}
    # Superscripts are note markers only where some note is itself written as a bare number
    # ("12 Ibid."), as a page-break conversion leaves them.  Notes labelled "[^n]:" (Markdown,
    # and Word's own footnotes) are called by "[^n]", so a superscript beside them is a citation.
    numbered_notes = False
    for block in manuscript.footnote_blocks:
        match = _DEF_NUMBER.match(text, block.start, block.end)
        if not match:
            continue
        label = match.group("label") or match.group("number")
        number = int(label) if label.isascii() and label.isdigit() else len(labels) + 1000
        labels[label] = number
        defined[number] += 1
        numbered_notes = numbered_notes or bool(match.group("number"))
        definitions.setdefault(number, (text[match.end() : block.end].strip(), block))

    markers: dict[int, list[Location]] = {}
    undefined: list[tuple[int, Location, str]] = []
    used_sup: set[Span] = set()
    calls: dict[int, list[re.Match]] = {}  # the calls [^n] of each note, in order
    body = manuscript.body
    has_notes = bool(definitions)
    if numbered_notes or not numeric:
        for span in manuscript.superscripts:
            if not (body.start <= span.start < body.end):
                continue
            content = text[span.start : span.end].strip()
            if not re.fullmatch(r"\d{1,3}", content) or math_exponent(text, span.start, content):
                continue
            number = int(content)
            if number not in definitions and numeric and number in reference_numbers:
                continue  # numbers a reference and no note: a citation, read by _numeric
            location = manuscript.locate(span.start)
            used_sup.add(span)
            if number in definitions:
                markers.setdefault(number, []).append(location)
            elif numbered_notes:
                undefined.append((number, location, content))
    for match in p.MARKDOWN_FOOTNOTE_MARKER.finditer(text, body.start, body.end):
        if match.group("skip") is not None:
            continue
        label = match.group("label")
        if label in labels:
            calls.setdefault(labels[label], []).append(match)
        else:
            undefined.append((int(label) if label.isascii() and label.isdigit() else 0, manuscript.locate(match.start()), match.group()))
    cited_calls: list[Span] = []
    # only where the text cites by superscript: beside "[N]" a raised number is a note's call
    by_type = (
        numeric and manuscript.format in _CALLS_BY_TYPE and any(len(found) > 1 for found in calls.values())
        and len(_brackets(text, body, reference_numbers)) < _STYLE_EVIDENCE
    )
    for number, found in calls.items():
        if by_type and defined[number] == 1 and len(found) > 1 and number in reference_numbers:
            found, citing = _one_call_per_note(text, found)
            cited_calls.extend(Span(m.start("label"), m.end("label")) for m in citing)
        markers.setdefault(number, []).extend(manuscript.locate(m.start()) for m in found)
    if has_notes:
        for match in p.BARE_FOOTNOTE_MARKER.finditer(text, body.start, body.end):
            number = int(match.group("number"))
            if number in definitions and number not in markers:
                markers.setdefault(number, []).append(manuscript.locate(match.start("number")))

    footnotes = tuple(
        Footnote(
            number=number,
            text=definition,
            span=span,
            location=manuscript.locate(span.start),
            markers=tuple(markers.get(number, ())),
        )
        for number, (definition, span) in sorted(definitions.items())
    )
    return footnotes, tuple(undefined), used_sup, cited_calls


# Formats whose note calls are read from the type (a raised number), where a citation set as a
# superscript looks the same; in Markdown or DOCX a call written twice is the note's, twice
_CALLS_BY_TYPE = frozenset({"pdf"})
# What a note's call follows: the punctuation it is set after, "pattern.¹", "as shown,²"
_CALL_AFTER = re.compile(r"[.,;:!?)\]\"”’]$")


def _one_call_per_note(text: str, calls: list[re.Match]) -> tuple[list[re.Match], list[re.Match]]:
    """A printed note is called once: of several calls ``[^n]`` of note n in a text that cites by
    number, one is the note's and the rest cite entry n.

    A PDF shows the call of note 1 and a superscript citation of entry 1 alike ("kernel¹. ...
    the pattern.¹"), so its reader writes both as ``[^1]``.  The note's call is the first one set
    after punctuation, as notes are called; else the first.
    """
    call = next((m for m in calls if _CALL_AFTER.search(text, max(0, m.start() - 1), m.start())), calls[0])
    return [call], [m for m in calls if m is not call]
