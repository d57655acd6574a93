"""SECURITY.md names, for each promise, the tests that check it: every one named must exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECURITY = ROOT / "SECURITY.md"
_NAMED = re.compile(r"`(?P<file>tests/[\w/]+\.py)::(?P<test>\w+)`")


def _named() -> list[tuple[str, str]]:
    return [(m["file"], m["test"]) for m in _NAMED.finditer(SECURITY.read_text(encoding="utf-8"))]


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def test_security_md_names_tests_for_every_promise():
    sections = re.split(r"^### ", SECURITY.read_text(encoding="utf-8"), flags=re.M)[1:]
    assert len(sections) >= 7
    for section in sections:
        assert _NAMED.search(section), f"no test named under: {section.splitlines()[0]}"


@pytest.mark.parametrize(("file", "test"), [pytest.param(f, t, id=f"{Path(f).stem}::{t}") for f, t in _named()])
def test_each_test_named_in_security_md_exists(file, test):
    path = ROOT / file
    assert path.is_file(), f"SECURITY.md names {file}, which does not exist"
    assert test in _tests_in(path), f"SECURITY.md names {file}::{test}, which does not exist"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("`tests/test_x.py::test_a`", [("tests/test_x.py", "test_a")], id="one"),
        pytest.param("`tests/sub/test_y.py::test_b`, `tests/test_z.py::test_c`", [("tests/sub/test_y.py", "test_b"), ("tests/test_z.py", "test_c")], id="two"),
        pytest.param("tests/test_x.py::test_a", [], id="not-code"),
    ],
)
def test_the_name_pattern(text, found):
    assert [(m["file"], m["test"]) for m in _NAMED.finditer(text)] == found
