"""The short terminal summary, printed with rich; all manuscript text is markup-escaped.

Manuscript text (a file name, a quoted citation, a server's message) reaches the terminal only
through ``visible`` and ``markup_safe``: control characters are shown as escapes instead of being
obeyed (an ESC sequence in a PDF could recolour, retitle or clear the terminal; a bidi override
could reorder what is shown), and Rich markup in the text is printed literally.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Report, Severity
from ._common import SEVERITY_ORDER, ordered_findings
from ._common import where as _where

if TYPE_CHECKING:  # rich is imported when something is printed, not by ``visible`` (issue 11)
    from rich.console import Console

#: Finding lines printed before the rest is left to the HTML report.
MAX_LINES = 30

# C0 controls (tab and newline too: one finding is one line), DEL, C1 controls, and the Unicode
# bidi controls that reorder text on screen ("Trojan Source"), e.g. "\x1b[2J" or "\u202e".
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    if match.group() in "\t\n\r":
        return " "  # white space inside quoted text: one line stays one line
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """``text`` with every terminal control character replaced by a visible escape (``\\x1b``)."""
    return _TERMINAL_UNSAFE.sub(_shown, str(text))


def markup_safe(text: object) -> str:
    """``text`` made visible and escaped, to be placed inside Rich markup literally."""
    from rich.markup import escape

    return escape(visible(text))


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 or noun == "info" else f"{count} {noun}s"


def render_summary(report: Report, console: Console, max_lines: int = MAX_LINES) -> None:
    """Print a header, the findings grouped by severity (at most ``max_lines``), and the counts."""
    console.print(
        f"[bold]{markup_safe(report.manuscript.path)}[/bold]: "
        f"{_plural(len(report.references), 'reference')}, "
        f"{_plural(len(report.citations), 'citation')}, "
        f"{_plural(len(report.footnotes), 'footnote')}",
        highlight=False,
        emoji=False,  # ":warning:" in a file name is text, not an emoji
    )
    findings = ordered_findings(report)
    grouped = [f for severity in SEVERITY_ORDER for f in findings if f.severity is severity]
    for finding in grouped[:max_lines]:
        where = "-" if finding.location is None else markup_safe(_where(finding.location, report.manuscript.path))
        style = _STYLE[finding.severity]
        console.print(
            f"{where:>9}  [{style}]{finding.severity.value:<7}[/{style}]  "
            f"[bold]{markup_safe(finding.code)}[/bold]  {markup_safe(finding.message)}",
            highlight=False,
            emoji=False,
        )
    if len(grouped) > max_lines:
        console.print(f"... and {len(grouped) - max_lines} more, see the HTML report", highlight=False)
    counts = report.counts()
    waived = f", {len(report.waived)} waived by comments in the manuscript" if report.waived else ""
    console.print(
        ", ".join(_plural(counts[s.value], s.value) for s in SEVERITY_ORDER) + waived,
        highlight=False,
        emoji=False,
    )
