"""Renderers: a Report in, text out (JSON, CSV, HTML, a terminal summary); files only in ``write_reports``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from .._lazy import lazy_names
from ..collector import fewer_collections
from ..errors import UsageError
from ..model import Report
from .files import check_directory, guard_target, manuscript_inputs, protected_files, write_text

__all__ = [
    "RENDERERS",
    "STREAM_FORMATS",
    "render_csv",
    "render_github",
    "render_html",
    "render_json",
    "render_sarif",
    "render_summary",
    "report_to_dict",
    "write_reports",
]

# Where each public function lives.  A renderer's module (and its libraries: jinja2 for HTML, the
# checks table for SARIF) is imported when it is first used, so that ``citeaudit --help`` and a
# run that writes JSON only never load the others (issue 11).
_LAZY = {
    "render_csv": ".csv",
    "render_github": ".github",
    "render_html": ".html",
    "render_json": ".json",
    "report_to_dict": ".json",
    "render_sarif": ".sarif",
    "render_summary": ".text",
}


__getattr__ = lazy_names(__name__, _LAZY)


class _Renderers(Mapping[str, Callable[[Report], str]]):
    """Format name -> renderer, each imported on first use."""

    _NAMES = {"json": "render_json", "csv": "render_csv", "html": "render_html", "sarif": "render_sarif", "github": "render_github"}

    def __getitem__(self, fmt: str) -> Callable[[Report], str]:
        return __getattr__(self._NAMES[fmt])

    def __iter__(self) -> Iterator[str]:
        return iter(self._NAMES)

    def __len__(self) -> int:
        return len(self._NAMES)

    def __contains__(self, fmt: object) -> bool:
        return fmt in self._NAMES

    def __repr__(self) -> str:
        return f"RENDERERS({', '.join(self._NAMES)})"


RENDERERS: Mapping[str, Callable[[Report], str]] = _Renderers()
#: Formats printed on stdout beside the summary, never written as report files.
STREAM_FORMATS = frozenset({"github"})


@fewer_collections()
def write_reports(
    report: Report, out_dir: Path, stem: str, formats: Iterable[str], keep: Iterable[Path | str] = ()
) -> list[Path]:
    """Write ``<out_dir>/<stem>.<fmt>`` for each format (UTF-8) and return the paths written.

    Every target is checked before anything is written: an unknown format, an ``out_dir`` that is
    a file, or a target that is the manuscript or a file it reads raises UsageError and leaves the
    disk as it was.  Each report is written atomically (a symlink in its place is replaced, not
    followed); the CSV starts with a UTF-8 BOM so that Excel reads non-ASCII text.
    """
    out_dir = Path(out_dir)
    wanted = list(dict.fromkeys(formats))
    unknown = [fmt for fmt in wanted if fmt not in RENDERERS or fmt in STREAM_FORMATS]
    if unknown:
        raise UsageError(
            f"unknown report format {', '.join(map(repr, unknown))}; choose from {', '.join(f for f in RENDERERS if f not in STREAM_FORMATS)}"
        )
    if not wanted:  # --format none (or only formats printed on stdout): no file, no folder
        return []
    check_directory(out_dir, "--out")
    targets = [(fmt, out_dir / f"{stem}.{fmt}") for fmt in wanted]
    protected = protected_files(keep).plus(manuscript_inputs(report.manuscript, report.references))
    for _, target in targets:
        if protected.match(target) is not None:
            raise UsageError(f"refusing to overwrite the manuscript {report.manuscript.path} (or a file it reads) with a report")
        guard_target(target, protected)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot make the directory {out_dir}: {exc.strerror or exc}") from exc
    written = []
    for fmt, target in targets:
        # Written as rendered: "\r\n" in CSV rows, "\n" elsewhere, on every OS.
        written.append(write_text(target, RENDERERS[fmt](report), bom=fmt in _BOM_FORMATS))
    return written


#: Formats whose files start with a UTF-8 byte order mark: Excel reads a CSV as ANSI without one.
_BOM_FORMATS = frozenset({"csv"})
