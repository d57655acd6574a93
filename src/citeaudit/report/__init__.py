"""Renderers: a Report in, text out (JSON, CSV, HTML, a terminal summary); files only in ``write_reports``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import UsageError
from ..model import Report
from .csv import render_csv
from .html import render_html
from .json import render_json, report_to_dict
from .text import render_summary

__all__ = [
    "RENDERERS",
    "render_csv",
    "render_html",
    "render_json",
    "render_summary",
    "report_to_dict",
    "write_reports",
]

RENDERERS: dict[str, Callable[[Report], str]] = {
    "json": render_json,
    "csv": render_csv,
    "html": render_html,
}


def write_reports(report: Report, out_dir: Path, stem: str, formats: Iterable[str]) -> list[Path]:
    """Write ``<out_dir>/<stem>.<fmt>`` for each format (UTF-8) and return the paths written.

    Every target is checked before anything is written: an unknown format, or a target that is
    the manuscript itself, raises UsageError and leaves the disk as it was.
    """
    out_dir = Path(out_dir)
    wanted = list(dict.fromkeys(formats))
    unknown = [fmt for fmt in wanted if fmt not in RENDERERS]
    if unknown:
        raise UsageError(
            f"unknown report format {', '.join(map(repr, unknown))}; choose from {', '.join(RENDERERS)}"
        )
    targets = [(fmt, out_dir / f"{stem}.{fmt}") for fmt in wanted]
    manuscript = Path(report.manuscript.path)
    for _, target in targets:
        if _same_file(target, manuscript):
            raise UsageError(f"refusing to overwrite the manuscript {manuscript} with a report")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt, target in targets:
        text = RENDERERS[fmt](report)
        # newline="" writes the text as rendered: "\r\n" in CSV rows, "\n" elsewhere, on every OS.
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        written.append(target)
    return written


def _same_file(target: Path, manuscript: Path) -> bool:
    if target.resolve() == manuscript.resolve():
        return True
    try:
        return os.path.samefile(target, manuscript)
    except OSError:  # one of them does not exist (yet), so they cannot be the same file
        return False
