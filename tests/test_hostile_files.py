"""Hostile files (issue 12): devices, pipes, folders, huge and empty files give one line and exit 2, fast."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.errors import InputError
from citeaudit.ingest import files as files_module
from citeaudit.ingest import read_manuscript
from citeaudit.ingest.files import is_blank, read_file_bytes


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.md"
    os.mkfifo(path)
    return path


def _sparse(tmp_path: Path, size: int, name: str = "huge.md") -> Path:
    """A file of ``size`` bytes that takes no disk: its size alone must be refused."""
    path = tmp_path / name
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        pytest.param(lambda tmp: Path("/dev/zero"), "not a regular file", id="dev-zero"),
        pytest.param(lambda tmp: Path("/dev/null"), "not a regular file", id="dev-null"),
        pytest.param(_fifo, "not a regular file", id="fifo-without-writer"),
        pytest.param(lambda tmp: tmp, "is a directory", id="directory"),
        pytest.param(lambda tmp: tmp / "nothing.md", "no such file", id="missing"),
        pytest.param(lambda tmp: _sparse(tmp, 3 << 30), "3 GiB, more than the 16 MiB", id="3-GiB-text"),
        pytest.param(lambda tmp: _sparse(tmp, 50_000_000), "more than the 16 MiB", id="50-MB-text"),
    ],
)
def test_unreadable_files_are_one_line_errors(tmp_path, make, message):
    path = make(tmp_path)
    if not path.exists() and "no such" not in message:
        pytest.skip(f"{path} is not on this system")
    started = time.perf_counter()
    with pytest.raises(InputError, match=message):
        read_manuscript(path, "markdown")
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"\xef\xbb\xbf", id="utf8-bom-only"),
        pytest.param(b"\xef\xbb\xbf \n\t\r\n", id="utf8-bom-and-space"),
        pytest.param(b"\xff\xfe \x00\n\x00", id="utf16-bom-and-space"),
        pytest.param(b"   \n\n", id="white-space"),
    ],
)
@pytest.mark.parametrize("suffix", [".md", ".txt", ".tex", ".bib", ".xml"])
def test_empty_files_are_an_error_not_an_empty_report(tmp_path, content, suffix):
    path = tmp_path / f"blank{suffix}"
    path.write_bytes(content)
    with pytest.raises(InputError, match="is empty"):
        read_manuscript(path)


@pytest.mark.parametrize(
    "content, blank",
    [
        pytest.param(b"\xef\xbb\xbfx", False, id="bom-and-text"),
        pytest.param(b"\x00\x00", False, id="nul-bytes-are-binary-not-empty"),
        pytest.param(b"\xef\xbb\xbf\n", True, id="bom-newline"),
    ],
)
def test_is_blank(content, blank):
    assert is_blank(content) is blank


def test_limit_checked_on_what_is_read_too(tmp_path, monkeypatch):
    path = tmp_path / "paper.md"
    path.write_bytes(b"x" * 2000)
    with pytest.raises(InputError, match="more than"):
        read_file_bytes(path, limit=1000)
    assert read_file_bytes(path, limit=2000) == b"x" * 2000


def test_a_long_single_line_is_read_in_bounded_time(tmp_path):
    path = tmp_path / "line.txt"
    path.write_text("Smith (2001) " + "word " * 200_000 + "\n\nReferences\n\nSmith, A. (2001). Title. Journal, 1, 1-2.\n")
    started = time.perf_counter()
    manuscript = read_manuscript(path)
    assert time.perf_counter() - started < 20.0  # about 1 s for a 1 MB line
    assert manuscript.text.startswith("Smith (2001)")


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda tmp: Path("/dev/zero"), id="dev-zero"),
        pytest.param(_fifo, id="fifo"),
        pytest.param(lambda tmp: _sparse(tmp, 1 << 30), id="1-GiB"),
        pytest.param(lambda tmp: (tmp / "bom.md").write_bytes(b"\xef\xbb\xbf") and tmp / "bom.md", id="bom-only"),
    ],
)
def test_cli_exit_2_with_one_line(tmp_path, make):
    path = make(tmp_path)
    if not path.exists():
        pytest.skip(f"{path} is not on this system")
    result = CliRunner().invoke(main, ["verify", str(path), "--offline", "--input-format", "markdown", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_text_limit_is_the_one_read_text_file_uses():
    assert files_module.MAX_TEXT_BYTES < files_module.MAX_FILE_BYTES
