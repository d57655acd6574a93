"""SARIF 2.1.0: the findings as a static-analysis log that GitHub code scanning (and editors) read.

One run per report: the tool's rules are the checks table (with ``citeaudit explain``'s text as
their help), each finding a result with its file, line and column (columns count code points),
and ``partialFingerprints`` from the baseline identity (code, normalised text, file; never the
line), so that an alert survives edits elsewhere in the manuscript.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..baseline import identities
from ..checks import CHECKS
from ..checks.explain import explain
from ..model import Finding, Report, Severity

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: SARIF's levels for our severities.
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: Files whose "lines" are a layout's (a PDF page's, a DOCX paragraph's): no region is given in them.
_NOT_TEXT = (".pdf", ".docx")
FINGERPRINT = "citeauditIdentity/v1"


def render_sarif(report: Report) -> str:
    """The report as a SARIF 2.1.0 log (UTF-8 text, two-space indent, final newline)."""
    return json.dumps(report_to_sarif(report), ensure_ascii=False, indent=2) + "\n"


def report_to_sarif(report: Report) -> dict[str, Any]:
    """The SARIF log as plain JSON types."""
    rule_index = {check.code: position for position, check in enumerate(CHECKS)}
    baselined = "baseline" in report.provenance
    results = [
        _result(report, finding, digest, occurrence, rule_index, baselined)
        for finding, (digest, occurrence) in zip(report.findings, identities(report))
    ]
    # Findings waived in the manuscript: reported as suppressed in source, with the reason.
    waived = dataclasses.replace(report, findings=report.waived)
    for finding, (digest, occurrence) in zip(report.waived, identities(waived)):
        result = _result(report, finding, digest, occurrence, rule_index, False)
        result["suppressions"] = [{"kind": "inSource", "justification": finding.waived or ""}]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "citeaudit",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule(check.code) for check in CHECKS],
                    }
                },
                # One category per manuscript, so that several manuscripts' logs upload side by side.
                "automationDetails": {"id": f"citeaudit/{_uri(report.manuscript.path)}/"},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _rule(code: str) -> dict[str, Any]:
    about = explain(code)
    text = about.as_text()
    markdown = "\n\n".join(
        part for part in (
            about.meaning,
            f"**Why it matters:** {about.why}" if about.why else "",
            f"**How to fix it:** {about.fix}",
            f"**Example:** {about.example}" if about.example else "",
        ) if part
    )
    return {
        "id": code,
        "name": "".join(word.capitalize() for word in code.split("-")),
        "shortDescription": {"text": about.meaning},
        "fullDescription": {"text": " ".join(part for part in (about.meaning, about.why) if part)},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[about.severity]},
        "properties": {"tags": ["citations", code.split("-", 1)[0]]},
    }


def _result(
    report: Report, finding: Finding, digest: str, occurrence: int, rule_index: dict[str, int], baselined: bool
) -> dict[str, Any]:
    message = finding.message + (f" ({finding.suggestion})" if finding.suggestion else "")
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [_location(report, finding)],
        "partialFingerprints": {FINGERPRINT: f"{digest}:{occurrence}"},
    }
    if finding.code in rule_index:
        result["ruleIndex"] = rule_index[finding.code]
    if baselined:  # what a baseline left is new by construction
        result["baselineState"] = "new"
    properties = {
        name: value
        for name, value in (("citation", finding.citation), ("reference", finding.reference), ("page", finding.location.page if finding.location else None))
        if value is not None
    }
    if properties:
        result["properties"] = properties
    return result


def finding_path(report: Report, finding: Finding) -> str:
    """The file a finding is in, as given on the command line (a DOCX part counts as the document)."""
    manuscript = report.manuscript.path
    location = finding.location
    if location is None or not location.file or location.file.startswith(manuscript + " "):
        return manuscript
    return location.file


def has_text_lines(path: str) -> bool:
    """Whether a finding's line and column are the file's own (not a PDF page's or a DOCX paragraph's)."""
    return not path.lower().endswith(_NOT_TEXT)


def _location(report: Report, finding: Finding) -> dict[str, Any]:
    path = finding_path(report, finding)
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(path)}}
    location = finding.location
    if location is not None and location.line >= 1 and has_text_lines(path):
        physical["region"] = {"startLine": location.line, "startColumn": max(1, location.column)}
    return {"physicalLocation": physical}


def _uri(path: str) -> str:
    """A path as a URI reference: relative ones with '/' and percent escapes, absolute ones as file: URIs."""
    posix = PureWindowsPath(path).as_posix() if "\\" in path else path
    if PurePosixPath(posix).is_absolute() or PureWindowsPath(path).is_absolute():
        return "file://" + quote(posix if posix.startswith("/") else "/" + posix, safe="/:")
    return quote(posix.removeprefix("./"), safe="/")
