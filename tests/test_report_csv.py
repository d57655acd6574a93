from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from conftest_report import sample_report

from citeaudit.model import Finding, Location, Severity
from citeaudit.report.csv import HEADER, neutralise_cell, render_csv


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_header_and_one_row_per_finding_in_reading_order():
    rows = rows_of(render_csv(sample_report()))
    assert rows[0] == list(HEADER) == [
        "code", "severity", "message", "line", "column", "citation", "reference", "reference_text", "suggestion", "file", "page", "waived",
    ]
    assert rows[1:] == [
        ["CA101", "error", "citation has no matching reference", "3", "43", "Jones (1999)", "", "", "", "", "", ""],
        ["CA201", "warning", "year differs from the registry", "11", "1", "", "2",
         "Jones, K. (1999). Another book. Test Press.", "1998", "", "", ""],
        ["CA900", "info", "reference list uses APA style", "", "", "", "", "", "", "", "", ""],
    ]


def test_no_findings_gives_only_the_header():
    assert render_csv(sample_report(findings=())) == ",".join(HEADER) + "\r\n"


def test_reference_out_of_range_leaves_reference_text_empty():
    report = sample_report(findings=(Finding("CA1", Severity.ERROR, "x", reference=99),))
    assert rows_of(render_csv(report))[1][6:8] == ["99", ""]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("=1+1", "'=1+1", id="equals"),
        pytest.param('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")', id="hyperlink"),
        pytest.param("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0", id="plus-dde"),
        pytest.param("-2+3", "'-2+3", id="minus"),
        pytest.param("@SUM(A1:A2)", "'@SUM(A1:A2)", id="at"),
        pytest.param("\t=1", "'\t=1", id="tab"),
        pytest.param("\tplain", "'\tplain", id="tab-alone"),
        pytest.param("\r=1", "'\r=1", id="carriage-return"),
        pytest.param("   =1+1", "'   =1+1", id="spaces-then-equals"),
        pytest.param("\n@x", "'\n@x", id="newline-then-at"),
        pytest.param("\u00a0+1", "'\u00a0+1", id="nbsp-then-plus"),
        pytest.param("Smith (2001)", "Smith (2001)", id="plain-text"),
        pytest.param("a = b", "a = b", id="equals-inside"),
        pytest.param("", "", id="empty"),
        pytest.param(None, "", id="none"),
        pytest.param(12, "12", id="number"),
    ],
)
def test_neutralise_cell(cell, expected):
    assert neutralise_cell(cell) == expected


def test_hostile_cells_are_neutralised_in_every_column():
    report = sample_report()
    evil_ref = replace(report.references[0], raw="=cmd|'/C calc'!A0")
    report = replace(
        report,
        references=(evil_ref, *report.references[1:]),
        findings=(
            Finding(
                "=CODE",
                Severity.ERROR,
                '=HYPERLINK("http://evil.example","click")',
                location=Location(1, 1),
                citation="  +SUM(1,2)",
                reference=1,
                suggestion="@import",
                waived="=1+1",
            ),
        ),
    )
    (row,) = rows_of(render_csv(report))[1:]
    assert row[-3:] == ["", "", "'=1+1"]  # file and page: a single-file manuscript has neither
    row = row[:-3]
    assert row == [
        "'=CODE",
        "error",
        '\'=HYPERLINK("http://evil.example","click")',
        "1",
        "1",
        "'  +SUM(1,2)",
        "1",
        "'=cmd|'/C calc'!A0",
        "'@import",
    ]


def test_quotes_commas_newlines_and_unicode_round_trip():
    message = 'Müller, "quoted", and\na second line'
    report = sample_report(findings=(Finding("CA1", Severity.WARNING, message, citation="(Łukasz, 2020)"),))
    text = render_csv(report)
    assert rows_of(text)[1][2] == message
    assert rows_of(text)[1][5] == "(Łukasz, 2020)"
    assert text.endswith("\r\n")
