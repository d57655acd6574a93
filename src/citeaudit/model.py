"""Values that flow through the pipeline: frozen, slotted, and pointing back to the source.

Everything parsed keeps where it came from (a :class:`Location` in the original file) and the
text it was parsed from, so that reports quote rather than paraphrase.  Offsets inside
``Manuscript.text`` (the cleaned text) are mapped back to the original file through
``Manuscript.offsets``.
"""

from __future__ import annotations

import bisect
import enum
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any


class Severity(str, enum.Enum):
    """How much a finding matters; ``rank`` orders them for ``--fail-on``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """A place in the original file: 1-based line and column, 0-based character offset.

    ``offset`` is into ``Manuscript.source``; ``file`` and ``page`` are set when the manuscript
    was read from several files (LaTeX ``\\input``, a ``.bib``) or from pages (PDF).
    """

    line: int
    column: int
    offset: int = 0
    page: int | None = None
    file: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of offsets into ``Manuscript.text``."""

    start: int
    end: int

    def __contains__(self, offset: object) -> bool:
        return isinstance(offset, int) and self.start <= offset < self.end


@dataclass(frozen=True, slots=True)
class Segment:
    """Where a stretch of ``Manuscript.source`` came from, from offset ``start`` on.

    ``line`` is the line in that file or page on which the stretch begins; columns on that first
    line count from ``start``.
    """

    start: int
    line: int = 1
    file: str | None = None
    page: int | None = None


def _segment_start(segment: Segment) -> int:
    return segment.start


# Formats whose ``source`` is Markdown that the reader wrote from a file of another kind (a PDF's
# lines, a DOCX's paragraphs): a column there counts the characters shown on that line, not the
# Markdown's markup ("<sup>", a link's "[1](#cite.x)", "*"), which a reader of the file never sees.
SHOWN_COLUMNS = frozenset({"pdf", "docx"})


def offset_map(offsets: Iterable[int], end: int) -> array:
    """``Manuscript.offsets`` from a reader's offset of each character and the source's length.

    Machine integers in one block: a tuple of int objects took 36 bytes a character (500 MB for
    a 50,000-entry list) and every full garbage collection walked all of them.
    """
    table = array("q", offsets)
    table.append(end)
    return table


