"""--format sarif validated against the official SARIF 2.1.0 JSON schema (issue 13).

tests/test_sarif.py checks the logs against the parts of the schema written out by hand, offline.
This file checks them against the schema itself: OASIS's sarif-schema-2.1.0 (the "rtm.5" text that
GitHub code scanning and SchemaStore use), as Microsoft publishes it in the npm package
``@microsoft/jest-sarif`` (MIT).  The schema is not committed and the tests use no network:
``.ci/fetch_sarif_schema.py`` (run by CI) fetches it once with a pinned SHA-256 into
``.ci/cache/``, or ``CITEAUDIT_SARIF_SCHEMA`` names a copy; without it the tests skip and say why.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.model import Finding, Location, Severity
from citeaudit.pipeline import audit_text
from citeaudit.report import render_sarif
from citeaudit.report.sarif import report_to_sarif

# Where .ci/fetch_sarif_schema.py puts the schema (CI runs it; run it once to test locally).
FETCHED = Path(__file__).resolve().parents[1] / ".ci" / "cache" / "sarif-2.1.0-rtm.5.json"
SHA256 = "2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8"

PAPER = """\
# Study

Earlier work (Smith, 2001) and (Qimao, 1991) found this.[^1]

[^1]: See also (Nobody, 2020).

## References

Smith, J. (2001). Reading citations. Journal of Tests, 3(2), 1-10.
Jones, K. (1999). Another book. Test Press.
Jones, K. (1999). Another book. Test Press.
"""

CLEAN = """\
# Study

Earlier work (Smith, 2001) found this.

## References

Smith, J. (2001). Reading citations. Journal of Tests, 3(2), 1-10.
"""


@pytest.fixture(scope="session")
def official_schema() -> dict:
    path = Path(os.environ.get("CITEAUDIT_SARIF_SCHEMA") or FETCHED)
    if not path.is_file():
        pytest.skip(f"the official SARIF schema is not at {path}: `python .ci/fetch_sarif_schema.py` fetches it (CI does)")
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SHA256, f"{path} is not the pinned SARIF 2.1.0 schema"
    schema = json.loads(data)
    jsonschema.Draft4Validator.check_schema(schema)
    return schema


def _errors(log: dict, schema: dict) -> list[str]:
    # Every format jsonschema knows (uri and uri-reference with rfc3986-validator), not only draft 4's.
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def _with_finding(report, path: str, location: Location) -> dict:
    finding = Finding("citation-unmatched", Severity.ERROR, "x", location=location)
    manuscript = dataclasses.replace(report.manuscript, path=path)
    return report_to_sarif(dataclasses.replace(report, manuscript=manuscript, findings=(finding,)))


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: json.loads(render_sarif(audit_text(PAPER, "paper.md"))), id="findings-of-every-severity"),
        pytest.param(lambda: json.loads(render_sarif(audit_text(CLEAN, "clean.md"))), id="clean-no-results"),
        pytest.param(
            lambda: _with_finding(audit_text(CLEAN, "clean.md"), "/abs/paper.md", Location(4, 2, file=None)),
            id="absolute-path-uri",
        ),
        pytest.param(
            lambda: _with_finding(audit_text(CLEAN, "c.md"), "paper.docx", Location(4, 2, file="paper.docx footnotes 3")),
            id="docx-part-without-region",
        ),
        pytest.param(
            lambda: _with_finding(audit_text(CLEAN, "c.md"), "Thèse ünïcode.md", Location(1, 1, file=None)),
            id="non-ascii-file-name",
        ),
    ],
)
def test_logs_meet_the_official_schema(official_schema, make):
    log = make()
    assert _errors(log, official_schema) == []


def test_the_schema_catches_what_it_should(official_schema):
    """The validator is live: a log with a bad level and no driver name is refused."""
    log = json.loads(render_sarif(audit_text(PAPER, "paper.md")))
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "my paper.md"
    errors = _errors(log, official_schema)
    assert any("fatal" in e for e in errors), errors
    assert any("my paper.md" in e for e in errors), errors  # a space is not allowed in a URI reference
    assert any("'name' is a required property" in e for e in errors), errors


def test_cli_log_with_a_baseline_meets_the_official_schema(official_schema, tmp_path: Path):
    paper = tmp_path / "paper.md"
    paper.write_text(PAPER, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["baseline", str(paper), "--offline"]).exit_code == 0
    paper.write_text(PAPER.replace("found this.", "found this (Extra, 2010)."), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["verify", str(paper), "--offline", "--out", str(out), "--format", "sarif"])
    assert result.exit_code == 1, result.output
    log = json.loads((out / "paper.sarif").read_text(encoding="utf-8"))
    assert _errors(log, official_schema) == []
    results = [(r["ruleId"], r.get("baselineState")) for r in log["runs"][0]["results"]]
    assert results == [("citation-unmatched", "new")]
