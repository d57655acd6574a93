"""reference-year-conflict: a journal named twice in one entry, each time with another year."""

from __future__ import annotations

import time

import pytest

from citeaudit.checks.years import journal_named_twice
from citeaudit.ingest import read_markdown_string
from citeaudit.pipeline import audit


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            "6. Durand M: Quality improvement in low resource settings. International\n    Journal for Quality in Health"
            " Care 2010. *Int J Qual Health Care* 2009,\n    22(1):70–72.",
            ("2010", "2009", "2010. Int J Qual Health Care 2009"), id="bmc-full-then-abbreviated",
        ),
        pytest.param("Lee K: Tides. Journal of Coastal Research 2004. J Coast Res 2003; 20:1-9.", ("2004", "2003", "2004. J Coast Res 2003"), id="semicolon"),
        pytest.param("Lee K: Tides. Journal of Coastal Research 2004. J Coast Res 2004; 20:1-9.", None, id="same-year-twice"),
        pytest.param("Lee K: Tides in 2004. Harbour Reviews 2003, 20:1-9.", None, id="another-name-is-no-abbreviation"),
        pytest.param("Sale P: Health Survey of England 2003. Qual Life Res 2009, 18:1293-1299.", None, id="year-in-a-title"),
        pytest.param("Mason M: Sample Size. Berlin: Forum: Qualitative Social Research; 2010. 2010.", None, id="year-repeated-no-volume"),
        pytest.param("Smith, J. (2001). Sea walls. Coastal Review, 1(2), 3-4.", None, id="apa"),
        pytest.param("Lee K: Tides. Journal of Coastal Research 2004. Coastal Research J 2003, 20:1-9.", None, id="words-out-of-order"),
    ],
)
def test_journal_named_twice(raw, expected):
    assert journal_named_twice(raw) == expected


def test_the_conflict_is_a_warning_on_the_entry():
    source = (
        "Quality was poor [1] and care was low [2].\n\n# References\n\n"
        "1. Durand M: Quality improvement in low resource settings. International Journal for Quality in Health Care 2010."
        " *Int J Qual Health Care* 2009, 22(1):70–72.\n\n"
        "2. Lee K: Tides of care. *J Coast Res* 2004, 20:1-9.\n"
    )
    report = audit(read_markdown_string(source, "m.md"))
    found = [(f.code, f.severity.value, f.reference) for f in report.findings if f.code == "reference-year-conflict"]
    assert found == [("reference-year-conflict", "warning", 1)]


@pytest.mark.parametrize(
    "hostile",
    [
        pytest.param("2010. " + "Int J " * 5000 + "x" + " 2010. A" * 3000, id="long-name"),
        pytest.param("Care 2010. A 2011, 1 " * 5000, id="many-pairs"),
        pytest.param("2010." + " " * 20000 + "A 2011, 1", id="spaces"),
    ],
)
def test_hostile_input_is_quick(hostile):
    started = time.perf_counter()
    journal_named_twice(hostile)
    assert time.perf_counter() - started < 1.0
