"""A whole folder in one run: find the manuscripts, audit each on its own, remember what was done.

    arguments (files, folders, globs) -> find_manuscripts -> [Job]
        -> skip the unchanged (RunState: content hashes + settings + tool version, reports there)
        -> Executor.run(audit_job, jobs)   one Outcome per manuscript, as each completes
        -> overview report (report/overview.py) + RunState saved

Each manuscript is audited by :func:`audit_job`, which never raises: a manuscript that cannot be
read, audited or written is an Outcome with its error, and the others carry on.  The fan-out is
one small interface, :class:`Executor`: :class:`SerialExecutor` runs in this process (``--jobs
1``, and every online run: the Crossref lookups share one client, one cache and one rate limit
in the parent), :class:`ProcessExecutor` in worker processes.  Another engine (a cluster) needs
only another ``Executor``; the audit does not change.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from . import __version__
from .config import Config
from .errors import CiteauditError, UsageError

T = TypeVar("T")
R = TypeVar("R")

#: The file in ``--out`` that remembers what each manuscript's reports were made from.
STATE_FILE = ".citeaudit-state.json"

#: Folders never searched for manuscripts (besides hidden ones and the run's own outputs).
_SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules"})

#: How much of a file is read to tell whether it is a manuscript at all.
_SNIFF_BYTES = 65536


# --- finding the manuscripts --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Found:
    """The manuscripts named by a run's arguments, and whether any argument was a folder or a glob."""

    paths: tuple[Path, ...]
    stems: tuple[str, ...]  # where each one's reports go inside --out: "paper", "chapters/intro"
    folder_run: bool


def _is_glob(argument: str) -> bool:
    return any(ch in argument for ch in "*?[")


def find_manuscripts(arguments: Sequence[Path | str], skip: Iterable[Path | str | None] = ()) -> Found:
    """Expand folders and globs into manuscripts (see :func:`manuscripts_in`); files stay as given.

    ``skip``: folders this run writes into (``--out``, ``--refs``), never searched.
    """
    skipped = [Path(s).resolve() for s in skip if s is not None]
    paths: list[Path] = []
    bases: list[Path | None] = []  # the folder a manuscript's report name is relative to
    folder_run = False
    for argument in arguments:
        text = str(argument)
        path = Path(text)
        if path.is_dir():
            folder_run = True
            for found in manuscripts_in(path, skipped):
                paths.append(found)
                bases.append(path)
        elif not path.exists() and _is_glob(text) and (matches := sorted(glob.glob(text, recursive=True))):
            # A glob that matches nothing is a file name after all ("no such file" says so).
            folder_run = True
            base = _glob_base(text)
            for match in matches:
                candidate = Path(match)
                if candidate.is_dir():
                    found_in = manuscripts_in(candidate, skipped)
                elif _under_any(candidate, skipped) or _hidden(candidate.relative_to(base) if _inside(candidate, base) else candidate):
                    found_in = []
                else:
                    found_in = [candidate] if _is_manuscript(candidate, siblings=False) else []
                for found in found_in:
                    paths.append(found)
                    bases.append(base)
        else:
            paths.append(path)
            bases.append(None)
    unique: dict[Path, Path | None] = {}
    for path, base in zip(paths, bases):
        unique.setdefault(path, base)
    if not folder_run:  # files named one by one: verify names their reports (and says when two clash)
        return Found(tuple(unique), tuple(path.stem for path in unique), False)
    return Found(tuple(unique), _report_stems(list(unique.items())), True)


def manuscripts_in(folder: Path, skip: Sequence[Path] = ()) -> list[Path]:
    """Every manuscript under ``folder``, sorted: by the readers' suffixes, and sniffed where a suffix
    says too little.

    Left out: hidden files and folders, the run's own output folders (``skip``), reports and
    exports citeaudit wrote (a .bib starting with its export header), files without a suffix, a
    ``.tex`` without ``\\documentclass`` (a part the main file inputs), an ``.xml`` that is not a
    JATS article, and a ``.bib`` beside a manuscript (that manuscript's bibliography).
    """
    from .ingest import SUFFIXES

    found: list[Path] = []
    for directory, folders, files in os.walk(folder):
        here = Path(directory)
        folders[:] = sorted(
            name for name in folders
            if not name.startswith(".") and name not in _SKIPPED_FOLDERS and not _under_any(here / name, skip)
        )  # fmt: skip
        candidates = [here / name for name in sorted(files) if not _hidden_name(name) and Path(name).suffix.lower() in SUFFIXES and Path(name).suffix]
        siblings = any(path.suffix.lower() != ".bib" for path in candidates)
        found.extend(path for path in candidates if _is_manuscript(path, siblings=siblings))
    return found


