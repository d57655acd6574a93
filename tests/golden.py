"""Golden case files: a manuscript followed by the findings it must produce, nothing more.

A case file is the manuscript, then a line ``=== expected findings ===``, then one line per
finding: ``code @ line: text the message contains``.  Lines starting with ``#`` are comments.
"""

from __future__ import annotations

from pathlib import Path

SEPARATOR = "\n=== expected findings ===\n"
CASES = Path(__file__).parent / "cases"


def load_case(path: Path) -> tuple[str, list[tuple[str, int, str]]]:
    text = path.read_text(encoding="utf-8")
    manuscript, found, expected = text.partition(SEPARATOR)
    if not found:
        raise ValueError(f"{path.name}: no '=== expected findings ===' line")
    rows = []
    for line in expected.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        head, _, message = line.partition(":")
        code, _, where = head.partition("@")
        rows.append((code.strip(), int(where), message.strip()))
    return manuscript, rows


def finding_rows(report) -> list[tuple[str, int, str]]:
    return [(f.code, f.location.line if f.location else 0, f.message) for f in report.findings]
