"""Opening the user's file: one place that turns OS errors into one-line InputErrors.

Every read is bounded: only a regular file is read (never a FIFO, a device such as /dev/zero,
or a socket, which could block or never end), and never more than a limit of bytes, checked on
the file's size before reading and again on what was read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import InputError

#: A text manuscript (Markdown, LaTeX, .bib, JATS) larger than this is refused: a book-length
#: source is 1-3 MB, so 16 MiB is far beyond any manuscript and still read in bounded time.
MAX_TEXT_BYTES = 16 * 1024 * 1024
#: Any file read (a PDF or DOCX with its images included) larger than this is refused.
MAX_FILE_BYTES = 200 * 1024 * 1024

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")  # UTF-8, UTF-16 LE, UTF-16 BE


def read_file_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a manuscript file, at most ``limit`` of them, or an InputError saying in one line why not."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a manuscript")
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting forever;
        # the kind of file is then asked of the open descriptor, so nothing swaps it in between.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise InputError(f"{path}: is not a regular file (a device, pipe or socket); give a manuscript file")
            if info.st_size > limit:
                raise InputError(f"{path}: is {_size(info.st_size)}, more than the {_size(limit)} a manuscript may be")
            data = handle.read(limit + 1)  # a file that grows while read still stops at the limit
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise InputError(f"{path}: is more than the {_size(limit)} a manuscript may be")
    if is_blank(data):
        raise InputError(f"{path}: is empty")
    return data


def is_blank(data: bytes) -> bool:
    """Whether a file holds nothing but a byte-order mark and white space."""
    if data.startswith(_BOMS[0]):
        data = data[len(_BOMS[0]) :]
    elif data.startswith(_BOMS[1:]):  # UTF-16: each space is a space and a zero byte
        data = data[2:].replace(b"\x00", b"")
    return not data.strip()


def _size(count: int) -> str:
    """A byte count as people say it: '16 MiB', '3.2 GiB', '512 bytes'."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"
