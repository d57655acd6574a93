"""The JSON report: every reference, citation, footnote and finding, as ``schema.json`` describes.

Lines and columns are 1-based; ``references[].index`` is the 1-based position in the list (the
number findings, links and resolutions use); ``cited_by`` and ``citations`` positions are
0-based into ``citations``.  Findings are in reading order.
"""

from __future__ import annotations

import json
import math
from typing import Any

from .. import __version__
from ..model import Citation, Finding, Footnote, Reference, Report, Resolution
from ._common import cited_by, jsonable, ordered_findings, resolution_for, targets_of


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON types, keys in a fixed order."""
    manuscript = report.manuscript
    counts = report.counts()
    return {
        "manuscript": {
            "path": manuscript.path,
            "format": manuscript.format,
            "reference_heading": manuscript.reference_heading,
        },
        "references": [
            _reference(report, position, reference)
            for position, reference in enumerate(report.references, start=1)
        ],
        "citations": [
            _citation(citation, targets_of(report, position))
            for position, citation in enumerate(report.citations)
        ],
        "footnotes": [_footnote(footnote) for footnote in report.footnotes],
        "findings": [_finding(finding) for finding in ordered_findings(report)],
        "waived": [_finding(finding) for finding in report.waived],
        "summary": {
            "error": counts["error"],
            "warning": counts["warning"],
            "info": counts["info"],
            "references": len(report.references),
            "citations": len(report.citations),
            "footnotes": len(report.footnotes),
            "findings": len(report.findings),
            "waived": len(report.waived),
        },
        "provenance": {
            **jsonable(dict(report.provenance)),
            "tool": "citeaudit",
            "version": __version__,
        },
    }


def render_json(report: Report) -> str:
    """The JSON report as text (UTF-8 characters kept, two-space indent, final newline)."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _reference(report: Report, index: int, reference: Reference) -> dict[str, Any]:
    resolution = resolution_for(report, index)
    return {
        "index": index,
        "key": reference.key,
        "line": reference.location.line,
        "column": reference.location.column,
        "raw": reference.raw,
        "csl": jsonable(reference.csl),
        "confidence": {
            str(name): float(value)
            for name, value in reference.confidence.items()
            if math.isfinite(value)
        },
        "problems": list(reference.problems),
        "cited_by": cited_by(report, index),
        "registry": None if resolution is None else _registry(resolution),
    }


def _registry(resolution: Resolution) -> dict[str, Any]:
    return {
        "status": resolution.status,
        "doi": resolution.doi,
        "score": jsonable(resolution.score),
        "fields": [
            {
                "name": comparison.name,
                "manuscript": comparison.manuscript,
                "registry": comparison.registry,
                "agrees": comparison.agrees,
            }
            for comparison in resolution.fields
        ],
        "request_url": resolution.request_url,
        "fetched_at": resolution.fetched_at,
        "from_cache": resolution.from_cache,
        "message": resolution.message,
        "notices": [jsonable(notice) for notice in resolution.notices],
    }


def _citation(citation: Citation, targets: list[int]) -> dict[str, Any]:
    return {
        "line": citation.location.line,
        "column": citation.location.column,
        "text": citation.text,
        "kind": citation.kind.value,
        "group": citation.group,
        "authors": list(citation.authors),
        "year": citation.year,
        "number": citation.number,
        "key": citation.key,
        "targets": targets,
    }


def _footnote(footnote: Footnote) -> dict[str, Any]:
    return {
        "number": footnote.number,
        "line": footnote.location.line,
        "text": footnote.text,
        "referenced": footnote.referenced,
        "markers": [{"line": m.line, "column": m.column} for m in footnote.markers],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    location = finding.location
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "line": None if location is None else location.line,
        "column": None if location is None else location.column,
        "file": None if location is None else location.file,
        "page": None if location is None else location.page,
        "citation": finding.citation,
        "reference": finding.reference,
        "suggestion": finding.suggestion,
        "waived": finding.waived,
    }
