"""CSV cells a spreadsheet would run as formulas, in a ','- or a ';'-separated locale (issue 12)."""

from __future__ import annotations

import csv
import io
import time

import pytest

from citeaudit.report.csv import neutralise_cell


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("=1+1", "'=1+1", id="leading-equals"),
        pytest.param("  @SUM(A1)", "'  @SUM(A1)", id="leading-at-after-spaces"),
        pytest.param("Smith;=HYPERLINK(\"x\")", "Smith;'=HYPERLINK(\"x\")", id="semicolon-equals"),
        pytest.param("Smith; =1+1", "Smith; '=1+1", id="semicolon-space-equals"),
        pytest.param("a,=cmd|' /C calc'!A0", "a,'=cmd|' /C calc'!A0", id="comma-equals"),
        pytest.param("a, +1", "a, '+1", id="comma-plus"),
        pytest.param("a;-2+3", "a;'-2+3", id="semicolon-minus"),
        pytest.param("a;@x", "a;'@x", id="semicolon-at"),
        pytest.param("a\t=x", "a\t'=x", id="tab-equals"),
        pytest.param("=a;=b", "'=a;'=b", id="both-leading-and-inside"),
        pytest.param("\t=1", "'\t=1", id="leading-tab-quoted-once"),
        pytest.param("Smith, J. (2001). Journal, 3(2), 1-10.", "Smith, J. (2001). Journal, 3(2), 1-10.", id="ordinary-reference"),
        pytest.param("pages 1–10; see also 12", "pages 1–10; see also 12", id="ordinary-semicolon"),
        pytest.param("a = b; c", "a = b; c", id="equals-not-after-a-separator"),
        pytest.param(None, "", id="none"),
        pytest.param(12, "12", id="number"),
    ],
)
def test_neutralise_cell(cell, expected):
    assert neutralise_cell(cell) == expected


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_no_cell_starts_a_formula_when_split_at_any_separator(delimiter):
    cells = ["x;=1", "y,=2", "z\t=3", "ok; -4", "=5"]
    line = io.StringIO()
    csv.writer(line).writerow([neutralise_cell(c) for c in cells])
    for row in csv.reader(io.StringIO(line.getvalue()), delimiter=delimiter):
        for piece in row:
            assert not piece.lstrip(" ").startswith(("=", "+", "-", "@")), (delimiter, piece)


def test_neutralise_cell_is_linear_on_long_separator_runs():
    cell = ";" * 200_000 + " " * 200_000 + "x"
    started = time.monotonic()
    assert neutralise_cell(cell) == cell
    assert time.monotonic() - started < 1.0
