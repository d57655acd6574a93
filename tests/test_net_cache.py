"""The answer cache under abuse (issue 12): never touches a file it did not make, trusts "not found"
for a day only, survives two runs at once and a kill -9 in the middle of 100 lookups, and can be
inspected and emptied (``citeaudit cache info|clear``).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.errors import UsageError
from citeaudit.resolve.cache import ResponseCache, utc_now
from citeaudit.resolve.crossref import CrossrefClient
from citeaudit.resolve.pacing import LIST, SINGLE, Limits, Pacer
from crossref_stub import CrossrefStub

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "russia-japan-conundrum.md"
FAST = {"polite": (1000.0, 1000.0, 3), "public": (1000.0, 1000.0, 1)}


def ago(**delta) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat(timespec="seconds")


def foreign_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (id INTEGER, total REAL)")
    connection.execute("INSERT INTO invoices VALUES (1, 9.5)")
    connection.commit()
    connection.close()


# -- a --cache that names something else is refused, untouched -----------------------------------------


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        pytest.param(lambda p: p.write_text("# My paper\n\nText (Smith 2020).\n"), "not an SQLite database", id="a-manuscript"),
        pytest.param(lambda p: p.write_bytes(b"\x00\x01binary" * 100), "not an SQLite database", id="binary"),
        pytest.param(lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000), "cannot be read", id="damaged-sqlite"),
        pytest.param(foreign_database, "another program's SQLite database", id="another-programs-database"),
        pytest.param(lambda p: p.mkdir(), "not a regular file", id="a-directory"),
    ],
)
def test_a_cache_path_naming_something_else_is_refused_and_left_alone(tmp_path, make, reason):
    path = tmp_path / "target"
    make(path)
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(UsageError, match=reason):
        ResponseCache(path)
    assert (path.read_bytes() if path.is_file() else None) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]  # no .corrupt, no -wal beside it


def test_the_cli_refuses_such_a_cache_with_exit_2(tmp_path):
    manuscript = tmp_path / "paper.md"
    manuscript.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    before = manuscript.read_bytes()
    result = CliRunner().invoke(main, ["verify", str(SEED), "--out", str(tmp_path / "out"), "--cache", str(manuscript),
                                       "--crossref-url", "http://127.0.0.1:9"])
    assert result.exit_code == 2, result.output
    assert "not a citeaudit cache" in result.output and "Traceback" not in result.output
    assert manuscript.read_bytes() == before
    assert not (tmp_path / "paper.md.corrupt").exists()


def test_an_empty_file_and_an_old_cache_are_taken(tmp_path):
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    ResponseCache(empty).put("k", "u", 200, "{}", utc_now())
    old = tmp_path / "v1.sqlite3"  # a version-1 cache: its 404s were kept under the DOI alone
    connection = sqlite3.connect(old)
    connection.execute("CREATE TABLE answers (key TEXT PRIMARY KEY, url TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, fetched_at TEXT NOT NULL)")
    connection.execute("INSERT INTO answers VALUES ('doi:10.1/x', 'u', 404, '', ?)", (utc_now(),))
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()
    cache = ResponseCache(old)
    assert cache.get("doi:10.1/x") is None and len(cache) == 0


# -- how long answers are trusted --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "age", "trusted"),
    [
        pytest.param(200, {"days": 2}, True, id="record-2-days"),
        pytest.param(200, {"days": 31}, False, id="record-31-days"),
        pytest.param(404, {"hours": 2}, True, id="not-found-2-hours"),
        pytest.param(404, {"hours": 25}, False, id="not-found-25-hours"),
    ],
)
def test_not_found_is_trusted_for_a_day_records_for_a_month(tmp_path, status, age, trusted):
    cache = ResponseCache(tmp_path / "c.sqlite3", max_age=timedelta(days=30), negative_max_age=timedelta(hours=24))
    cache.put("k", "u", status, "", ago(**age))
    assert (cache.get("k") is not None) is trusted


def test_the_cli_options_set_the_ages(tmp_path):
    from citeaudit.config import Config
    from citeaudit.resolve import build_resolver

    config = Config(offline=False, crossref_url="http://127.0.0.1:9", cache_path=str(tmp_path / "c.sqlite3"), cache_days=2, negative_cache_hours=1)
    resolver = build_resolver(config)
    try:
        cache = resolver.source.cache
        assert cache.max_age == timedelta(days=2) and cache.negative_max_age == timedelta(hours=1)
    finally:
        resolver.close()


def test_a_damaged_row_is_asked_again(tmp_path):
    with CrossrefStub(limits=FAST) as stub:
        cache = ResponseCache(tmp_path / "c.sqlite3")
        client = CrossrefClient(base_url=stub.url, doi_url=stub.url, mailto="t@example.org", cache=cache)
        cache.put(client.cache_key("doi:10.2307/2645561"), "u", 200, "{not json", utc_now())
        assert client.cached("doi:10.2307/2645561") is None
        assert client.work("10.2307/2645561").status == 200


# -- two runs at once, and a run killed in the middle -----------------------------------------------


WRITER = textwrap.dedent(
    """
    import sys
    from citeaudit.resolve.cache import ResponseCache, utc_now
    cache = ResponseCache(sys.argv[1])
    for i in range(200):
        cache.put(f"{sys.argv[2]}-{i}", "u", 200, "{}", utc_now())
        assert cache.get(f"{sys.argv[2]}-{i}") is not None
    print(cache.errors)
    """
)


def test_two_runs_share_one_cache_at_once(tmp_path):
    path = tmp_path / "shared.sqlite3"
    runs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name], stdout=subprocess.PIPE, text=True) for name in ("a", "b")]
    outputs = [run.communicate(timeout=60)[0].strip() for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs == ["0", "0"]  # no write lost to a lock
    cache = ResponseCache(path)
    assert len(cache) == 400
    assert cache._connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


LOOKUPS = textwrap.dedent(
    """
    import sys
    from citeaudit.resolve.cache import ResponseCache
    from citeaudit.resolve.crossref import CrossrefClient
    from citeaudit.resolve.pacing import LIST, SINGLE, Limits, Pacer
    pacer = Pacer("polite", ceilings={SINGLE: Limits(1000), LIST: Limits(1000)})
    client = CrossrefClient(base_url=sys.argv[1], mailto="t@example.org", cache=ResponseCache(sys.argv[2]), pacer=pacer)
    for i in range(100):
        client.work(f"10.5555/net-{i}")
    """
)


def test_a_run_killed_in_the_middle_of_100_lookups_leaves_a_cache_that_is_reused(tmp_path):
    path = tmp_path / "c.sqlite3"
    with CrossrefStub(limits=FAST, latency=0.02) as stub:
        for i in range(100):
            stub.add({"DOI": f"10.5555/net-{i}", "title": [f"Synthetic work {i}"], "type": "journal-article"})
        run = subprocess.Popen([sys.executable, "-c", LOOKUPS, stub.url, str(path)])
        deadline = time.monotonic() + 30
        try:
            while time.monotonic() < deadline and stub.stats.requests < 30:
                time.sleep(0.02)
        finally:
            os.kill(run.pid, signal.SIGKILL)  # the process this test started, by its id
            run.wait(timeout=10)
        assert run.returncode == -signal.SIGKILL
        assert 30 <= stub.stats.requests < 100  # killed in the middle
        cache = ResponseCache(path)
        assert cache._connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = len(cache)
        assert kept >= 25
        stub.reset()
        pacer = Pacer("polite", ceilings={SINGLE: Limits(1000), LIST: Limits(1000)})
        client = CrossrefClient(base_url=stub.url, mailto="t@example.org", cache=cache, pacer=pacer)
        answers = [client.work(f"10.5555/net-{i}") for i in range(100)]
        assert all(a.status == 200 for a in answers)
        assert sum(a.from_cache for a in answers) == kept
        assert stub.stats.requests == 100 - kept  # only what the killed run had not kept


# -- citeaudit cache info | clear ---------------------------------------------------------------------


def test_cache_info_and_clear(tmp_path):
    path = tmp_path / "c.sqlite3"
    cache = ResponseCache(path)
    cache.put("https://api.crossref.org doi:10.1/a", "u", 200, "{}", utc_now())
    cache.put("https://api.crossref.org doi:10.1/b", "u", 404, "", utc_now())
    cache.put("http://127.0.0.1:8099 doi:10.1/a", "u", 200, "{}", utc_now())
    cache.close()
    runner = CliRunner()
    info = runner.invoke(main, ["cache", "info", "--cache", str(path)])
    assert info.exit_code == 0, info.output
    assert "answers: 3" in info.output and "status 404: 1" in info.output
    assert "from https://api.crossref.org: 2" in info.output and "from http://127.0.0.1:8099: 1" in info.output
    cleared = runner.invoke(main, ["cache", "clear", "--cache", str(path)])
    assert cleared.exit_code == 0 and "cleared 3 answers" in cleared.output
    assert len(ResponseCache(path)) == 0


@pytest.mark.parametrize("command", ["info", "clear"])
def test_cache_commands_create_nothing_and_refuse_foreign_files(tmp_path, command):
    missing = tmp_path / "none.sqlite3"
    result = CliRunner().invoke(main, ["cache", command, "--cache", str(missing)])
    assert result.exit_code == 0 and "no cache at" in result.output
    assert not missing.exists()
    text = tmp_path / "notes.txt"
    text.write_text("keep me\n")
    refused = CliRunner().invoke(main, ["cache", command, "--cache", str(text)])
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    assert text.read_text() == "keep me\n"


def _open_when_told(path: str, start: float) -> None:
    from citeaudit.resolve.cache import ResponseCache

    time.sleep(max(0.0, start - time.time()))
    ResponseCache(path)


def test_runs_opening_one_new_cache_at_the_same_moment_all_succeed(tmp_path):
    """SQLite answers 'locked' at once, without its busy wait, to a switch to WAL while another
    process switches the same new file: each run waits and asks again instead of refusing the
    cache as unreadable (seen: 8 of 180 such opens failed before)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    codes = []
    for round_ in range(8):
        path = str(tmp_path / f"fresh{round_}.sqlite")
        start = time.time() + 0.2
        workers = [context.Process(target=_open_when_told, args=(path, start)) for _ in range(6)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(30)
        codes.extend(worker.exitcode for worker in workers)
    assert codes == [0] * 48
