"""Findings on real documents: precision, defect recall and counts, per document and per format.

Runs the scorer that ships with ``../shared/realworld`` (``score.py``: it runs ``citeaudit
verify --offline`` on each document and judges every error and warning against the document's
``truth.json``) over every document there, and adds what a CI user feels: whether the document
would exit 1 on false errors alone, and how long the whole command took.

    python bench/realworld.py [--shared DIR] [--only NAME] [--json OUT] [--errors N] [--keep DIR]

Goals (the real-manuscripts issue and those for LaTeX and PDF): precision of error+warning
findings >= 0.95 (PDF: 0.9), defect recall >= 0.9, reference count exact on every document,
citation count within 5% of the truth (PDF: 10%), and no document exits 1 on false errors.
The documents and their truth belong to their authors and stay in ../shared; nothing here
copies them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "realworld"

# Per kind of document: (precision goal, citation-count tolerance).
GOALS = {"pdf": (0.90, 0.10)}
DEFAULT_GOAL = (0.95, 0.05)
RECALL_GOAL = 0.9


def load_scorer(shared: Path):
    """The scorer module from ``shared/realworld/score.py`` (it is not ours to copy)."""
    spec = importlib.util.spec_from_file_location("realworld_score", shared / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"{shared / 'score.py'}: cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def citeaudit_command() -> str:
    """The command that runs the citeaudit installed beside this Python."""
    found = shutil.which("citeaudit", path=str(Path(sys.executable).parent)) or shutil.which("citeaudit")
    if found:
        return found
    return f"{sys.executable} -c 'import sys; from citeaudit.cli import main; sys.exit(main())'"


def false_errors(score, truth: dict, report: dict) -> list[str]:
    """Error findings that match neither a defect nor a harmless entry: they alone fail a CI job."""
    refs = report.get("references", [])
    wrong = []
    for finding in report.get("findings", []):
        if finding.get("severity") != "error":
            continue
        text = score.haystack(finding, refs)
        if any(score.fits(finding, entry, text) for entry in truth.get("defects", []) + truth.get("harmless", [])):
            continue
        wrong.append(f"{finding.get('line')}: {finding.get('code')}: {finding.get('message')}"[:160])
    return wrong


def measure(score, folder: Path, out: Path, command: str) -> dict:
    """Run and judge one document."""
    started = time.perf_counter()
    truth, report, proc = score.run(command, str(folder), str(out))
    seconds = time.perf_counter() - started
    row = {"name": folder.name, "kind": truth.get("kind", "?"), "seconds": round(seconds, 2)}
    if report is None:
        why = (proc.stderr.strip().splitlines() or ["no report"])[-1] if proc else "timed out"
        return {**row, "failed": why[:200], "defects": len(score.offline_defects(truth))}
    judged = score.judge(truth, report)
    judged["false_errors"] = false_errors(score, truth, report)
    judged["citations_approx"] = bool(truth.get("citations_approx"))
    return {**row, **judged}


def precision(true: int, false: int) -> float:
    return true / (true + false) if true + false else 1.0


def citation_gap(row: dict) -> float:
    found, truth = row["citations"]
    return abs(found - truth) / truth if truth else float(found > 0)


def print_table(rows: list[dict], errors: int) -> None:
    print(f"{'document':28s} {'kind':8s} {'true':>4s} {'harm':>4s} {'false':>5s} {'prec':>5s} {'defects':>8s} "
          f"{'refs':>9s} {'cites':>9s} {'gap':>5s} {'false err':>9s} {'s':>5s}")
    for row in rows:
        if "failed" in row:
            print(f"{row['name']:28s} {row['kind']:8s} NO REPORT: {row['failed'][:90]}")
            continue
        refs, cites = row["references"], row["citations"]
        approx = "~" if row["citations_approx"] else ""
        print(
            f"{row['name']:28s} {row['kind']:8s} {row['true']:4d} {row['harmless']:4d} {row['false']:5d} "
            f"{precision(row['true'], row['false']):5.2f} {row['defects_found']:>3d}/{row['defects']:<4d} "
            f"{refs[0]:>4d}/{refs[1]:<4d} {cites[0]:>4d}/{cites[1]:<4d} {approx}{citation_gap(row):4.0%} "
            f"{len(row['false_errors']):9d} {row['seconds']:5.1f}"
        )
        for example in row["false_examples"][:errors]:
            print(f"    false: {example}")


def summarise(rows: list[dict]) -> dict[str, dict]:
    """Totals per kind of document and overall, with whether each goal is met."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row["kind"]].append(row)
        groups["all"].append(row)
    summary = {}
    for kind, members in groups.items():
        read = [r for r in members if "failed" not in r]
        true = sum(r["true"] for r in read)
        false = sum(r["false"] for r in read)
        defects = sum(r["defects"] for r in members)
        found = sum(r.get("defects_found", 0) for r in read)
        goal_precision, tolerance = GOALS.get(kind, DEFAULT_GOAL)
        summary[kind] = {
            "documents": len(members),
            "without_report": len(members) - len(read),
            "true": true,
            "false": false,
            "precision": round(precision(true, false), 3),
            "defect_recall": round(found / defects, 3) if defects else 1.0,
            "defects": f"{found}/{defects}",
            "references_exact": sum(r["references"][0] == r["references"][1] for r in read),
            "citations_within": sum(citation_gap(r) <= tolerance for r in read),
            "exit_1_on_false_errors": sum(bool(r["false_errors"]) for r in read),
            "goal_precision": goal_precision,
            "goal_citation_tolerance": tolerance,
        }
    return summary


