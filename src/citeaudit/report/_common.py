"""What every renderer needs from a Report: a stable finding order and look-ups by index."""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from typing import Any

from ..model import Finding, Location, Manuscript, Reference, Report, Resolution, Severity

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def finding_sort_key(finding: Finding) -> tuple[float, float, float]:
    """Reading order; findings without a location go last (ties keep the report's order).

    The offset in the manuscript's source comes first: a PDF's lines are counted per page and a
    LaTeX project's per file, so "p. 10, 3:1" follows "p. 9, 68:1" though its line is smaller.
    """
    if finding.location is None:
        return (math.inf, math.inf, math.inf)
    return (finding.location.offset, finding.location.line, finding.location.column)


def where(location: Location, path: str | None = None) -> str:
    """"12:4"; with the page and the file when they say more: "p. 3, 12:4", "refs.bib 12:4"."""
    text = f"{location.line}:{location.column}"
    if location.page is not None:
        text = f"p. {location.page}, {text}"
    if location.file and location.file != path:
        text = f"{location.file.replace(chr(92), '/').rsplit('/', 1)[-1]} {text}"
    return text


def source_position(manuscript: Manuscript, location: Location) -> tuple[int, int]:
    """Line and column of a location in ``manuscript.source`` itself (differs when it joins files or pages)."""
    if not manuscript.segments:
        return location.line, location.column
    offset = location.offset
    line_start = manuscript.source.rfind("\n", 0, offset) + 1
    return manuscript.source.count("\n", 0, offset) + 1, offset - line_start + 1


def ordered_findings(report: Report) -> list[Finding]:
    """The findings in reading order, stable for equal locations."""
    return sorted(report.findings, key=finding_sort_key)


def reference_at(report: Report, index: int | None) -> Reference | None:
    """The reference at a 1-based position of the reference list, or ``None``."""
    if index is None or not 1 <= index <= len(report.references):
        return None
    return report.references[index - 1]


def resolution_for(report: Report, index: int) -> Resolution | None:
    """The first Resolution about the reference at a 1-based position, or ``None``."""
    return _lookups(report).resolutions.get(index)


def cited_by(report: Report, index: int) -> list[int]:
    """0-based positions of the citations whose links point at reference ``index``."""
    return list(_lookups(report).cited_by.get(index, ()))


def targets_of(report: Report, position: int) -> list[int]:
    """Reference indices a citation (0-based position) is linked to, in link order, no repeats."""
    return list(_lookups(report).targets.get(position, ()))


class _Lookups:
    """The report's links and resolutions by index, built once per report (a renderer asks once
    per reference and per citation: scanning every link each time was quadratic, issue 11)."""

    __slots__ = ("report", "cited_by", "targets", "resolutions")

    def __init__(self, report: Report) -> None:
        self.report = report
        citing: dict[int, set[int]] = {}
        targets: dict[int, list[int]] = {}
        for link in report.links:
            listed = targets.setdefault(link.citation, [])
            for target in link.targets:
                citing.setdefault(target, set()).add(link.citation)
                if target not in listed:
                    listed.append(target)
        self.cited_by = {index: sorted(positions) for index, positions in citing.items()}
        self.targets = targets
        self.resolutions: dict[int, Resolution] = {}
        for resolution in report.resolutions:
            self.resolutions.setdefault(resolution.reference, resolution)


_last: list[_Lookups] = []  # the report rendered last (JSON, CSV and HTML render the same one)


def _lookups(report: Report) -> _Lookups:
    if _last and _last[0].report is report:
        return _last[0]
    lookups = _Lookups(report)
    _last[:] = [lookups]
    return lookups


def jsonable(value: Any) -> Any:
    """A copy of ``value`` made of JSON types only (mappings, sequences, scalars; else ``str``)."""
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return str(value)
