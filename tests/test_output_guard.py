"""Output never destroys input (issue 12): --out/--refs/-o refused or written atomically, through the CLI."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.errors import UsageError
from citeaudit.report.files import EXPORT_HEADER, check_directory, guard_target, write_text

# A small manuscript of our own: one citation, two references (one uncited), so reports have rows.
PAPER = """\
# Study

Earlier work (Smith, 2001) found this.

## References

Smith, J. (2001). Reading citations. Journal of Tests, 3(2), 1-10.
Jones, K. (1999). Another book. Test Press.
"""

# A LaTeX manuscript that reads its own paper.bib.
TEX = """\
\\documentclass{article}
\\begin{document}
As shown by \\cite{smith01}.
\\bibliography{paper}
\\end{document}
"""

BIB = """\
@article{smith01,
  author = {Smith, John},
  title = {Reading {DNA} citations},
  journal = {Journal of Tests},
  year = {2001},
  abstract = {Hand-curated; must survive.},
}
"""


@pytest.fixture()
def runner():
    return CliRunner()


@pytest.fixture()
def paper(tmp_path: Path) -> Path:
    path = tmp_path / "paper.md"
    path.write_text(PAPER, encoding="utf-8")
    return path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def _one_error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("citeaudit: error:"), result.output
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        pytest.param(["--out", "{paper}"], "existing file", id="out-is-the-manuscript"),
        pytest.param(["--out", "{other}"], "existing file", id="out-is-another-file"),
        pytest.param(["--out", "{tmp}/report.html"], "looks like a file name", id="out-looks-like-a-file"),
        pytest.param(["--out", "{tmp}/out.json"], "looks like a file name", id="out-json-name"),
        pytest.param(["--refs", "{paper}"], "existing file", id="refs-is-the-manuscript"),
        pytest.param(["--refs", "{other}"], "existing file", id="refs-is-another-file"),
        pytest.param(["--refs", "{tmp}/refs.bib"], "looks like a file name", id="refs-looks-like-a-file"),
        pytest.param(["--out", "{link}"], "existing file", id="out-is-a-symlink-to-the-manuscript"),
    ],
)
def test_out_and_refs_that_are_files_are_refused_before_anything_is_written(runner, tmp_path, paper, args, needle):
    other = tmp_path / "notes.txt"
    other.write_text("mine", encoding="utf-8")
    (tmp_path / "link").symlink_to(paper)
    args = [a.format(paper=paper, other=other, tmp=tmp_path, link=tmp_path / "link") for a in args]
    before = _snapshot(tmp_path)
    result = runner.invoke(main, ["verify", str(paper), "--offline", *args])
    assert result.exit_code == 2
    assert needle in _one_error_line(result)
    assert _snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "notes.txt", "paper.md"]


def test_out_as_a_plain_directory_name_is_made(runner, tmp_path, paper):
    result = runner.invoke(main, ["verify", str(paper), "--offline", "--out", str(tmp_path / "reports.v2"), "-q"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "reports.v2" / "paper.json").is_file()


def _latex(tmp_path: Path, header: bool) -> Path:
    (tmp_path / "paper.tex").write_text(TEX, encoding="utf-8")
    (tmp_path / "paper.bib").write_text((EXPORT_HEADER + " (an old export)\n" if header else "") + BIB, encoding="utf-8")
    return tmp_path / "paper.tex"


@pytest.mark.parametrize("header", [pytest.param(False, id="hand-written"), pytest.param(True, id="with-our-header")])
def test_refs_never_replaces_the_bibliography_the_manuscript_reads(runner, tmp_path, header):
    manuscript = _latex(tmp_path, header)
    bib_before = (tmp_path / "paper.bib").read_bytes()
    result = runner.invoke(main, ["verify", str(manuscript), "--offline", "--out", str(tmp_path / "out"), "--refs", str(tmp_path)])
    assert result.exit_code == 2
    assert "a file one reads" in _one_error_line(result)
    assert (tmp_path / "paper.bib").read_bytes() == bib_before
    assert not (tmp_path / "out").exists()  # refused before this manuscript's reports were written


def test_export_never_replaces_the_bibliography_the_manuscript_reads_even_with_force(runner, tmp_path):
    manuscript = _latex(tmp_path, header=True)
    bib_before = (tmp_path / "paper.bib").read_bytes()
    result = runner.invoke(main, ["export", str(manuscript), "-o", str(tmp_path / "paper.bib"), "--force"])
    assert result.exit_code == 2
    assert "a file one reads" in _one_error_line(result)
    assert (tmp_path / "paper.bib").read_bytes() == bib_before


@pytest.mark.parametrize(
    ("existing", "force", "exit_code", "replaced"),
    [
        pytest.param(None, False, 0, True, id="new-file"),
        pytest.param(EXPORT_HEADER + " from the manuscript's reference list.\n\n@misc{old}\n", False, 0, True, id="our-own-export"),
        pytest.param("@book{mine, title={Mine}}\n", False, 2, False, id="foreign-file"),
        pytest.param("@book{mine, title={Mine}}\n", True, 0, True, id="foreign-file-forced"),
        pytest.param("x" * 5000 + "\n" + EXPORT_HEADER + "\n", False, 2, False, id="header-not-on-the-first-line"),
    ],
)
def test_refs_overwrites_only_our_own_exports(runner, tmp_path, paper, existing, force, exit_code, replaced):
    refs = tmp_path / "refs"
    refs.mkdir()
    target = refs / "paper.bib"
    if existing is not None:
        target.write_text(existing, encoding="utf-8")
    args = ["export", str(paper), "-o", str(target)] + (["--force"] if force else [])
    result = runner.invoke(main, args)
    assert result.exit_code == exit_code, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith(EXPORT_HEADER) is replaced
    if not replaced:
        assert text == existing
    assert [p.name for p in refs.iterdir()] == ["paper.bib"]  # no temporary file left behind


@pytest.mark.parametrize("order", [pytest.param("tex-first", id="reader-first"), pytest.param("md-first", id="exporter-first")])
def test_one_manuscripts_export_never_replaces_another_manuscripts_bibliography(runner, tmp_path, order):
    # refs.md exports to ./refs.bib, which paper.tex reads; an old export header does not make it ours.
    tex = _latex(tmp_path, header=True)
    tex.write_text(TEX.replace("{paper}", "{refs}"), encoding="utf-8")
    (tmp_path / "paper.bib").rename(tmp_path / "refs.bib")
    other = tmp_path / "refs.md"
    other.write_text(PAPER, encoding="utf-8")
    bib_before = (tmp_path / "refs.bib").read_bytes()
    manuscripts = [str(tex), str(other)] if order == "tex-first" else [str(other), str(tex)]
    result = runner.invoke(main, ["verify", *manuscripts, "--offline", "--out", str(tmp_path / "out"), "--refs", str(tmp_path), "-q"])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("citeaudit: error:")]
    assert len(errors) == 1 and "refs.bib" in errors[0] and "a file one reads" in errors[0]
    assert (tmp_path / "refs.bib").read_bytes() == bib_before
    assert (tmp_path / "out" / "paper.json").exists()  # the other manuscript completed


def test_verify_refs_refuses_a_foreign_bib_and_says_how_out(runner, tmp_path, paper):
    (tmp_path / "paper.bib").write_text(BIB, encoding="utf-8")
    result = runner.invoke(main, ["verify", str(paper), "--offline", "--out", str(tmp_path / "out"), "--refs", str(tmp_path)])
    assert result.exit_code == 2
    line = _one_error_line(result)
    assert "not written by citeaudit; choose another --refs folder" in line and "--force" not in line
    assert (tmp_path / "paper.bib").read_text(encoding="utf-8") == BIB


def test_a_symlink_named_like_a_report_is_replaced_not_followed(runner, tmp_path, paper):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "paper.csv").symlink_to(victim)
    result = runner.invoke(main, ["verify", str(paper), "--offline", "--out", str(out), "--format", "csv", "-q"])
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not (out / "paper.csv").is_symlink()
    assert (out / "paper.csv").read_bytes().startswith(b"\xef\xbb\xbfcode,")


def test_a_symlink_to_the_manuscript_in_out_is_refused(runner, tmp_path, paper):
    out = tmp_path / "out"
    out.mkdir()
    (out / "paper.json").symlink_to(paper)
    result = runner.invoke(main, ["verify", str(paper), "--offline", "--out", str(out), "-q"])
    assert result.exit_code == 2
    assert "refusing to overwrite" in _one_error_line(result)
    assert paper.read_text(encoding="utf-8") == PAPER


def test_reports_keep_the_old_file_mode_and_leave_no_temporary_file(tmp_path):
    target = tmp_path / "r.json"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "r.json"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(UsageError, match="No space left on device"):
        write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


@pytest.mark.parametrize("first_line", [pytest.param(b"", id="no-newline-at-all"), pytest.param(EXPORT_HEADER.encode() + b"\n", id="ours")])
def test_the_guard_reads_only_the_first_line_of_a_huge_file(tmp_path, first_line):
    target = tmp_path / "huge.bib"
    with open(target, "wb") as handle:
        handle.write(first_line)
        handle.truncate(2**31)  # 2 GiB, sparse: reading it all would take seconds and gigabytes
    started = time.monotonic()
    if first_line:
        guard_target(target, [], header=EXPORT_HEADER)
    else:
        with pytest.raises(UsageError, match="not written by citeaudit"):
            guard_target(target, [], header=EXPORT_HEADER)
    assert time.monotonic() - started < 1.0


def test_the_guard_never_reads_a_device(tmp_path):
    started = time.monotonic()
    guard_target(Path("/dev/zero"), [], header=EXPORT_HEADER)  # would never end if read to its end
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(
    ("name", "make", "ok"),
    [
        pytest.param("fresh", None, True, id="new-directory"),
        pytest.param("exists", "dir", True, id="existing-directory"),
        pytest.param("file", "file", False, id="existing-file"),
        pytest.param("report.HTML", None, False, id="file-like-suffix-any-case"),
        pytest.param("version.1.2", None, True, id="dotted-directory-name"),
    ],
)
def test_check_directory(tmp_path, name, make, ok):
    path = tmp_path / name
    if make == "dir":
        path.mkdir()
    elif make == "file":
        path.write_text("x", encoding="utf-8")
    if ok:
        check_directory(path, "--out")
    else:
        with pytest.raises(UsageError):
            check_directory(path, "--out")


def test_output_refusals_are_output_errors_and_usage_errors(tmp_path):
    from citeaudit.errors import OutputError

    manuscript = tmp_path / "paper.md"
    manuscript.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        guard_target(manuscript, [manuscript])
    assert isinstance(caught.value, UsageError)  # the CLI's one catch turns it into exit 2
