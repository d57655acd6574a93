"""Reviewed findings: a manuscript's findings recorded once, so that later runs report only new ones.

``citeaudit baseline paper.md`` writes ``paper.md.citeaudit-baseline.json`` beside the manuscript;
``verify`` then leaves out the findings recorded there and says how many known ones remain.

A finding's identity is its code, the normalised text it is about (the citation it quotes, else
the entry's text, else its message) and the file it is in, relative to the manuscript's folder:
never its line, so that edits elsewhere in the manuscript leave it the same.  Identities are
counted: a citation left unmatched twice is recorded twice, and a third copy is new.  SARIF's
fingerprints are these identities too.  An ``internal-error`` is never recorded: a bug must show.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from .errors import OutputError, UsageError
from .model import Finding, Report

BASELINE_SUFFIX = ".citeaudit-baseline.json"
VERSION = 1
# How much of a finding's text the baseline file shows beside its identity, for people reading it.
_SHOWN = 160


def baseline_path(manuscript: str | Path) -> Path:
    """Where a manuscript's baseline lives: ``<manuscript>.citeaudit-baseline.json`` beside it."""
    manuscript = Path(manuscript)
    return manuscript.with_name(manuscript.name + BASELINE_SUFFIX)


def normalised(text: str) -> str:
    """Text compared as a reader would: NFKC, case folded, runs of white space made one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def finding_file(report: Report, finding: Finding) -> str:
    """The file a finding is in, relative to the manuscript's folder (POSIX separators)."""
    manuscript = report.manuscript.path
    where = finding.location.file if finding.location is not None and finding.location.file else manuscript
    try:
        relative = os.path.relpath(where, os.path.dirname(manuscript) or ".")
    except ValueError:  # another drive (Windows)
        relative = where
    return Path(relative).as_posix()


def subject(report: Report, finding: Finding) -> str:
    """What a finding is about: the citation it quotes, else its entry's text, else its message."""
    if finding.citation:
        return finding.citation
    if finding.reference is not None and 1 <= finding.reference <= len(report.references):
        return report.references[finding.reference - 1].raw
    return finding.message


def identity(report: Report, finding: Finding) -> str:
    """A finding's stable identity: a digest of code, file and normalised subject (not the line)."""
    key = "\x00".join((finding.code, finding_file(report, finding), normalised(subject(report, finding))))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def identities(report: Report) -> list[tuple[str, int]]:
    """Each finding's identity and occurrence number (1 for the first finding with it), in report order."""
    seen: Counter[str] = Counter()
    result = []
    for finding in report.findings:
        digest = identity(report, finding)
        seen[digest] += 1
        result.append((digest, seen[digest]))
    return result


def render_baseline(report: Report) -> str:
    """The baseline file's text: every finding's identity with what it is, sorted, one per identity."""
    entries: dict[str, dict[str, Any]] = {}
    for finding, (digest, _) in zip(report.findings, identities(report)):
        if finding.code == "internal-error":
            continue
        entry = entries.setdefault(digest, {
            "id": digest,
            "code": finding.code,
            "file": finding_file(report, finding),
            "text": normalised(subject(report, finding))[:_SHOWN],
            "count": 0,
        })
        entry["count"] += 1
    data = {
        "tool": "citeaudit",
        "version": VERSION,
        "manuscript": Path(report.manuscript.path).name,
        "findings": sorted(entries.values(), key=lambda e: (e["code"], e["file"], e["text"], e["id"])),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def parse_baseline(text: str, source: str) -> Counter[str]:
    """The identities a baseline file records, with their counts; UsageError if it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{source}: not a citeaudit baseline (invalid JSON: {exc.msg}); make it again with 'citeaudit baseline'") from exc
    if not isinstance(data, dict) or data.get("tool") != "citeaudit" or not isinstance(data.get("findings"), list):
        raise UsageError(f"{source}: not a citeaudit baseline; make it again with 'citeaudit baseline'")
    if data.get("version") != VERSION:
        raise UsageError(f"{source}: baseline version {data.get('version')!r} is not {VERSION}; make it again with 'citeaudit baseline'")
    known: Counter[str] = Counter()
    for entry in data["findings"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not isinstance(entry.get("count", 1), int):
            raise UsageError(f"{source}: a baseline entry is not an id and a count: {str(entry)[:80]}")
        known[entry["id"]] += max(0, entry.get("count", 1))
    return known


def apply_baseline(report: Report, known: Counter[str], source: str) -> Report:
    """The report less the findings ``known`` records; ``provenance["baseline"]`` says how many.

    ``known``: findings recorded and still found (left out); ``fixed``: recorded, no longer found.
    """
    remaining = Counter(known)
    kept = []
    for finding, (digest, _) in zip(report.findings, identities(report)):
        if finding.code != "internal-error" and remaining[digest] > 0:
            remaining[digest] -= 1
            continue
        kept.append(finding)
    left_out = len(report.findings) - len(kept)
    provenance = {**report.provenance, "baseline": {"file": source, "known": left_out, "fixed": sum(remaining.values())}}
    return dataclasses.replace(report, findings=tuple(kept), provenance=provenance)


def apply_baseline_file(report: Report) -> Report:
    """Apply the baseline beside the report's manuscript, if there is one."""
    path = baseline_path(report.manuscript.path)
    if not path.is_file():
        return report
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the baseline {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    return apply_baseline(report, parse_baseline(text, str(path)), str(path))


def check_replaceable(path: Path) -> None:
    """OutputError unless ``path`` is absent or a baseline we wrote (a file of the user's is kept)."""
    path = Path(path)
    if not path.is_file():
        return
    try:
        parse_baseline(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError, UsageError) as exc:
        raise OutputError(f"{path} exists and is not a citeaudit baseline; move it away first") from exc
