"""Settings from a config file, merged with what was typed on the command line.

A project keeps its settings in ``citeaudit.toml`` or ``.citeaudit.toml`` (keys at the top level)
or in ``pyproject.toml`` under ``[tool.citeaudit]``, next to the manuscript or in a folder above
it: the nearest wins, and the search stops at a folder holding ``.git`` (or at the root)::

    [tool.citeaudit]
    fail-on = "warning"
    formats = ["html", "sarif"]
    out = "build/citeaudit"          # relative to the config file's folder
    select = ["citation-", "reference-"]
    exclude = ["drafts", "*.old.md"]

    [tool.citeaudit.severity]
    citation-unmatched = "warning"

What was typed (an option, or its environment variable) wins over the file, the file over the
defaults.  An unknown key, a value of the wrong type or an unknown check code is a UsageError
naming the closest right name.  Reading files only; nothing here touches the network.
"""

from __future__ import annotations

import difflib
import fnmatch
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import FORMATS, REPORT_FORMATS
from .errors import UsageError
from .model import Severity

#: The files looked for in each folder, in this order.
CONFIG_NAMES = ("citeaudit.toml", ".citeaudit.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")


def check_codes(values: Iterable[str], where: str | None, *, exact: bool = False) -> None:
    """Raise UsageError for a value that is no check's code (nor, unless ``exact``, a prefix of one).

    ``where`` names the option or the config file's key that holds the value.
    """
    from .checks import CHECKS

    codes = [check.code for check in CHECKS]
    for value in values:
        known = value in codes if exact else any(code.startswith(value) for code in codes)
        if not known:
            place = f" in {where}" if where else ""
            raise UsageError(f"unknown check code {value!r}{place}{_closest(value, _code_names(codes, exact))}")


def _code_names(codes: list[str], exact: bool) -> list[str]:
    """What a typo may have meant: every code and, for prefixes, every code's first word ("doi-")."""
    if exact:
        return codes
    return list(dict.fromkeys([*codes, *(code.split("-", 1)[0] + "-" for code in codes)]))


def _closest(value: str, names: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(names), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else " ('citeaudit checks' lists the codes)"


# --- one parser per key: (value as read, where) -> value to use ---------------------------------


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise UsageError(f"{where} must be a string, not {_kind(value)}")
    return value


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise UsageError(f"{where} must be true or false, not {_kind(value)}")
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    """A list of strings; one string stands for a list of one (a comma-separated one for formats)."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"{where} must be a list of strings, not {_kind(value)}")
    return tuple(value)


def _fail_on(value: Any, where: str) -> str:
    text = _text(value, where).strip().lower()
    if text not in FAIL_ON:
        raise UsageError(f"{where} must be one of {', '.join(FAIL_ON)}, not {value!r}{_closest(text, FAIL_ON)}")
    return text


def parse_formats(value: Any, where: str) -> tuple[str, ...]:
    """Report formats from ``"json,csv"`` or ``["json", "csv"]``; ``none`` writes no report file."""
    items = [part.strip().lower() for item in _strings(value, where) for part in item.split(",") if part.strip()]
    formats = tuple(dict.fromkeys(items))
    for fmt in formats:
        if fmt not in (*REPORT_FORMATS, "none"):
            raise UsageError(
                f"{where}: unknown format {fmt!r}{_closest(fmt, REPORT_FORMATS)} (choose from {', '.join(REPORT_FORMATS)}, or none)"
            )
    if not formats:
        raise UsageError(f"{where}: name at least one format ({', '.join(REPORT_FORMATS)}, or none)")
    if "none" in formats and len(formats) > 1:
        raise UsageError(f"{where}: 'none' writes no report file; it cannot go with other formats")
    return () if formats == ("none",) else formats


def _prefixes(value: Any, where: str) -> tuple[str, ...]:
    prefixes = _strings(value, where)
    check_codes(prefixes, where)
    return prefixes


def _severities(value: Any, where: str) -> tuple[tuple[str, Severity], ...]:
    if not isinstance(value, Mapping):
        raise UsageError(f"{where} must be a table of code = \"error\" | \"warning\" | \"info\", not {_kind(value)}")
    check_codes(value, where, exact=True)
    levels = [level.value for level in Severity]
    pairs = []
    for code, level in value.items():
        if not isinstance(level, str) or level.lower() not in levels:
            raise UsageError(f"{where}.{code} must be one of {', '.join(levels)}, not {level!r}")
        pairs.append((code, Severity(level.lower())))
    return tuple(sorted(pairs))


def _kind(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )


@dataclass(frozen=True, slots=True)
class Key:
    """One setting: its name in the file, how its value is read, its default, and what it does."""

    name: str
    parse: Callable[[Any, str], Any] = field(repr=False)
    default: Any
    help: str
    # A path (or paths) written relative to the config file's folder.
    relative: bool = False


#: Every key a config file may hold, in the order ``citeaudit config`` prints them.
KEYS: tuple[Key, ...] = (
    Key("fail-on", _fail_on, "error", "exit 1 when a finding is at least this severe (error, warning, info, never)"),
    Key("formats", parse_formats, FORMATS, "report formats (json, csv, html, sarif; github prints annotations; none)"),
    Key("out", _text, "reports", "folder for the reports", relative=True),
    Key("offline", _flag, False, "make no network request"),
    Key("mailto", _text, None, "your e-mail, for Crossref's polite pool"),
    Key("select", _prefixes, (), "report only codes starting with these"),
    Key("ignore", _prefixes, (), "do not report codes starting with these"),
    Key("severity", _severities, (), "per-code severity: a table of code = level"),
    Key("shared-bib", _flag, False, "the bibliography is shared: uncited entries are one info"),
    Key("exclude", _strings, (), "manuscripts not to audit: glob patterns or folders", relative=True),
)
_BY_NAME = {key.name: key for key in KEYS}


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """A config file's settings, each parsed; ``table`` says where in the file they are."""

    path: Path
    table: str
    values: Mapping[str, Any]

    @property
    def where(self) -> str:
        return f"{self.path} {self.table}".rstrip()


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a file's folder), stopping at ``.git`` or the root."""
    folder = Path(start).resolve()
    if not folder.is_dir():
        folder = folder.parent
    while True:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_our_table(candidate)):
                return candidate
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


