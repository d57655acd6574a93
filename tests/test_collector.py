"""The cycle collector runs less often inside reading and auditing, and is put back after."""

from __future__ import annotations

import gc

import pytest

from citeaudit.collector import YOUNG_THRESHOLD, fewer_collections
from citeaudit.config import Config
from citeaudit.ingest.markdown import read_markdown_string
from citeaudit import pipeline
from citeaudit.pipeline import audit


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


@pytest.mark.parametrize(
    ("caller", "inside"),
    [
        ((700, 10, 10), (YOUNG_THRESHOLD, 10, 10)),  # CPython's defaults: the youngest raised
        ((50_000, 20, 30), (50_000, 20, 30)),  # a caller's larger threshold is never lowered
        ((0, 10, 10), (0, 10, 10)),  # 0: the caller turned automatic collection off, and it stays off
    ],
)
def test_thresholds_inside_and_after(thresholds, caller, inside) -> None:
    gc.set_threshold(*caller)
    with fewer_collections():
        assert gc.get_threshold() == inside
    assert gc.get_threshold() == caller


def test_thresholds_restored_after_an_error(thresholds) -> None:
    gc.set_threshold(700, 10, 10)
    with pytest.raises(ZeroDivisionError), fewer_collections():
        1 / 0  # noqa: B018
    assert gc.get_threshold() == (700, 10, 10)


def test_an_audit_runs_raised_and_leaves_the_callers_thresholds(thresholds, monkeypatch) -> None:
    gc.set_threshold(700, 10, 10)
    entries = "\n\n".join(f"Okafor, A. ({1950 + n}). Sea walls {n}. *Coastal Review*, 1, 1\u20139." for n in range(40))
    cites = " ".join(f"(Okafor, {1950 + n})." for n in range(40))
    manuscript = read_markdown_string(f"# Paper\n\nHeld {cites}\n\n# References\n\n{entries}\n", "m.md")
    seen = []
    checks = pipeline.run_checks
    monkeypatch.setattr(pipeline, "run_checks", lambda ctx: seen.append(gc.get_threshold()) or checks(ctx))
    report = audit(manuscript, Config(offline=True))
    assert len(report.references) == 40 and not report.findings
    assert seen == [(YOUNG_THRESHOLD, 10, 10)]  # inside the audit
    assert gc.get_threshold() == (700, 10, 10)  # after it
