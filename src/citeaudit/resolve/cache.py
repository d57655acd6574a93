"""A persistent cache of registry answers in SQLite: one row per answer, committed at once.

Each row keeps the request URL the answer came from, its HTTP status, the body and the fetch
time, under a key the client chooses; the client puts its base URL in every key, so answers from
one endpoint (a mirror, a stand-in, a mistyped URL) are never taken for another's.  A record is
trusted for ``max_age`` (``--cache-days``), a "not found" (404) only for ``negative_max_age``
(``--negative-cache-hours``): a registry that was wrong, or a DOI registered since, is asked
again soon.

Every write is its own transaction in WAL mode, so a run that dies half-way (even ``kill -9``)
leaves every answer it had already received, and two runs may share one file at once.

The cache never destroys a file it did not make: a path naming something that is not an SQLite
database, or another program's database, is refused (:class:`~citeaudit.errors.UsageError`,
exit 2).  Only a damaged file at the default location, which is ours, is moved aside
(``.corrupt``) and started afresh.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from platformdirs import user_cache_path

from ..errors import UsageError

# Version 2: keys carry the endpoint's base URL (version 1 kept 404s under the DOI alone).
SCHEMA_VERSION = 2
# PRAGMA application_id marking a file as a citeaudit cache ("CtAd").
APPLICATION_ID = 0x43744164
SQLITE_HEADER = b"SQLite format 3\x00"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    fetched_at TEXT NOT NULL
)
"""


def default_cache_path() -> Path:
    """Where the cache lives unless ``--cache`` says otherwise (the user's cache directory)."""
    return user_cache_path("citeaudit") / "crossref.sqlite3"


def utc_now() -> str:
    """The current time as an ISO 8601 UTC string, the form ``fetched_at`` is kept in."""
    return datetime.now(UTC).isoformat(timespec="seconds")


# How long a run waits for another that is switching the same new file to WAL at that moment.
_WAL_TRIES = 100
_WAL_PAUSE = 0.05


def _switch_to_wal(connection: sqlite3.Connection) -> None:
    """Put the cache in WAL mode; SQLite answers "locked" at once, without its busy wait, while
    another process switches the same new file, so wait and ask again (two runs started together)."""
    for attempt in range(_WAL_TRIES):
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == _WAL_TRIES - 1:
                raise
            time.sleep(_WAL_PAUSE)


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    key: str
    url: str
    status: int
    body: str
    fetched_at: str


