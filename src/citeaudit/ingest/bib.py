"""Read a .bib file: each entry becomes a Reference, for a LaTeX manuscript or on its own.

On its own (``citeaudit verify refs.bib``) the manuscript has no running text: the checks on the
entries themselves run (duplicates, required fields, unreadable blocks, DOIs), and nothing is
reported as uncited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..errors import FormatError
from ..model import Manuscript, Reference, Span, offset_map
from ..references.bibcsl import bib_to_csl
from ..references.bibtex import BibBlock, read_bib_blocks


def entry_blocks(blocks: Sequence[BibBlock]) -> list[BibBlock]:
    """The blocks that are works: biblatex's @xdata only holds fields for other entries to take."""
    return [block for block in blocks if block.entry_type != "xdata"]


def bib_references(
    manuscript: Manuscript, blocks: Sequence[BibBlock], text_start: int, first_index: int = 1
) -> list[Reference]:
    """References for .bib blocks whose file text sits verbatim at ``text_start`` in the manuscript text."""
    references = []
    for index, block in enumerate(entry_blocks(blocks), start=first_index):
        raw = block.raw.strip()
        start = text_start + block.offset
        problems = block.problems + ((f"BibTeX: {block.error}",) if block.error else ())
        references.append(
            Reference(
                index=index,
                raw=raw,
                span=Span(start, start + len(raw)),
                location=manuscript.locate(start),
                csl=bib_to_csl(block),
                key=block.key,
                problems=problems,
                bib_type=block.entry_type,
                bib_fields=tuple(block.fields),
                bib_values=dict(block.fields),
            )
        )
    return references


def read_bib_string(source: str, path: str = "<string>") -> Manuscript:
    """A .bib file as a manuscript made only of its reference list."""
    blocks = read_bib_blocks(source)
    if not blocks:
        raise FormatError(f"{path}: no BibTeX entries found (expected '@type{{key, ...}}' blocks)")
    manuscript = Manuscript(
        path=path,
        source=source,
        text=source,
        offsets=offset_map(range(len(source)), len(source)),
        body=Span(0, 0),
        references=Span(0, len(source)),
        format="bibtex",
        prepared_citations=(),
    )
    return replace(manuscript, bibliography=tuple(bib_references(manuscript, blocks, 0)))
