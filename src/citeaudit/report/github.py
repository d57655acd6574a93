"""GitHub Actions workflow commands: one ``::error file=…,line=…,col=…::message`` line per finding.

GitHub shows each as an annotation on the line of the pull request's diff.  Printed on stdout
beside the summary (never instead of the report files); chosen with ``--format github``, and
added by ``verify`` when ``GITHUB_ACTIONS`` is set.
"""

from __future__ import annotations

from ..model import Report, Severity
from ._common import ordered_findings
from .sarif import finding_path, has_text_lines

#: Workflow-command names for our severities.
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    """A command's message, escaped as the runner unescapes it (%, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A property value (file, title), escaped like data plus ':' and ','."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    """One workflow command per finding, in reading order, each on its own line."""
    lines = []
    for finding in ordered_findings(report):
        path = finding_path(report, finding)
        properties = [f"file={_property(path)}"]
        if finding.location is not None and has_text_lines(path):
            properties += [f"line={finding.location.line}", f"col={finding.location.column}"]
        properties.append(f"title={_property(f'citeaudit {finding.code}')}")
        message = finding.message + (f" ({finding.suggestion})" if finding.suggestion else "")
        lines.append(f"::{COMMANDS[finding.severity]} {','.join(properties)}::{_data(message)}")
    return "".join(line + "\n" for line in lines)
