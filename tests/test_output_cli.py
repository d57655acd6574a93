"""The CLI boundary (issue 12): literal terminal text, several manuscripts, bad input is exit 2 without a traceback."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from citeaudit.cli import main
from citeaudit.report.text import markup_safe, visible

PAPER = """\
# Study

Earlier work (Smith, 2001) found this.

## References

Smith, J. (2001). Reading citations. Journal of Tests, 3(2), 1-10.
Jones, K. (1999). Another book. Test Press.
"""

# A citation with no reference whose name rings the bell; an uncited entry with markup and HTML.
HOSTILE = """\
# Study

Earlier work (Smith, 2001) and (Brown\x07, 2009) found this.

## References

Smith, J. (2001). Reading citations. Journal of Tests, 3(2), 1-10.
Corp, K. (1999). Another <script>alert(2)</script> [bold red]book[/bold red]. Test Press.
"""


@pytest.fixture()
def runner():
    return CliRunner()


def _write(folder: Path, name: str, text: str = PAPER) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        pytest.param("a\x1b[2Jb", "a\\x1b[2Jb", id="esc-sequence"),
        pytest.param("bell\x07", "bell\\x07", id="bell"),
        pytest.param("c1\x9b31m", "c1\\x9b31m", id="c1-csi"),
        pytest.param("abc\u202edef", "abc\\u202edef", id="bidi-override"),
        pytest.param("two\nlines\tand tab", "two lines and tab", id="whitespace-kept-on-one-line"),
        pytest.param("Müller 東京 – ok", "Müller 東京 – ok", id="ordinary-unicode-untouched"),
    ],
)
def test_visible(text, shown):
    assert visible(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[bold red]x.md", id="tag"),
        pytest.param("a[", id="open-bracket"),
        pytest.param("]b.md", id="close-bracket"),
        pytest.param("ends with backslash\\", id="trailing-backslash"),
        pytest.param("[/]", id="closing-tag"),
        pytest.param("\\[escaped]", id="already-escaped"),
    ],
)
def test_markup_safe_prints_literally(text):
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(f"[bold]{markup_safe(text)}[/bold] after")
    assert console.file.getvalue() == f"{text} after\n"


def test_manuscript_names_with_markup_print_literally(runner, tmp_path):
    first = _write(tmp_path, "[bold red]x.md")
    second = _write(tmp_path, "]b.md")
    out = tmp_path / "a["
    for path in (first, second):
        result = runner.invoke(main, ["verify", str(path), "--offline", "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert str(path) in result.output  # the header line names it as it is
        assert f"reports: {out / path.stem}.json" in result.output
        quiet = runner.invoke(main, ["verify", str(path), "--offline", "--out", str(out), "-q"])
        assert quiet.output.startswith(f"{path}: ")


def test_control_characters_from_the_manuscript_never_reach_the_terminal(runner, tmp_path):
    path = _write(tmp_path, "e\x1b[2J\u202e[bold]x.md", HOSTILE)
    result = runner.invoke(main, ["verify", str(path), "--offline", "--out", str(tmp_path / "out"), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert not re.search(r"[\x00-\x09\x0b-\x1f\u202e]", result.output)
    assert "e\\x1b[2J\\u202e[bold]x.md" in result.output  # shown, not obeyed, markup as written
    assert "Brown\\x07 (2009)" in result.output


def test_emoji_codes_in_names_print_as_written(runner, tmp_path):
    path = _write(tmp_path, ":warning:paper.md", HOSTILE.replace("Brown", "Brown:smile:"))
    result = runner.invoke(main, ["verify", str(path), "--offline", "--out", str(tmp_path / "out"), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert ":warning:paper.md" in result.output and "⚠" not in result.output


def test_control_characters_in_an_error_line_are_made_visible(runner, tmp_path):
    result = runner.invoke(main, ["verify", str(tmp_path / "no\x1b[2Jsuch.md"), "--offline", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    assert "no\\x1b[2Jsuch.md: no such file" in result.output


def test_several_manuscripts_one_failing_the_rest_complete(runner, tmp_path):
    good = _write(tmp_path, "good.md")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    also_good = _write(tmp_path, "also.md")
    out = tmp_path / "out"
    result = runner.invoke(main, ["verify", str(good), str(binary), str(tmp_path / "missing.md"), str(also_good), "--offline", "--out", str(out), "-q"])
    assert result.exit_code == 2  # the worst of all: a usage error beats findings
    errors = [line for line in result.output.splitlines() if line.startswith("citeaudit: error:")]
    assert len(errors) == 2
    assert "binary.md" in errors[0] and "missing.md" in errors[1]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{stem}.{fmt}" for stem in ("good", "also") for fmt in ("json", "csv", "html")
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [pytest.param("never", 0, id="no-findings-count"), pytest.param("warning", 1, id="findings-count")],
)
def test_several_good_manuscripts_exit_with_the_worst(runner, tmp_path, fail_on, expected):
    paths = [_write(tmp_path, f"p{i}.md") for i in range(2)]
    result = runner.invoke(main, ["verify", *map(str, paths), "--offline", "--out", str(tmp_path / "out"), "--fail-on", fail_on, "-q"])
    assert result.exit_code == expected, result.output
    assert len(result.output.splitlines()) == 2


BAD_INVOCATIONS = [
    pytest.param(["verify"], id="no-manuscript"),
    pytest.param(["verify", "{paper}", "--format", "pdf"], id="unknown-format"),
    pytest.param(["verify", "{paper}", "--format", ","], id="empty-format"),
    pytest.param(["verify", "{paper}", "--fail-on", "fatal"], id="unknown-fail-on"),
    pytest.param(["verify", "{paper}", "--timeout", "soon"], id="timeout-not-a-number"),
    pytest.param(["verify", "{paper}", "--timeout", "0"], id="timeout-zero"),
    pytest.param(["verify", "{paper}", "--max-retries", "-1"], id="negative-retries"),
    pytest.param(["verify", "{paper}", "--no-such-option"], id="unknown-option"),
    pytest.param(["verify", "{paper}", "--input-format", "rtf"], id="unknown-input-format"),
    pytest.param(["verify", "{tmp}/missing.md", "--out", "{tmp}/out"], id="missing-manuscript"),
    pytest.param(["verify", "{paper}", "{paper}", "--out", "{tmp}/out"], id="same-manuscript-twice"),
    pytest.param(["verify", "{paper}", "--out", "{paper}"], id="out-is-the-manuscript"),
    pytest.param(["verify", "{paper}", "--refs", "{paper}", "--offline"], id="refs-is-the-manuscript"),
    pytest.param(["verify", "{paper}", "--out", "{tmp}/r.html"], id="out-looks-like-a-file"),
    pytest.param(["verify", "{paper}", "--bib", "{tmp}/missing.bib", "--offline", "--out", "{tmp}/out"], id="missing-bib"),
    pytest.param(["export", "{paper}", "-o", "{paper}"], id="export-over-the-manuscript"),
    pytest.param(["export", "{paper}", "-o", "{tmp}"], id="export-to-a-directory"),
    pytest.param(["export", "{paper}", "-o", "{tmp}/f/x.bib"], id="export-below-a-file"),
    pytest.param(["export", "{tmp}/missing.md"], id="export-missing"),
    pytest.param(["export", "{paper}", "--enrich", "--offline"], id="enrich-offline"),
    pytest.param(["nonsense"], id="unknown-command"),
]


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


@pytest.mark.parametrize("args", BAD_INVOCATIONS)
def test_bad_invocations_exit_2_with_one_line(runner, tmp_path, args):
    paper = _write(tmp_path, "paper.md")
    (tmp_path / "f").write_text("a file, not a folder", encoding="utf-8")
    before = paper.read_bytes()
    result = runner.invoke(main, [a.format(paper=paper, tmp=tmp_path) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert paper.read_bytes() == before
    lines = _error_lines(result.output)
    assert len(lines) == 1 and lines[0].startswith("citeaudit: error: "), result.output


def test_no_command_shows_the_help(runner):
    result = runner.invoke(main, [])
    assert "Usage:" in result.output and "verify" in result.output
    assert "Traceback" not in result.output


def test_reports_csv_starts_with_a_bom_and_reads_back(runner, tmp_path):
    path = _write(tmp_path, "paper.md", PAPER.replace("Jones, K.", "Jöns, K."))
    result = runner.invoke(main, ["verify", str(path), "--offline", "--out", str(tmp_path / "out"), "--format", "csv", "-q"])
    assert result.exit_code in (0, 1), result.output
    data = (tmp_path / "out" / "paper.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and list(rows[0])[0] == "code"
    assert any("Jöns" in row["reference_text"] for row in rows)


def test_html_report_keeps_hostile_names_and_text_escaped(runner, tmp_path):
    name = "<script>alert(1)<"  # a file name may hold < and > on POSIX
    folder = tmp_path / "x"
    folder.mkdir()
    path = _write(folder, f"{name}.md", HOSTILE)
    out = tmp_path / "out"
    result = runner.invoke(main, ["verify", str(path), "--offline", "--out", str(out), "--format", "html", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    page = next(out.iterdir()).read_text(encoding="utf-8")
    assert "alert(1)" in page and "alert(2)" in page  # shown ...
    assert len(re.findall(r"<script", page, flags=re.IGNORECASE)) == 1  # ... but our own script is the only one


def test_html_long_urls_wrap_inside_the_findings_table():
    from citeaudit.report.html import _asset

    css = _asset("report.css")
    assert re.search(r"td\.finding[^{]*\{[^}]*overflow-wrap:\s*anywhere", css)
