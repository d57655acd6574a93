"""A persistent cache of registry answers in SQLite: one row per answer, committed at once.

Each row keeps the request URL the answer came from, its HTTP status, the body and the fetch
time, under a key the resolver chooses (``doi:10.2307/2645561`` for a record, whichever request
brought it; the URL itself for a search).  Every write is its own transaction in WAL mode, so a
run that dies half-way leaves every answer it had already received, and a re-run asks only for
the rest.  A file that is not a readable cache is moved aside (``.corrupt``) and started afresh.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from platformdirs import user_cache_path

SCHEMA_VERSION = 1
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


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    key: str
    url: str
    status: int
    body: str
    fetched_at: str


class ResponseCache:
    """Answers kept across runs; safe to share between threads."""

    def __init__(self, path: str | os.PathLike[str], *, max_age: timedelta | None = None) -> None:
        self.path = str(path)
        self.max_age = max_age
        self._lock = threading.Lock()
        self._connection = self._open()

    def _open(self) -> sqlite3.Connection:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except sqlite3.DatabaseError:
            # Not a cache we can read (a truncated or foreign file): keep it for inspection.
            os.replace(self.path, self.path + ".corrupt")
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                connection.execute("DROP TABLE IF EXISTS answers")
            connection.execute(_SCHEMA)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def get(self, key: str) -> CachedAnswer | None:
        """The answer kept under a key, or ``None`` when there is none or it is too old."""
        with self._lock:
            row = self._connection.execute(
                "SELECT key, url, status, body, fetched_at FROM answers WHERE key = ?", (key,)
            ).fetchone()
        if row is None:
            return None
        answer = CachedAnswer(*row)
        if self.max_age is not None:
            try:
                fetched = datetime.fromisoformat(answer.fetched_at)
            except ValueError:
                return None
            if datetime.now(UTC) - fetched > self.max_age:
                return None
        return answer

    def put(self, key: str, url: str, status: int, body: str, fetched_at: str) -> None:
        """Keep an answer (replacing an older one); committed before this returns."""
        with self._lock:
            self._connection.execute(
                "INSERT OR REPLACE INTO answers (key, url, status, body, fetched_at) VALUES (?, ?, ?, ?, ?)",
                (key, url, status, body, fetched_at),
            )

    def __len__(self) -> int:
        with self._lock:
            return self._connection.execute("SELECT COUNT(*) FROM answers").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._connection.close()
