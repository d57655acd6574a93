"""Settings from a config file (issue 13): found above the manuscript, checked key by key, and
overridden by what is typed on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.errors import UsageError
from citeaudit.model import Severity
from citeaudit.settings import find_config, is_excluded, read_config, settle

PAPER = """\
# Study

Earlier work (Smith, 2001) and (Qimao, 1991) found this.

## References

Smith, J. (2001). Reading citations. Journal of Tests, 3(2), 1-10.
Jones, K. (1999). Another book. Test Press.
"""


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/"):
            path.mkdir(exist_ok=True)
        else:
            path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "start", "found"),
    [
        pytest.param({"citeaudit.toml": ""}, "", "citeaudit.toml", id="beside-the-manuscript"),
        pytest.param({".citeaudit.toml": ""}, "", ".citeaudit.toml", id="hidden-name"),
        pytest.param({"pyproject.toml": "[tool.citeaudit]\nfail-on = 'warning'\n"}, "", "pyproject.toml", id="pyproject-table"),
        pytest.param({"pyproject.toml": "[project]\nname = 'x'\n"}, "", None, id="pyproject-without-our-table-is-not-ours"),
        pytest.param({"pyproject.toml": "[tool.black]\nbroken = [\n"}, "", None, id="another-tools-broken-pyproject-ignored"),
        pytest.param({"citeaudit.toml": "", "paper/x/": ""}, "paper/x", "citeaudit.toml", id="in-a-parent-folder"),
        pytest.param({"citeaudit.toml": "", "paper/citeaudit.toml": ""}, "paper", "paper/citeaudit.toml", id="nearest-wins"),
        pytest.param({"citeaudit.toml": "", "paper/.git/": "", "paper/x/": ""}, "paper/x", None, id="stops-at-a-git-folder"),
        pytest.param({"citeaudit.toml": "", "pyproject.toml": "[tool.citeaudit]\n"}, "", "citeaudit.toml", id="citeaudit-toml-before-pyproject"),
    ],
)
def test_find_config(tmp_path: Path, files, start, found):
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / ".git").mkdir()  # nothing above the test's folder is looked at
    _tree(root, files)
    result = find_config(root / start)
    assert (result.relative_to(root).as_posix() if result else None) == found


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        pytest.param('fail-on = "warning"', "fail-on", "warning", id="fail-on"),
        pytest.param('fail-on = "NEVER"', "fail-on", "never", id="fail-on-any-case"),
        pytest.param('formats = ["html", "sarif"]', "formats", ("html", "sarif"), id="formats-list"),
        pytest.param('formats = "json,csv"', "formats", ("json", "csv"), id="formats-comma-string"),
        pytest.param('formats = "none"', "formats", (), id="formats-none"),
        pytest.param('select = ["citation-"]', "select", ("citation-",), id="select"),
        pytest.param('ignore = "doi-"', "ignore", ("doi-",), id="ignore-one-string"),
        pytest.param("shared-bib = true", "shared-bib", True, id="shared-bib"),
        pytest.param("offline = true", "offline", True, id="offline"),
        pytest.param('mailto = "me@example.org"', "mailto", "me@example.org", id="mailto"),
        pytest.param('[severity]\ncitation-unmatched = "warning"\ndoi-suggested = "INFO"', "severity",
                     (("citation-unmatched", Severity.WARNING), ("doi-suggested", Severity.INFO)), id="severity-table"),
    ],
)
def test_read_config_values(tmp_path: Path, text, key, value):
    path = tmp_path / "citeaudit.toml"
    path.write_text(text + "\n", encoding="utf-8")
    assert read_config(path).values[key] == value


def test_paths_are_relative_to_the_config_file(tmp_path: Path):
    path = tmp_path / "citeaudit.toml"
    path.write_text('out = "build/reports"\nexclude = ["drafts", "*.old.md"]\n', encoding="utf-8")
    values = read_config(path).values
    base = tmp_path.resolve().as_posix()
    assert values["out"] == f"{base}/build/reports"
    assert values["exclude"] == (f"{base}/drafts", f"{base}/*.old.md")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        pytest.param("citeaudit.toml", 'fail_on = "warning"', "unknown key 'fail_on'; did you mean 'fail-on'?", id="unknown-key"),
        pytest.param("pyproject.toml", '[tool.citeaudit]\nformat = "html"', "[tool.citeaudit]: unknown key 'format'; did you mean 'formats'?", id="unknown-key-in-pyproject"),
        pytest.param("citeaudit.toml", 'select = ["citation-unmatchd"]', "unknown check code 'citation-unmatchd'", id="unknown-code-in-select"),
        pytest.param("citeaudit.toml", '[severity]\ncitation- = "warning"', "unknown check code 'citation-'", id="severity-needs-a-whole-code"),
        pytest.param("citeaudit.toml", '[severity]\ncitation-unmatched = "fatal"', "must be one of error, warning, info", id="unknown-severity"),
        pytest.param("citeaudit.toml", 'fail-on = "warn"', "did you mean 'warning'?", id="unknown-fail-on"),
        pytest.param("citeaudit.toml", 'formats = ["htm"]', "unknown format 'htm'; did you mean 'html'?", id="unknown-format"),
        pytest.param("citeaudit.toml", 'formats = ["none", "html"]', "'none' writes no report file", id="none-with-others"),
        pytest.param("citeaudit.toml", "offline = 1", "must be true or false, not a number", id="wrong-type-flag"),
        pytest.param("citeaudit.toml", "select = [1]", "must be a list of strings", id="wrong-type-list"),
        pytest.param("citeaudit.toml", "severity = 3", "must be a table", id="wrong-type-table"),
        pytest.param("citeaudit.toml", "fail-on = [", "not valid TOML", id="broken-toml"),
    ],
)
def test_bad_config_is_a_usage_error(tmp_path: Path, name, text, message):
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        read_config(path)
    assert message in str(raised.value)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    ("file_text", "typed", "expected", "source"),
    [
        pytest.param("", {}, "error", "default", id="default"),
        pytest.param('fail-on = "warning"', {}, "warning", "file", id="file-over-default"),
        pytest.param('fail-on = "warning"', {"fail-on": ("never", "--fail-on")}, "never", "--fail-on", id="typed-over-file"),
    ],
)
def test_settle_precedence(tmp_path: Path, file_text, typed, expected, source):
    (tmp_path / ".git").mkdir()
    path = tmp_path / "citeaudit.toml"
    path.write_text(file_text, encoding="utf-8")
    settings = settle(typed, tmp_path)
    assert settings["fail-on"] == expected
    assert settings.sources["fail-on"] == (str(path) if source == "file" else source)


@pytest.mark.parametrize(
    ("path", "excluded"),
    [
        pytest.param("drafts/a.md", True, id="under-an-excluded-folder"),
        pytest.param("drafts/deep/b.md", True, id="deep-under-it"),
        pytest.param("paper.old.md", True, id="pattern"),
        pytest.param("sub/x.old.md", True, id="pattern-crosses-folders"),
        pytest.param("paper.md", False, id="not-excluded"),
        pytest.param("draftsman.md", False, id="a-name-that-only-starts-alike"),
    ],
)
def test_is_excluded(tmp_path: Path, path, excluded):
    base = tmp_path.resolve().as_posix()
    assert is_excluded(tmp_path / path, [f"{base}/drafts", f"{base}/*.old.md"]) is excluded


# --- through the command line -----------------------------------------------------------------


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "paper.md").write_text(PAPER, encoding="utf-8")
    return tmp_path


def _verify(project: Path, *args: str, config: str | None = None):
    if config is not None:
        (project / "citeaudit.toml").write_text(config, encoding="utf-8")
    return CliRunner().invoke(main, ["verify", str(project / "paper.md"), "--offline", *args])


@pytest.mark.parametrize(
    ("config", "args", "exit_code"),
    [
        pytest.param("", [], 1, id="no-settings-the-unmatched-citation-fails"),
        pytest.param('fail-on = "never"', [], 0, id="file-fail-on"),
        pytest.param('fail-on = "never"', ["--fail-on", "error"], 1, id="typed-fail-on-wins"),
        pytest.param('[severity]\ncitation-unmatched = "warning"', [], 0, id="severity-override-lowers-it"),
        pytest.param('[severity]\ncitation-unmatched = "warning"', ["--fail-on", "warning"], 1, id="override-then-fail-on-warning"),
        pytest.param('ignore = ["citation-"]', [], 0, id="file-ignore"),
        pytest.param('ignore = ["citation-"]', ["--ignore", "doi-"], 1, id="typed-ignore-replaces-the-files"),
    ],
)
def test_verify_reads_the_config_file(project: Path, config, args, exit_code):
    result = _verify(project, "--out", str(project / "out"), "--format", "json", "-q", *args, config=config)
    assert result.exit_code == exit_code, result.output


def test_severity_override_reaches_the_report(project: Path):
    result = _verify(project, "--format", "json", config='out = "built"\n[severity]\ncitation-unmatched = "info"\n')
    assert result.exit_code == 0, result.output
    report = json.loads((project / "built" / "paper.json").read_text(encoding="utf-8"))
    assert {f["code"]: f["severity"] for f in report["findings"]}["citation-unmatched"] == "info"


def test_out_and_formats_from_the_file(project: Path):
    result = _verify(project, config='out = "build/reports"\nformats = ["sarif"]\n')
    assert (project / "build" / "reports" / "paper.sarif").is_file(), result.output
    assert not (project / "build" / "reports" / "paper.html").exists()


def test_exclude_skips_a_manuscript_with_a_note(project: Path):
    result = _verify(project, "--out", str(project / "out"), config='exclude = ["paper.md"]\n')
    assert result.exit_code == 0
    assert "skipped" in result.output and "excluded by" in result.output
    assert not (project / "out").exists()


@pytest.mark.parametrize(
    ("config", "message"),
    [
        pytest.param('fail_on = "warning"', "unknown key 'fail_on'; did you mean 'fail-on'?", id="unknown-key"),
        pytest.param('select = ["citation-unmatchd"]', "did you mean 'citation-unmatched'?", id="unknown-code"),
    ],
)
def test_verify_refuses_a_bad_config_file(project: Path, config, message):
    result = _verify(project, "--out", str(project / "out"), config=config)
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (project / "out").exists()


def test_config_option_names_the_file(project: Path):
    other = project / "ci.toml"
    other.write_text('fail-on = "never"\n', encoding="utf-8")
    result = _verify(project, "--out", str(project / "out"), "--config", str(other), "-q", config='fail-on = "info"\n')
    assert result.exit_code == 0, result.output


def test_config_command_says_where_each_setting_comes_from(project: Path):
    (project / "pyproject.toml").write_text('[tool.citeaudit]\nfail-on = "warning"\n[tool.citeaudit.severity]\ndoi-suggested = "warning"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["config", str(project / "paper.md")])
    assert result.exit_code == 0, result.output
    lines = {line.split(" =", 1)[0]: line for line in result.output.splitlines()}
    where = str(project.resolve() / "pyproject.toml") + " [tool.citeaudit]"
    assert result.output.splitlines()[0] == f"config file: {where}"
    assert lines["fail-on"].startswith('fail-on = "warning"') and lines["fail-on"].endswith(f"# {where}")
    assert 'doi-suggested = "warning"' in lines["severity"]
    assert lines["out"].endswith("# default") and lines["formats"].startswith('formats = ["json", "csv", "html"]')


def test_config_command_without_a_file(project: Path):
    result = CliRunner().invoke(main, ["config", str(project / "paper.md")])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "config file: none found"
    assert all(line.endswith("# default") for line in result.output.splitlines()[1:])


@pytest.mark.parametrize(
    ("env", "shown"),
    [
        pytest.param({}, 'mailto = "file@example.org"', id="from-the-file"),
        pytest.param({"CITEAUDIT_MAILTO": "env@example.org"}, 'mailto = "env@example.org"', id="environment-wins"),
    ],
)
def test_config_command_shows_environment_over_file(project: Path, monkeypatch, env, shown):
    (project / "citeaudit.toml").write_text('mailto = "file@example.org"\n', encoding="utf-8")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["config", str(project / "paper.md")])
    line = next(line for line in result.output.splitlines() if line.startswith("mailto ="))
    assert line.startswith(shown)
    assert line.endswith("# environment CITEAUDIT_MAILTO" if env else f"# {project.resolve() / 'citeaudit.toml'}")
