"""citeaudit explain CODE and the HTML glossary: one text per code, kept beside the checks table (issue 13)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.checks import CHECKS
from citeaudit.checks.explain import HOW_TO_FIX, explain, explanations
from citeaudit.cli import main
from citeaudit.pipeline import audit_text
from citeaudit.report import render_html

CODES = [check.code for check in CHECKS]

PAPER = """\
# Study

Earlier work (Smith, 2001) and (Qimao, 1991) found this.

## References

Smith, J. (2001). Reading citations. Journal of Tests, 3(2), 1-10.
Jones, K. (1999). Another book. Test Press.
"""


def test_every_code_has_a_fix_and_no_fix_is_left_over():
    assert set(HOW_TO_FIX) == set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_every_code_is_explained(code):
    explanation = explain(code)
    assert explanation.meaning and explanation.meaning[0].isupper() and explanation.meaning.endswith(".")
    assert len(explanation.fix) > 20
    assert explanation.example, "the docstring's Example: is the example"
    assert "Example:" not in explanation.why and "Why:" not in explanation.why
    assert "``" not in explanation.as_text()


@pytest.mark.parametrize(
    ("code", "example_starts", "why_holds"),
    [
        pytest.param("citation-year-mismatch", '"(Ziegler, 1995)"', "typo in the year", id="example-inside-the-paragraph"),
        pytest.param("doi-malformed", "`doi:10.23O7/2645561`", "malformed DOI leads readers nowhere", id="why-label-dropped"),
        pytest.param("reference-order", "entry [20] stands", "Lists where many entries", id="text-after-the-example-is-why"),
        pytest.param("citation-ambiguous", '"Haddad (2020)"', "", id="only-an-example"),
        pytest.param("reference-incomplete", "a journal article without", "Said only when", id="a-new-line-opening-a-sentence-ends-it"),
    ],
)
def test_docstring_parts(code, example_starts, why_holds):
    explanation = explain(code)
    assert explanation.example.startswith(example_starts)
    assert why_holds not in explanation.example or not why_holds
    assert why_holds in explanation.why
    if explanation.why:
        assert explanation.why[0].isupper()


def test_explanations_follow_the_checks_table():
    assert [e.code for e in explanations()] == CODES


def test_explain_command_prints_all_four_parts():
    result = CliRunner().invoke(main, ["explain", "citation-unmatched"])
    assert result.exit_code == 0
    assert result.output.startswith("citation-unmatched (error by default, or warning): A citation with no entry in the reference list.")
    for title in ("Why it matters:", "How to fix it:", "Example:"):
        assert f"\n{title}\n" in result.output
    assert HOW_TO_FIX["citation-unmatched"] in result.output


@pytest.mark.parametrize(
    ("code", "message"),
    [
        pytest.param("citation-unmatchd", "unknown check code 'citation-unmatchd'; did you mean 'citation-unmatched'?", id="typo"),
        pytest.param("citation-", "unknown check code 'citation-'", id="a-prefix-is-not-a-code"),
        pytest.param("nothing-like-it-at-all", "'citeaudit checks' lists the codes", id="far-from-every-code"),
    ],
)
def test_explain_unknown_code(code, message):
    result = CliRunner().invoke(main, ["explain", code])
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_html_links_each_code_to_its_explanation():
    html = render_html(audit_text(PAPER, "paper.md"))
    codes = set(re.findall(r'<a class="code" href="#code-([a-z-]+)"', html))
    assert codes == {"citation-unmatched", "reference-uncited"}
    for code in codes:
        anchor = re.search(rf'<div class="code-explained" id="code-{code}">(.*?)</div>', html, re.S)
        assert anchor, code
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", anchor.group(1))).split())
        assert explain(code).meaning in text
        assert "How to fix it: " + explain(code).fix in text


def test_html_without_findings_has_no_glossary(tmp_path: Path):
    clean = PAPER.replace(" and (Qimao, 1991)", "").replace("Jones, K. (1999). Another book. Test Press.\n", "")
    html = render_html(audit_text(clean, "paper.md"))
    assert 'id="glossary"' not in html
