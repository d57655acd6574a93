"""The linear-time helpers behind bench/throughput.py's figures answer as a scan would (issue 11)."""

from __future__ import annotations

import importlib.util
import random
import sys
import time
from pathlib import Path

import pytest

from citeaudit.citations.extract import _Intervals
from citeaudit.config import Config
from citeaudit.ingest import read_markdown_string
from citeaudit.ingest.clean import TextBuilder
from citeaudit.pipeline import audit
from citeaudit.report import render_html, render_json
from citeaudit.report._common import cited_by, targets_of

BENCH = Path(__file__).resolve().parents[1] / "bench" / "throughput.py"


def _bench():
    spec = importlib.util.spec_from_file_location("throughput_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "spans",
    [
        pytest.param([], id="none"),
        pytest.param([(5, 10)], id="one"),
        pytest.param([(0, 100), (10, 20), (30, 40)], id="nested"),
        pytest.param([(10, 20), (15, 30), (30, 31)], id="overlapping-and-touching"),
        pytest.param([(3, 3), (7, 8)], id="empty-span"),
    ],
)
def test_intervals_answer_as_a_scan_does(spans) -> None:
    inside = _Intervals(spans)
    for offset in range(-1, 120):
        assert inside(offset) == any(a <= offset < b for a, b in spans), offset


def test_intervals_random_against_scan() -> None:
    rnd = random.Random(11)
    for _ in range(50):
        spans = [(a, a + rnd.randint(0, 15)) for a in (rnd.randint(0, 200) for _ in range(rnd.randint(0, 12)))]
        inside = _Intervals(spans)
        assert [inside(o) for o in range(220)] == [any(a <= o < b for a, b in spans) for o in range(220)]


@pytest.mark.parametrize(
    ("text", "origin", "spread", "offsets"),
    [
        pytest.param("abc", 10, True, [10, 11, 12], id="spread"),
        pytest.param("abc", 10, False, [10, 10, 10], id="not-spread"),
        pytest.param("", 4, True, [], id="empty"),
    ],
)
def test_text_builder_maps_each_character(text, origin, spread, offsets) -> None:
    builder = TextBuilder()
    builder.add(text, origin, spread=spread)
    assert builder.text() == text and list(builder.offsets) == offsets


@pytest.mark.parametrize("style", [pytest.param("numbered", id="numbered"), pytest.param("author-year", id="author-year")])
def test_generated_manuscript_is_read_as_written(style: str) -> None:
    """The bench's manuscripts are clean: every entry parsed, every citation linked to its entry."""
    bench = _bench()
    text = bench.make_manuscript(60, style, bench._generated_pool())
    report = audit(read_markdown_string(text, "bench.md"), Config(offline=True))
    assert len(report.references) == 60
    assert len(report.citations) == 60
    assert {t for link in report.links for t in link.targets} == set(range(1, 61))
    assert report.provenance["citation_style"] == {"numbered": "numeric"}.get(style, style)


def test_report_lookups_agree_with_links() -> None:
    bench = _bench()
    report = audit(read_markdown_string(bench.make_manuscript(40, "author-year", bench._generated_pool()), "b.md"))
    for index in range(1, 41):
        assert cited_by(report, index) == sorted({l.citation for l in report.links if index in l.targets})
    for position in range(len(report.citations)):
        expected = [t for l in report.links if l.citation == position for t in l.targets]
        assert targets_of(report, position) == list(dict.fromkeys(expected))


def test_rendering_a_long_list_is_linear() -> None:
    """1,000 references render within a few times 10x the time of 100 (it was quadratic)."""
    bench = _bench()
    pool = bench._generated_pool()
    times = []
    for n in (100, 1000):
        report = audit(read_markdown_string(bench.make_manuscript(n, "numbered", pool), "b.md"))
        start = time.perf_counter()
        render_json(report)
        render_html(report)
        times.append(time.perf_counter() - start)
    assert times[1] < 25 * times[0] + 0.5


def test_verify_puts_the_collector_threshold_back(tmp_path) -> None:
    """The command raises gc's threshold for its audit and restores it: a caller's process is its own."""
    import gc

    from click.testing import CliRunner

    from citeaudit.cli import main

    bench = _bench()
    (tmp_path / "paper.md").write_text(bench.make_manuscript(20, "author-year", bench._generated_pool()), encoding="utf-8")
    before = gc.get_threshold()
    result = CliRunner().invoke(main, ["verify", str(tmp_path / "paper.md"), "--offline", "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert gc.get_threshold() == before
