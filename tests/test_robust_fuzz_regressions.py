"""Inputs the fuzzer (bench/fuzz.py) found crashing or hanging, kept as regression tests (issue 12).

Each file in tests/fuzz_regressions/ is named ``<target>-<kind>-<sha1>.<ext>``; it is run through
``citeaudit verify --offline`` as a manuscript of its target's format, which must end with a
report (exit 0 or 1) or a one-line refusal (exit 2), never an internal error, and in bounded time.
The harness itself is tested here too, so that a broken fuzzer cannot report a clean run.
"""

from __future__ import annotations

import importlib.util
import random
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.references.parse import parse_reference

HERE = Path(__file__).parent
CORPUS = sorted((HERE / "fuzz_regressions").glob("*-*-*"))
FORMATS = {"markdown": "markdown", "text": "text", "latex": "latex", "bib": "bibtex", "jats": "jats", "parse": "text"}


def load_fuzz():
    spec = importlib.util.spec_from_file_location("citeaudit_fuzz", HERE.parent / "bench" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in CORPUS])
def test_kept_input_is_audited_or_refused_in_one_line(path, tmp_path):
    target = path.name.split("-", 1)[0]
    manuscript = tmp_path / path.name
    shutil.copyfile(path, manuscript)
    started = time.perf_counter()
    if target == "parse":
        parse_reference(path.read_bytes().decode("utf-8", errors="replace"))
    result = CliRunner().invoke(
        main, ["verify", str(manuscript), "--offline", "--input-format", FORMATS[target], "--out", str(tmp_path / "out"), "--format", "json"]
    )
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert time.perf_counter() - started < 20


def test_the_corpus_is_not_empty_and_named_by_target():
    assert CORPUS, "tests/fuzz_regressions/ holds the inputs the fuzzer found"
    assert {p.name.split("-", 1)[0] for p in CORPUS} <= set(FORMATS)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("fine", None, id="handled"),
        pytest.param("refuse", None, id="our-one-line-error"),
        pytest.param("crash", "crash: KeyError", id="crash"),
        pytest.param("hang", "hang", id="hang"),
        pytest.param("lines", "multi-line error", id="multi-line-error"),
    ],
)
def test_harness_tells_crashes_and_hangs_from_refusals(body, expected):
    from citeaudit.errors import InputError

    fuzz = load_fuzz()

    def target(text):
        if body == "refuse":
            raise InputError("x.md: not a manuscript")
        if body == "lines":
            raise InputError("first\nsecond")
        if body == "crash":
            raise KeyError("title")
        if body == "hang":
            time.sleep(5)

    problem = fuzz.run_one(target, b"x", per_input=0.2)
    assert (problem is None) if expected is None else problem.startswith(expected)


def test_mutation_is_bounded_and_reproducible():
    fuzz = load_fuzz()
    pool = [seed.encode() for seed in fuzz.SEEDS["markdown"]]
    first = [fuzz.mutate(random.Random(7), pool[0], pool) for _ in range(3)]
    again = [fuzz.mutate(random.Random(7), pool[0], pool) for _ in range(3)]
    assert first == again
    assert all(len(m) <= 200_000 for m in first)


def test_a_short_fuzz_run_finds_nothing_new_in_the_seeds(tmp_path):
    fuzz = load_fuzz()
    result = fuzz.fuzz_mutate("parse", 0.5, tmp_path, per_input=5, seed=1)
    assert result["runs"] > 0
    assert result["problems"] == {}
