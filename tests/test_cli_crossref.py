"""verify and export --enrich against the local Crossref stand-in, end to end through the CLI."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from crossref_stub import CrossrefStub

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "russia-japan-conundrum.md"
SEED_DOIS = {"10.2307/2645561", "10.2307/2645778", "10.2307/2760418"}


@pytest.fixture(scope="module")
def stub():
    with CrossrefStub(enforce=True) as server:
        yield server


@pytest.fixture(scope="module")
def seed_run(stub, tmp_path_factory):
    out = tmp_path_factory.mktemp("online")
    cache = out / "cache.sqlite3"
    args = ["verify", str(SEED), "--out", str(out), "--format", "json", "--crossref-url", stub.url,
            "--mailto", "editor@example.org", "--cache", str(cache)]
    before = stub.stats.requests
    result = CliRunner().invoke(main, args)
    sent = stub.stats.requests - before
    return result, json.loads((out / "russia-japan-conundrum.json").read_text(encoding="utf-8")), args, sent


def test_seed_dois_verified_against_the_stand_in(seed_run):
    result, report, _, _ = seed_run
    assert result.exit_code == 1, result.output  # Qimao is still missing from the list
    registry = {ref["csl"].get("DOI"): ref["registry"] for ref in report["references"] if ref["csl"].get("DOI")}
    assert set(registry) == SEED_DOIS
    assert {block["status"] for block in registry.values()} == {"verified"}
    for block in registry.values():
        assert block["request_url"].startswith("http://127.0.0.1")
        assert block["fetched_at"]


def test_first_page_alone_is_not_an_error(seed_run):
    _, report, _, _ = seed_run
    carlile = next(ref for ref in report["references"] if ref["key"] == "carlile1994")
    pages = next(field for field in carlile["registry"]["fields"] if field["name"] == "pages")
    assert pages["manuscript"] == "411" and pages["registry"] == "411-432" and pages["agrees"]
    assert not [f for f in report["findings"] if f["code"] == "doi-mismatch"]


def test_newspaper_footnotes_are_not_indexable_and_never_searched(seed_run, stub):
    _, report, _, _ = seed_run
    notes = [f for f in report["findings"] if f["code"] == "reference-not-indexable" and f["message"].startswith("Footnote")]
    numbers = sorted(int(f["message"].split()[1]) for f in notes)
    assert numbers == list(range(1, 21))  # newspapers, news agencies and two news web pages
    queries = " ".join(record.query for record in stub.stats.of_kind("search"))
    for newspaper in ("Pravda", "Izvestiya", "Reuters", "Nikkei"):
        assert newspaper not in queries


def test_never_says_fabricated(seed_run):
    _, report, _, _ = seed_run
    for finding in report["findings"]:
        if finding["code"] == "reference-not-found":
            assert "may exist outside Crossref" in finding["message"]
            assert "fabricat" not in finding["message"].lower()


def test_warm_cache_rerun_sends_nothing(seed_run, stub):
    _, _, args, sent = seed_run
    assert sent > 0
    before = stub.stats.requests
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert stub.stats.requests == before


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_network_failure_degrades_to_could_not_verify(tmp_path):
    result = CliRunner().invoke(main, [
        "verify", str(SEED), "--out", str(tmp_path), "--format", "json", "--no-cache", "--timeout", "0.5",
        "--max-retries", "0", "--crossref-url", f"http://127.0.0.1:{_dead_port()}",
    ])
    assert result.exit_code == 1, result.output
    report = json.loads((tmp_path / "russia-japan-conundrum.json").read_text(encoding="utf-8"))
    codes = {f["code"] for f in report["findings"]}
    assert "lookup-failed" in codes
    assert not codes & {"doi-not-found", "reference-not-found"}
    statuses = {ref["registry"]["status"] for ref in report["references"] if ref["registry"]}
    assert statuses <= {"unverified", "not-indexable"}


def test_offline_sends_nothing(stub, tmp_path):
    before = stub.stats.requests
    result = CliRunner().invoke(main, ["verify", str(SEED), "--out", str(tmp_path), "--offline", "--crossref-url", stub.url])
    assert result.exit_code == 1
    assert stub.stats.requests == before


def test_export_enrich_fills_only_empty_fields(stub, tmp_path):
    target = tmp_path / "seed.bib"
    result = CliRunner().invoke(main, [
        "export", str(SEED), "-o", str(target), "--enrich", "--crossref-url", stub.url, "--mailto", "editor@example.org",
        "--no-cache",
    ])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    carlile = text[text.index("@article{carlile1994") :].split("\n}\n", 1)[0]
    assert "pages = {411}" in carlile  # what the manuscript says is kept
    assert "filled" in result.output or "filled" in (result.stderr if hasattr(result, "stderr") else "")


def test_enrich_refuses_offline(tmp_path):
    result = CliRunner().invoke(main, ["export", str(SEED), "-o", str(tmp_path / "x.bib"), "--enrich", "--offline"])
    assert result.exit_code == 2
