"""The HTML report: one self-contained page to read the audit in a browser, also from file://.

All manuscript text reaches the page through Jinja2 with autoescaping on; this module never
builds markup itself.  Highlighting hands the template plain-text pieces (before, marked,
after) that it escapes one by one, so a citation can be marked without trusting any of it.
The inline script is allowed by its hash in a Content-Security-Policy, so nothing else on the
page can run a script or load anything from outside.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from .. import __version__
from ..checks.explain import Explanation, explanations
from ..model import Finding, Footnote, Manuscript, Reference, Report, Resolution
from ._common import (
    SEVERITY_ORDER,
    cited_by,
    finding_sort_key,
    reference_at,
    resolution_for,
    source_position,
    where,
)
from .charts import code_chart, year_chart

#: Characters of a long source line kept on each side of the highlighted citation.
CONTEXT_WIDTH = 120

#: CSL fields shown first, in this order, in a reference's compact field list.
_CSL_ORDER = (
    "type",
    "author",
    "editor",
    "issued",
    "title",
    "container-title",
    "volume",
    "issue",
    "page",
    "publisher",
    "DOI",
    "URL",
)


@dataclass(frozen=True, slots=True)
class ContextLine:
    """One source line around a finding, split into plain-text pieces; ``mark`` is highlighted."""

    number: int
    before: str
    mark: str
    after: str
    focus: bool


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("citeaudit.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Compiling the template took ~0.1 s of every run (most of a small manuscript's audit);
        # jinja2 keeps the compiled code in a private folder of the temp directory (mode 0700,
        # owner checked), keyed by the template's checksum and the Python version (issue 11).
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )


def _asset(name: str) -> str:
    source, _, _ = _environment().loader.get_source(_environment(), name)  # type: ignore[union-attr]
    return source


def render_html(report: Report) -> str:
    """The HTML report as one self-contained page."""
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    findings = findings_by_priority(report)
    glossary = _glossary(findings)
    notes = _footnote_numbers(report.footnotes)
    # The Line column sorts in reading order (a PDF counts its lines per page: see finding_sort_key).
    reading_order = {id(f): at for at, f in enumerate(sorted(findings, key=finding_sort_key))}
    views = [_finding_view(report, number, f, notes, reading_order) for number, f in enumerate(findings, start=1)]
    about_references, about_footnotes = _by(views, "reference"), _by(views, "footnote")
    references = [
        _reference_view(report, index, reference, about_references)
        for index, reference in enumerate(report.references, start=1)
    ]
    open_findings = [f for f in findings if not _waived(f)]
    return _environment().get_template("report.html.j2").render(
        path=report.manuscript.path,
        manuscript=report.manuscript,
        counts=_counts(open_findings),
        waived_count=len(findings) - len(open_findings),
        severities=[severity.value for severity in SEVERITY_ORDER],
        findings=views,
        summary=_summary(views),
        references=references,
        citation_count=len(report.citations),
        glossary=glossary,
        explained={explanation.code for explanation in glossary},
        baseline=report.provenance.get("baseline"),
        footnotes=[_footnote_view(report, note, about_footnotes) for note in report.footnotes],
        code_chart=code_chart(open_findings),
        year_chart=year_chart(references),
        provenance=[(str(k).replace("_", " "), _shown(v)) for k, v in report.provenance.items()],
        version=__version__,
        style=Markup(_asset("report.css")),  # our own file, not manuscript text
        script=Markup(script),
        script_hash=digest,
    )


def findings_by_priority(report: Report) -> list[Finding]:
    """Errors first, then warnings, then info, each in reading order; the findings the manuscript
    waives (``Report.waived``) last, in the same order."""
    listed = {id(finding) for finding in report.findings}
    waived = [finding for finding in getattr(report, "waived", ()) if id(finding) not in listed]
    everything = sorted([*report.findings, *waived], key=finding_sort_key)
    return sorted(everything, key=lambda f: (_waived(f) is not None, -f.severity.rank))


def _waived(finding: Finding) -> str | None:
    # Finding.waived (the reviewer's reason) is new in the model; older Findings lack it.
    return getattr(finding, "waived", None)


def _clip(text: str, width: int = 200) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _counts(findings: list[Finding]) -> dict[str, int]:
    counts = {severity.value: 0 for severity in SEVERITY_ORDER}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts


def _summary(views: list[dict[str, Any]], limit: int = 5) -> list[dict[str, Any]]:
    """What to fix first: the open findings grouped by code, worst severity first, then by
    where the first one of each code is (the findings are already in that order)."""
    groups: dict[str, dict[str, Any]] = {}
    for view in views:
        if view["waived"] is not None:
            continue
        group = groups.setdefault(view["finding"].code, {"code": view["finding"].code, "first": view, "count": 0})
        group["count"] += 1
    return list(groups.values())[:limit]


def _footnote_numbers(footnotes: tuple[Footnote, ...]) -> dict[tuple[int, int, str | None], int]:
    """Each footnote's number by where its text starts (a footnote finding points there)."""
    return {(n.location.line, n.location.column, n.location.file): n.number for n in footnotes}


