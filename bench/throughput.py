"""Throughput: offline verify of generated manuscripts, in-process and as a command.

    python bench/throughput.py [--big] [--json OUT] [--table OUT.md] [--sizes 100,1000] [--batch]

Manuscripts are Markdown, numbered (IEEE-like entries cited as [n]) or author-year (APA-like
entries cited as (Smith, 2001) / Smith et al. (2001a)), with 100, 1,000 and 10,000 references
(50,000 with ``--big``).  Names, titles and journals are drawn at bench time from
``../shared/corpora`` (AnyStyle and ParsCit gold fields; nothing is copied into the project);
without it, generated strings stand in and the table says so.  Names collide as they do in a
real thesis: one author in ten is a Smith, Kowalczyk sits beside Kowalczyk-Dubois, Muller
beside Müller, and the same first author with the same year gets 2001a, 2001b.

Each size is measured
* in-process: ``read_manuscript`` + ``audit`` (offline) in a fresh worker process that has
  already imported citeaudit, so the time is the audit's own; peak memory is the worker's
  maximum resident set (interpreter included);
* as a command: ``citeaudit verify FILE --offline -q`` (start-up, reading, audit, three reports),
  wall time and the child's maximum resident set (``os.wait4``).
The ratio for 10x the work compares each size with the one ten times smaller (goal <= 11x).
A 5,000-entry .bib alone is verified as a command too (goal < 5 s, < 300 MB).

``--batch`` writes 200 small manuscripts into one folder and times ``citeaudit verify DIR
--jobs 1`` against ``--jobs 2`` (goal: >= 1.7x on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parents[0].parent / "shared" / "corpora"

GOAL_RATIO = 11.0
GOAL_BIB_SECONDS, GOAL_BIB_MB = 5.0, 300.0
GOAL_BATCH_SPEEDUP = 1.7

_NAME = re.compile(r"^[A-Z][a-zà-öø-ÿ'’]+(?:-[A-Z][a-zà-öø-ÿ]+)?$")  # Brischoux, O'Brien, Lévi-Strauss
_CLEAN_TITLE = re.compile(r"^[\w ,:;'’()\-–?]+$")  # no brackets, quotes or markup that would cite


@dataclass(frozen=True)
class Pool:
    """What references are made of, and where it came from."""

    names: list[str]
    titles: list[str]
    journals: list[str]
    source: str


def load_pool() -> Pool:
    """Names, titles and journals from ../shared/corpora, or generated strings without it."""
    if not CORPORA.is_dir():
        print(f"note: {CORPORA} not found; references use generated strings", file=sys.stderr)
        return _generated_pool()
    sys.path.insert(0, str(HERE))
    import corpora  # bench/corpora.py: the loaders the parser evaluation uses

    items = corpora.load_anystyle("core") + corpora.load_anystyle("good") + corpora.load_parscit("cora")
    names, titles, journals = set(), set(), set()
    for item in items:
        gold = item.gold
        names.update(n for n in gold.get("author", []) if _NAME.match(n) and 3 <= len(n) <= 20)
        title = gold.get("title", "")
        if 20 <= len(title) <= 160 and _CLEAN_TITLE.match(title) and not re.search(r"\b(1[5-9]|20)\d\d\b", title):
            titles.add(title.rstrip(" .,;:"))
        journal = gold.get("container-title", "")
        if 3 <= len(journal) <= 60 and _CLEAN_TITLE.match(journal) and not re.search(r"\d", journal):
            journals.add(journal.rstrip(" .,;:"))
    if len(names) < 200 or len(titles) < 200 or len(journals) < 20:
        print("note: too few strings in the corpora; references use generated strings", file=sys.stderr)
        return _generated_pool()
    return Pool(sorted(names), sorted(titles), sorted(journals), "../shared/corpora (AnyStyle core+good, ParsCit CORA)")


def _generated_pool() -> Pool:
    rng = random.Random(7)
    syllables = ["ka", "lo", "mi", "ran", "te", "vo", "shi", "ber", "dun", "gal", "hor", "nes", "pel", "quin", "sto", "wen"]

    def word(n: int) -> str:
        return "".join(rng.choice(syllables) for _ in range(n))

    names = sorted({word(rng.randint(2, 3)).capitalize() for _ in range(3000)})
    titles = [" ".join(word(rng.randint(1, 3)) for _ in range(rng.randint(4, 10))).capitalize() for _ in range(3000)]
    journals = [" ".join(word(2).capitalize() for _ in range(rng.randint(2, 4))) for _ in range(200)]
    return Pool(names, titles, journals, "generated strings (no ../shared/corpora)")


# Surnames that collide as they do in a large bibliography: drawn often, or near each other.
_COLLIDING = ["Smith", "Smith", "Smith", "Kowalczyk", "Kowalczyk-Dubois", "Müller", "Muller", "Nguyen", "Wang", "Li"]


def _authors(rng: random.Random, pool: Pool) -> list[tuple[str, str]]:
    count = rng.choices([1, 2, 3, 4, 6], weights=[30, 30, 20, 12, 8])[0]
    out = []
    for _ in range(count):
        family = rng.choice(_COLLIDING) if rng.random() < 0.1 else rng.choice(pool.names)
        initials = "".join(f"{rng.choice('ABCDEFGHJKLMNPRSTW')}. " for _ in range(rng.randint(1, 2))).strip()
        out.append((family, initials))
    return out


def _cited_names(authors: list[tuple[str, str]], join: str = "&") -> str:
    if len(authors) == 1:
        return authors[0][0]
    if len(authors) == 2:
        return f"{authors[0][0]} {join} {authors[1][0]}"
    return f"{authors[0][0]} et al."


def make_manuscript(n: int, style: str, pool: Pool, seed: int = 1) -> str:
    """A Markdown manuscript citing ``n`` references in ``style`` ("numbered" or "author-year")."""
    rng = random.Random(seed * 1_000_003 + n)
    entries = []
    for _ in range(n):
        authors = _authors(rng, pool)
        entries.append(
            {
                "authors": authors,
                "year": rng.randint(1960, 2024),
                "title": rng.choice(pool.titles),
                "journal": rng.choice(pool.journals),
                "volume": rng.randint(1, 120),
                "first": (first := rng.randint(1, 900)),
                "last": first + rng.randint(3, 30),
            }
        )
    if style == "author-year":
        # Same cited form and year: 2001a, 2001b (as APA asks), in list order.
        entries.sort(key=lambda e: ([a[0] for a in e["authors"]], e["year"], e["title"]))
        seen: dict[tuple[str, int], list[dict]] = {}
        for e in entries:
            seen.setdefault((_cited_names(e["authors"]), e["year"]), []).append(e)
        for group in seen.values():
            for k, e in enumerate(group):
                e["suffix"] = "abcdefghijklmnopqrstuvwxyz"[k % 26] * (1 + k // 26) if len(group) > 1 else ""
    cites = []
    for number, e in enumerate(entries, 1):
        if style == "numbered":
            cites.append(f"[{number}]")
        else:
            year = f"{e['year']}{e.get('suffix', '')}"
            if rng.random() < 0.3:
                cites.append(f"{_cited_names(e['authors'], 'and')} ({year})")
            else:
                cites.append(f"({_cited_names(e['authors'])}, {year})")
    order = list(range(n))
    rng.shuffle(order)
    body, words = [], [w for t in pool.titles[:400] for w in t.lower().split() if w.isalpha()]
    for start in range(0, n, 4):
        sentences = []
        for i in order[start:start + 4]:
            filler = " ".join(rng.choice(words) for _ in range(rng.randint(6, 14)))
            sentences.append(f"The {filler} was described {cites[i]}.")
        body.append(" ".join(sentences))
    lines = ["# A generated manuscript for the throughput benchmark", ""]
    for k, paragraph in enumerate(body):
        if k % 25 == 0:
            lines += [f"## Section {k // 25 + 1}", ""]
        lines += [paragraph, ""]
    lines += ["## References", ""]
    for number, e in enumerate(entries, 1):
        lines += [_entry(e, style, number), ""]
    return "\n".join(lines)


def _entry(e: dict, style: str, number: int) -> str:
    pages = f"{e['first']}–{e['last']}"
    if style == "numbered":
        names = [f"{i} {f}" for f, i in e["authors"]]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + (", and " if len(names) > 2 else " and ") + names[-1]
        return f"[{number}] {who}, \u201c{e['title']},\u201d *{e['journal']}*, vol. {e['volume']}, pp. {pages}, {e['year']}."
    names = [f"{f}, {i}" for f, i in e["authors"]]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    return f"{who} ({e['year']}{e.get('suffix', '')}). {e['title']}. *{e['journal']}*, *{e['volume']}*, {pages}."


def make_bib(n: int, pool: Pool, seed: int = 3) -> str:
    """A .bib of ``n`` article entries (unique keys; colliding names as in the manuscripts)."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        authors = _authors(rng, pool)
        year = rng.randint(1960, 2024)
        names = " and ".join(f"{f}, {i}" for f, i in authors)
        key = re.sub(r"[^A-Za-z]", "", authors[0][0]).lower() + f"{year}_{k}"
        first = rng.randint(1, 900)
        out.append(
            f"@article{{{key},\n  author = {{{names}}},\n  title = {{{rng.choice(pool.titles)}}},\n"
            f"  journal = {{{rng.choice(pool.journals)}}},\n  year = {{{year}}},\n  volume = {{{rng.randint(1, 99)}}},\n"
            f"  pages = {{{first}--{first + rng.randint(3, 30)}}}\n}}\n"
        )
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# Measuring


