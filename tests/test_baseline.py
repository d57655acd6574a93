"""Reviewed findings (issue 13): citeaudit baseline records them; verify reports only new ones."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.baseline import apply_baseline, baseline_path, identity, parse_baseline, render_baseline
from citeaudit.cli import main
from citeaudit.model import Finding, Location, Severity
from citeaudit.pipeline import audit_text

PAPER = """\
# Study

Earlier work (Smith, 2001) and (Qimao, 1991) found this.

## References

Smith, J. (2001). Reading citations. Journal of Tests, 3(2), 1-10.
Jones, K. (1999). Another book. Test Press.
"""


def _ids(text: str, path: str = "paper.md") -> Counter:
    report = audit_text(text, path)
    return Counter(identity(report, finding) for finding in report.findings)


@pytest.mark.parametrize(
    ("edit", "same"),
    [
        pytest.param(lambda t: "Preface.\n\n" + t, True, id="lines-added-above"),
        pytest.param(lambda t: t.replace("(Qimao, 1991)", "(QIMAO,\n1991)"), True, id="case-and-line-break"),
        pytest.param(lambda t: t.replace("Jones, K. (1999). Another book.", "Jones, K. (1999).  Another  book."), True, id="entry-white-space"),
        pytest.param(lambda t: t.replace("(Qimao, 1991)", "(Qimao, 1992)"), False, id="another-citation"),
        pytest.param(lambda t: t.replace("Another book", "Another volume"), False, id="another-entry-text"),
    ],
)
def test_identity_ignores_position_not_content(edit, same):
    assert (_ids(PAPER) == _ids(edit(PAPER))) is same


def test_identity_names_the_file_relative_to_the_manuscript():
    assert _ids(PAPER, "a/paper.md") == _ids(PAPER, "b/c/paper.md")
    assert _ids(PAPER, "a/paper.md") != _ids(PAPER, "a/other.md")


def test_render_and_parse_round_trip():
    report = audit_text(PAPER, "paper.md")
    data = json.loads(render_baseline(report))
    assert data["tool"] == "citeaudit" and data["version"] == 1 and data["manuscript"] == "paper.md"
    assert [(e["code"], e["text"], e["count"]) for e in data["findings"]] == [
        ("citation-unmatched", "qimao, 1991", 1),
        ("reference-uncited", "jones, k. (1999). another book. test press.", 1),
    ]
    assert parse_baseline(render_baseline(report), "b.json") == Counter(identity(report, f) for f in report.findings)


@pytest.mark.parametrize(
    ("recorded", "found", "new", "known", "fixed"),
    [
        pytest.param(["a"], ["a"], [], 1, 0, id="all-known"),
        pytest.param(["a"], ["a", "b"], ["b"], 1, 0, id="one-new"),
        pytest.param(["a", "b"], ["a"], [], 1, 1, id="one-fixed"),
        pytest.param(["a"], ["a", "a"], ["a"], 1, 0, id="a-second-copy-is-new"),
        pytest.param([], ["a"], ["a"], 0, 0, id="empty-baseline"),
    ],
)
def test_apply_baseline_counts(recorded, found, new, known, fixed):
    report = audit_text(PAPER, "paper.md")
    findings = tuple(Finding("citation-unmatched", Severity.ERROR, "m", citation=c, location=Location(1, 1)) for c in found)
    report = dataclasses.replace(report, findings=findings)
    digests = {c: identity(report, f) for c, f in zip(found, findings)}
    digests.update({c: c for c in recorded if c not in digests})
    result = apply_baseline(report, Counter(digests[c] for c in recorded), "b.json")
    assert [f.citation for f in result.findings] == new
    assert result.provenance["baseline"] == {"file": "b.json", "known": known, "fixed": fixed}


def test_an_internal_error_is_never_left_out():
    report = audit_text(PAPER, "paper.md")
    bug = Finding("internal-error", Severity.ERROR, "check x failed")
    report = dataclasses.replace(report, findings=(bug,))
    assert json.loads(render_baseline(report))["findings"] == []
    assert apply_baseline(report, Counter({identity(report, bug): 1}), "b.json").findings == (bug,)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("{", "invalid JSON", id="broken-json"),
        pytest.param('{"tool": "other", "findings": []}', "not a citeaudit baseline", id="another-tool"),
        pytest.param('{"tool": "citeaudit", "version": 99, "findings": []}', "version 99", id="future-version"),
        pytest.param('{"tool": "citeaudit", "version": 1, "findings": [3]}', "not an id and a count", id="bad-entry"),
    ],
)
def test_parse_baseline_refuses_what_is_not_one(text, message):
    from citeaudit.errors import UsageError

    with pytest.raises(UsageError) as raised:
        parse_baseline(text, "b.json")
    assert message in str(raised.value) and "b.json" in str(raised.value)


# --- through the command line -----------------------------------------------------------------


@pytest.fixture()
def paper(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    path = tmp_path / "paper.md"
    path.write_text(PAPER, encoding="utf-8")
    return path


def _verify(paper: Path, *args: str):
    out = paper.parent / "out"
    result = CliRunner().invoke(main, ["verify", str(paper), "--offline", "--out", str(out), "--format", "json", *args])
    report = json.loads((out / "paper.json").read_text(encoding="utf-8")) if (out / "paper.json").exists() else None
    return result, report


def test_baseline_then_verify_reports_only_new_findings(paper: Path):
    result = CliRunner().invoke(main, ["baseline", str(paper), "--offline"])
    assert result.exit_code == 0, result.output
    assert baseline_path(paper) == paper.parent / "paper.md.citeaudit-baseline.json"
    assert baseline_path(paper).is_file()
    assert f"recorded 2 findings in {baseline_path(paper)}" in result.output

    result, report = _verify(paper)
    assert result.exit_code == 0, result.output  # the known error no longer fails the run
    assert report["findings"] == []
    assert report["provenance"]["baseline"] == {"file": str(baseline_path(paper)), "known": 2, "fixed": 0}
    assert "baseline: 2 known findings left out" in result.output

    # Edits elsewhere keep the known ones known; a new unmatched citation is new.
    paper.write_text("Intro.\n\n" + PAPER.replace("found this.", "found this (Brown, 2005)."), encoding="utf-8")
    result, report = _verify(paper)
    assert result.exit_code == 1
    assert [(f["code"], f["citation"]) for f in report["findings"]] == [("citation-unmatched", "Brown, 2005")]
    assert report["provenance"]["baseline"]["known"] == 2


def test_no_baseline_shows_every_finding(paper: Path):
    CliRunner().invoke(main, ["baseline", str(paper), "--offline"])
    result, report = _verify(paper, "--no-baseline")
    assert result.exit_code == 1
    assert len(report["findings"]) == 2 and "baseline" not in report["provenance"]


def test_fixed_findings_are_counted(paper: Path):
    CliRunner().invoke(main, ["baseline", str(paper), "--offline"])
    paper.write_text(PAPER.replace(" and (Qimao, 1991)", ""), encoding="utf-8")
    result, report = _verify(paper)
    assert result.exit_code == 0
    assert report["provenance"]["baseline"] == {"file": str(baseline_path(paper)), "known": 1, "fixed": 1}
    assert "1 recorded there no longer found" in result.output


def test_a_broken_baseline_is_a_one_line_error(paper: Path):
    baseline_path(paper).write_text("{", encoding="utf-8")
    result, _ = _verify(paper)
    assert result.exit_code == 2
    assert "not a citeaudit baseline" in result.output and "Traceback" not in result.output


def test_baseline_does_not_overwrite_a_file_it_did_not_write(paper: Path):
    baseline_path(paper).write_text("my notes\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["baseline", str(paper), "--offline"])
    assert result.exit_code == 2
    assert "exists and is not a citeaudit baseline" in result.output
    assert baseline_path(paper).read_text(encoding="utf-8") == "my notes\n"


def test_baseline_again_replaces_its_own_file(paper: Path):
    runner = CliRunner()
    runner.invoke(main, ["baseline", str(paper), "--offline"])
    paper.write_text(PAPER.replace(" and (Qimao, 1991)", ""), encoding="utf-8")
    result = runner.invoke(main, ["baseline", str(paper), "--offline"])
    assert result.exit_code == 0, result.output
    assert [e["code"] for e in json.loads(baseline_path(paper).read_text(encoding="utf-8"))["findings"]] == ["reference-uncited"]


def test_baseline_respects_select_from_the_config_file(paper: Path):
    (paper.parent / "citeaudit.toml").write_text('select = ["reference-"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["baseline", str(paper), "--offline"])
    assert result.exit_code == 0, result.output
    assert [e["code"] for e in json.loads(baseline_path(paper).read_text(encoding="utf-8"))["findings"]] == ["reference-uncited"]


@pytest.mark.parametrize(
    ("severities", "fail_on", "code"),
    [
        pytest.param([], Severity.ERROR, 0, id="no-findings"),
        pytest.param(["warning"], Severity.ERROR, 0, id="below-fail-on"),
        pytest.param(["warning", "error"], Severity.ERROR, 1, id="reaches-fail-on"),
        pytest.param(["info"], Severity.INFO, 1, id="fail-on-info"),
        pytest.param(["error"], None, 0, id="never"),
        pytest.param(["internal"], None, 3, id="a-failed-check-is-3-whatever-fail-on"),
    ],
)
def test_report_exit_code(severities, fail_on, code):
    findings = tuple(
        Finding("internal-error", Severity.ERROR, "bug") if s == "internal" else Finding("reference-uncited", Severity(s), "m")
        for s in severities
    )
    assert dataclasses.replace(audit_text(PAPER, "paper.md"), findings=findings).exit_code(fail_on) == code


def test_reports_say_how_many_known_findings_were_left_out(paper: Path):
    import jsonschema

    schema = json.loads((Path(__file__).resolve().parents[1] / "src/citeaudit/report/schema.json").read_text(encoding="utf-8"))
    CliRunner().invoke(main, ["baseline", str(paper), "--offline"])
    paper.write_text(PAPER.replace(" and (Qimao, 1991)", ""), encoding="utf-8")
    result, report = _verify(paper, "--format", "json,html")
    assert result.exit_code == 0, result.output
    jsonschema.validate(report, schema)
    html = (paper.parent / "out" / "paper.html").read_text(encoding="utf-8")
    assert "1 known finding left out: reviewed and recorded in <code>" in html
    assert "1 recorded there no longer found" in html