def _footnote_view(report: Report, note: Footnote, about: Mapping[int, list[tuple[str, Finding]]]) -> dict[str, Any]:
    return {
        "note": note,
        "text": inline_markup(note.text, report.manuscript.format),
        "findings": about.get(note.number, []),
    }


def _by(views: list[dict[str, Any]], key: str) -> dict[int, list[tuple[str, Finding]]]:
    """The findings' anchors and findings by the reference or footnote they are about, grouped
    once (asking every finding for each entry was quadratic on a long list)."""
    grouped: dict[int, list[tuple[str, Finding]]] = {}
    for view in views:
        if view[key] is not None:
            grouped.setdefault(view[key], []).append((view["id"], view["finding"]))
    return grouped


def _shown(value: Any) -> str:
    if isinstance(value, bool):  # "offline: yes", not Python's "True"
        return "yes" if value else "no"
    return _compact(value)


def _glossary(findings: list[Finding]) -> list[Explanation]:
    """What each code among the findings means (``citeaudit explain``'s text), in the checks' order."""
    present = {finding.code for finding in findings}
    return [explanation for explanation in explanations() if explanation.code in present]


def _finding_view(
    report: Report,
    number: int,
    finding: Finding,
    notes: Mapping[tuple[int, int, str | None], int],
    reading_order: Mapping[int, int],
) -> dict[str, Any]:
    location = finding.location
    reference = reference_at(report, finding.reference)
    footnote = None
    if finding.code.startswith("footnote-") and location is not None:
        footnote = notes.get((location.line, location.column, location.file))
    return {
        "id": f"f-{number}",
        "finding": finding,
        "severity": finding.severity.value,
        "rank": finding.severity.rank,
        "waived": _waived(finding),
        # What finding.citation quotes: a citation, or a footnote's text or marker.
        "label": "Citation" if not finding.code.startswith("footnote-") else "Footnote" if footnote else "Footnote marker",
        "footnote": footnote,
        "where": "" if location is None else where(location, report.manuscript.path),
        "sort_where": reading_order[id(finding)],
        "reference": None if reference is None else finding.reference,
        # The entry quoted in one line, already in italics: its own emphasis marks go (a clip
        # could part a pair), and so do its tags and entities (striptags decodes them).
        "reference_raw": None
        if reference is None
        else _clip(inline_markup(reference.raw, report.manuscript.format).striptags()),
        "context": []
        if location is None
        # A footnote's card is one click away: its context marks the note's number, not its text.
        else context_lines(
            report.manuscript,
            *source_position(report.manuscript, location),
            finding.citation if footnote is None else str(footnote),
        ),
    }


def _reference_view(
    report: Report,
    index: int,
    reference: Reference,
    about: Mapping[int, list[tuple[str, Finding]]],
) -> dict[str, Any]:
    resolution = resolution_for(report, index)
    return {
        "index": index,
        "reference": reference,
        "raw": inline_markup(reference.raw, report.manuscript.format),
        "year": _year(reference),
        "status": None if resolution is None else resolution.status,
        "fields": _csl_fields(reference),
        "registry": None if resolution is None else _registry_view(resolution),
        "citing": [report.citations[position] for position in cited_by(report, index)],
        "findings": about.get(index, []),
    }


def _registry_view(resolution: Resolution) -> dict[str, Any]:
    return {
        "resolution": resolution,
        "doi_href": None if not resolution.doi else "https://doi.org/" + quote(resolution.doi, safe="/"),
        "score": None if resolution.score is None else f"{resolution.score:.2f}",
        "notices": [_compact(notice) for notice in resolution.notices],
    }


