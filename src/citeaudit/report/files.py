"""Writing reports and exports without ever destroying what the user gave us.

Three promises, each kept in one function here:

* ``guard_target``: a target that is the manuscript, or a file the manuscript reads (its .bib,
  an ``\\input``), is refused whatever the options; a regular file citeaudit did not write is
  refused unless the caller passes ``force``.  The guard reads at most the first line of a
  regular file, and never opens anything else (a FIFO, ``/dev/zero``).
* ``write_text``: a regular target (or one not there yet) is written to a temporary file in the
  same directory and renamed over it, so a crash leaves the old file or the new one, never half
  of either; a symlink is replaced itself, never written through.  A non-regular target
  (``/dev/stdout``, a FIFO with a reader, ``/dev/full``) is streamed to directly, opened so that
  it cannot block: a FIFO nobody reads from is an error, not a hang.
* every OSError becomes an ``OutputError`` naming the file and the reason in one line.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import OutputError

#: The first line of every BibTeX file citeaudit writes; the guard looks for it.
EXPORT_HEADER = "% Exported by citeaudit"

#: The guard reads no more than this of an existing file (the header is on its first line).
_HEAD_BYTES = 256


def same_file(a: Path | str, b: Path | str) -> bool:
    """Whether two paths name one file (through symlinks, ``..`` and hard links)."""
    a, b = Path(a), Path(b)
    try:
        if a.resolve() == b.resolve():
            return True
        return os.path.samefile(a, b)
    except (OSError, RuntimeError):  # one does not exist (yet), or a symlink loop
        return False


class Protected:
    """Files no output may replace, resolved and identified (device, inode) once.

    A run over a folder checks each report target against every manuscript of the run: comparing
    with :func:`same_file` one by one resolved each path again for each target (quadratic in the
    number of manuscripts; issue 11).  Iterating gives the paths as given.
    """

    def __init__(self, paths: Iterable[Path | str] = ()) -> None:
        self.paths: list[Path | str] = []
        self._by_path: dict[Path, Path | str] = {}
        self._by_id: dict[tuple[int, int], Path | str] = {}
        self._add(paths)

    def _add(self, paths: Iterable[Path | str]) -> None:
        for path in paths:
            self.paths.append(path)
            try:
                self._by_path.setdefault(Path(path).resolve(), path)
            except (OSError, RuntimeError):  # a symlink loop: only its identity can match
                pass
            try:
                info = os.stat(path)
            except (OSError, ValueError):
                continue
            self._by_id.setdefault((info.st_dev, info.st_ino), path)

    def plus(self, paths: Iterable[Path | str]) -> Protected:
        """These and ``paths``."""
        more = Protected()
        more.paths = list(self.paths)
        more._by_path = dict(self._by_path)
        more._by_id = dict(self._by_id)
        more._add(paths)
        return more

    def __iter__(self):
        return iter(self.paths)

    def match(self, target: Path | str) -> Path | str | None:
        """The protected path that ``target`` names (through symlinks, ``..`` and hard links), or None."""
        try:
            found = self._by_path.get(Path(target).resolve())
        except (OSError, RuntimeError):
            found = None
        if found is not None:
            return found
        try:
            info = os.stat(target)
        except (OSError, ValueError):
            return None
        return self._by_id.get((info.st_dev, info.st_ino))


def protected_files(paths: Iterable[Path | str]) -> Protected:
    """``paths`` as a :class:`Protected` (itself when it is one already)."""
    return paths if isinstance(paths, Protected) else Protected(paths)


def _head(path: Path) -> bytes:
    """At most the first line (and at most ``_HEAD_BYTES``) of a regular file."""
    with open(path, "rb") as handle:
        return handle.readline(_HEAD_BYTES)


def guard_target(
    target: Path,
    protected: Iterable[Path | str],
    *,
    force: bool = False,
    header: str | None = None,
    hint: str = "use --force to overwrite it",
) -> None:
    """Raise OutputError unless writing ``target`` can destroy nothing the user gave.

    ``protected`` are the manuscript and the files it reads: never overwritten, not even with
    ``force``.  With ``header``, an existing regular file must start with it (we wrote it) unless
    ``force`` (``hint`` says how to get there); without, an existing regular file is ours to
    replace (a report from a last run).
    """
    target = Path(target)
    path = protected_files(protected).match(target)
    if path is not None:
        raise OutputError(f"refusing to overwrite {path}: it is a manuscript of this run or a file one reads; choose another output")
    try:
        info = target.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    if stat.S_ISLNK(info.st_mode):
        return  # write_text replaces the link itself; its target (checked above) is untouched
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{target} is a directory")
    if not stat.S_ISREG(info.st_mode) or header is None:
        return  # a device or FIFO is streamed to, never read
    try:
        head = _head(target)
    except OSError as exc:
        raise OutputError(f"cannot read {target}: {exc.strerror or exc}") from exc
    if not head.lstrip(b"\xef\xbb\xbf").startswith(header.encode("utf-8")) and not force:
        raise OutputError(f"{target} exists and was not written by citeaudit; {hint}")


def write_text(target: Path, text: str, *, bom: bool = False) -> Path:
    """Write ``text`` as UTF-8 (exactly, no newline translation) to ``target``; see the module doc."""
    target = Path(target)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    try:
        info = os.stat(target)  # followed: what a write would reach
    except FileNotFoundError:
        info = None  # not there yet, or a dangling symlink (replaced itself)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        std = _standard_stream(info)
        if std is not None:
            _write_all(std, data)  # /dev/stdout and the like: the stream the shell set up
        elif info is not None and stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{target} is a directory")
        elif info is not None and not stat.S_ISREG(info.st_mode):
            _stream(target, data)
        elif target.is_symlink() and _in_system_directory(target):
            raise OutputError(f"refusing to replace the system link {target}; name a file of your own")
        else:
            _replace(target, data)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {_reason(exc)}") from exc
    return target


#: Folders whose links belong to the system (``/dev/stdout -> /proc/self/fd/1``): never replaced.
_SYSTEM_DIRECTORIES = ("/dev", "/proc", "/sys")


def _in_system_directory(target: Path) -> bool:
    parent = os.path.realpath(target.parent)
    return any(parent == d or parent.startswith(d + "/") for d in _SYSTEM_DIRECTORIES)


def _standard_stream(info: os.stat_result | None) -> int | None:
    """1 or 2 when ``info`` is the file our stdout or stderr is (``-o /dev/stdout > x.bib``)."""
    if info is None:
        return None
    for fd, stream in ((1, sys.stdout), (2, sys.stderr)):
        try:
            std = os.fstat(fd)
        except OSError:
            continue
        if (std.st_dev, std.st_ino) == (info.st_dev, info.st_ino):
            try:
                stream.flush()  # what was printed before comes first
            except (OSError, ValueError, AttributeError):
                pass  # a closed or replaced stream: nothing buffered to keep in order
            return fd
    return None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENXIO:
        return "it is a FIFO that nobody reads from"
    return exc.strerror or str(exc)


def _replace(target: Path, data: bytes) -> None:
    """Write beside ``target`` and rename over it: all or nothing, symlinks replaced not followed."""
    directory = target.parent
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode(target, temp)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass  # already renamed or never made; the original error is the one to report
        raise


def _keep_mode(target: Path, temp: str) -> None:
    """Give the new file the old one's permissions, or the usual ones (mkstemp makes 0600)."""
    try:
        mode = stat.S_IMODE(os.lstat(target).st_mode) if not target.is_symlink() else None
    except FileNotFoundError:
        mode = None
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp, mode)


