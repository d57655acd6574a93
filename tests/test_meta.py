"""Meta-tests: every check is documented and exercised; the public surface is pinned."""

from __future__ import annotations

import re

import citeaudit.report
from citeaudit.checks import CHECKS
from golden import CASES

ORIGINAL_CODES = {
    "citation-unmatched", "citation-year-mismatch", "citation-name-mismatch", "citation-ambiguous",
    "reference-uncited", "reference-duplicate", "reference-incomplete", "reference-unparsed",
    "footnote-unreferenced", "footnote-undefined",
}


def test_codes_are_unique_and_stable():
    codes = [check.code for check in CHECKS]
    assert len(codes) == len(set(codes))
    assert ORIGINAL_CODES <= set(codes)
    assert all(re.fullmatch(r"[a-z]+(?:-[a-z]+)+", code) for code in codes)


def test_every_check_has_a_docstring_with_an_example():
    for check in CHECKS:
        assert check.summary, check.code
        assert "example" in check.doc.lower(), check.code


def test_every_offline_check_has_a_golden_case():
    expected = "\n".join(path.read_text(encoding="utf-8").split("=== expected findings ===")[-1] for path in CASES.glob("*.md"))
    for code in ORIGINAL_CODES:
        assert f"{code} @" in expected, code


def test_report_public_surface_is_pinned():
    assert citeaudit.report.__all__ == sorted(citeaudit.report.__all__)


def test_a_check_reports_only_the_severities_its_row_declares():
    """``citeaudit checks`` prints every severity a check reports with; an undeclared one is a bug."""
    from citeaudit.checks.base import Check
    from citeaudit.model import Severity

    mismatch = next(check for check in CHECKS if check.code == "doi-mismatch")
    assert mismatch.severity_label == "error/warning"
    assert next(c for c in CHECKS if c.code == "doi-uncompared").severity_label == "warning/info"
    assert next(c for c in CHECKS if c.code == "citation-ambiguous").severity_label == "error"
    declared = Check("x-y", Severity.WARNING, lambda ctx, emit: (), also=(Severity.INFO,)).emitter()
    assert declared("fine", severity=Severity.INFO).severity is Severity.INFO
    try:
        declared("not declared", severity=Severity.ERROR)
    except ValueError as error:
        assert "does not declare" in str(error)
    else:
        raise AssertionError("an undeclared severity was accepted")


def test_readme_codes_table_gives_each_check_its_severities():
    """README's "Finding codes" table says what `citeaudit checks` says: one place, kept in step."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| ([a-z /]+?) \|", readme, re.M))
    assert {check.code: " / ".join(s.value for s in check.severities) for check in CHECKS} == {
        check.code: rows.get(check.code) for check in CHECKS
    }
