"""One bad check never sinks the audit (issue 12): a check that raises becomes one
internal-error finding naming it, the other checks still run, reports are written, exit 3."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import citeaudit.checks as checks_module
from citeaudit.checks import CHECKS, run_checks
from citeaudit.checks.base import Check, Context
from citeaudit.cli import main
from citeaudit.config import Config
from citeaudit.match import MatchResult
from citeaudit.model import Location, Manuscript, Reference, Severity, Span


def context(config=None):
    manuscript = Manuscript(path="m.md", source="", text="", offsets=(0,), body=Span(0, 0))
    reference = Reference(index=1, raw="Doe 2020", span=Span(0, 8), location=Location(1, 1), csl={})
    return Context(manuscript, (reference,), (), (), MatchResult((), (), ()), config or Config())


def _fine(ctx, emit):
    """Finds one thing.  Example: always."""
    yield emit("fine")


def _raises_at_once(ctx, emit):
    """Raises.  Example: always."""
    raise KeyError("title")


def _raises_midway(ctx, emit):
    """Yields one finding, then raises.  Example: always."""
    yield emit("before")
    raise ValueError("boom\n" + "x" * 1000)


def _not_a_generator(ctx, emit):
    """Returns something that is not iterable.  Example: always."""
    return 42


@pytest.mark.parametrize(
    ("broken", "needle"),
    [
        pytest.param(_raises_at_once, "KeyError: 'title'", id="raises-at-once"),
        pytest.param(_raises_midway, "ValueError: boom x", id="raises-midway"),
        pytest.param(_not_a_generator, "TypeError", id="not-iterable"),
    ],
)
def test_a_check_that_raises_is_one_internal_error_and_the_others_run(broken, needle):
    table = (Check("first-fine", Severity.WARNING, _fine), Check("broken-check", Severity.ERROR, broken),
             Check("last-fine", Severity.INFO, _fine))
    findings = run_checks(context(), table)
    assert [f.code for f in findings] == ["first-fine", "internal-error", "last-fine"]
    error = findings[1]
    assert error.severity is Severity.ERROR
    assert "check broken-check failed" in error.message and needle in error.message
    assert "\n" not in error.message and len(error.message) < 320


def test_internal_error_is_reported_even_when_not_selected():
    table = (Check("broken-check", Severity.ERROR, _raises_at_once),)
    findings = run_checks(context(Config(ignore=("internal-error",))), table)
    assert [f.code for f in findings] == ["internal-error"]


def test_internal_error_is_registered_and_yields_nothing_itself():
    (row,) = [check for check in CHECKS if check.code == "internal-error"]
    assert row.severity is Severity.ERROR
    assert row.run(context()) == []


def test_the_cli_writes_reports_and_exits_3(tmp_path, monkeypatch):
    broken = Check("reference-uncited", Severity.WARNING, _raises_at_once)
    table = tuple(broken if check.code == "reference-uncited" else check for check in CHECKS)
    monkeypatch.setattr(checks_module, "CHECKS", table)
    manuscript = tmp_path / "paper.md"
    manuscript.write_text("# Paper\n\nAs shown before (Doe, 2020).\n\n## References\n\nDoe, J. (2020). A title. Journal of Things, 1, 1-2.\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["verify", str(manuscript), "--out", str(out), "--offline", "--format", "json"])
    assert result.exit_code == 3, result.output
    report = json.loads((out / "paper.json").read_text())
    codes = [f["code"] for f in report["findings"]]
    assert codes.count("internal-error") == 1
    assert "reference-uncited" in next(f["message"] for f in report["findings"] if f["code"] == "internal-error")
