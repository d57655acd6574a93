"""The CSV report: one row per finding, safe to open in a spreadsheet.

Manuscript text ends up in cells, and a spreadsheet runs a cell that starts with ``=``, ``+``,
``-`` or ``@`` (also after spaces, or with a leading tab or carriage return) as a formula
(CSV injection).  Such cells get a leading ``'``, which spreadsheets read as "this is text".

A spreadsheet set to a locale whose list separator is ``;`` (most of Europe) splits our
comma-separated cells again at ``;`` (and some importers at ``,`` or a tab inside a cell), so
``see x;=HYPERLINK(...)`` becomes a cell that starts with ``=``.  Inside a cell, a separator
followed by a formula character gets a ``'`` between them (``x;'=HYPERLINK(...)``).
"""

from __future__ import annotations

import csv
import io
import re

from ..model import Report
from ._common import ordered_findings, reference_at

HEADER = (
    "code",
    "severity",
    "message",
    "line",
    "column",
    "citation",
    "reference",
    "reference_text",
    "suggestion",
    "file",
    "page",
    "waived",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# A separator another locale splits a cell at, spaces, then a formula's first character:
# "Smith;=1+1" -> "Smith;'=1+1", "a, @SUM(b)" -> "a, '@SUM(b)".
_SEPARATED_FORMULA = re.compile(r"(?P<sep>[;,\t])(?P<space>[ ]*)(?=[=+\-@])")


def _quote_after_separator(match: re.Match[str]) -> str:
    if match.start() == 0:  # a leading tab: the whole cell is quoted below
        return match.group()
    return match.group("sep") + match.group("space") + "'"


def neutralise_cell(value: object) -> str:
    """A cell's text, with a ``'`` wherever a spreadsheet would start running a formula."""
    text = "" if value is None else str(value)
    text = _SEPARATED_FORMULA.sub(_quote_after_separator, text)
    if text.startswith(_FORMULA_STARTS) or text.lstrip().startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def render_csv(report: Report) -> str:
    """The findings as CSV text (header row first, ``\\r\\n`` line ends, reading order)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for finding in (*ordered_findings(report), *report.waived):  # waived rows last, with their reason
        location = finding.location
        reference = reference_at(report, finding.reference)
        row = (
            finding.code,
            finding.severity.value,
            finding.message,
            None if location is None else location.line,
            None if location is None else location.column,
            finding.citation,
            finding.reference,
            None if reference is None else reference.raw,
            finding.suggestion,
            None if location is None else location.file,
            None if location is None else location.page,
            finding.waived,
        )
        writer.writerow([neutralise_cell(cell) for cell in row])
    return buffer.getvalue()