def context_lines(
    manuscript: Manuscript, line: int, column: int, needle: str | None, around: int = 1
) -> list[ContextLine]:
    """The lines around ``line`` as clean text (the reader's cleaned text of each source line, its
    emphasis marks dropped), with ``needle`` marked where it sits on that line."""
    last = len(_source_map(manuscript).line_starts)  # counted once per manuscript, not per finding
    if not 1 <= line <= last:
        return []
    lines = []
    for number in range(max(1, line - around), min(last, line + around) + 1):
        text, origins = _clean_line(manuscript, number)
        if number == line:
            if not text.strip():  # a line all markup: better the source than nothing
                text, origins = _raw_line(manuscript, number)
            target = _line_start(manuscript, number) + column - 1
            lines.append(_focus_line(number, text, bisect.bisect_left(origins, target) + 1, needle))
        elif text.strip():
            clipped = text if len(text) <= CONTEXT_WIDTH else text[:CONTEXT_WIDTH] + "…"
            lines.append(ContextLine(number, clipped, "", "", focus=False))
    return lines


class _SourceMap:
    """Where each source line starts, and the runs of ``text`` whose source offsets rise (a reader
    may move text: footnote definitions go after the body), so that the cleaned text of a source
    line is found by bisection."""

    __slots__ = ("manuscript", "line_starts", "runs")

    def __init__(self, manuscript: Manuscript) -> None:
        self.manuscript = manuscript
        source = manuscript.source
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
        offsets = manuscript.offsets[: len(manuscript.text)]
        runs, start = [], 0
        for i in range(1, len(offsets)):
            if offsets[i] < offsets[i - 1]:
                runs.append((start, i))
                start = i
        runs.append((start, len(offsets)))
        self.runs = runs


_maps: list[_SourceMap] = []  # the manuscript rendered last: every finding asks about it


def _source_map(manuscript: Manuscript) -> _SourceMap:
    if not (_maps and _maps[0].manuscript is manuscript):
        _maps[:] = [_SourceMap(manuscript)]
    return _maps[0]


def _line_start(manuscript: Manuscript, number: int) -> int:
    return _source_map(manuscript).line_starts[number - 1]


def _raw_line(manuscript: Manuscript, number: int) -> tuple[str, list[int]]:
    text = manuscript.line_text(number)
    start = _line_start(manuscript, number)
    return text, list(range(start, start + len(text)))


def _clean_line(manuscript: Manuscript, number: int) -> tuple[str, list[int]]:
    """The cleaned text behind source line ``number``, and the source offset of each character."""
    index = _source_map(manuscript)
    begin = index.line_starts[number - 1]
    end = begin + len(manuscript.line_text(number))
    offsets = manuscript.offsets
    pieces = []
    for first, stop in index.runs:
        low = bisect.bisect_left(offsets, begin, first, stop)
        high = bisect.bisect_left(offsets, end, low, stop)
        if low < high:
            pieces.append((offsets[low], low, high))
    chars: list[str] = []
    origins: list[int] = []
    for _, low, high in sorted(pieces):
        chars.extend(" " if ch == "\n" else ch for ch in manuscript.text[low:high])
        origins.extend(offsets[low:high])
    text = "".join(chars)
    dropped = set()
    if manuscript.format not in _RAW_MARKUP_FORMATS:
        dropped = {i for match in _EMPHASIS.finditer(text) for i in _delimiters(match)}
    # A tag the cleaner removed may leave spaces at the line's ends ("<sup>1</sup>" -> "  1").
    first = len(text) - len(text.lstrip())
    last = len(text.rstrip())
    kept = [i for i in range(first, last) if i not in dropped]
    return "".join(text[i] for i in kept), [origins[i] for i in kept]


def _delimiters(match: re.Match[str]) -> Iterator[int]:
    width = len(match.group("mark"))
    yield from range(match.start(), match.start() + width)
    yield from range(match.end() - width, match.end())


#: Formats whose text is source markup of its own (LaTeX, BibTeX): their '*' and '_' are no emphasis.
_RAW_MARKUP_FORMATS = frozenset({"latex", "bibtex"})