@dataclass(frozen=True, slots=True)
class Manuscript:
    """A manuscript as read: the original text, a cleaned text, and the map between them.

    ``text`` has markup removed and entities decoded; ``offsets[i]`` is the offset in
    ``source`` of ``text[i]`` (with one extra entry for ``len(text)``).  ``body`` is the span
    of running text, ``references`` the reference section (``None`` when there is none),
    ``footnote_blocks`` the footnote definitions found inside the body, and
    ``superscripts`` the spans that were typeset as superscript.

    Readers of structured formats fill the optional fields: ``segments`` map ``source`` back to
    several files or pages; ``bibliography`` holds the reference list already parsed (a .bib,
    a JATS ``<ref-list>``), used instead of parsing ``references``; ``prepared_citations``
    holds citations the format states outright (LaTeX ``\\cite`` keys, JATS ``<xref>``
    links, reference-manager fields in DOCX), added to those found in the text.  ``notes`` says
    in one line each what the reader could not read (a bibliography file named but not found),
    for the audit to report instead of a clean result.  ``anchors`` are the ids HTML anchors
    give to places in ``text`` (``<span id="page-35-3">`` before an entry), with their offsets;
    ``reference_debris`` the stretches found inside the reference list that are not entries (a
    figure's caption, an image placeholder), laid out after the references and not read as
    entries.
    """

    path: str
    source: str
    text: str
    # see offset_map; derived from source and text, so left out of equality and hashing (an array
    # has no hash, and the same map as a tuple would compare unequal)
    offsets: Sequence[int] = field(compare=False)
    body: Span
    references: Span | None = None
    reference_heading: str | None = None
    footnote_blocks: tuple[Span, ...] = ()
    superscripts: tuple[Span, ...] = ()
    format: str = "markdown"
    segments: tuple[Segment, ...] = ()
    bibliography: tuple[Reference, ...] | None = None
    prepared_citations: tuple[Citation, ...] | None = None
    notes: tuple[str, ...] = ()
    anchors: tuple[tuple[str, int], ...] = ()
    reference_debris: tuple[Span, ...] = ()
    # Citations a format lists without citing (LaTeX \nocite): their entries are not uncited,
    # and they are not citations in the text.
    listed_citations: tuple[Citation, ...] = ()
    # The format states every citation (LaTeX \cite): author-year phrases found in the prose
    # ("Chen et al. (2017)~\cite{chen17}") describe a stated citation, they are not more.
    stated_only: bool = False
    # Parts of the manuscript named but not read (a LaTeX \input file that is not there): why,
    # and the offset in ``text`` where the part would have been.
    unread_parts: tuple[tuple[str, int], ...] = ()
    # What turns the .bib into the list: "biblatex" for a LaTeX document that loads it, else None.
    bib_engine: str | None = None
    _line_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._line_starts:
            starts = [0]
            starts.extend(i + 1 for i, ch in enumerate(self.source) if ch == "\n")
            object.__setattr__(self, "_line_starts", tuple(starts))

    def source_offset(self, text_offset: int) -> int:
        """The offset in ``source`` of ``text[text_offset]``."""
        text_offset = max(0, min(text_offset, len(self.offsets) - 1))
        return self.offsets[text_offset]

    def locate_source(self, source_offset: int) -> Location:
        """Line and column (1-based) of an offset in ``source``."""
        line = bisect.bisect_right(self._line_starts, source_offset)
        column = source_offset - self._line_starts[line - 1] + 1
        if not self.segments:
            return Location(line=line, column=column, offset=source_offset)
        at = max(0, bisect.bisect_right(self.segments, source_offset, key=_segment_start) - 1)
        segment = self.segments[at]
        first = bisect.bisect_right(self._line_starts, segment.start)
        if line == first:  # a segment may start inside a line (a PDF line in a joined paragraph)
            column = source_offset - max(self._line_starts[line - 1], segment.start) + 1
        return Location(
            line=segment.line + line - first, column=column, offset=source_offset,
            page=segment.page, file=segment.file,
        )

    def locate(self, text_offset: int) -> Location:
        """Line and column in the original file of an offset in ``text``."""
        source_offset = self.source_offset(text_offset)
        location = self.locate_source(source_offset)
        if self.format not in SHOWN_COLUMNS or not self.segments:
            return location
        text_offset = max(0, min(text_offset, len(self.offsets) - 1))
        line_start = source_offset - location.column + 1
        return replace(location, column=self._shown_column(text_offset, line_start, source_offset))

    def _shown_column(self, text_offset: int, line_start: int, source_offset: int) -> int:
        """The column of ``text_offset`` counted in ``text``: one more than the characters of
        ``text`` that stand before it on its line (those from source offsets ``line_start`` to
        ``source_offset``, a run that ends at ``text_offset``).

        The run's start is found by doubling steps back, then halving: a DOCX paragraph is one
        line, and counting back from each of thousands of citations in it would be quadratic.
        """

        def on_line(k: int) -> bool:
            return line_start <= self.offsets[k] < source_offset and self.text[k] != "\n"

        first, step = text_offset, 1  # first: the leftmost offset known to be on the line
        while first - step >= 0 and on_line(first - step):
            first -= step
            step *= 2
        off = max(-1, first - step)  # known to be off the line (or before the text)
        while first - off > 1:
            middle = (first + off) // 2
            if on_line(middle):
                first = middle
            else:
                off = middle
        return text_offset - first + 1

    def source_slice(self, span: Span) -> str:
        """The original text behind a span of the cleaned text."""
        start = self.source_offset(span.start)
        end = self.source_offset(max(span.start, span.end - 1)) + 1 if span.end > span.start else start
        return self.source[start:end]

    def line_text(self, line: int) -> str:
        """The original text of a 1-based line, without its newline."""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.source)
        return self.source[start:end]


class CitationKind(str, enum.Enum):
    """How a mention is written in the text."""

    PARENTHETICAL = "parenthetical"  # (Ziegler, 1993)
    NARRATIVE = "narrative"  # Ziegler (1993)
    NUMERIC = "numeric"  # [3], (3), superscript 3
    FOOTNOTE = "footnote"  # a footnote marker
    LATEX = "latex"  # \cite{key}


