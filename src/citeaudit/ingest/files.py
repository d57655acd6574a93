"""Opening the user's file: one place that turns OS errors into one-line InputErrors."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError


def read_file_bytes(path: Path) -> bytes:
    """The bytes of a manuscript file, or an InputError saying in one line why not."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a manuscript")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise InputError(f"{path}: is empty")
    return data
