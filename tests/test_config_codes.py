"""Unknown check codes are an error naming the closest code (issue 13): a typo in --select must
never select nothing and pass a CI gate."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.errors import UsageError
from citeaudit.settings import check_codes

PAPER = """\
# Study

Earlier work (Smith, 2001) and (Qimao, 1991) found this.

## References

Smith, J. (2001). Reading citations. Journal of Tests, 3(2), 1-10.
Jones, K. (1999). Another book. Test Press.
"""


@pytest.mark.parametrize(
    ("values", "exact"),
    [
        pytest.param(["citation-unmatched"], False, id="a-whole-code"),
        pytest.param(["citation-"], False, id="a-prefix-of-several"),
        pytest.param(["doi"], False, id="a-word-prefix"),
        pytest.param(["reference-uncited", "doi-"], False, id="several"),
        pytest.param(["citation-unmatched"], True, id="exact-code"),
    ],
)
def test_known_codes_and_prefixes_pass(values, exact):
    check_codes(values, "--select", exact=exact)


@pytest.mark.parametrize(
    ("values", "exact", "closest"),
    [
        pytest.param(["citation-unmatchd"], False, "citation-unmatched", id="typo-in-a-code"),
        pytest.param(["dio-"], False, "doi-", id="typo-in-a-prefix"),
        pytest.param(["refrence-uncited"], False, "reference-uncited", id="typo-in-the-first-word"),
        pytest.param(["citation-"], True, None, id="a-prefix-where-a-whole-code-is-needed"),
        pytest.param(["citation-unmatched", "zzz"], False, None, id="the-second-value-unknown"),
    ],
)
def test_unknown_codes_are_an_error_with_the_closest(values, exact, closest):
    with pytest.raises(UsageError) as raised:
        check_codes(values, "--select", exact=exact)
    message = str(raised.value)
    assert "unknown check code" in message and "--select" in message
    if closest:
        assert f"did you mean {closest!r}?" in message
    else:
        assert "citeaudit checks" in message or "did you mean" in message


@pytest.mark.parametrize(
    ("option", "value", "closest"),
    [
        pytest.param("--select", "citation-unmatchd", "citation-unmatched", id="select-typo"),
        pytest.param("--ignore", "reference-uncitd", "reference-uncited", id="ignore-typo"),
        pytest.param("--select", "dio-", "doi-", id="select-prefix-typo"),
    ],
)
def test_verify_refuses_an_unknown_code(tmp_path: Path, option, value, closest):
    paper = tmp_path / "paper.md"
    paper.write_text(PAPER, encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(paper), "--offline", "--out", str(tmp_path / "out"), option, value])
    assert result.exit_code == 2
    assert f"unknown check code {value!r} in {option}; did you mean {closest!r}?" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # refused before anything was written


@pytest.mark.parametrize(
    ("select", "exit_code"),
    [
        pytest.param("citation-", 1, id="prefix-selects-the-unmatched-citation"),
        pytest.param("reference-", 0, id="prefix-selects-warnings-only"),
        pytest.param("citation-unmatched", 1, id="whole-code"),
    ],
)
def test_verify_accepts_prefixes_of_real_codes(tmp_path: Path, select, exit_code):
    paper = tmp_path / "paper.md"
    paper.write_text(PAPER, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["verify", str(paper), "--offline", "--out", str(tmp_path / "out"), "--format", "json", "--select", select, "-q"]
    )
    assert result.exit_code == exit_code, result.output
