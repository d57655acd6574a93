from __future__ import annotations

import json
from dataclasses import replace

import pytest
from conftest_report import make_manuscript, sample_report

import citeaudit.report as report_module
from citeaudit.errors import UsageError
from citeaudit.report import RENDERERS, render_csv, render_github, render_html, render_json, render_sarif, write_reports


def test_public_surface_is_pinned():
    assert report_module.__all__ == sorted(report_module.__all__)
    assert report_module.__all__ == [
        "RENDERERS", "STREAM_FORMATS", "render_csv", "render_github", "render_html", "render_json", "render_sarif",
        "render_summary", "report_to_dict", "write_reports",
    ]
    assert RENDERERS == {
        "json": render_json, "csv": render_csv, "html": render_html, "sarif": render_sarif, "github": render_github,
    }


def test_writes_each_format_creating_the_directory(tmp_path):
    report = sample_report()
    out = tmp_path / "reports" / "nested"
    paths = write_reports(report, out, "paper", ["json", "csv", "html", "json"])
    assert paths == [out / "paper.json", out / "paper.csv", out / "paper.html"]
    assert json.loads((out / "paper.json").read_text("utf-8"))["summary"]["findings"] == 3
    assert (out / "paper.csv").read_bytes() == b"\xef\xbb\xbf" + render_csv(report).encode("utf-8")  # BOM for Excel
    assert b"\r\r\n" not in (out / "paper.csv").read_bytes()
    assert (out / "paper.html").read_text("utf-8") == render_html(report)


@pytest.mark.parametrize(
    ("manuscript_name", "stem", "fmt"),
    [
        pytest.param("paper.json", "paper", "json", id="same-name"),
        pytest.param("paper.html", "./paper", "html", id="dot-path"),
    ],
)
def test_refuses_to_overwrite_the_manuscript(tmp_path, manuscript_name, stem, fmt):
    manuscript = tmp_path / manuscript_name
    manuscript.write_text("original", encoding="utf-8")
    report = sample_report(manuscript=make_manuscript(path=str(manuscript)))
    with pytest.raises(UsageError, match="refusing to overwrite the manuscript"):
        write_reports(report, tmp_path, stem, ["csv", fmt])
    assert manuscript.read_text("utf-8") == "original"
    assert not (tmp_path / "paper.csv").exists()  # nothing is written when one target is refused


def test_refuses_through_a_symlink(tmp_path):
    manuscript = tmp_path / "paper.md"
    manuscript.write_text("original", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "paper.json").symlink_to(manuscript)
    report = sample_report(manuscript=make_manuscript(path=str(manuscript)))
    with pytest.raises(UsageError):
        write_reports(report, tmp_path / "out", "paper", ["json"])
    assert manuscript.read_text("utf-8") == "original"


def test_relative_manuscript_path_is_compared_resolved(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "paper.html").write_text("original", encoding="utf-8")
    report = replace(sample_report(), manuscript=make_manuscript(path="paper.html"))
    with pytest.raises(UsageError):
        write_reports(report, tmp_path, "paper", ["html"])


def test_unknown_format_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="unknown report format 'pdf'"):
        write_reports(sample_report(), tmp_path / "out", "paper", ["json", "pdf"])
    assert not (tmp_path / "out").exists()