def _has_our_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml has a [tool.citeaudit] table (another tool's broken file is not ours)."""
    try:
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "citeaudit" not in text:
        return False
    tool = _load_toml(pyproject, text).get("tool")
    return isinstance(tool, dict) and "citeaudit" in tool


def _load_toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from exc


def read_config(path: Path) -> ConfigFile:
    """Read and check one config file: every key known, every value of the right type."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the config file {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    data = _load_toml(path, text)
    if path.name == "pyproject.toml":
        table, data = "[tool.citeaudit]", data.get("tool", {}).get("citeaudit", {})
        if not isinstance(data, dict):
            raise UsageError(f"{path}: [tool.citeaudit] must be a table")
    else:
        table = ""
    where = f"{path} {table}".rstrip()
    values: dict[str, Any] = {}
    base = path.resolve().parent
    for name, raw in data.items():
        key = _BY_NAME.get(name)
        if key is None:
            raise UsageError(f"{where}: unknown key {name!r}{_closest(name, _BY_NAME)}")
        value = key.parse(raw, f"{where}: {name}")
        if key.relative:
            value = tuple(_anchored(base, v) for v in value) if isinstance(value, tuple) else _anchored(base, value)
        values[name] = value
    return ConfigFile(path=path, table=table, values=values)


def _anchored(base: Path, value: str) -> str:
    """A path written in a config file, made absolute from the file's folder."""
    return (base / value).as_posix() if not Path(value).is_absolute() else Path(value).as_posix()


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective value of every key, and where each came from."""

    values: Mapping[str, Any]
    sources: Mapping[str, str]
    file: ConfigFile | None = None

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def config_fields(self) -> dict[str, Any]:
        """The settings as ``Config`` fields."""
        fail_on = self.values["fail-on"]
        return {
            "fail_on": None if fail_on == "never" else Severity(fail_on),
            "formats": self.values["formats"],
            "offline": self.values["offline"],
            "mailto": self.values["mailto"],
            "select": self.values["select"],
            "ignore": self.values["ignore"],
            "severity": self.values["severity"],
            "shared_bib": self.values["shared-bib"],
            "exclude": self.values["exclude"],
        }


def settle(
    typed: Mapping[str, tuple[Any, str]] | None = None,
    start: Path | None = None,
    config_file: Path | None = None,
    use_file: bool = True,
) -> Settings:
    """Merge ``typed`` (key -> (value, source), as given on the command line) over a config file.

    The file is ``config_file`` when named, else the nearest one above ``start`` (the current
    folder when None); ``use_file=False`` reads none.  Typed values are checked like the file's.
    """
    typed = typed or {}
    found = None
    if use_file:
        path = config_file if config_file is not None else find_config(start or Path.cwd())
        found = read_config(path) if path is not None else None
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for key in KEYS:
        if key.name in typed:
            value, source = typed[key.name]
            values[key.name] = key.parse(value, source) if key.name in _CHECKED_WHEN_TYPED else value
            sources[key.name] = source
        elif found is not None and key.name in found.values:
            values[key.name] = found.values[key.name]
            sources[key.name] = found.where
        else:
            values[key.name] = key.default
            sources[key.name] = "default"
    return Settings(values=values, sources=sources, file=found)


# Typed values click has not already checked (choices, flags and paths it has).
_CHECKED_WHEN_TYPED = frozenset({"formats", "select", "ignore"})


def is_excluded(path: Path | str, patterns: Iterable[str]) -> bool:
    """Whether a manuscript matches an ``exclude`` pattern (absolute, as ``read_config`` makes them).

    A pattern matches the path itself or any path under it (a folder); ``*`` crosses folders, so
    ``/project/*.old.md`` matches ``/project/a/b.old.md``.
    """
    target = Path(path).resolve().as_posix()
    return any(
        fnmatch.fnmatchcase(target, pattern) or fnmatch.fnmatchcase(target, pattern.rstrip("/") + "/*")
        for pattern in patterns
    )


def describe(settings: Settings) -> list[str]:
    """``citeaudit config``: one line per key, TOML as a file would hold it, and where it came from."""
    lines = [f"config file: {settings.file.where if settings.file else 'none found'}"]
    rows = [(key.name, _shown(key.name, settings.values[key.name]), settings.sources[key.name]) for key in KEYS]
    width = max(len(f"{name} = {value}") for name, value, _ in rows)
    lines += [f"{f'{name} = {value}':<{width}}  # {source}" for name, value, source in rows]
    return lines


def _shown(name: str, value: Any) -> str:
    if name == "severity":
        return "{ " + ", ".join(f'{code} = "{level.value}"' for code, level in value) + " }" if value else "{}"
    if value is None:
        return '""  (not set)'
    return _toml_value(value)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
