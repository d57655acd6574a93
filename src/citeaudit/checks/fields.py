"""Checks on single fields of an entry: values that cannot be what they claim to be."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..match import cite_as
from ..model import Finding, Severity
from .base import Context, Emit

# "pp." or "pages" before a page field's value, as some parsers keep it: "pp. 12-15".
_PAGE_WORD = re.compile(r"^\s*(?:pp\.?|pages|pgs\.?)\s*", re.IGNORECASE)

# A dash between two page numbers: "12-15", "12--15", "12–15", "12 – 15".
_DASH = r"\s*(?:-{1,2}|[–—‐‑−])\s*"

# One range of plain page numbers, the end perhaps abbreviated: "245-52", "1234–45", "12--15".
_PAGE_RANGE = re.compile(rf"(?P<start>[1-9]\d{{0,5}}){_DASH}(?P<end>\d{{1,6}})")

# A run of digits long enough to be two page numbers whose dash was lost: "1513715145".
_GLUED_PAGES = re.compile(r"[1-9]\d{5,11}")

# Plural page words written right before a value in the entry: "pages 1513715145", "pp. 123128".
# A single "p." is left out: it introduces one page, never a range.
_PAGES_BEFORE = re.compile(r"(?:\bpp\.?|\bpages|\bpgs\.?)\s*$", re.IGNORECASE)

# What stands before a range that the entry plainly gives as pages: a page word, or the
# colon after a volume ("5:437-432", "41: 67-3").
_RANGE_AS_PAGES_BEFORE = re.compile(r"(?:\bpp?\.?|\bpages?|\bpgs?\.?|\d\)?\s*:)\s*$", re.IGNORECASE)

# Words after which a number is an identifier, not pages: "ISBN 0262033844", "PMID: 31234567",
# "Article 102345", "Art. no. 112113", "Abstract #4839-1578", "e123456".
_IDENTIFIER_BEFORE = re.compile(
    r"(?:\b(?:ISBN|ISSN|PMID|PMCID|arXiv|doi|art(?:icle)?|abstract|no|number|id|report|grant)\b\.?\s*(?:no\.?|number)?"
    r"|\be)[\s:#.-]*$",
    re.IGNORECASE,
)

_WRAP_SPAN = 20  # a crossed hundred is a likely reading of "298-02" only just past the boundary
_MAX_SPAN = 200  # pages a glued pair may span: wider, two numbers that merely sit together
_ARTICLE_DIGITS = 6  # "161116-4": page 4 of article 161116, not a range
_BEFORE = 24  # characters before a value that say what it is


@dataclass(frozen=True, slots=True)
class PageProblem:
    """What is wrong with a page field; ``doubt`` says why it may be right after all."""

    message: str
    doubt: str | None = None


def page_problem(page: str, raw: str = "") -> PageProblem | None:
    """What is wrong with a page field, with the likely intent; None when it may be right.

    ``raw`` is the entry as written, used to see what words stand before the value.
    An abbreviated end page is fine ("1234-45" is 1234-1245); an end before its start is not
    ("437-432").  A run of six or more digits that splits into two close page numbers lost its
    dash ("1513715145" is 15137-15145); below eight digits that needs "pages" or "pp." written
    before it, as article numbers ("102345") are six or seven digits long.
    """
    value = _PAGE_WORD.sub("", page).strip()
    if _GLUED_PAGES.fullmatch(value):
        return _glued(value, raw)
    for match in _PAGE_RANGE.finditer(value):
        if _whole_item(value, match):
            problem = _reversed(match, raw)
            if problem:
                return problem
    return None


def _glued(value: str, raw: str) -> PageProblem | None:
    before = _text_before(re.escape(value), raw)
    if before is None or _IDENTIFIER_BEFORE.search(before):
        return None
    if len(value) < 8 and not _PAGES_BEFORE.search(before):
        return None
    # Equal halves ("15137|15145"), or with an odd length an end one digit longer ("998|1002").
    start, end = value[: len(value) // 2], value[len(value) // 2 :]
    if end.startswith("0") or not 0 < int(end) - int(start) <= _MAX_SPAN:
        return None
    return PageProblem(f'page field "{value}" looks like two page numbers without their dash ({start}–{end}?)')


def _text_before(pattern: str, raw: str) -> str | None:
    """The words before the value where the entry writes it; "" without a raw text; None when absent."""
    if not raw:
        return ""
    match = re.search(rf"(?<!\d){pattern}(?!\d)", raw)
    if not match:
        return None
    return raw[max(0, match.start() - _BEFORE) : match.start()]


def _whole_item(value: str, match: re.Match[str]) -> bool:
    """The range is a whole item of the field, not part of "S12-3" or "12-3a"."""
    before = value[: match.start()].rstrip()
    after = value[match.end() :].lstrip()
    return (not before or before.endswith((",", ";"))) and (not after or after.startswith((",", ";")))


def _reversed(match: re.Match[str], raw: str) -> PageProblem | None:
    start, end = match.group("start"), match.group("end")
    if len(end) > len(start) or len(start) >= _ARTICLE_DIGITS:
        return None
    cut = len(start) - len(end)
    if int(start[:cut] + end) >= int(start):  # "1234-45" is 1234-1245
        return None
    before = _text_before(rf"{start}{_DASH}{end}", raw)
    if before is not None and _IDENTIFIER_BEFORE.search(before):
        return None
    intent = "?"
    if cut:  # "298-02" probably meant 298-302: the abbreviated end crossed a hundred
        wrapped = int(str(int(start[:cut]) + 1) + end)
        if 0 < wrapped - int(start) <= _WRAP_SPAN:
            intent = f"{wrapped}?"
    message = f'page range "{match.group()}" ends before it starts ({start}–{intent})'
    if cut:
        return PageProblem(message, "the end page is abbreviated, perhaps cut short")
    if before and not _RANGE_AS_PAGES_BEFORE.search(before):
        return PageProblem(message, 'no "pp." or volume colon before it; it may be no page range')
    return PageProblem(message)


def malformed_pages(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A page field that cannot be the pages it claims: an end before its start, or a lost dash.

    Such a field sends a reader to the wrong pages and makes registry matching fail.  Example:
    "pages 1513715145" (15137–15145 without its dash), or "Gut 5:437-432".  Abbreviated ends
    ("1234-45") are fine; article numbers ("e123456", "Article 102345", "161116-4"), ISBNs and
    single pages are never read as pages.  Where the field may be right after all (an
    abbreviated end, "284-29"; a range with no page word before it) it is told as info.
    """
    for ref in ctx.references:
        page = ref.csl.get("page")
        if not isinstance(page, str):
            continue
        problem = page_problem(page, ref.raw)
        if problem is None:
            continue
        entry = f"[{ref.label}]" if ref.label else str(ref.index)  # as printed: "[18]"
        message = f"entry {entry} ({cite_as(ref)}): {problem.message}"
        if problem.doubt:
            yield emit(f"{message} ({problem.doubt})", location=ref.location, reference=ref.index, severity=Severity.INFO)
        else:
            yield emit(message, location=ref.location, reference=ref.index)
