"""--format sarif (SARIF 2.1.0 for code scanning) and --format github (workflow annotations), issue 13."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from citeaudit.checks import CHECKS
from citeaudit.cli import main
from citeaudit.model import Finding, Location, Severity
from citeaudit.pipeline import audit_text
from citeaudit.report import render_github, render_sarif
from citeaudit.report.sarif import FINGERPRINT, report_to_sarif

PAPER = """\
# Study

Earlier work (Smith, 2001) and (Qimao, 1991) found this.

## References

Smith, J. (2001). Reading citations. Journal of Tests, 3(2), 1-10.
Jones, K. (1999). Another book. Test Press.
"""

# The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json, OASIS) that a log must meet and
# that citeaudit writes, written out by hand: required properties, enums and value ranges. Checked
# offline; tests/test_sarif_official_schema.py checks the same logs against the official schema.
_MESSAGE = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
_REGION = {
    "type": "object",
    "properties": {
        "startLine": {"type": "integer", "minimum": 1},
        "startColumn": {"type": "integer", "minimum": 1},
    },
}
_RULE = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "shortDescription": _MESSAGE,
        "fullDescription": _MESSAGE,
        "help": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}}},
        "defaultConfiguration": {
            "type": "object",
            "properties": {"level": {"enum": ["none", "note", "warning", "error"]}},
        },
    },
}
_RESULT = {
    "type": "object",
    "required": ["message"],
    "properties": {
        "ruleId": {"type": "string"},
        "ruleIndex": {"type": "integer", "minimum": -1},
        "level": {"enum": ["none", "note", "warning", "error"]},
        "message": _MESSAGE,
        "baselineState": {"enum": ["new", "unchanged", "updated", "absent"]},
        "locations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "physicalLocation": {
                        "type": "object",
                        "required": ["artifactLocation"],
                        "properties": {
                            "artifactLocation": {"type": "object", "properties": {"uri": {"type": "string", "format": "uri-reference"}}},
                            "region": _REGION,
                        },
                    }
                },
            },
        },
        "partialFingerprints": {"type": "object", "additionalProperties": {"type": "string"}},
        "properties": {"type": "object"},
    },
}
SARIF_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"]},
        "runs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["tool"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {"name": {"type": "string"}, "version": {"type": "string"}, "rules": {"type": "array", "items": _RULE}},
                            }
                        },
                    },
                    "automationDetails": {"type": "object", "properties": {"id": {"type": "string"}}},
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "results": {"type": "array", "items": _RESULT},
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def report():
    return audit_text(PAPER, "paper.md")


def test_sarif_meets_the_schema(report):
    log = json.loads(render_sarif(report))
    jsonschema.validate(log, SARIF_SCHEMA)
    assert log["version"] == "2.1.0"


def test_rules_are_the_checks_table_with_help(report):
    driver = report_to_sarif(report)["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [check.code for check in CHECKS]
    for rule, check in zip(driver["rules"], CHECKS):
        assert rule["shortDescription"]["text"] == check.summary
        assert "How to fix it" in rule["help"]["text"] and "**How to fix it:**" in rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[check.severity.value]


def test_results_point_at_file_line_and_column(report):
    run = report_to_sarif(report)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    by_code = {result["ruleId"]: result for result in run["results"]}
    unmatched = by_code["citation-unmatched"]
    assert unmatched["level"] == "error"
    assert unmatched["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "paper.md"}, "region": {"startLine": 3, "startColumn": 33},
    }
    assert run["tool"]["driver"]["rules"][unmatched["ruleIndex"]]["id"] == "citation-unmatched"
    assert by_code["reference-uncited"]["level"] == "warning"


def _fingerprints(text: str) -> dict[str, str]:
    run = report_to_sarif(audit_text(text, "paper.md"))["runs"][0]
    return {result["ruleId"]: result["partialFingerprints"][FINGERPRINT] for result in run["results"]}


@pytest.mark.parametrize(
    ("edit", "same"),
    [
        pytest.param(lambda t: t.replace("# Study\n", "# Study\n\nA new paragraph.\n\nAnd another.\n"), True, id="lines-added-above"),
        pytest.param(lambda t: t.replace("Earlier work", "Much earlier work, as it happens,"), True, id="words-added-on-the-line"),
        pytest.param(lambda t: t.replace("(Qimao, 1991)", "(Qimao,  1991)"), True, id="white-space-inside"),
        pytest.param(lambda t: t.replace("(Qimao, 1991)", "(Qimao, 1992)"), False, id="another-citation"),
    ],
)
def test_fingerprints_survive_edits_elsewhere(edit, same):
    before, after = _fingerprints(PAPER), _fingerprints(edit(PAPER))
    assert (before["citation-unmatched"] == after["citation-unmatched"]) is same
    assert before["reference-uncited"] == after["reference-uncited"]


def test_repeated_findings_get_distinct_fingerprints():
    text = PAPER.replace("found this.", "found this (Qimao, 1991).")
    prints = [r["partialFingerprints"][FINGERPRINT] for r in report_to_sarif(audit_text(text, "paper.md"))["runs"][0]["results"] if r["ruleId"] == "citation-unmatched"]
    assert len(prints) == 2 and len(set(prints)) == 2
    assert prints[0].rsplit(":", 1)[0] == prints[1].rsplit(":", 1)[0]


@pytest.mark.parametrize(
    ("manuscript", "file", "uri", "region"),
    [
        pytest.param("paper.md", None, "paper.md", True, id="the-manuscript"),
        pytest.param("./docs/my paper.md", None, "docs/my%20paper.md", True, id="spaces-escaped-dot-dropped"),
        pytest.param("thesis.tex", "chapters/intro.tex", "chapters/intro.tex", True, id="an-input-file"),
        pytest.param("/abs/paper.md", None, "file:///abs/paper.md", True, id="absolute-path"),
        pytest.param("paper.pdf", "paper.pdf", "paper.pdf", False, id="pdf-lines-are-a-pages"),
        pytest.param("paper.docx", "paper.docx footnotes 3", "paper.docx", False, id="docx-part"),
    ],
)
def test_artifact_locations(report, manuscript, file, uri, region):
    manuscript_obj = dataclasses.replace(report.manuscript, path=manuscript)
    finding = Finding("citation-unmatched", Severity.ERROR, "x", location=Location(4, 2, file=file))
    log = report_to_sarif(dataclasses.replace(report, manuscript=manuscript_obj, findings=(finding,)))
    physical = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == uri
    assert ("region" in physical) is region
    jsonschema.validate(log, SARIF_SCHEMA)


# --- GitHub workflow commands -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("finding", "line"),
    [
        pytest.param(
            Finding("citation-unmatched", Severity.ERROR, "Qimao (1991) is cited", location=Location(3, 32)),
            "::error file=paper.md,line=3,col=32,title=citeaudit citation-unmatched::Qimao (1991) is cited", id="error",
        ),
        pytest.param(
            Finding("reference-uncited", Severity.WARNING, "never cited", location=Location(8, 1), suggestion="cite it"),
            "::warning file=paper.md,line=8,col=1,title=citeaudit reference-uncited::never cited (cite it)", id="warning-with-suggestion",
        ),
        pytest.param(
            Finding("doi-suggested", Severity.INFO, "100% sure\nnot", location=None),
            "::notice file=paper.md,title=citeaudit doi-suggested::100%25 sure%0Anot", id="info-escaped-no-location",
        ),
        pytest.param(
            Finding("reference-uncited", Severity.WARNING, "x", location=Location(2, 5, file="refs, old:1.bib")),
            "::warning file=refs%2C old%3A1.bib,line=2,col=5,title=citeaudit reference-uncited::x", id="property-escaped",
        ),
    ],
)
def test_github_annotation(report, finding, line):
    assert render_github(dataclasses.replace(report, findings=(finding,))) == line + "\n"


@pytest.fixture()
def paper(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    path = tmp_path / "paper.md"
    path.write_text(PAPER, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "env", "annotations", "files"),
    [
        pytest.param(["--format", "github"], {}, True, [], id="github-alone-writes-no-file"),
        pytest.param(["--format", "sarif,github"], {}, True, ["paper.sarif"], id="beside-a-report"),
        pytest.param(["--format", "json"], {}, False, ["paper.json"], id="not-asked"),
        pytest.param([], {"GITHUB_ACTIONS": "true"}, True, ["paper.csv", "paper.html", "paper.json"], id="added-under-actions"),
        pytest.param(["--format", "json"], {"GITHUB_ACTIONS": "true"}, False, ["paper.json"], id="a-typed-format-is-obeyed"),
        pytest.param(["--format", "none"], {}, False, [], id="none-writes-nothing"),
    ],
)
def test_verify_github_stream(paper: Path, monkeypatch, args, env, annotations, files):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = paper.parent / "out"
    result = CliRunner().invoke(main, ["verify", str(paper), "--offline", "--out", str(out), *args])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("::")]
    if annotations:
        assert any(line.startswith(f"::error file={paper},line=3,col=33,") for line in lines), result.output
        assert any(line.startswith("::warning ") for line in lines)
    else:
        assert not lines
    assert sorted(p.name for p in out.iterdir()) == files if out.exists() else files == []


def test_verify_writes_a_valid_sarif(paper: Path):
    out = paper.parent / "out"
    result = CliRunner().invoke(main, ["verify", str(paper), "--offline", "--out", str(out), "--format", "sarif"])
    assert result.exit_code == 1
    log = json.loads((out / "paper.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(log, SARIF_SCHEMA)
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {"citation-unmatched", "reference-uncited"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param("sarf", "unknown format 'sarf'; did you mean 'sarif'?", id="typo"),
        pytest.param("none,json", "'none' writes no report file", id="none-with-another"),
    ],
)
def test_verify_refuses_a_bad_format(paper: Path, value, message):
    result = CliRunner().invoke(main, ["verify", str(paper), "--offline", "--out", str(paper.parent / "out"), "--format", value])
    assert result.exit_code == 2
    assert message in result.output