def _stream(target: Path, data: bytes) -> None:
    """Write to a device or FIFO; O_NONBLOCK makes opening a FIFO without a reader fail at once."""
    fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        os.set_blocking(fd, True)  # a reader is there: now wait for it as a pipe does
        _write_all(fd, data)
    finally:
        os.close(fd)


#: Suffixes that make a name look like a file, not the directory ``--out``/``--refs`` ask for.
FILE_LIKE_SUFFIXES = frozenset(
    {".bib", ".csv", ".docx", ".htm", ".html", ".json", ".md", ".pdf", ".sarif", ".tex", ".txt", ".xml"}
)


def check_directory(path: Path | str, option: str) -> None:
    """Raise OutputError unless ``path`` is a directory or could become one without surprise.

    An existing file is refused (``--out paper.md`` must not be replaced by reports), and so is a
    name that is not there yet but reads as a file (``--out report.html``), which would otherwise
    silently become a directory.
    """
    path = Path(path)
    if path.is_dir():
        return
    if path.exists() or path.is_symlink():
        raise OutputError(f"{option} {path} is an existing file; {option} names a directory")
    if path.suffix.lower() in FILE_LIKE_SUFFIXES:
        raise OutputError(
            f"{option} {path} looks like a file name; {option} names a directory "
            f"(the reports are written into it as <manuscript>.<format>)"
        )


def manuscript_inputs(manuscript, references=()) -> list[str]:
    """The manuscript's own path and every file it was read from (its parts, its .bib files)."""
    paths = [manuscript.path]
    paths.extend(segment.file for segment in getattr(manuscript, "segments", ()) if segment.file)
    for reference in references:
        location = getattr(reference, "location", None)
        if location is not None and location.file:
            paths.append(location.file)
    return list(dict.fromkeys(paths))


def protected_inputs(manuscript, references=(), keep: Iterable[Path | str] = ()) -> list[str]:
    """The manuscript, every file it reads, and ``keep``: never overwritten by a report or an export."""
    return [*manuscript_inputs(manuscript, references), *(str(path) for path in keep)]


def write_bibtex(
    references, target: Path | str, manuscript, keep: Iterable[Path | str] = (), force: bool = False, *, ascii_only: bool = False
) -> Path:
    """Export ``references`` as BibTeX to ``target`` unless that could destroy a file the user wrote.

    ``target`` is replaced only if citeaudit wrote it (its first line is :data:`EXPORT_HEADER`)
    or with ``force``, never when it is the manuscript or a file it reads; atomically.
    """
    from ..references.bibexport import to_bibtex  # the export's text; writing it is this module's

    target = Path(target)
    guard_target(target, protected_inputs(manuscript, references, keep), force=force, header=EXPORT_HEADER)
    if not target.parent.exists():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot make the directory {target.parent}: {exc.strerror or exc}") from exc
    return write_text(target, to_bibtex(references, ascii_only=ascii_only))
