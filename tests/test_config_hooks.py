"""The pre-commit hooks (.pre-commit-hooks.yaml, issue 13): offline by default, no report files,
run on the staged manuscripts that pre-commit passes."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from citeaudit.cli import main

MANIFEST = Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml"

PAPER = """\
# Study

Earlier work (Smith, 2001) found this.

## References

Smith, J. (2001). Reading citations. Journal of Tests, 3(2), 1-10.
"""


@pytest.fixture(scope="module")
def hooks() -> dict[str, dict]:
    return {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}


def test_manifest_has_the_required_keys(hooks):
    assert set(hooks) == {"citeaudit", "citeaudit-online"}
    for hook in hooks.values():
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python" and hook["entry"].startswith("citeaudit verify ")
        assert "--format none" in hook["entry"]  # never writes report files into the repository


def test_the_default_hook_is_offline_and_the_online_one_manual(hooks):
    assert "--offline" in hooks["citeaudit"]["entry"]
    assert "--offline" not in hooks["citeaudit-online"]["entry"]
    assert hooks["citeaudit-online"]["stages"] == ["manual"]


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        pytest.param("paper.md", True, id="markdown"),
        pytest.param("chapters/Intro.TEX", True, id="latex-any-case"),
        pytest.param("notes/paper.qmd", True, id="quarto"),
        pytest.param("README.md", False, id="readme"),
        pytest.param("docs/CHANGELOG.md", False, id="changelog"),
        pytest.param("refs.bib", False, id="a-bib-alone-is-read-with-its-manuscript"),
        pytest.param("paper.md.citeaudit-baseline.json", False, id="our-baseline"),
        pytest.param("src/app.py", False, id="code"),
    ],
)
def test_files_the_hook_checks(hooks, path, checked):
    hook = hooks["citeaudit"]
    selected = re.search(hook["files"], path) is not None and re.search(hook["exclude"], path) is None
    assert selected is checked


@pytest.mark.parametrize(
    ("text", "exit_code"),
    [
        pytest.param(PAPER, 0, id="clean-manuscripts-pass"),
        pytest.param(PAPER.replace("found this.", "found this (Qimao, 1991)."), 1, id="an-unmatched-citation-stops-the-commit"),
    ],
)
def test_the_hook_entry_runs_on_staged_files(hooks, tmp_path: Path, monkeypatch, text, exit_code):
    (tmp_path / ".git").mkdir()
    for folder in ("a", "b"):  # two staged files with the same name: nothing is written, so no clash
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "paper.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = shlex.split(hooks["citeaudit"]["entry"])[1:] + ["a/paper.md", "b/paper.md"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == exit_code, result.output
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["paper.md", "paper.md"]
