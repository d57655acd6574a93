"""Waivers written in the manuscript: the finding is kept, marked waived with its reason, and
counts for no exit code; a waiver that names no code or waives nothing is reported itself."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.ingest import read_manuscript
from citeaudit.pipeline import audit, audit_text
from citeaudit.report.csv import render_csv
from citeaudit.report.json import report_to_dict
from citeaudit.report.sarif import report_to_sarif

SCHEMA = json.loads(resources.files("citeaudit.report").joinpath("schema.json").read_text("utf-8"))

LIST = (
    "# References\n\n"
    "Kousky, C. (2017). Financing flood losses. Risk Analysis, 38(3), 1-17.\n\n"
    "Kunreuther, H. (2006). Disaster mitigation and insurance. Journal of Economic Perspectives, 20(2), 1-20.\n"
)


def _markdown(body: str) -> str:
    return f"# Text\n\nFloods are costly (Kunreuther, 2006; Kousky, 2017).\n{body}\n\n{LIST}"


@pytest.mark.parametrize(
    ("body", "open_codes", "waived"),
    [
        pytest.param("Insurance helps (Qimao, 1991).", ["citation-unmatched"], [], id="no-waiver"),
        pytest.param(
            '<!-- citeaudit: ignore citation-unmatched reason="cited from the preprint" -->\nInsurance helps (Qimao, 1991).',
            [], [("citation-unmatched", "cited from the preprint")], id="comment-on-the-line-above",
        ),
        pytest.param(
            "Insurance helps (Qimao, 1991). <!-- citeaudit: ignore citation- reason='a prefix' -->",
            [], [("citation-unmatched", "a prefix")], id="same-line-prefix-single-quotes",
        ),
        pytest.param(
            "<!-- citeaudit: ignore citation-unmatched -->\n\nInsurance helps (Qimao, 1991).",
            [], [("citation-unmatched", "no reason given")], id="blank-line-between-no-reason",
        ),
        pytest.param(
            "<!-- citeaudit: ignore citation-unmatched reason=\"x\" -->\nNothing here.\n\nInsurance helps (Qimao, 1991).",
            ["citation-unmatched", "waiver-unused"], [], id="waiver-too-far-above-is-unused",
        ),
        pytest.param(
            "Insurance helps (Qimao, 1991). <!-- citeaudit: ignore citatoin-unmatched -->",
            ["citation-unmatched", "waiver-invalid"], [], id="misspelled-code",
        ),
        pytest.param(
            "Insurance helps (Qimao, 1991). <!-- citeaudit: ignore reference-uncited -->",
            ["citation-unmatched", "waiver-unused"], [], id="another-code-waives-nothing",
        ),
    ],
)
def test_markdown_waivers(body, open_codes, waived):
    report = audit_text(_markdown(body), "paper.md")
    assert sorted(f.code for f in report.findings) == open_codes
    assert [(f.code, f.waived) for f in report.waived] == waived


def test_waived_finding_in_every_report_format():
    report = audit_text(_markdown('Insurance helps (Qimao, 1991). <!-- citeaudit: ignore citation-unmatched reason="ok; =1+1" -->'), "paper.md")
    assert report.findings == () and report.exit_code(None) == 0
    data = report_to_dict(report)
    jsonschema.validate(data, SCHEMA)
    assert data["findings"] == [] and data["summary"]["waived"] == 1
    assert [(w["code"], w["waived"]) for w in data["waived"]] == [("citation-unmatched", "ok; =1+1")]
    rows = list(csv.DictReader(io.StringIO(render_csv(report).lstrip("\ufeff"))))
    assert [(r["code"], r["waived"]) for r in rows] == [("citation-unmatched", "ok; '=1+1")]
    (result,) = report_to_sarif(report)["runs"][0]["results"]
    assert result["suppressions"] == [{"kind": "inSource", "justification": "ok; =1+1"}]


def test_latex_comment_and_bib_comment_waive(tmp_path: Path):
    (tmp_path / "refs.bib").write_text(
        "% citeaudit: ignore reference-incomplete reason=\"a standard: it has no publisher\"\n"
        "@book{iso9126, title={Software engineering -- Product quality}, year={2001}}\n\n"
        "@book{kept, author={Roe, R.}, title={Roofs}, year={2003}}\n",
        encoding="utf-8",
    )
    (tmp_path / "paper.tex").write_text(
        "\\documentclass{article}\n\\begin{document}\n"
        "% citeaudit: ignore citation-unmatched reason=\"entry added by the publisher\"\n"
        "Quality \\cite{iso9126} and \\cite{missing}. Roofs \\cite{kept}.\n"
        "\\bibliography{refs}\n\\end{document}\n",
        encoding="utf-8",
    )
    report = audit(read_manuscript(tmp_path / "paper.tex"))
    assert sorted((f.code, f.waived) for f in report.waived) == [
        ("citation-unmatched", "entry added by the publisher"),
        ("reference-incomplete", "a standard: it has no publisher"),
    ]
    assert [f.code for f in report.findings if f.severity.value != "info"] == ["reference-incomplete"]  # @book kept: no publisher


def test_cli_exit_code_and_summary(tmp_path: Path):
    paper = tmp_path / "paper.md"
    paper.write_text(_markdown('Insurance helps (Qimao, 1991). <!-- citeaudit: ignore citation-unmatched reason="ok" -->'), encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(paper), "--offline", "--out", str(tmp_path / "out"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "1 waived by comments in the manuscript" in result.output


def test_an_inline_waiver_followed_by_text_covers_its_own_line_only():
    body = (
        '<!-- citeaudit: ignore citation-unmatched reason="x" --> Floods rise (Doe, 1990).\n'
        "Insurance helps (Qimao, 1991)."
    )
    report = audit_text(_markdown(body), "paper.md")
    assert ["Qimao" in f.message for f in report.findings if f.code == "citation-unmatched"] == [True]
    assert ["Doe" in f.message for f in report.waived] == [True]