def _is_manuscript(path: Path, *, siblings: bool) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".bib":
        return not siblings and not _starts_with(path, b"% Exported by citeaudit")
    if suffix in (".tex", ".ltx"):
        return b"\\documentclass" in _head(path)
    if suffix in (".xml",):
        return b"<article" in _head(path)
    return True


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(_SNIFF_BYTES)
    except OSError:
        return b"\\documentclass<article"  # unreadable: let the reader say why, in its own row


def _starts_with(path: Path, prefix: bytes) -> bool:
    return _head(path).lstrip(b"\xef\xbb\xbf").startswith(prefix)


def _hidden_name(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")  # "~$paper.docx": Word's lock file


def _hidden(relative: Path) -> bool:
    return any(_hidden_name(part) for part in relative.parts if part not in (".", ".."))


def _inside(path: Path, base: Path) -> bool:
    try:
        path.relative_to(base)
        return True
    except ValueError:
        return False


def _under_any(path: Path, folders: Sequence[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == folder or folder in resolved.parents for folder in folders)


def _glob_base(pattern: str) -> Path:
    """The folder a glob's matches are named relative to: its parts before the first wildcard."""
    parts = []
    for part in Path(pattern).parts:
        if _is_glob(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def _report_stems(found: list[tuple[Path, Path | None]]) -> tuple[str, ...]:
    """Report names: a file named on its own keeps its stem (today's names); one found in a folder
    is named by its place there ("chapters/intro").  Two that would collide keep their suffix."""
    stems = []
    for path, base in found:
        if base is None or not _inside(path, base):
            stems.append(path.stem)
        else:
            relative = path.relative_to(base)
            stems.append(relative.with_suffix("").as_posix())
    # "overview" is the run's own overview report: a manuscript of that name keeps its suffix.
    clashes = {s for s in stems if stems.count(s) > 1 or s == "overview"}
    named = [f"{stem}.{path.suffix.lstrip('.').lower()}" if stem in clashes else stem for stem, (path, _) in zip(stems, found)]
    left = {s for s in named if named.count(s) > 1}
    if left:
        raise UsageError(f"two manuscripts would write the same reports ({', '.join(sorted(left))}); audit them one at a time")
    return tuple(named)


def changed_files(ref: str, cwd: Path | None = None) -> set[Path]:
    """The files ``git diff --name-only REF`` lists (resolved paths), or UsageError saying why not."""
    try:
        top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
        listed = _git(["diff", "--name-only", "-z", ref, "--"], cwd)
    except FileNotFoundError as exc:
        raise UsageError("--changed-only needs git, which is not installed") from exc
    return {(Path(top) / name).resolve() for name in listed.split("\0") if name}


def _git(args: list[str], cwd: Path | None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or [f"git {args[0]} failed"])[-1]
        raise UsageError(f"--changed-only: {reason}")
    return done.stdout


#: Files whose change means the manuscripts in their folder may read them (bibliographies).
_BIBLIOGRAPHY_SUFFIXES = (".bib", ".json", ".yaml", ".yml")


def touched_by(path: Path, changed: set[Path], inputs: Iterable[str] = ()) -> bool:
    """Whether a change in ``changed`` may alter ``path``'s audit: the manuscript itself, a file its
    last audit read, or a bibliography file in its folder."""
    resolved = path.resolve()
    if resolved in changed or any(Path(i).resolve() in changed for i in inputs):
        return True
    return any(c.parent == resolved.parent and c.suffix.lower() in _BIBLIOGRAPHY_SUFFIXES for c in changed)


# --- one manuscript ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Job:
    """Everything a worker needs to audit one manuscript and write its reports (picklable)."""

    path: str
    stem: str
    out_dir: str
    formats: tuple[str, ...]  # report files to write (not the stream formats)
    config: Config
    input_format: str | None = None
    bib: tuple[str, ...] = ()
    root: str | None = None
    refs_dir: str | None = None
    baseline: bool = True
    streams: bool = False  # also render the github annotations (printed by the parent)
    keep: tuple[str, ...] = ()  # files of this run no output may replace

    def settings(self) -> str:
        """A digest of everything but the manuscript's content that shapes its reports."""
        fields = asdict(self)
        fields.pop("keep")
        fields.pop("path")
        fields["config"] = repr(self.config)
        return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one manuscript: ``audited``, ``unchanged`` (skipped) or ``error``."""

    path: str
    stem: str
    status: str
    exit_code: int
    counts: dict[str, int] = field(default_factory=dict)
    reports: tuple[str, ...] = ()
    message: str = ""
    inputs: tuple[str, ...] = ()  # the files its audit read (manuscript, .bib, \input parts)
    lines: tuple[str, ...] = ()  # stream output (github annotations), printed by the parent
    references: int = 0
    citations: int = 0


def audit_job(job: Job, resolver: Any = None) -> Outcome:
    """Read, audit and write one manuscript's reports; never raises (its error is its Outcome)."""
    try:
        return _audit_job(job, resolver)
    except CiteauditError as exc:
        message = str(exc)
        return Outcome(job.path, job.stem, "error", 2, message=message if job.path in message else f"{job.path}: {message}")
    except Exception as exc:  # a bug: this manuscript's audit is lost, not the others'
        return Outcome(job.path, job.stem, "error", 3, message=f"{job.path}: internal error ({type(exc).__name__}: {exc})")


def _audit_job(job: Job, resolver: Any) -> Outcome:
    from .baseline import apply_baseline_file, baseline_path
    from .ingest import read_manuscript
    from .pipeline import audit
    from .report import RENDERERS, write_reports
    from .report.files import EXPORT_HEADER, guard_target, manuscript_inputs, write_bibtex

    manuscript = read_manuscript(job.path, job.input_format, bib=job.bib, root=job.root)
    report = audit(manuscript, job.config, resolver)
    inputs = [*manuscript_inputs(manuscript, report.references), str(baseline_path(manuscript.path))]
    protected = _run_files(job.keep).plus(manuscript_inputs(manuscript, report.references))
    bib_target = None
    if job.refs_dir is not None and report.references:
        bib_target = Path(job.refs_dir) / f"{job.stem}.bib"
        guard_target(bib_target, protected, header=EXPORT_HEADER, hint="choose another --refs folder, or move it away")
    if job.baseline:
        report = apply_baseline_file(report)
    stem = Path(job.stem)
    written = [str(p) for p in write_reports(report, Path(job.out_dir) / stem.parent, stem.name, job.formats, keep=protected)]
    if bib_target is not None:
        written.append(str(write_bibtex(report.references, bib_target, manuscript, job.keep)))
    lines = tuple(RENDERERS["github"](report).splitlines()) if job.streams else ()
    return Outcome(
        job.path, job.stem, "audited", report.exit_code(job.config.fail_on), dict(report.counts()), tuple(written),
        inputs=tuple(dict.fromkeys(inputs)), lines=lines, references=len(report.references), citations=len(report.citations),
    )  # fmt: skip


_kept: list = []  # (keep, Protected) of the last job: every job of a run protects the same files


def _run_files(keep: tuple[str, ...]):
    """The run's files as a Protected, made once per process rather than once per manuscript."""
    from .report.files import Protected

    if not _kept or _kept[0][0] != keep:
        _kept[:] = [(keep, Protected(keep))]
    return _kept[0][1]


# --- the fan-out ---------------------------------------------------------------------------------


class Executor(Protocol):
    """Runs ``fn`` over ``items``; yields ``(position, result)`` as each completes, or
    ``(position, exception)`` when the machinery (not ``fn``, which handles its own) failed."""

    def run(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[tuple[int, R | BaseException]]: ...


class SerialExecutor:
    """In this process, one after another (``--jobs 1``; online runs, which share one resolver)."""

    def run(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[tuple[int, R | BaseException]]:
        for position, item in enumerate(items):
            yield position, fn(item)


class ProcessExecutor:
    """In ``workers`` processes on this machine.

    A worker that dies (killed for memory, a crash in a native library) breaks the pool: what it
    had not finished is run again, each item in a process of its own, so that only the item that
    kills its process is lost.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)

    def run(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[tuple[int, R | BaseException]]:
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from concurrent.futures.process import BrokenProcessPool

        pending = set(range(len(items)))
        try:
            with ProcessPoolExecutor(max_workers=min(self.workers, len(items)) or 1, mp_context=_context()) as pool:
                futures = {pool.submit(fn, items[i]): i for i in sorted(pending)}
                for future in as_completed(futures):
                    position = futures[future]
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        continue  # run again below, alone
                    pending.discard(position)
                    yield position, result
        except BrokenProcessPool:
            pass
        if pending and not _workers_start():
            # No worker can start here at all (an interpreter whose main module cannot be imported
            # again): the items are not to blame, so they run in this process.
            for position in sorted(pending):
                yield position, fn(items[position])
            return
        for position in sorted(pending):
            with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as alone:
                try:
                    yield position, alone.submit(fn, items[position]).result()
                except BrokenProcessPool as exc:
                    yield position, exc


def _probe() -> bool:
    return True


def _workers_start() -> bool:
    """Whether a worker process can start and run a trivial function."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as pool:
            return pool.submit(_probe).result()
    except (BrokenProcessPool, OSError):
        return False


def _context():
    # fork where it is safe (Linux, and no other thread whose locks a child could inherit held):
    # the workers start with what this process has imported (see preload).  Elsewhere spawn: a
    # clean interpreter per worker.  Either way the workers are this process's children.
    import multiprocessing

    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def preload(formats: Iterable[str] = ()) -> None:
    """Import what auditing a manuscript needs, once, before forking the workers that inherit it."""
    import importlib

    from .report import RENDERERS

    for module in ("citeaudit.pipeline", "citeaudit.ingest.markdown", "citeaudit.ingest.pandoc", "citeaudit.baseline"):
        importlib.import_module(module)
    for fmt in formats:
        if fmt in RENDERERS:
            RENDERERS[fmt]  # imports the renderer's module (and jinja2 for HTML)


def executor_for(jobs: int, online: bool, count: int) -> Executor:
    """Worker processes for an offline run of several manuscripts; else this process.

    An online run looks every manuscript's references up through one client in this process, so
    that the folder as a whole keeps to Crossref's rate and concurrency limits and shares one cache.
    """
    if jobs <= 1 or online or count <= 1:
        return SerialExecutor()
    return ProcessExecutor(jobs)


# --- what was done last time ---------------------------------------------------------------------


def file_digest(path: str | Path) -> str:
    """sha256 of a file's bytes; "absent" when it is not there (a baseline not written yet)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError:
        return "absent"
    except OSError:
        return "unreadable"
    return digest.hexdigest()


class RunState:
    """``--out/.citeaudit-state.json``: for each manuscript audited into this folder, the digests of
    the files its audit read, its settings, the tool version, its counts and its report files."""

    def __init__(self, out_dir: Path) -> None:
        self.path = Path(out_dir) / STATE_FILE
        self.entries: dict[str, dict] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # none yet, or unreadable: every manuscript is audited
        if isinstance(data, dict) and data.get("version") == __version__ and isinstance(data.get("entries"), dict):
            self.entries = {k: v for k, v in data["entries"].items() if isinstance(v, dict)}

    @staticmethod
    def key(path: str) -> str:
        return str(Path(path).resolve())

    def unchanged(self, job: Job) -> Outcome | None:
        """The last Outcome when nothing that shapes ``job``'s reports changed and they are all there."""
        entry = self.entries.get(self.key(job.path))
        if not entry or entry.get("settings") != job.settings():
            return None
        digests = entry.get("digests") or {}
        if not digests or self.key(job.path) not in digests:
            return None
        if any(file_digest(path) != digest for path, digest in digests.items()):
            return None
        reports = tuple(entry.get("reports") or ())
        if not reports or not all(Path(r).is_file() for r in reports):
            return None
        return Outcome(
            job.path, job.stem, "unchanged", int(entry.get("exit_code", 0)), dict(entry.get("counts") or {}), reports,
            inputs=tuple(digests), references=int(entry.get("references", 0)), citations=int(entry.get("citations", 0)),
        )  # fmt: skip

    def inputs_of(self, path: str) -> tuple[str, ...]:
        return tuple((self.entries.get(self.key(path)) or {}).get("digests") or ())

    def record(self, job: Job, outcome: Outcome) -> None:
        key = self.key(job.path)
        if outcome.status != "audited" or not outcome.reports:
            self.entries.pop(key, None)
            return
        digests = {self.key(path): file_digest(path) for path in (job.path, *outcome.inputs)}
        self.entries[key] = {
            "settings": job.settings(), "digests": digests, "counts": outcome.counts, "exit_code": outcome.exit_code,
            "reports": list(outcome.reports), "references": outcome.references, "citations": outcome.citations,
        }  # fmt: skip

    def save(self) -> None:
        from .report.files import write_text

        text = json.dumps({"version": __version__, "entries": self.entries}, indent=1, sort_keys=True) + "\n"
        write_text(self.path, text)


__all__ = [
    "Executor",
    "Found",
    "Job",
    "Outcome",
    "ProcessExecutor",
    "RunState",
    "STATE_FILE",
    "SerialExecutor",
    "audit_job",
    "changed_files",
    "executor_for",
    "file_digest",
    "find_manuscripts",
    "manuscripts_in",
    "preload",
    "touched_by",
]
