"""Exports to things that are not regular files (issue 12): a pipe, a FIFO, /dev/full: never hang."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from citeaudit.report.files import EXPORT_HEADER

PAPER = """\
# Study

Earlier work (Smith, 2001) found this.

## References

Smith, J. (2001). Reading citations. Journal of Tests, 3(2), 1-10.
Jones, K. (1999). Another book. Test Press.
"""

pytestmark = pytest.mark.skipif(
    not (os.path.exists("/dev/full") and hasattr(os, "mkfifo") and os.path.islink("/dev/stdout")),
    reason="needs Linux device files (/dev/full, /dev/stdout) and FIFOs",
)

CLI = [sys.executable, "-c", "from citeaudit.cli import main; main()"]


def _export(paper: Path, target: str, *extra: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    env = {**os.environ, "CITEAUDIT_CROSSREF_URL": "http://127.0.0.1:9"}
    return subprocess.run(
        [*CLI, "export", str(paper), "-o", target, *extra],
        stdout=stdout, stderr=subprocess.PIPE, timeout=60, env=env, check=False,
    )


@pytest.fixture()
def paper(tmp_path: Path) -> Path:
    path = tmp_path / "paper.md"
    path.write_text(PAPER, encoding="utf-8")
    return path


def test_dev_stdout_into_a_pipe_streams(paper):
    result = _export(paper, "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8").startswith(EXPORT_HEADER)
    assert os.path.islink("/dev/stdout")


def test_dev_stdout_redirected_to_a_file_writes_the_file_not_dev(paper, tmp_path):
    target = tmp_path / "out.bib"
    with open(target, "wb") as handle:
        result = _export(paper, "/dev/stdout", stdout=handle)
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith(EXPORT_HEADER)
    assert os.path.islink("/dev/stdout")  # the system's link is never replaced


def test_dev_full_is_a_clear_error(paper):
    result = _export(paper, "/dev/full", "--force")
    assert result.returncode == 2
    err = result.stderr.decode("utf-8")
    assert err.strip() == "citeaudit: error: cannot write /dev/full: No space left on device"


def test_a_fifo_nobody_reads_is_an_error_not_a_hang(paper, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = _export(paper, str(fifo))
    assert result.returncode == 2
    assert "FIFO that nobody reads from" in result.stderr.decode("utf-8")


def test_a_fifo_with_a_reader_gets_the_export(paper, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    # The reader blocks in open() until a writer comes; give it a moment to get there.
    for _ in range(50):
        result = _export(paper, str(fifo))
        if result.returncode == 0:
            break
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert received and received[0].decode("utf-8").startswith(EXPORT_HEADER)
