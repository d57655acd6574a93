"""Every golden case produces exactly its expected findings (code and line), messages included."""

from __future__ import annotations

import pytest

from citeaudit.pipeline import audit_text
from golden import CASES, finding_rows, load_case

CASE_FILES = sorted(CASES.glob("*.md"))


def test_there_are_cases_for_every_style():
    names = {path.stem.split("_")[0] for path in CASE_FILES}
    assert {"apa", "harvard", "chicago", "mla", "ieee", "vancouver", "clean"} <= names


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_golden_case(path):
    manuscript, expected = load_case(path)
    report = audit_text(manuscript, str(path))
    got = finding_rows(report)
    assert sorted((code, line) for code, line, _ in got) == sorted((code, line) for code, line, _ in expected)
    for code, line, fragment in expected:
        messages = [message for c, l, message in got if c == code and l == line]
        assert any(fragment in message for message in messages), (code, line, fragment, messages)
