"""The short terminal summary, printed with rich; all manuscript text is markup-escaped."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from ..model import Report, Severity
from ._common import SEVERITY_ORDER, ordered_findings
from ._common import where as _where

#: Finding lines printed before the rest is left to the HTML report.
MAX_LINES = 30

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 or noun == "info" else f"{count} {noun}s"


def render_summary(report: Report, console: Console, max_lines: int = MAX_LINES) -> None:
    """Print a header, the findings grouped by severity (at most ``max_lines``), and the counts."""
    console.print(
        f"[bold]{escape(report.manuscript.path)}[/bold]: "
        f"{_plural(len(report.references), 'reference')}, "
        f"{_plural(len(report.citations), 'citation')}, "
        f"{_plural(len(report.footnotes), 'footnote')}",
        highlight=False,
    )
    findings = ordered_findings(report)
    grouped = [f for severity in SEVERITY_ORDER for f in findings if f.severity is severity]
    for finding in grouped[:max_lines]:
        where = "-" if finding.location is None else _where(finding.location, report.manuscript.path)
        style = _STYLE[finding.severity]
        console.print(
            f"{where:>9}  [{style}]{finding.severity.value:<7}[/{style}]  "
            f"[bold]{escape(finding.code)}[/bold]  {escape(finding.message)}",
            highlight=False,
        )
    if len(grouped) > max_lines:
        console.print(f"... and {len(grouped) - max_lines} more, see the HTML report", highlight=False)
    counts = report.counts()
    console.print(
        ", ".join(_plural(counts[s.value], s.value) for s in SEVERITY_ORDER),
        highlight=False,
    )