@dataclass(frozen=True, slots=True)
class Citation:
    """One mention of one work in the text.

    A group such as ``(Aron & Jensen, 1994; Ziegler, 1993)`` gives two citations that share
    ``group``.  ``authors`` holds the surnames as written, ``year`` the four digits (or
    ``n.d.``/``in press``), ``suffix`` the letter after the year; numeric mentions carry
    ``number``, LaTeX ones ``key``.
    """

    kind: CitationKind
    text: str
    span: Span
    location: Location
    group: str = ""
    authors: tuple[str, ...] = ()
    et_al: bool = False
    year: str | None = None
    suffix: str = ""
    number: int | None = None
    key: str | None = None
    prefix: str = ""
    locator: str = ""


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote definition and the markers in the text that point to it."""

    number: int
    text: str
    span: Span
    location: Location
    markers: tuple[Location, ...] = ()

    @property
    def referenced(self) -> bool:
        return bool(self.markers)


@dataclass(frozen=True, slots=True)
class Reference:
    """One entry of the reference list, parsed into CSL-JSON fields.

    ``csl`` is a CSL-JSON item (``type``, ``author``, ``issued``, ``title``, ...);
    ``confidence`` maps a CSL field name to a 0..1 confidence; ``problems`` lists what the
    parser could not make sense of.
    """

    index: int
    raw: str
    span: Span
    location: Location
    csl: Mapping[str, Any]
    key: str = ""
    label: str | None = None
    confidence: Mapping[str, float] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    # Read from a .bib entry: its type as written ("inproceedings") and its field names in order.
    bib_type: str = ""
    bib_fields: tuple[str, ...] = ()
    # Read from a .bib entry: each field's value as BibTeX reads it, LaTeX markup kept (so that an
    # export writes back what was read: "{DNA}", "$\\alpha$").
    bib_values: Mapping[str, str] = field(default_factory=dict)

    @property
    def year(self) -> str | None:
        issued = self.csl.get("issued") or {}
        parts = issued.get("date-parts") or [[]]
        if parts and parts[0]:
            return str(parts[0][0])
        return issued.get("literal")

    @property
    def year_suffix(self) -> str:
        return str((self.csl.get("issued") or {}).get("year-suffix", ""))

    @property
    def doi(self) -> str | None:
        return self.csl.get("DOI")


@dataclass(frozen=True, slots=True)
class Link:
    """Which references one citation points at (indices into the reference list, 1-based)."""

    citation: int
    targets: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found, with where it is and what the text says there."""

    code: str
    severity: Severity
    message: str
    location: Location | None = None
    citation: str | None = None
    reference: int | None = None
    suggestion: str | None = None
    # Waived by a comment in the manuscript (``citeaudit: ignore CODE reason="..."``): the reason.
    waived: str | None = None


@dataclass(frozen=True, slots=True)
class FieldComparison:
    """One field of a reference compared with the registry's record."""

    name: str
    manuscript: str | None
    registry: str | None
    agrees: bool


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a registry said about one reference.

    ``status`` is one of: verified, mismatch, not-found, suggested, retracted,
    not-indexable, unverified, uncompared (too little to compare: nothing confirmed).
    """

    reference: int
    status: str
    doi: str | None = None
    score: float | None = None
    fields: tuple[FieldComparison, ...] = ()
    request_url: str | None = None
    fetched_at: str | None = None
    from_cache: bool = False
    message: str = ""
    record: Mapping[str, Any] | None = None
    notices: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one audit found about one manuscript."""

    manuscript: Manuscript
    references: tuple[Reference, ...]
    citations: tuple[Citation, ...]
    links: tuple[Link, ...]
    footnotes: tuple[Footnote, ...]
    findings: tuple[Finding, ...]
    resolutions: tuple[Resolution, ...] = ()
    provenance: Mapping[str, Any] = field(default_factory=dict)
    # Findings the manuscript waives, each with its reason: shown, never counted.
    waived: tuple[Finding, ...] = ()

    def counts(self) -> dict[str, int]:
        """Number of findings per severity, every severity present."""
        counts = {severity.value: 0 for severity in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts

    def citing(self, reference_index: int) -> tuple[Citation, ...]:
        """The citations whose links point at a reference."""
        return tuple(
            self.citations[link.citation]
            for link in self.links
            if reference_index in link.targets
        )

    def worst(self) -> Severity | None:
        """The most severe finding's severity, or ``None`` without findings."""
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=lambda s: s.rank)

    def exit_code(self, fail_on: Severity | None) -> int:
        """The exit code this report calls for: 3 when a check failed (an ``internal-error``: a bug,
        even if its findings are reported), 1 when a finding is at least ``fail_on`` (``None``:
        never), else 0."""
        if any(f.code == "internal-error" for f in self.findings):
            return 3
        worst = self.worst()
        return int(fail_on is not None and worst is not None and worst.rank >= fail_on.rank)
