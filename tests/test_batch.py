"""A whole folder in one run (issue 11): discovery, report names, workers, errors, overview, incremental runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.batch import ProcessExecutor, SerialExecutor, executor_for, find_manuscripts, manuscripts_in
from citeaudit.cli import main
from crossref_stub import CrossrefStub

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
SEED = ROOT / "seeds" / "russia-japan-conundrum.md"

CLEAN = """# A clean paper

Reference parsing is sequence labelling (Councill et al., 2008).

## References

Councill, I. G., Giles, C. L., & Kan, M.-Y. (2008). ParsCit: An open-source CRF reference string parsing package. *Proc. LREC*, 661–667.
"""

# One error: a citation with no entry.
FLAWED = CLEAN.replace("(Councill et al., 2008).", "(Councill et al., 2008) and (Okafor, 2011).")

LATEX_MAIN = "\\documentclass{article}\n\\begin{document}\nText.\n\\input{part}\n\\end{document}\n"


def _tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def _names(paths, root: Path) -> list[str]:
    return sorted(Path(p).relative_to(root).as_posix() for p in paths)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"a.md": CLEAN, "sub/b.md": CLEAN, "sub/deeper/c.txt": CLEAN}, ["a.md", "sub/b.md", "sub/deeper/c.txt"], id="nested"),
        pytest.param({"a.md": CLEAN, ".git/x.md": CLEAN, ".hidden.md": CLEAN, "node_modules/m.md": CLEAN}, ["a.md"], id="hidden-and-tooling-skipped"),
        pytest.param({"a.md": CLEAN, "~$a.docx": b"lock"}, ["a.md"], id="word-lock-file-skipped"),
        pytest.param({"README": CLEAN, "Makefile": "all:\n", "a.md": CLEAN}, ["a.md"], id="no-suffix-skipped"),
        pytest.param({"paper.tex": LATEX_MAIN, "part.tex": "More text.\n", "refs.bib": "@book{a, title={T}}\n"}, ["paper.tex"], id="latex-parts-and-its-bib-skipped"),
        pytest.param({"library.bib": "@book{a, title={T}, year={2001}}\n"}, ["library.bib"], id="bib-alone-kept"),
        pytest.param({"a.md": CLEAN, "refs/a.bib": "% Exported by citeaudit\n@book{a, title={T}}\n"}, ["a.md"], id="our-export-skipped"),
        pytest.param({"article.xml": "<article><front/></article>", "pom.xml": "<project/>"}, ["article.xml"], id="only-jats-xml"),
        pytest.param({"a.md": CLEAN, "reports/a.json": "{}", "reports/x.md": CLEAN}, ["a.md"], id="out-folder-skipped"),
    ],
)
def test_manuscripts_in_a_folder(tmp_path: Path, files: dict, expected: list[str]) -> None:
    root = _tree(tmp_path / "papers", files)
    assert _names(manuscripts_in(root, [(root / "reports").resolve()]), root) == expected


@pytest.mark.parametrize(
    ("files", "arguments", "stems", "folder_run"),
    [
        pytest.param({"a.md": CLEAN}, ["a.md"], ["a"], False, id="one-file-keeps-todays-name"),
        pytest.param({"d/a.md": CLEAN, "d/s/b.md": CLEAN}, ["d"], ["a", "s/b"], True, id="folder-places"),
        pytest.param({"d/a.md": CLEAN, "d/a.tex": LATEX_MAIN}, ["d"], ["a.md", "a.tex"], True, id="same-stem-keeps-suffix"),
        pytest.param({"d/overview.md": CLEAN}, ["d"], ["overview.md"], True, id="overview-name-reserved"),
        pytest.param({"d/x/a.md": CLEAN, "d/y/b.md": CLEAN, "d/y/c.txt": CLEAN}, ["d/*/*.md"], ["x/a", "y/b"], True, id="glob"),
        pytest.param({"d/x/a.md": CLEAN, "d/y/b.md": CLEAN}, ["d/**/*.md"], ["x/a", "y/b"], True, id="recursive-glob"),
    ],
)
def test_find_manuscripts_names_the_reports(tmp_path: Path, monkeypatch, files, arguments, stems, folder_run) -> None:
    _tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    found = find_manuscripts(arguments)
    assert list(found.stems) == stems
    assert found.folder_run is folder_run


def _verify(args: list[str], cwd: Path, command: tuple[str, ...] = ("verify",)):
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, [*command, *args], catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return _tree(
        tmp_path,
        {
            "papers/clean.md": CLEAN,
            "papers/chapter/flawed.md": FLAWED,
            "papers/chapter/broken.md": b"\xff\xfe not UTF-8",
            "papers/<b>odd&name.md": CLEAN,
        },
    )


@pytest.mark.parametrize("jobs", [pytest.param("1", id="serial"), pytest.param("2", id="two-workers")])
def test_folder_run_writes_each_report_and_an_overview(folder: Path, jobs: str) -> None:
    result = _verify(["papers", "--offline", "--out", "out", "--jobs", jobs], folder)
    # The unreadable one is its own error (2); the others complete; the exit code is the worst.
    assert result.exit_code == 2, result.output
    assert "broken.md: is not valid UTF-8" in result.output
    for stem in ("clean", "chapter/flawed", "<b>odd&name"):
        for fmt in ("json", "csv", "html"):
            assert (folder / "out" / f"{stem}.{fmt}").is_file()
    overview = json.loads((folder / "out" / "overview.json").read_text(encoding="utf-8"))
    rows = {Path(r["manuscript"]).name: r for r in overview["manuscripts"]}
    assert rows["broken.md"]["status"] == "error" and rows["broken.md"]["exit_code"] == 2
    assert rows["flawed.md"]["errors"] >= 1 and rows["flawed.md"]["exit_code"] == 1
    assert rows["clean.md"]["errors"] == 0 and rows["clean.md"]["reports"] == ["clean.json", "clean.csv", "clean.html"]
    assert overview["totals"]["failed"] == 1 and overview["totals"]["manuscripts"] == 4
    page = (folder / "out" / "overview.html").read_text(encoding="utf-8")
    assert "<b>odd" not in page and "&lt;b&gt;odd&amp;name.md" in page
    assert 'href="chapter/flawed.html"' in page and 'href="%3Cb%3Eodd%26name.html"' in page
    csv_text = (folder / "out" / "overview.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0].startswith("manuscript,status,errors,warnings,infos,exit_code")


def test_two_workers_give_what_one_gives(folder: Path) -> None:
    def rows(out: str) -> list:
        _verify(["papers", "--offline", "--out", out, "--jobs", out[-1]], folder)
        data = json.loads((folder / out / "overview.json").read_text(encoding="utf-8"))
        return sorted((r["manuscript"], r["status"], r["errors"], r["warnings"], r["infos"]) for r in data["manuscripts"])

    assert rows("out1") == rows("out2")
    assert (folder / "out1" / "chapter" / "flawed.json").read_text(encoding="utf-8").replace("out1", "") == (
        folder / "out2" / "chapter" / "flawed.json"
    ).read_text(encoding="utf-8").replace("out2", "")


def _statuses(folder: Path) -> dict[str, str]:
    data = json.loads((folder / "out" / "overview.json").read_text(encoding="utf-8"))
    return {Path(r["manuscript"]).name: r["status"] for r in data["manuscripts"]}


@pytest.mark.parametrize(
    ("change", "audited"),
    [
        pytest.param(lambda f: None, set(), id="nothing-changed"),
        pytest.param(lambda f: (f / "papers/clean.md").write_text(CLEAN + "\nMore.\n", encoding="utf-8"), {"clean.md"}, id="content"),
        pytest.param(lambda f: os.utime(f / "papers/clean.md", (1, 1)), set(), id="only-mtime"),
        pytest.param(lambda f: (f / "out/chapter/flawed.html").unlink(), {"flawed.md"}, id="report-deleted"),
        pytest.param(lambda f: _verify(["baseline", "papers/clean.md"], f, command=()), {"clean.md"}, id="baseline-appeared"),
    ],
)
def test_unchanged_manuscripts_are_not_audited_again(folder: Path, change, audited: set[str]) -> None:
    (folder / "papers/chapter/broken.md").unlink()
    _verify(["papers", "--offline", "--out", "out", "--jobs", "1"], folder)
    change(folder)
    result = _verify(["papers", "--offline", "--out", "out", "--jobs", "1"], folder)
    statuses = _statuses(folder)
    assert {name for name, status in statuses.items() if status != "unchanged"} == audited, result.output
    assert result.exit_code == 1  # the flawed one still fails the run, audited or not


@pytest.mark.parametrize(
    "again",
    [
        pytest.param(["--force"], id="force"),
        pytest.param(["--fail-on", "warning"], id="other-settings"),
        pytest.param(["--select", "citation"], id="other-selection"),
    ],
)
def test_force_or_other_settings_audit_again(folder: Path, again: list[str]) -> None:
    _verify(["papers", "--offline", "--out", "out", "--jobs", "1"], folder)
    _verify(["papers", "--offline", "--out", "out", "--jobs", "1", *again], folder)
    assert set(_statuses(folder).values()) <= {"audited", "error"}


def test_a_bibliography_change_audits_its_manuscript_again(tmp_path: Path) -> None:
    _tree(tmp_path, {
        "p/paper.md": "---\nbibliography: refs.bib\n---\n\nAs shown [@a].\n",
        "p/refs.bib": "@article{a, author={Okafor, N.}, title={A title}, journal={J}, year={2011}}\n",
    })  # fmt: skip
    _verify(["p", "--offline", "--out", "out", "--jobs", "1"], tmp_path)
    _verify(["p", "--offline", "--out", "out", "--jobs", "1"], tmp_path)
    assert _statuses(tmp_path) == {"paper.md": "unchanged"}
    (tmp_path / "p/refs.bib").write_text("@article{a, author={Okafor, N.}, title={A title}, journal={J}, year={2012}}\n", encoding="utf-8")
    _verify(["p", "--offline", "--out", "out", "--jobs", "1"], tmp_path)
    assert _statuses(tmp_path) == {"paper.md": "audited"}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_changed_only_audits_what_git_says_changed(folder: Path) -> None:
    (folder / "papers/chapter/broken.md").unlink()

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "add", "papers")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-q", "-m", "papers")
    (folder / "papers/chapter/flawed.md").write_text(FLAWED + "\nEdited.\n", encoding="utf-8")
    result = _verify(["papers", "--offline", "--out", "out", "--changed-only", "HEAD"], folder)
    assert result.exit_code == 1
    assert _statuses(folder) == {"flawed.md": "audited"}
    bad = _verify(["papers", "--offline", "--out", "out", "--changed-only", "no-such-ref"], folder)
    assert bad.exit_code == 2 and "--changed-only" in bad.output


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = _verify(["empty", "--offline", "--out", "out"], tmp_path)
    assert result.exit_code == 2 and "no manuscript found" in result.output


def test_format_none_writes_nothing(folder: Path) -> None:
    result = _verify(["papers", "--offline", "--out", "out", "--format", "none", "--jobs", "1"], folder)
    assert result.exit_code == 2
    assert not (folder / "out").exists()


# --- the executors -----------------------------------------------------------------------------


def _square(n: int) -> int:
    return n * n


def _dies_on_three(n: int) -> int:
    if n == 3:
        os._exit(9)  # a worker killed (out of memory, a native crash)
    return n * n


@pytest.mark.parametrize(
    "executor",
    [pytest.param(SerialExecutor(), id="serial"), pytest.param(ProcessExecutor(2), id="processes")],
)
def test_executors_hand_back_every_result(executor) -> None:
    assert sorted(executor.run(_square, [1, 2, 3, 4])) == [(0, 1), (1, 4), (2, 9), (3, 16)]


def test_a_dying_worker_loses_only_its_own_item() -> None:
    results = dict(ProcessExecutor(2).run(_dies_on_three, [1, 2, 3, 4, 5]))
    assert isinstance(results.pop(2), BaseException)
    assert results == {0: 1, 1: 4, 3: 16, 4: 25}


@pytest.mark.parametrize(
    ("jobs", "online", "count", "kind"),
    [
        pytest.param(2, False, 10, ProcessExecutor, id="offline-folder"),
        pytest.param(1, False, 10, SerialExecutor, id="jobs-1"),
        pytest.param(2, True, 10, SerialExecutor, id="online-shares-one-client"),
        pytest.param(4, False, 1, SerialExecutor, id="one-manuscript"),
    ],
)
def test_executor_for(jobs: int, online: bool, count: int, kind: type) -> None:
    assert isinstance(executor_for(jobs, online, count), kind)


def test_online_folder_keeps_to_the_limits(tmp_path: Path) -> None:
    """Several manuscripts online with --jobs 2: one client, so never over the pool's limits."""
    for n in range(2):
        (tmp_path / "p").mkdir(exist_ok=True)
        shutil.copy(SEED, tmp_path / "p" / f"seed{n}.md")
    with CrossrefStub(enforce=True) as stub:
        args = ["p", "--out", "out", "--format", "json", "--crossref-url", stub.url, "--mailto", "editor@example.org",
                "--cache", str(tmp_path / "cache.sqlite3"), "--jobs", "2"]  # fmt: skip
        result = _verify(args, tmp_path)
        assert result.exit_code in (0, 1), result.output
        assert "one at a time" in result.output
        assert stub.stats.requests > 0
        assert stub.stats.throttled == 0
        assert stub.stats.peak_in_flight <= 3
        first = stub.stats.requests
        # The second copy was answered from the shared cache; a warm re-run asks nothing.
        _verify([*args, "--force"], tmp_path)
        assert stub.stats.requests == first


