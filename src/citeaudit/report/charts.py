"""Geometry of the HTML report's two small charts, drawn by the template as inline SVG.

Findings by code (one bar per code, in parts by severity) and the reference list by year (one
square per entry, coloured verified / cited / not cited).  Only numbers and the report's own
words leave this module; the template escapes every label, so a chart needs no script, no
library and nothing from the network.  Both are drawn in a 360-unit-wide box, the width of a
phone's screen, so that their text stays readable there; wider screens cap their size.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..model import Finding, Severity

#: The width of both charts' drawing box, in SVG units (about CSS pixels at phone width).
WIDTH = 360

_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_LABEL_WIDTH = 176  # room for "reference-not-indexable" in 11-unit monospace
_BAR_ROW = 22
_YEAR_LABEL_ROOM = 28
_CONTINUOUS_SPAN = 80  # years: a list spanning fewer gets a column for every year between


@dataclass(frozen=True, slots=True)
class Bar:
    """One part of a code's bar: ``count`` findings of one severity."""

    severity: str
    count: int
    x: float
    width: float


@dataclass(frozen=True, slots=True)
class CodeRow:
    code: str
    total: int
    y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class CodeChart:
    rows: tuple[CodeRow, ...]
    height: float
    label_width: int


def code_chart(findings: Iterable[Finding]) -> CodeChart | None:
    """Findings counted by code and severity, worst code first; ``None`` without findings."""
    counts: dict[str, dict[Severity, int]] = {}
    for finding in findings:
        by_severity = counts.setdefault(finding.code, {})
        by_severity[finding.severity] = by_severity.get(finding.severity, 0) + 1
    if not counts:
        return None

    def worst_first(code: str) -> tuple[int, int, str]:
        by_severity = counts[code]
        return (-max(s.rank for s in by_severity), -sum(by_severity.values()), code)

    most = max(sum(by_severity.values()) for by_severity in counts.values())
    room = WIDTH - _LABEL_WIDTH - 34  # the total's digits after the bar
    rows = []
    for row, code in enumerate(sorted(counts, key=worst_first)):
        x = float(_LABEL_WIDTH)
        bars = []
        for severity in _SEVERITIES:
            count = counts[code].get(severity, 0)
            if count:
                width = max(2.0, room * count / most)
                bars.append(Bar(severity.value, count, round(x, 1), round(width, 1)))
                x += width
        rows.append(CodeRow(code, sum(counts[code].values()), row * _BAR_ROW, tuple(bars)))
    return CodeChart(tuple(rows), len(rows) * _BAR_ROW, _LABEL_WIDTH)


@dataclass(frozen=True, slots=True)
class Square:
    """One reference: its place in the list, what it is (verified / cited / uncited), and where."""

    index: int
    state: str
    title: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class YearLabel:
    text: str
    x: float


@dataclass(frozen=True, slots=True)
class YearChart:
    squares: tuple[Square, ...]
    labels: tuple[YearLabel, ...]
    size: float
    height: float
    baseline: float
    counts: Mapping[str, int]


def reference_state(verified: bool, cited: bool) -> str:
    """A reference's colour in the year chart: verified by the registry beats cited."""
    return "verified" if verified else "cited" if cited else "uncited"


def year_chart(references: Iterable[Mapping[str, Any]]) -> YearChart | None:
    """The reference list by year of publication ("n.d." last), one square per entry stacked
    in its year's column; ``None`` without references.  Each reference is the HTML report's
    view of it: ``index``, ``year``, ``status`` (the registry's, or ``None``) and ``citing``."""
    columns: dict[int | None, list[Mapping[str, Any]]] = {}
    for reference in references:
        columns.setdefault(reference["year"], []).append(reference)
    if not columns:
        return None
    years = sorted(year for year in columns if year is not None)
    if years and years[-1] - years[0] < _CONTINUOUS_SPAN:  # gaps between years show as gaps
        years = list(range(years[0], years[-1] + 1))
    keys: list[int | None] = [*years, *([None] if None in columns else [])]
    size = max(4.0, min(16.0, (WIDTH - 8) / len(keys)))
    tallest = max(len(column) for column in columns.values())
    baseline = tallest * size
    squares = []
    counts = {"verified": 0, "cited": 0, "uncited": 0}
    for at, key in enumerate(keys):
        for level, reference in enumerate(columns.get(key, ())):
            state = reference_state(reference["status"] == "verified", bool(reference["citing"]))
            counts[state] += 1
            year = "n.d." if key is None else str(key)
            squares.append(
                Square(
                    reference["index"], state, f"[{reference['index']}] {year}: {state}",
                    round(4 + at * size, 1), round(baseline - (level + 1) * size, 1),
                )
            )
    labels = _year_labels(keys, size)
    return YearChart(tuple(squares), labels, size, baseline + _YEAR_LABEL_ROOM, baseline, counts)


def _year_labels(keys: list[int | None], size: float) -> tuple[YearLabel, ...]:
    """The first and last column, and round years between them (every 5, 10, 20 or 50 years,
    whichever does not crowd: 4 digits take about 28 units)."""
    every = next((n for n in (5, 10, 20, 50) if n * size >= 32), 100)
    wanted = {0, len(keys) - 1} | {at for at, key in enumerate(keys) if key is not None and key % every == 0}
    labels = []
    last_x = -1e9
    for at in sorted(wanted):
        x = 4 + at * size + size / 2
        if x - last_x < 32 and at != len(keys) - 1:
            continue
        if labels and x - last_x < 32:  # the last label pushes out the one before it
            labels.pop()
        key = keys[at]
        labels.append(YearLabel("n.d." if key is None else str(key), round(x, 1)))
        last_x = x
    return tuple(labels)