def _in_process_worker(path: str, queue) -> None:
    import resource

    from citeaudit.config import Config
    from citeaudit.ingest import read_manuscript
    from citeaudit.pipeline import audit

    start, cpu = time.perf_counter(), time.process_time()
    report = audit(read_manuscript(path), Config(offline=True))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    queue.put(
        {
            "seconds": seconds,
            "cpu_s": cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "references": len(report.references),
            "citations": len(report.citations),
            "findings": len(report.findings),
        }
    )


def in_process(path: Path) -> dict:
    """``read_manuscript`` + ``audit`` in a fresh worker (citeaudit imported before the clock starts)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    worker = context.Process(target=_in_process_worker, args=(str(path), queue))
    worker.start()
    while True:
        try:
            result = queue.get(timeout=1)
            break
        except Exception:  # queue.Empty: still working, unless it died
            if not worker.is_alive():
                raise SystemExit(f"the in-process worker for {path} died (exit {worker.exitcode})") from None
    worker.join()
    return result


def citeaudit_command() -> list[str]:
    found = shutil.which("citeaudit", path=str(Path(sys.executable).parent)) or shutil.which("citeaudit")
    return [found] if found else [sys.executable, "-m", "citeaudit.cli"]


def as_command(args: list[str], cwd: Path) -> dict:
    """Wall time and maximum resident set of one ``citeaudit`` command."""
    start = time.perf_counter()
    child = subprocess.Popen([*citeaudit_command(), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    if child.returncode not in (0, 1):
        raise SystemExit(f"citeaudit {' '.join(args)} exited {child.returncode}: {stderr.strip()[-500:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"seconds": seconds, "cpu_s": cpu, "peak_mb": usage.ru_maxrss / 1024, "exit": child.returncode}


def measure_sizes(sizes: list[int], styles: list[str], pool: Pool, work: Path) -> list[dict]:
    rows = []
    for style in styles:
        previous = None
        for n in sizes:
            path = work / f"{style}-{n}.md"
            path.write_text(make_manuscript(n, style, pool), encoding="utf-8")
            inproc = in_process(path)
            command = as_command(["verify", path.name, "--offline", "-q", "--out", "out", "--fail-on", "never"], work)
            row = {
                "style": style,
                "references": n,
                "parsed_references": inproc["references"],
                "citations": inproc["citations"],
                "findings": inproc["findings"],
                "in_process_s": round(inproc["seconds"], 3),
                "in_process_cpu_s": round(inproc["cpu_s"], 3),
                "in_process_peak_mb": round(inproc["peak_mb"], 1),
                "command_s": round(command["seconds"], 3),
                "command_cpu_s": round(command["cpu_s"], 3),
                "command_peak_mb": round(command["peak_mb"], 1),
            }
            if previous is not None and previous["references"] * 10 == n:
                # On CPU time: on a shared machine the wall clock also counts the neighbours.
                row["ratio_10x_in_process"] = round(row["in_process_cpu_s"] / max(previous["in_process_cpu_s"], 1e-3), 1)
                row["ratio_10x_command"] = round(row["command_cpu_s"] / max(previous["command_cpu_s"], 1e-3), 1)
            rows.append(row)
            previous = row
            print(_row_line(row), file=sys.stderr, flush=True)
    return rows


def measure_bib(n: int, pool: Pool, work: Path) -> dict:
    path = work / f"library-{n}.bib"
    path.write_text(make_bib(n, pool), encoding="utf-8")
    command = as_command(["verify", path.name, "--offline", "-q", "--out", "out", "--fail-on", "never"], work)
    return {
        "entries": n, "command_s": round(command["seconds"], 3), "command_cpu_s": round(command["cpu_s"], 3),
        "command_peak_mb": round(command["peak_mb"], 1),
    }


def measure_batch(count: int, pool: Pool, work: Path, repeat: int = 1) -> dict:
    """``verify FOLDER --jobs 1`` and ``--jobs 2``, alternated ``repeat`` times (the fastest of each
    counts: on a shared machine the neighbours' load comes and goes); ``--force`` so that every
    run audits every manuscript."""
    folder = work / "batch"
    folder.mkdir()
    for k in range(count):
        style = "numbered" if k % 2 else "author-year"
        (folder / f"paper-{k:03d}.md").write_text(make_manuscript(20 + k % 40, style, pool, seed=k), encoding="utf-8")
    result: dict = {"manuscripts": count, "repeat": repeat, "load_before": round(os.getloadavg()[0], 2)}
    for _ in range(repeat):
        for jobs in (1, 2):
            out = work / f"batch-out-{jobs}"
            args = ["verify", str(folder), "--offline", "-q", "--out", str(out), "--fail-on", "never", "--jobs", str(jobs), "--force"]
            run = as_command(args, work)
            if run["seconds"] < result.get(f"jobs{jobs}_s", float("inf")):
                result[f"jobs{jobs}_s"] = round(run["seconds"], 2)
                result[f"jobs{jobs}_cpu_s"] = round(run["cpu_s"], 2)  # the workers' CPU included
            print(f"batch --jobs {jobs}: {run['seconds']:.2f} s wall, {run['cpu_s']:.2f} s CPU", file=sys.stderr, flush=True)
    result["load_after"] = round(os.getloadavg()[0], 2)
    result["speedup"] = round(result["jobs1_s"] / max(result["jobs2_s"], 1e-3), 2)
    # Where the CPU time of --jobs 2 goes: the parent's share runs alone, the workers' is split two
    # ways.  On two idle cores the wall time would be about parent + workers / 2.
    split = _split_batch_cpu(folder, work / "batch-out-split")
    result.update(split)
    result["speedup_cpu_bound"] = round(result["jobs1_cpu_s"] / max(split["jobs2_parent_cpu_s"] + split["jobs2_workers_cpu_s"] / 2, 1e-3), 2)
    return result


def _batch_split_worker(folder: str, out: str, queue) -> None:
    import resource

    from click.testing import CliRunner

    from citeaudit.cli import main as cli

    before_self, before_children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    args = ["verify", folder, "--offline", "-q", "--out", out, "--fail-on", "never", "--jobs", "2", "--force"]
    CliRunner().invoke(cli, args)
    after_self, after_children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)

    def cpu(a, b) -> float:
        return (b.ru_utime + b.ru_stime) - (a.ru_utime + a.ru_stime)

    queue.put({
        "jobs2_parent_cpu_s": round(cpu(before_self, after_self), 2),
        "jobs2_workers_cpu_s": round(cpu(before_children, after_children), 2),
    })  # fmt: skip


def _split_batch_cpu(folder: Path, out: Path) -> dict:
    """CPU of the parent and of the workers of one ``--jobs 2`` run (citeaudit imported first)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    worker = context.Process(target=_batch_split_worker, args=(str(folder), str(out), queue))
    worker.start()
    result = queue.get(timeout=3600)
    worker.join()
    return result


def _row_line(row: dict) -> str:
    ratio = row.get("ratio_10x_in_process")
    return (
        f"{row['style']:<12} {row['references']:>6} refs  in-process {row['in_process_s']:>8.3f} s {row['in_process_peak_mb']:>7.1f} MB"
        f"  command {row['command_s']:>8.3f} s {row['command_peak_mb']:>7.1f} MB" + (f"  10x: {ratio}x" if ratio else "")
    )


def table(rows: list[dict], bib: dict | None, batch: dict | None, source: str, cores: int) -> str:
    """The results as a Markdown table (what the README shows)."""
    lines = [
        f"Offline, generated Markdown manuscripts (strings from {source}); {cores} cores.",
        "",
        "| style | references | citations | in-process wall / CPU | peak | 10x work | command wall / CPU | peak | 10x work |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['style']} | {r['references']:,} | {r['citations']:,} | {r['in_process_s']:.2f} / {r['in_process_cpu_s']:.2f} s"
            f" | {r['in_process_peak_mb']:.0f} MB | {_ratio(r.get('ratio_10x_in_process'))}"
            f" | {r['command_s']:.2f} / {r['command_cpu_s']:.2f} s | {r['command_peak_mb']:.0f} MB"
            f" | {_ratio(r.get('ratio_10x_command'))} |"
        )
    if bib:
        lines += ["", f"A .bib of {bib['entries']:,} entries alone (command): {bib['command_s']:.2f} s wall, {bib['command_cpu_s']:.2f} s CPU, {bib['command_peak_mb']:.0f} MB peak "
                  f"(goal < {GOAL_BIB_SECONDS:.0f} s, < {GOAL_BIB_MB:.0f} MB)."]  # fmt: skip
    if batch:
        lines += ["", f"A folder of {batch['manuscripts']} small manuscripts (fastest of {batch['repeat']}): --jobs 1 "
                  f"{batch['jobs1_s']:.1f} s wall ({batch['jobs1_cpu_s']:.1f} s CPU), --jobs 2 {batch['jobs2_s']:.1f} s wall "
                  f"({batch['jobs2_cpu_s']:.1f} s CPU), speed-up {batch['speedup']:.2f}x (goal >= {GOAL_BATCH_SPEEDUP}x); "
                  f"load average {batch['load_before']} before, {batch['load_after']} after. Of --jobs 2's CPU time the parent "
                  f"used {batch['jobs2_parent_cpu_s']:.1f} s and the workers {batch['jobs2_workers_cpu_s']:.1f} s: on two idle "
                  f"cores, {batch['speedup_cpu_bound']:.2f}x."]  # fmt: skip
    lines += ["", f"10x work: CPU time divided by the CPU time for a tenth of the references (goal <= {GOAL_RATIO:.0f}x)."]
    return "\n".join(lines) + "\n"


def _ratio(value) -> str:
    return f"{value}x" if value is not None else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--big", action="store_true", help="also 50,000 references")
    parser.add_argument("--sizes", default=None, help="comma-separated reference counts (default 100,1000,10000)")
    parser.add_argument("--styles", default="numbered,author-year")
    parser.add_argument("--bib", type=int, default=5000, help="entries of the .bib measured alone (0: skip)")
    parser.add_argument("--batch", action="store_true", help="also time a folder of 200 manuscripts, --jobs 1 vs 2")
    parser.add_argument("--batch-only", action="store_true", help="only the folder")
    parser.add_argument("--repeat", type=int, default=1, help="folder runs per --jobs value (the fastest counts)")
    parser.add_argument("--json", dest="json_out", type=Path, default=None)
    parser.add_argument("--table", type=Path, default=None, help="also write the Markdown table here")
    parser.add_argument("--keep", type=Path, default=None, help="write the manuscripts here and keep them")
    args = parser.parse_args(argv)

    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [100, 1000, 10000] + ([50000] if args.big else [])
    styles = [s for s in args.styles.split(",") if s]
    pool = load_pool()
    work = Path(tempfile.mkdtemp(prefix="citeaudit-throughput-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        rows = [] if args.batch_only else measure_sizes(sizes, styles, pool, work)
        bib = measure_bib(args.bib, pool, work) if args.bib and not args.batch_only else None
        batch = measure_batch(200, pool, work, args.repeat) if args.batch or args.batch_only else None
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    cores = os.cpu_count() or 1
    text = table(rows, bib, batch, pool.source, cores)
    print(text)
    if args.table:
        args.table.write_text(text, encoding="utf-8")
    if args.json_out:
        payload = {"source": pool.source, "cores": cores, "sizes": rows, "bib": bib, "batch": batch}
        args.json_out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    ratios = [r[k] for r in rows for k in ("ratio_10x_in_process",) if k in r]
    failed = any(r > GOAL_RATIO for r in ratios) or (
        bib is not None and (bib["command_cpu_s"] >= GOAL_BIB_SECONDS or bib["command_peak_mb"] >= GOAL_BIB_MB)
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