def print_summary(summary: dict[str, dict]) -> None:
    print()
    print(f"{'kind':8s} {'docs':>4s} {'precision':>9s} {'recall':>13s} {'refs exact':>10s} {'cites within':>12s} "
          f"{'exit 1 on false errors':>22s}")
    for kind in sorted(summary, key=lambda k: (k == "all", k)):
        s = summary[kind]
        n = s["documents"] - s["without_report"]
        print(
            f"{kind:8s} {s['documents']:4d} {s['precision']:9.3f} {s['defect_recall']:6.3f} ({s['defects']:>5s}) "
            f"{s['references_exact']:>5d}/{n:<4d} {s['citations_within']:>6d}/{n:<5d} "
            f"{s['exit_1_on_false_errors']:>15d}/{n:<6d}"
        )
    print(f"goals: precision >= 0.95 (pdf 0.90), recall >= {RECALL_GOAL}, references exact everywhere, "
          "citations within 5% (pdf 10%), no document exits 1 on false errors")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the realworld folder (default: ../shared/realworld)")
    parser.add_argument("--only", help="only documents whose folder name contains this")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    parser.add_argument("--errors", type=int, default=3, help="false findings to show per document")
    parser.add_argument("--keep", type=Path, help="keep the JSON reports in this folder")
    parser.add_argument("--citeaudit", default=None, help="the command that runs citeaudit")
    args = parser.parse_args(argv)
    if not (args.shared / "score.py").is_file():
        print(f"{args.shared}: no score.py here; this benchmark needs ../shared/realworld", file=sys.stderr)
        return 2
    score = load_scorer(args.shared)
    command = args.citeaudit or citeaudit_command()
    folders = sorted(p for p in args.shared.iterdir() if (p / "truth.json").is_file())
    if args.only:
        folders = [p for p in folders if args.only in p.name]
    base = args.keep or Path(tempfile.mkdtemp(prefix="citeaudit-realworld-"))
    rows = []
    for folder in folders:
        out = base / folder.name
        out.mkdir(parents=True, exist_ok=True)
        rows.append(measure(score, folder, out, command))
    print_table(rows, args.errors)
    summary = summarise(rows)
    print_summary(summary)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "documents": rows}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
