"""The overview of a run over many manuscripts: one row each, as JSON, CSV and a sortable HTML table.

A row says what became of the manuscript (audited, unchanged since its last audit, or error),
its findings by severity, its exit code and its own reports, linked relative to the overview.
Everything taken from a manuscript (its path, an error message) is escaped in HTML, guarded
against spreadsheet formulas in CSV, and kept as plain strings in JSON.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import __version__

#: The overview's file names inside ``--out``.
OVERVIEW_NAMES = {"json": "overview.json", "csv": "overview.csv", "html": "overview.html"}

_COLUMNS = ("manuscript", "status", "errors", "warnings", "infos", "exit_code", "references", "citations", "reports", "message")


@dataclass(frozen=True, slots=True)
class OverviewRow:
    """One manuscript of the run; ``reports`` are paths relative to the overview's folder."""

    manuscript: str
    status: str
    errors: int
    warnings: int
    infos: int
    exit_code: int
    references: int
    citations: int
    reports: tuple[str, ...]
    message: str = ""


def overview_row(outcome, out_dir: Path | str) -> OverviewRow:
    """A row from a batch Outcome (``citeaudit.batch.Outcome``), its reports relative to ``out_dir``."""
    counts = outcome.counts or {}
    reports = tuple(_relative(r, out_dir) for r in outcome.reports if Path(r).suffix.lower() != ".bib")
    return OverviewRow(
        outcome.path, outcome.status, counts.get("error", 0), counts.get("warning", 0), counts.get("info", 0),
        outcome.exit_code, outcome.references, outcome.citations, reports, outcome.message,
    )  # fmt: skip


def _relative(path: str, out_dir: Path | str) -> str:
    try:
        return Path(os.path.relpath(path, out_dir)).as_posix()
    except ValueError:  # another drive
        return Path(path).as_posix()


def render_overview_json(rows: Sequence[OverviewRow]) -> str:
    data = {
        "tool": "citeaudit",
        "version": __version__,
        "totals": _totals(rows),
        "manuscripts": [{**{c: getattr(r, c) for c in _COLUMNS}, "reports": list(r.reports)} for r in rows],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_overview_csv(rows: Sequence[OverviewRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_COLUMNS)
    for r in rows:
        values = [getattr(r, c) for c in _COLUMNS]
        values[_COLUMNS.index("reports")] = " ".join(r.reports)
        writer.writerow([_cell(v) for v in values])
    return buffer.getvalue()


# A cell opening with one of these is a formula to a spreadsheet ("=HYPERLINK(...)" in a file name).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _totals(rows: Sequence[OverviewRow]) -> dict[str, int]:
    return {
        "manuscripts": len(rows),
        "audited": sum(r.status == "audited" for r in rows),
        "unchanged": sum(r.status == "unchanged" for r in rows),
        "failed": sum(r.status == "error" for r in rows),
        "errors": sum(r.errors for r in rows),
        "warnings": sum(r.warnings for r in rows),
        "infos": sum(r.infos for r in rows),
    }


_SORT_SCRIPT = """
document.querySelectorAll("th button").forEach(function (button, column) {
  button.addEventListener("click", function () {
    var table = button.closest("table"), body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var up = button.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th button").forEach(function (b) { b.removeAttribute("aria-sort"); });
    button.setAttribute("aria-sort", up ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = a.cells[column].dataset.sort, y = b.cells[column].dataset.sort;
      var nx = Number(x), ny = Number(y), order;
      if (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) { order = nx - ny; }
      else { order = x.localeCompare(y); }
      return up ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .35rem .6rem; text-align: left; vertical-align: top; }
th button { font: inherit; font-weight: 600; background: none; border: 0; cursor: pointer; padding: 0; }
th button[aria-sort=ascending]::after { content: " \\25B2"; }
th button[aria-sort=descending]::after { content: " \\25BC"; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.error td { background: #fdecea; }
.path, .message { overflow-wrap: anywhere; }
"""


def render_overview_html(rows: Sequence[OverviewRow], title: str = "citeaudit overview") -> str:
    """A self-contained page: totals, then one row per manuscript; a click on a heading sorts by it."""
    e = html.escape
    totals = _totals(rows)
    headings = ("Manuscript", "Status", "Errors", "Warnings", "Info", "Exit", "References", "Citations", "Reports")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        "<p>" + e(
            f"{totals['manuscripts']} manuscripts: {totals['audited']} audited, {totals['unchanged']} unchanged since "
            f"their last audit, {totals['failed']} failed; {totals['errors']} errors, {totals['warnings']} warnings, "
            f"{totals['infos']} info."
        ) + "</p>",
        "<table><thead><tr>" + "".join(f'<th scope="col"><button type="button">{h}</button></th>' for h in headings) + "</tr></thead><tbody>",
    ]  # fmt: skip
    for r in rows:
        links = " ".join(f'<a href="{e(_href(p))}">{e(Path(p).suffix.lstrip(".") or p)}</a>' for p in r.reports)
        message = f'<div class="message">{e(r.message)}</div>' if r.message else ""
        cells = [
            f'<td class="path" data-sort="{e(r.manuscript)}">{e(r.manuscript)}{message}</td>',
            f'<td data-sort="{e(r.status)}">{e(r.status)}</td>',
            *(f'<td class="n" data-sort="{n}">{n}</td>' for n in (r.errors, r.warnings, r.infos, r.exit_code, r.references, r.citations)),
            f'<td data-sort="{e(" ".join(r.reports))}">{links}</td>',
        ]
        css = ' class="error"' if r.status == "error" else ""
        out.append(f"<tr{css}>" + "".join(cells) + "</tr>")
    out += ["</tbody></table>", f"<p><small>citeaudit {e(__version__)}</small></p>", f"<script>{_SORT_SCRIPT}</script>", "</body></html>"]
    return "\n".join(out) + "\n"


def _href(relative: str) -> str:
    from urllib.parse import quote

    return quote(relative, safe="/")


OVERVIEW_RENDERERS = {"json": render_overview_json, "csv": render_overview_csv, "html": render_overview_html}

__all__ = [
    "OVERVIEW_NAMES",
    "OVERVIEW_RENDERERS",
    "OverviewRow",
    "overview_row",
    "render_overview_csv",
    "render_overview_html",
    "render_overview_json",
]