@pytest.mark.parametrize(
    ("make", "protected"),
    [
        pytest.param(lambda d: d / "paper.md", True, id="itself"),
        pytest.param(lambda d: d / "sub" / ".." / "paper.md", True, id="dot-dot"),
        pytest.param(lambda d: (d / "link.md").symlink_to(d / "paper.md") or d / "link.md", True, id="symlink"),
        pytest.param(lambda d: os.link(d / "paper.md", d / "hard.md") or d / "hard.md", True, id="hard-link"),
        pytest.param(lambda d: d / "other.md", False, id="another-file"),
        pytest.param(lambda d: d / "not-there.json", False, id="not-there"),
    ],
)
def test_protected_files_match_as_same_file_does(tmp_path: Path, make, protected: bool) -> None:
    from citeaudit.report.files import Protected, same_file

    (tmp_path / "sub").mkdir()
    (tmp_path / "paper.md").write_text("x", encoding="utf-8")
    (tmp_path / "other.md").write_text("y", encoding="utf-8")
    target = make(tmp_path)
    guarded = Protected([tmp_path / "paper.md"]).plus([tmp_path / "refs.bib"])
    assert (guarded.match(target) is not None) is protected
    assert same_file(target, tmp_path / "paper.md") is protected


def test_workers_that_cannot_start_leave_the_work_to_this_process() -> None:
    """A program read from stdin cannot be imported again by a spawned worker: every item would
    break its pool; the executor sees that no worker starts and runs them itself."""
    import sys

    script = "from citeaudit.batch import ProcessExecutor\nprint(sorted(ProcessExecutor(2).run(abs, [-1, -2, 3])))\n"
    done = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.stdout.strip() == "[(0, 1), (1, 2), (2, 3)]", done.stderr[-2000:]