# Markdown emphasis as the readers leave it (they write <i>/<em> as '*' too): "*Asian Survey*",
# "**36**", "_Title_".  It opens after a space, an opening bracket or quote, or the start, and
# closes before a space, punctuation or the end (';' and '&' for an escaped quote, "&#34;"), so "snake_case", "a*b*c" and a URL's
# "/a_b_/" stay as they are.  The inside is one line of at most 300 characters.
_EMPHASIS = re.compile(
    r"""(?<![^\s(\["'“‘;])(?P<mark>\*\*|__|\*|_)(?=[^\s*_])(?P<inner>[^\n]{1,300}?)(?<=[^\s*_])(?P=mark)(?![^\s.,;:!?)\]"'”’(&])"""
)


def inline_markup(text: str, format: str) -> Markup:
    """``text`` as clean HTML: entities decoded, everything escaped, then its emphasis ('*x*',
    '**x**', '_x_') and its paired <i>, <b>, <sup>, <sub> tags drawn again.  The markup is added
    to escaped text only, so nothing in ``text`` itself becomes markup."""
    if format in _RAW_MARKUP_FORMATS:
        return escape(text)
    escaped = str(escape(html.unescape(text)))
    escaped = _ESCAPED_TAG.sub(_tag_again, escaped)
    return Markup(_EMPHASIS.sub(_emphasis_tag, escaped))


# A pair of simple formatting tags as they read once escaped: "&lt;i&gt;Nature&lt;/i&gt;".
_ESCAPED_TAG = re.compile(r"&lt;(?P<tag>i|em|b|strong|sup|sub)&gt;(?P<inner>[^\n]{0,300}?)&lt;/(?P=tag)&gt;", re.I)
_TAGS = {"i": "em", "em": "em", "b": "strong", "strong": "strong", "sup": "sup", "sub": "sub"}


def _tag_again(match: re.Match[str]) -> str:
    tag = _TAGS[match.group("tag").lower()]
    return f"<{tag}>{match.group('inner')}</{tag}>"


def _emphasis_tag(match: re.Match[str]) -> str:
    tag = "strong" if len(match.group("mark")) == 2 else "em"
    return f"<{tag}>{match.group('inner')}</{tag}>"


def _year(reference: Reference) -> int | None:
    issued = reference.csl.get("issued")
    if isinstance(issued, Mapping):
        parts = issued.get("date-parts") or [[]]
        if parts and parts[0] and str(parts[0][0]).isdigit():
            return int(parts[0][0])
    return None


def _focus_line(number: int, text: str, column: int, needle: str | None) -> ContextLine:
    start = min(max(column - 1, 0), len(text))
    end = start
    if needle:
        first = needle.split("\n", 1)[0]
        if text.startswith(needle, start):
            end = start + len(needle)
        elif first and text.startswith(first, start):
            end = start + len(first)
        elif (found := text.find(needle)) >= 0:
            start, end = found, found + len(needle)
    left = max(0, start - CONTEXT_WIDTH)
    right = min(len(text), end + CONTEXT_WIDTH)
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return ContextLine(number, before, text[start:end], after, focus=True)


def _csl_fields(reference: Reference) -> list[dict[str, Any]]:
    csl = reference.csl
    names = [name for name in _CSL_ORDER if name in csl]
    names += sorted(name for name in csl if name not in _CSL_ORDER and name != "id")
    fields = []
    for name in names:
        value = _csl_value(name, csl[name])
        if not value:
            continue
        confidence = reference.confidence.get(name)
        fields.append({"name": name, "value": value, "confidence": confidence})
    return fields


def _csl_value(name: str, value: Any) -> str:
    if name in ("author", "editor", "translator") and isinstance(value, list):
        return "; ".join(_person(person) for person in value)
    if isinstance(value, Mapping) and ("date-parts" in value or "literal" in value):
        parts = value.get("date-parts") or [[]]
        if parts and parts[0]:
            return "-".join(str(part) for part in parts[0]) + str(value.get("year-suffix", ""))
        return str(value.get("literal", ""))
    return _compact(value)


def _person(person: Any) -> str:
    if not isinstance(person, Mapping):
        return str(person)
    if person.get("literal"):
        return str(person["literal"])
    given = str(person.get("given", "")).strip()
    family = str(person.get("family", "")).strip()
    return f"{family}, {given}" if family and given else family or given


def _compact(value: Any) -> str:
    """A short one-line rendering of a nested value, for tables of details."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_compact(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_compact(v) for v in value)
    return str(value)
