from __future__ import annotations

import io
from dataclasses import replace

import pytest
from conftest_report import sample_report
from rich.console import Console

from citeaudit.model import Finding, Location, Severity
from citeaudit.report.text import MAX_LINES, render_summary


def summary(report, **kwargs) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None, force_terminal=False)
    render_summary(report, console, **kwargs)
    return [line.rstrip() for line in out.getvalue().splitlines()]


def test_header_findings_by_severity_and_counts():
    assert summary(sample_report()) == [
        "paper.md: 2 references, 3 citations, 1 footnote",
        "     3:43  error    CA101  citation has no matching reference",
        "     11:1  warning  CA201  year differs from the registry",
        "        -  info     CA900  reference list uses APA style",
        "1 error, 1 warning, 1 info",
    ]


def test_findings_are_grouped_by_severity_before_line():
    findings = (
        Finding("CA3", Severity.INFO, "first line", Location(1, 1)),
        Finding("CA1", Severity.ERROR, "last line", Location(9, 1)),
        Finding("CA2", Severity.WARNING, "middle", Location(5, 1)),
    )
    codes = [line.split()[2] for line in summary(sample_report(findings=findings))[1:-1]]
    assert codes == ["CA1", "CA2", "CA3"]


@pytest.mark.parametrize(
    ("count", "more"),
    [
        pytest.param(MAX_LINES, None, id="exactly-the-cap"),
        pytest.param(MAX_LINES + 7, "... and 7 more, see the HTML report", id="over-the-cap"),
    ],
)
def test_long_lists_are_capped(count, more):
    findings = tuple(Finding("CA1", Severity.WARNING, f"m{i}", Location(i + 1, 1)) for i in range(count))
    lines = summary(sample_report(findings=findings))
    assert sum(" CA1 " in line for line in lines) == MAX_LINES
    assert [line for line in lines if "more, see" in line] == ([more] if more else [])
    assert lines[-1] == f"0 errors, {count} warnings, 0 info"


@pytest.mark.parametrize(
    "message",
    [
        pytest.param("[bold red]not markup[/bold red]", id="markup-tags"),
        pytest.param("closing [/] tag", id="bare-close"),
        pytest.param("[link=https://evil]x[/link]", id="link"),
    ],
)
def test_user_text_is_printed_literally(message):
    report = sample_report(findings=(Finding("CA[1]", Severity.ERROR, message, Location(2, 3)),))
    report = replace(report, manuscript=replace(report.manuscript, path="[red]paper[/red].md"))
    lines = summary(report)
    assert lines[0].startswith("[red]paper[/red].md: ")
    assert lines[1] == f"      2:3  error    CA[1]  {message}"