def refuse_foreign(path: str | os.PathLike[str]) -> None:
    """Raise UsageError when ``path`` exists and is not something a cache may be opened on.

    An empty regular file is accepted (nothing in it can be lost); anything else must begin
    with SQLite's header.  Only the first 16 bytes of a regular file are read.
    """
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UsageError(f"cache {name}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"cache {name} is not a regular file; name a file for the cache")
    if info.st_size == 0:
        return
    try:
        with open(name, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UsageError(f"cache {name} cannot be read: {exc.strerror or exc}") from exc
    if head != SQLITE_HEADER:
        raise UsageError(
            f"cache {name} exists and is not a citeaudit cache (not an SQLite database); "
            "refusing to touch it: name another file with --cache"
        )


class ResponseCache:
    """Answers kept across runs; safe to share between threads and between processes."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        max_age: timedelta | None = None,
        negative_max_age: timedelta | None = None,
        own: bool = False,
    ) -> None:
        """``own``: the file is ours (the default location), so a damaged one may be moved aside."""
        self.path = str(path)
        self.max_age = max_age
        self.negative_max_age = negative_max_age if negative_max_age is not None else max_age
        self.own = own
        # Reads and writes that failed (disk full, locked too long): the run goes on without them.
        self.errors = 0
        self._lock = threading.Lock()
        self._connection = self._open()

    def _open(self) -> sqlite3.Connection:
        if self.path == ":memory:":
            return self._connect()
        if not self.own:
            refuse_foreign(self.path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except _Foreign as exc:
            if self.own:
                os.replace(self.path, self.path + ".corrupt")
                return self._connect()
            raise UsageError(
                f"cache {self.path} is another program's SQLite database ({exc}); refusing to touch it: "
                "name another file with --cache"
            ) from None
        except sqlite3.DatabaseError as exc:
            if not self.own:
                raise UsageError(
                    f"cache {self.path} cannot be read ({exc}); delete it or name another file with --cache"
                ) from exc
            # Our own file at the default location, damaged: keep it for inspection, start afresh.
            os.replace(self.path, self.path + ".corrupt")
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=15)
        try:
            connection.execute("PRAGMA busy_timeout = 15000")
            self._refuse_other_programs(connection)  # before anything writes to the file
            _switch_to_wal(connection)
            connection.execute("PRAGMA synchronous=NORMAL")
            # One writer sets the schema up at a time: another run may be opening the same file.
            connection.execute("BEGIN IMMEDIATE")
            try:
                self._migrate(connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except (sqlite3.DatabaseError, _Foreign):
            connection.close()
            raise
        return connection

    @staticmethod
    def _refuse_other_programs(connection: sqlite3.Connection) -> None:
        """Raise _Foreign for a database another program made (read only: nothing is written)."""
        application = connection.execute("PRAGMA application_id").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if application not in (0, APPLICATION_ID):
            raise _Foreign(f"application id {application:#x}")
        if application == 0 and tables - {"answers"}:
            raise _Foreign("tables " + ", ".join(sorted(tables - {"answers"})))

    @staticmethod
    def _migrate(connection: sqlite3.Connection) -> None:
        ResponseCache._refuse_other_programs(connection)  # again, inside the writer's lock
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            connection.execute("DROP TABLE IF EXISTS answers")
        connection.execute(_SCHEMA)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def get(self, key: str) -> CachedAnswer | None:
        """The answer kept under a key, or ``None`` when there is none or it is too old."""
        try:
            with self._lock:
                row = self._connection.execute(
                    "SELECT key, url, status, body, fetched_at FROM answers WHERE key = ?", (key,)
                ).fetchone()
        except sqlite3.Error:
            self.errors += 1
            return None
        if row is None:
            return None
        answer = CachedAnswer(*row)
        max_age = self.negative_max_age if answer.status == 404 else self.max_age
        if max_age is not None:
            try:
                fetched = datetime.fromisoformat(answer.fetched_at)
            except ValueError:
                return None
            if fetched.tzinfo is None or datetime.now(UTC) - fetched > max_age:
                return None
        return answer

    def put(self, key: str, url: str, status: int, body: str, fetched_at: str) -> None:
        """Keep an answer (replacing an older one); committed before this returns."""
        try:
            with self._lock:
                self._connection.execute(
                    "INSERT OR REPLACE INTO answers (key, url, status, body, fetched_at) VALUES (?, ?, ?, ?, ?)",
                    (key, url, status, body, fetched_at),
                )
        except sqlite3.Error:
            # A cache that cannot be written costs a re-ask next time, never the audit.
            self.errors += 1

    def info(self) -> dict[str, Any]:
        """What the cache holds: answers by status and by endpoint, the oldest and newest."""
        with self._lock:
            rows = self._connection.execute("SELECT key, status, fetched_at FROM answers").fetchall()
        statuses: dict[str, int] = {}
        endpoints: dict[str, int] = {}
        for key, status, _ in rows:
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            endpoint = key.split(" ", 1)[0] if " " in key else "(no endpoint)"
            endpoints[endpoint] = endpoints.get(endpoint, 0) + 1
        times = sorted(row[2] for row in rows)
        return {
            "path": self.path,
            "bytes": os.path.getsize(self.path) if os.path.exists(self.path) else 0,
            "answers": len(rows),
            "by_status": dict(sorted(statuses.items())),
            "by_endpoint": dict(sorted(endpoints.items())),
            "oldest": times[0] if times else None,
            "newest": times[-1] if times else None,
        }

    def clear(self) -> int:
        """Forget every answer; the number forgotten."""
        with self._lock:
            count = self._connection.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
            self._connection.execute("DELETE FROM answers")
        try:
            with self._lock:
                self._connection.execute("VACUUM")
        except sqlite3.OperationalError:
            pass  # another run holds the file open: the rows are gone, the space comes back later
        return count

    def __len__(self) -> int:
        with self._lock:
            return self._connection.execute("SELECT COUNT(*) FROM answers").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._connection.close()


class _Foreign(Exception):
    """The file is an SQLite database that belongs to something else."""
