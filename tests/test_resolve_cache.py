"""The SQLite answer cache: kept across runs, committed per answer, readable after a crash."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import timedelta

from citeaudit.resolve.cache import ResponseCache, default_cache_path, utc_now


def test_answers_survive_reopening(tmp_path):
    path = tmp_path / "c.sqlite3"
    cache = ResponseCache(path)
    cache.put("doi:10.1/x", "http://h/works/10.1/x", 200, '{"DOI": "10.1/x"}', utc_now())
    cache.close()
    again = ResponseCache(path)
    hit = again.get("doi:10.1/x")
    assert hit is not None and hit.status == 200 and hit.url == "http://h/works/10.1/x"
    assert again.get("doi:10.1/other") is None
    assert len(again) == 1


def test_old_answers_are_not_trusted(tmp_path):
    cache = ResponseCache(tmp_path / "c.sqlite3", max_age=timedelta(days=1))
    cache.put("k", "u", 200, "{}", "2001-01-01T00:00:00+00:00")
    assert cache.get("k") is None


def test_a_killed_writer_leaves_a_usable_cache(tmp_path):
    path = tmp_path / "c.sqlite3"
    script = (
        "import os; from citeaudit.resolve.cache import ResponseCache, utc_now\n"
        f"c = ResponseCache({str(path)!r})\n"
        "for i in range(5): c.put(f'k{i}', 'u', 200, '{}', utc_now())\n"
        "os._exit(9)\n"  # no close, no clean-up: as if the run crashed
    )
    assert subprocess.run([sys.executable, "-c", script]).returncode == 9
    cache = ResponseCache(path)
    assert [cache.get(f"k{i}") is not None for i in range(5)] == [True] * 5


def test_a_corrupt_file_of_our_own_is_moved_aside(tmp_path):
    # Only at the default location (own=True); a --cache naming a foreign file is refused.
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    cache = ResponseCache(path, own=True)
    cache.put("k", "u", 404, "", utc_now())
    assert cache.get("k").status == 404
    assert (tmp_path / "c.sqlite3.corrupt").exists()


def test_threads_share_one_cache(tmp_path):
    cache = ResponseCache(tmp_path / "c.sqlite3")

    def write(n):
        for i in range(20):
            cache.put(f"{n}-{i}", "u", 200, "{}", utc_now())

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 80


def test_default_path_is_in_the_user_cache_directory():
    path = default_cache_path()
    assert path.name == "crossref.sqlite3" and "citeaudit" in str(path)
