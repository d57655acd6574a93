"""The HTML report: one self-contained page to read the audit in a browser, also from file://.

All manuscript text reaches the page through Jinja2 with autoescaping on; this module never
builds markup itself.  Highlighting hands the template plain-text pieces (before, marked,
after) that it escapes one by one, so a citation can be marked without trusting any of it.
The inline script is allowed by its hash in a Content-Security-Policy, so nothing else on the
page can run a script or load anything from outside.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from .. import __version__
from ..checks.explain import Explanation, explanations
from ..model import Finding, Manuscript, Reference, Report, Resolution
from ._common import SEVERITY_ORDER, cited_by, ordered_findings, reference_at, resolution_for, source_position, where

#: Characters of a long source line kept on each side of the highlighted citation.
CONTEXT_WIDTH = 120

#: CSL fields shown first, in this order, in a reference's compact field list.
_CSL_ORDER = (
    "type",
    "author",
    "editor",
    "issued",
    "title",
    "container-title",
    "volume",
    "issue",
    "page",
    "publisher",
    "DOI",
    "URL",
)


@dataclass(frozen=True, slots=True)
class ContextLine:
    """One source line around a finding, split into plain-text pieces; ``mark`` is highlighted."""

    number: int
    before: str
    mark: str
    after: str
    focus: bool


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("citeaudit.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Compiling the template took ~0.1 s of every run (most of a small manuscript's audit);
        # jinja2 keeps the compiled code in a private folder of the temp directory (mode 0700,
        # owner checked), keyed by the template's checksum and the Python version (issue 11).
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )


def _asset(name: str) -> str:
    source, _, _ = _environment().loader.get_source(_environment(), name)  # type: ignore[union-attr]
    return source


def render_html(report: Report) -> str:
    """The HTML report as one self-contained page."""
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    findings = ordered_findings(report)
    numbered = {id(finding): number for number, finding in enumerate(findings, start=1)}
    glossary = _glossary(findings)
    return _environment().get_template("report.html.j2").render(
        path=report.manuscript.path,
        manuscript=report.manuscript,
        counts=report.counts(),
        severities=[severity.value for severity in SEVERITY_ORDER],
        findings=[_finding_view(report, number, f) for number, f in enumerate(findings, start=1)],
        references=[
            _reference_view(report, index, reference, findings, numbered)
            for index, reference in enumerate(report.references, start=1)
        ],
        citation_count=len(report.citations),
        glossary=glossary,
        explained={explanation.code for explanation in glossary},
        baseline=report.provenance.get("baseline"),
        footnotes=report.footnotes,
        provenance=[(str(k), _compact(v)) for k, v in report.provenance.items()],
        version=__version__,
        style=Markup(_asset("report.css")),  # our own file, not manuscript text
        script=Markup(script),
        script_hash=digest,
    )


def _glossary(findings: list[Finding]) -> list[Explanation]:
    """What each code among the findings means (``citeaudit explain``'s text), in the checks' order."""
    present = {finding.code for finding in findings}
    return [explanation for explanation in explanations() if explanation.code in present]


def _finding_view(report: Report, number: int, finding: Finding) -> dict[str, Any]:
    location = finding.location
    reference = reference_at(report, finding.reference)
    return {
        "id": f"f-{number}",
        "finding": finding,
        "severity": finding.severity.value,
        "rank": finding.severity.rank,
        "where": "" if location is None else where(location, report.manuscript.path),
        "sort_where": 10**12 if location is None else location.line * 10**6 + location.column,
        "reference": None if reference is None else finding.reference,
        "reference_raw": None if reference is None else reference.raw,
        "context": []
        if location is None
        else context_lines(report.manuscript, *source_position(report.manuscript, location), finding.citation),
    }


def _reference_view(
    report: Report,
    index: int,
    reference: Reference,
    findings: list[Finding],
    numbered: Mapping[int, int],
) -> dict[str, Any]:
    resolution = resolution_for(report, index)
    return {
        "index": index,
        "reference": reference,
        "fields": _csl_fields(reference),
        "registry": None if resolution is None else _registry_view(resolution),
        "citing": [report.citations[position] for position in cited_by(report, index)],
        "findings": [
            (f"f-{numbered[id(finding)]}", finding)
            for finding in findings
            if finding.reference == index
        ],
    }


def _registry_view(resolution: Resolution) -> dict[str, Any]:
    return {
        "resolution": resolution,
        "doi_href": None if not resolution.doi else "https://doi.org/" + quote(resolution.doi, safe="/"),
        "score": None if resolution.score is None else f"{resolution.score:.2f}",
        "notices": [_compact(notice) for notice in resolution.notices],
    }


def context_lines(
    manuscript: Manuscript, line: int, column: int, needle: str | None, around: int = 1
) -> list[ContextLine]:
    """The source lines around ``line``, with ``needle`` marked where it sits on that line."""
    last = manuscript.source.count("\n") + 1
    if not 1 <= line <= last:
        return []
    lines = []
    for number in range(max(1, line - around), min(last, line + around) + 1):
        text = manuscript.line_text(number)
        if number == line:
            lines.append(_focus_line(number, text, column, needle))
        elif text.strip():
            clipped = text if len(text) <= CONTEXT_WIDTH else text[:CONTEXT_WIDTH] + "…"
            lines.append(ContextLine(number, clipped, "", "", focus=False))
    return lines


def _focus_line(number: int, text: str, column: int, needle: str | None) -> ContextLine:
    start = min(max(column - 1, 0), len(text))
    end = start
    if needle:
        first = needle.split("\n", 1)[0]
        if text.startswith(needle, start):
            end = start + len(needle)
        elif first and text.startswith(first, start):
            end = start + len(first)
        elif (found := text.find(needle)) >= 0:
            start, end = found, found + len(needle)
    left = max(0, start - CONTEXT_WIDTH)
    right = min(len(text), end + CONTEXT_WIDTH)
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return ContextLine(number, before, text[start:end], after, focus=True)


def _csl_fields(reference: Reference) -> list[dict[str, Any]]:
    csl = reference.csl
    names = [name for name in _CSL_ORDER if name in csl]
    names += sorted(name for name in csl if name not in _CSL_ORDER and name != "id")
    fields = []
    for name in names:
        value = _csl_value(name, csl[name])
        if not value:
            continue
        confidence = reference.confidence.get(name)
        fields.append({"name": name, "value": value, "confidence": confidence})
    return fields


def _csl_value(name: str, value: Any) -> str:
    if name in ("author", "editor", "translator") and isinstance(value, list):
        return "; ".join(_person(person) for person in value)
    if isinstance(value, Mapping) and ("date-parts" in value or "literal" in value):
        parts = value.get("date-parts") or [[]]
        if parts and parts[0]:
            return "-".join(str(part) for part in parts[0]) + str(value.get("year-suffix", ""))
        return str(value.get("literal", ""))
    return _compact(value)


def _person(person: Any) -> str:
    if not isinstance(person, Mapping):
        return str(person)
    if person.get("literal"):
        return str(person["literal"])
    given = str(person.get("given", "")).strip()
    family = str(person.get("family", "")).strip()
    return f"{family}, {given}" if family and given else family or given


def _compact(value: Any) -> str:
    """A short one-line rendering of a nested value, for tables of details."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_compact(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_compact(v) for v in value)
    return str(value)
