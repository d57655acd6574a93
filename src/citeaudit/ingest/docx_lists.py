"""Numbered lists in a Word document, and the numbered reference lists among them.

Word writes a list item's number nowhere in the text: the paragraph names a numbering definition
(``w:numPr``, directly or through its style) and Word counts.  ``ListCounter`` counts as Word
does, so that an auto-numbered reference list reads "1. Smith ...", "2. Jones ...".

A manuscript may have no "References" heading at all (Nature's template: the list follows the
text, and a second list, numbered on, follows the Methods).  ``reference_runs`` finds such lists
by their shape: consecutive paragraphs numbered one up from the other, most of them holding a
year, the first starting at 1 or going on from the list before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"

# A number written at the start of a paragraph, as a label: "12. ", "12.Smith", "[12] ", "(12) ",
# "12) ".  A decimal ("1.5 g") is not a label: a letter, quote or space must follow.
WRITTEN_LABEL = re.compile(r"^\s*(?:\[(?P<b>\d{1,3})\]|\((?P<p>\d{1,3})\)|(?P<n>\d{1,3})[.)])(?=\s|[^\W\d_]|[\"“‘'])")
# A year, or the words that stand for one, as in a reference entry.
_ENTRY_YEAR = re.compile(r"\b(?:1[6-9]\d\d|20\d\d)[a-z]?\b|\bin press\b|\bn\.\s?d\.", re.IGNORECASE)
# Something only an entry's authors show: an initial ("M."), "et al", a Vancouver name
# ("Smith AB,"), or a surname and a comma opening the entry ("Köchy, M.").
_ENTRY_AUTHOR = re.compile(r"\b[A-Z]\.|\bet al\b|\b[A-Z][\w'’-]+ [A-Z]{1,3}[,.]|^\W*[^\W\d_][\w'’-]+,")
# Number formats that count in Arabic digits (what a numbered reference list uses).
_DECIMAL = frozenset({"decimal", "decimalZero", "decimalEnclosedParen", "decimalEnclosedFullstop"})

MIN_RUN = 3  # fewer numbered paragraphs than this are an enumeration, not a reference list
MIN_ENTRY_SHARE = 0.6  # of a run's paragraphs that must hold a year
MIN_ENTRY_CHARS = 25  # an entry is at least this long


@dataclass(frozen=True, slots=True)
class Label:
    """A list item's number and how it is shown ("1.", "[1]")."""

    number: int
    shown: str
    written: bool  # in the text (True), or counted by Word (False)


@dataclass(frozen=True, slots=True)
class _Level:
    fmt: str
    start: int
    text: str  # "%1." "[%1]"


