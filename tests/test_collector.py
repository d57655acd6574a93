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


def test_overlapping_steps_in_threads_put_the_thresholds_back(thresholds) -> None:
    """Thread A enters, B enters, A leaves, B leaves: the thresholds are the caller's again
    (each saving and restoring its own would leave B's raised ones in force)."""
    import threading

    gc.set_threshold(700, 10, 10)
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    inside_b_after_a: list[tuple[int, ...]] = []

    def a() -> None:
        with fewer_collections():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def b() -> None:
        a_in.wait(5)
        with fewer_collections():
            b_in.set()
            a_out.wait(5)
            inside_b_after_a.append(gc.get_threshold())

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert inside_b_after_a == [(YOUNG_THRESHOLD, 10, 10)]  # A left, B still inside: raised
    assert gc.get_threshold() == (700, 10, 10)
