"""Columns on a PDF's or a DOCX's lines count the characters shown there (issue 10).

Their readers write Markdown ("<sup>", a hyperref link as "[1](#cite.x)"), which the reader of
the PDF never sees: a finding after a link was put dozens of columns too far right.  The
citations of links are located while the Markdown is read, so the reader hands its segments
(page and line of each stretch) to the Markdown reader: without them they had no page and the
Markdown's line and column ("53:9551").  Every snippet is synthetic.
"""

from __future__ import annotations

import pytest

from citeaudit.ingest.markdown import read_markdown_string
from citeaudit.model import Manuscript, Segment
from citeaudit.pipeline import audit

# Two PDF lines of one paragraph, as the PDF reader writes them: the second starts at "They".
LINES = [
    "Walls rise<sup>[1](#e1)</sup> and fall<sup>[2](#e2)</sup> fast. ",
    "They rise again<sup>[3](#e3)</sup> and stay<sup>1</sup>.",
]
ENTRIES = [
    '<span id="e1"></span>1. Smith, J. Sea walls of the north. Coastal Review 1, 1–9 (1990).',
    '<span id="e2"></span>2. Jones, K. Harbour walls of the south. Coastal Review 2, 2–9 (1991).',
    '<span id="e3"></span>3. Brown, L. Dykes and their keepers. Coastal Review 3, 3–9 (1992).',
]


def _read(format: str) -> Manuscript:
    """The paragraph on page 2, lines 7 and 8; the list on page 3 from line 1, one entry a line."""
    source = "# Intro\n\n" + "".join(LINES) + "\n\n# References\n\n" + "\n\n".join(ENTRIES) + "\n"
    first = source.index(LINES[0])
    segments = [Segment(0, line=1, page=1, file="p.pdf"), Segment(first, line=7, page=2, file="p.pdf"),
                Segment(first + len(LINES[0]), line=8, page=2, file="p.pdf")]
    at = source.index("# References")
    segments += [Segment(at, line=1, page=3, file="p.pdf")]
    return read_markdown_string(source, "p.pdf", format=format, segments=segments)


@pytest.mark.parametrize(
    ("format", "expected"),
    [
        # "Walls rise" 10 characters, "Walls rise1 and fall" 20; "They rise again" 15, "...3 and stay" 25
        pytest.param("pdf", [(1, 2, 7, 11), (2, 2, 7, 21), (3, 2, 8, 16), (1, 2, 8, 26)], id="pdf-shown"),
        pytest.param("docx", [(1, 2, 7, 11), (2, 2, 7, 21), (3, 2, 8, 16), (1, 2, 8, 26)], id="docx-shown"),
        # a Markdown file's own columns count its markup: its reader sees it in the file
        pytest.param("markdown", [(1, 2, 7, 17), (2, 2, 7, 45), (3, 2, 8, 22), (1, 2, 8, 49)], id="markdown-source"),
    ],
)
def test_citation_columns(format, expected):
    report = audit(_read(format))
    assert [(c.number, c.location.page, c.location.line, c.location.column) for c in report.citations] == expected


def test_link_citations_have_page_line_and_column():
    manuscript = _read("pdf")
    shown = [(c.key, c.location.page, c.location.line, c.location.column) for c in manuscript.prepared_citations or ()]
    assert shown == [("e1", 2, 7, 11), ("e2", 2, 7, 21), ("e3", 2, 8, 16)]


def test_entries_start_their_lines():
    report = audit(_read("pdf"))
    assert [(r.location.page, r.location.column) for r in report.references] == [(3, 1), (3, 1), (3, 1)]


def test_columns_in_a_long_paragraph():
    """A DOCX paragraph is one line: each of thousands of citations in it is located by halving
    back to the line's start, not by counting back (quadratic: minutes at this size)."""
    sentence = "Walls rise<sup>2</sup> and fall fast. "
    source = "# Intro\n\n" + sentence * 6000 + "\n\n# References\n\n" + "\n\n".join(ENTRIES) + "\n"
    manuscript = read_markdown_string(source, "p.docx", format="docx", segments=[Segment(0, line=1, file="p.docx")])
    width = len("Walls rise2 and fall fast. ")
    assert [manuscript.locate(span.start).column for span in manuscript.superscripts] == [11 + n * width for n in range(6000)]
