"""Waivers: a finding the author has reviewed, waived in the manuscript itself with a reason.

Written as a comment where the finding is, in the manuscript's own syntax::

    <!-- citeaudit: ignore citation-unmatched reason="cited from the preprint" -->
    % citeaudit: ignore reference-incomplete reason="a standard, it has no publisher"

A waiver covers its own line, and when the comment stands alone on its line, the lines down to
the next line with text: the paragraph or ``\\cite`` it is written above.  Above a .bib entry
(BibTeX ignores text outside entries) it covers the whole entry.  Codes are written as for
``--select``: a whole code, or a prefix ending in "-" (``reference-``).  A waived finding is
kept in the report, marked with its reason, and counts for no exit code; a waiver naming no
known code is a warning, one that waives nothing an info, so that waivers never rot unseen.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from ..model import Finding, Location, Manuscript
from .base import Context, Emit

# A waiver in a comment: "<!-- citeaudit: ignore a-code, b- reason="why" -->", "% citeaudit: ignore a-code"
_WAIVER = re.compile(
    r"(?:<!--|%|//|#)[ \t]*citeaudit:[ \t]*ignore[ \t]+"
    r"(?P<codes>[a-z][a-z0-9-]*(?:[ \t]*,[ \t]*[a-z][a-z0-9-]*)*)"
    r"(?:[ \t]+reason[ \t]*=[ \t]*(?:\"(?P<reason>[^\"\n]*)\"|'(?P<reason2>[^'\n]*)'))?",
    re.IGNORECASE,
)
# What may stand on a waiver's line besides the waiver: then it waives the lines below it.
_COMMENT_ONLY = re.compile(r"^[ \t]*(?:<!--[^\n]*?-->|%[^\n]*|//[^\n]*|#[^\n]*)[ \t]*$", re.M)
NO_REASON = "no reason given"


@dataclass(frozen=True, slots=True)
class Waiver:
    """One waiver: the codes it waives, why, and the lines (of one file) it covers."""

    codes: tuple[str, ...]
    reason: str
    location: Location
    lines: frozenset[int]

    def covers(self, finding: Finding) -> bool:
        where = finding.location
        if where is None or where.file != self.location.file or where.line not in self.lines:
            return False
        return any(finding.code == code or (code.endswith("-") and finding.code.startswith(code)) for code in self.codes)


def read_waivers(manuscript: Manuscript) -> tuple[Waiver, ...]:
    """Every waiver written in the manuscript's source (its .bib files included)."""
    source = manuscript.source
    waivers = []
    for match in _WAIVER.finditer(source):
        line_start = source.rfind("\n", 0, match.start()) + 1
        line_end = _line_end(source, match.start())
        location = manuscript.locate_source(match.start())
        lines = {location.line}
        if _COMMENT_ONLY.match(source, line_start, line_end):
            lines |= _lines_below(manuscript, line_end)
        codes = tuple(dict.fromkeys(code.strip().lower() for code in match.group("codes").split(",")))
        reason = (match.group("reason") or match.group("reason2") or "").strip() or NO_REASON
        waivers.append(Waiver(codes=codes, reason=reason, location=location, lines=frozenset(lines)))
    return tuple(waivers)


def _line_end(source: str, at: int) -> int:
    end = source.find("\n", at)
    return len(source) if end < 0 else end


def _lines_below(manuscript: Manuscript, after: int) -> set[int]:
    """The lines below a comment-only line, down to the first with text (a .bib entry: all of it)."""
    source = manuscript.source
    start = _next_text(source, after)
    if start is None:
        return set()
    end = _line_end(source, start)
    if source.startswith("@", start):  # a .bib entry: to the line before the next entry
        following = source.find("\n@", end)
        end = len(source) if following < 0 else following
    first_line = manuscript.locate_source(start)
    last_line = manuscript.locate_source(max(start, end - 1))
    if last_line.file != first_line.file:
        last_line = first_line
    return set(range(first_line.line, last_line.line + 1))


def _next_text(source: str, after: int) -> int | None:
    """Where the text of the next line with text starts, past blank lines (spaces and tabs only).

    Each run of blank lines is crossed once: the pattern this replaces,
    ``\\n(?:[ \\t]*\\n)*[ \\t]*(?P<text>\\S)``, was tried from every line break of a run that ends
    in no text (a file ending in a million blank lines: quadratic).
    """
    pos = source.find("\n", after)
    while pos >= 0:
        end = pos
        while end < len(source) and source[end] in " \t\n":
            end += 1
        if end < len(source) and not source[end].isspace():
            return end
        pos = source.find("\n", end)
    return None


def names_a_check(code: str, codes: Sequence[str]) -> bool:
    """Whether a waiver's code is one of ``codes``, or a prefix of some ending in "-" (``reference-``)."""
    return code in codes or (code.endswith("-") and any(known.startswith(code) for known in codes))


def apply_waivers(findings: Sequence[Finding], waivers: Sequence[Waiver]) -> tuple[list[Finding], list[Finding], list[Waiver]]:
    """The findings left, those waived (each marked with its waiver's reason), and the waivers
    that waived nothing.  ``internal-error`` is never waived: a lost check must be seen."""
    kept, waived, used = [], [], set()
    for finding in findings:
        waiver = next((w for w in waivers if finding.code != "internal-error" and w.covers(finding)), None)
        if waiver is None:
            kept.append(finding)
        else:
            waived.append(replace(finding, waived=waiver.reason))
            used.add(id(waiver))
    return kept, waived, [w for w in waivers if id(w) not in used]


def invalid_waivers(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A waiver comment that names a code no check has.

    Why: a misspelled code waives nothing, and the finding the author meant to waive stays in
    the report (or a CI gate fails) with no hint why.  Codes are whole codes or prefixes ending
    in "-", as for --select.

    Example: ``<!-- citeaudit: ignore citation-unmatchd reason="..." -->``: did you mean citation-unmatched?
    """
    from . import CHECKS

    codes = [check.code for check in CHECKS]
    for waiver in ctx.waivers:
        for code in waiver.codes:
            if names_a_check(code, codes):
                continue
            closest = difflib.get_close_matches(code, codes, n=1, cutoff=0.6)
            yield emit(
                f"the waiver names the unknown code '{code}'" + (f"; did you mean '{closest[0]}'?" if closest else ""),
                location=waiver.location,
                suggestion="run 'citeaudit checks' for the codes",
            )


def unused_waivers(ctx: Context, emit: Emit) -> Iterable[Finding]:
    """A waiver comment that waives no finding (any more).

    Why: the finding it was written for is gone (fixed, or moved away from the comment), and a
    stale waiver would silently waive a new finding on that line later.  Remove it, or move it
    next to the citation or entry it is about.

    Example: ``% citeaudit: ignore reference-uncited reason="kept for the appendix"`` above an
    entry that is now cited.
    """
    return ()  # Findings of this code are made by the pipeline, after the waivers are applied.


def unused_waiver_findings(unused: Iterable[Waiver], emit: Emit) -> list[Finding]:
    """One finding per waiver that waived nothing (see :func:`unused_waivers`)."""
    return [
        emit(f"the waiver of {', '.join(w.codes)} waives no finding", location=w.location, suggestion="remove the waiver, or move it next to what it waives")
        for w in unused
    ]