class ListCounter:
    """Word's list numbers, counted paragraph by paragraph in reading order."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}  # abstractNumId -> ilvl -> level
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self._style_num: dict[str, tuple[str, int]] = {}  # styleId -> (numId, ilvl)
        self._counts: dict[str, dict[int, int]] = {}  # abstractNumId -> ilvl -> last number
        self._started: set[str] = set()  # numIds met so far (a start override applies once)
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, numbering: etree._Element) -> None:
        for abstract in numbering.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in abstract.findall(f"{_W}lvl"):
                levels[_int(lvl.get(f"{_W}ilvl"), 0)] = _Level(
                    fmt=_val(lvl.find(f"{_W}numFmt")) or "decimal",
                    start=_int(_val(lvl.find(f"{_W}start")), 1),
                    text=_val(lvl.find(f"{_W}lvlText")) or "",
                )
            self._levels[abstract.get(f"{_W}abstractNumId", "")] = levels
        for num in numbering.findall(f"{_W}num"):
            overrides = {}
            for override in num.findall(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    overrides[_int(override.get(f"{_W}ilvl"), 0)] = _int(_val(start), 1)
            self._nums[num.get(f"{_W}numId", "")] = (_val(num.find(f"{_W}abstractNumId")), overrides)

    def _read_styles(self, styles: etree._Element) -> None:
        based: dict[str, str] = {}
        for style in styles.findall(f"{_W}style"):
            style_id = style.get(f"{_W}styleId", "")
            num = style.find(f"{_W}pPr/{_W}numPr")
            if num is not None and num.find(f"{_W}numId") is not None:
                self._style_num[style_id] = (_val(num.find(f"{_W}numId")), _int(_val(num.find(f"{_W}ilvl")), 0))
            parent = style.find(f"{_W}basedOn")
            if parent is not None:
                based[style_id] = _val(parent)
        for style_id in list(based):  # a style numbered through the style it is based on
            seen, current = set(), style_id
            while current not in self._style_num and current in based and current not in seen:
                seen.add(current)
                current = based[current]
            if current in self._style_num:
                self._style_num.setdefault(style_id, self._style_num[current])

    def label(self, paragraph: etree._Element) -> Label | None:
        """The number Word shows before this paragraph, counting it; None for unnumbered items."""
        num = paragraph.find(f"{_W}pPr/{_W}numPr")
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        num_id, ilvl = None, 0
        if num is not None and num.find(f"{_W}numId") is not None:
            num_id = _val(num.find(f"{_W}numId"))
            ilvl = _int(_val(num.find(f"{_W}ilvl")), 0)
        elif style is not None and _val(style) in self._style_num:
            num_id, ilvl = self._style_num[_val(style)]
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return None  # numId 0 switches numbering off
        abstract, overrides = self._nums[num_id]
        level = self._levels.get(abstract, {}).get(ilvl)
        if level is None:
            return None
        counts = self._counts.setdefault(abstract, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for lvl, start in overrides.items():
                counts[lvl] = start - 1
        number = counts.get(ilvl, level.start - 1) + 1
        counts[ilvl] = number
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]  # a sub-list starts again under each item
        if level.fmt not in _DECIMAL:
            return None
        shown = re.sub(r"%\d", str(number), level.text) if "%" in level.text else f"{number}."
        return Label(number, shown.strip() or f"{number}.", written=False)


def superscript_styles(styles: etree._Element | None) -> frozenset[str]:
    """Ids of the character styles that raise text to superscript, directly or by inheritance."""
    if styles is None:
        return frozenset()
    own: dict[str, bool | None] = {}
    based: dict[str, str] = {}
    for style in styles.findall(f"{_W}style"):
        style_id = style.get(f"{_W}styleId", "")
        align = style.find(f"{_W}rPr/{_W}vertAlign")
        own[style_id] = None if align is None else _val(align) == "superscript"
        parent = style.find(f"{_W}basedOn")
        if parent is not None:
            based[style_id] = _val(parent)
    raised = set()
    for style_id in own:
        seen, current = set(), style_id
        while own.get(current) is None and current in based and current not in seen:
            seen.add(current)
            current = based[current]
        if own.get(current):
            raised.add(style_id)
    return frozenset(raised)


def written_label(text: str) -> tuple[Label, int] | None:
    """The label written at the start of ``text``, and where the entry's text begins."""
    match = WRITTEN_LABEL.match(text)
    if match is None:
        return None
    number = int(match.group("b") or match.group("p") or match.group("n"))
    return Label(number, match.group().strip(), written=True), match.end()


def is_entry(text: str) -> bool:
    """Whether a numbered paragraph reads as a reference entry: long enough, with a year and authors.

    "1. Temperature rose between 1990 and 2010." has a year but no author: a finding, not an entry.
    """
    text = WRITTEN_LABEL.sub("", text, count=1).strip()
    return len(text) >= MIN_ENTRY_CHARS and bool(_ENTRY_YEAR.search(text)) and bool(_ENTRY_AUTHOR.search(text))


def reference_runs(items: Sequence[tuple[int, Label | None, str]]) -> list[list[int]]:
    """Runs of numbered reference entries among ``(paragraph, label, text)`` items in reading order.

    A run is a stretch of paragraphs (empty ones skipped by the caller) whose numbers go up by
    one.  It is kept when it is mostly entries and either starts at 1 and is at least ``MIN_RUN``
    long, or goes on from the last kept run ("31." after a list that ended at "30."); so a
    numbered list of steps or findings is not taken for references.
    """
    runs: list[list[tuple[int, Label, str]]] = []
    current: list[tuple[int, Label, str]] = []
    for index, label, text in items:
        if label is not None and current and label.number == current[-1][1].number + 1 and label.written == current[-1][1].written:
            current.append((index, label, text))
            continue
        if current:
            runs.append(current)
        current = [(index, label, text)] if label is not None else []
    if current:
        runs.append(current)
    kept: list[list[int]] = []
    last_number = 0
    for run in runs:
        first = run[0][1].number
        entries = sum(is_entry(text) for _, _, text in run)
        if kept and first == last_number + 1:
            if entries < len(run) * MIN_ENTRY_SHARE:  # going on from the last list: any length
                continue
        elif first != 1 or len(run) < MIN_RUN or entries < len(run) * MIN_ENTRY_SHARE:
            continue
        kept.append([index for index, _, _ in run])
        last_number = run[-1][1].number
    return kept


def _val(element: etree._Element | None) -> str:
    return element.get(f"{_W}val", "") if element is not None else ""


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.lstrip("-").isdigit() else default
