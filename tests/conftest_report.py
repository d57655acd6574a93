"""Small hand-built Reports for the renderer tests (imported by tests/test_report_*.py)."""

from __future__ import annotations

from typing import Any

from citeaudit.model import (
    Citation,
    CitationKind,
    FieldComparison,
    Finding,
    Footnote,
    Link,
    Location,
    Manuscript,
    Reference,
    Report,
    Resolution,
    Severity,
    Span,
)

SOURCE = """\
# Results

Prior work (Smith, 2001) showed this, but Jones (1999) disagreed.
A later study agrees [1] with both.[^1]

[^1]: See the appendix.

## References

Smith, J. (2001). Reading citations. Journal of Tests, 3(2), 1-10.
Jones, K. (1999). Another book. Test Press.
"""


def make_manuscript(source: str = SOURCE, path: str = "paper.md", **extra: Any) -> Manuscript:
    """A Manuscript whose cleaned text is its source, as the brief describes."""
    return Manuscript(
        path=path,
        source=source,
        text=source,
        offsets=tuple(range(len(source) + 1)),
        body=Span(0, len(source)),
        **extra,
    )


def span_of(manuscript: Manuscript, text: str, nth: int = 0) -> tuple[Span, Location]:
    """The span and location of the ``nth`` occurrence of ``text`` in the manuscript."""
    start = -1
    for _ in range(nth + 1):
        start = manuscript.text.index(text, start + 1)
    return Span(start, start + len(text)), manuscript.locate(start)


def make_citation(manuscript: Manuscript, text: str, kind: CitationKind, **fields: Any) -> Citation:
    span, location = span_of(manuscript, text)
    return Citation(kind=kind, text=text, span=span, location=location, **fields)


def make_reference(manuscript: Manuscript, index: int, raw: str, csl: dict, **fields: Any) -> Reference:
    span, location = span_of(manuscript, raw)
    return Reference(index=index, raw=raw, span=span, location=location, csl=csl, **fields)


def sample_report(**overrides: Any) -> Report:
    """Two references, three citations, one footnote, findings of every severity, one resolution."""
    ms = overrides.pop("manuscript", None) or make_manuscript(reference_heading="References")
    smith_raw = "Smith, J. (2001). Reading citations. Journal of Tests, 3(2), 1-10."
    jones_raw = "Jones, K. (1999). Another book. Test Press."
    references = (
        make_reference(
            ms,
            1,
            smith_raw,
            {
                "type": "article-journal",
                "author": [{"family": "Smith", "given": "J."}],
                "issued": {"date-parts": [[2001]]},
                "title": "Reading citations",
                "container-title": "Journal of Tests",
                "volume": "3",
                "issue": "2",
                "page": "1-10",
            },
            key="smith2001",
            confidence={"title": 0.9, "author": 0.4},
        ),
        make_reference(
            ms,
            2,
            jones_raw,
            {"type": "book", "author": [{"family": "Jones", "given": "K."}], "issued": {"date-parts": [[1999]]}},
            key="jones1999",
            problems=("no publisher place",),
        ),
    )
    citations = (
        make_citation(ms, "(Smith, 2001)", CitationKind.PARENTHETICAL, group="g1", authors=("Smith",), year="2001"),
        make_citation(ms, "Jones (1999)", CitationKind.NARRATIVE, group="g2", authors=("Jones",), year="1999"),
        make_citation(ms, "[1]", CitationKind.NUMERIC, group="g3", number=1),
    )
    links = (Link(0, (1,)), Link(1, (2,)), Link(2, (1,)))
    fn_span, fn_location = span_of(ms, "[^1]: See the appendix.")
    _, marker = span_of(ms, "[^1]")
    footnotes = (Footnote(1, "See the appendix.", fn_span, fn_location, markers=(marker,)),)
    findings = (
        Finding(
            "CA201",
            Severity.WARNING,
            "year differs from the registry",
            location=references[1].location,
            reference=2,
            suggestion="1998",
        ),
        Finding("CA101", Severity.ERROR, "citation has no matching reference", location=citations[1].location,
                citation="Jones (1999)"),
        Finding("CA900", Severity.INFO, "reference list uses APA style"),
    )
    resolutions = (
        Resolution(
            reference=2,
            status="mismatch",
            doi="10.1000/xyz123",
            score=0.82,
            fields=(FieldComparison("issued", "1999", "1998", False), FieldComparison("title", "Another book", "Another book", True)),
            request_url="https://api.crossref.org/works?query=Jones",
            fetched_at="2024-05-01T10:00:00Z",
            from_cache=True,
            message="year differs",
            notices=({"type": "correction", "doi": "10.1000/fix"},),
        ),
    )
    values: dict[str, Any] = {
        "manuscript": ms,
        "references": references,
        "citations": citations,
        "links": links,
        "footnotes": footnotes,
        "findings": findings,
        "resolutions": resolutions,
        "provenance": {"generated": "2024-05-01T10:00:00Z", "resolver": "offline"},
    }
    values.update(overrides)
    return Report(**values)


HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
)


def hostile_report() -> Report:
    """A report whose manuscript text, citation, reference and finding all carry HTML payloads."""
    script, img = HOSTILE
    citation_text = f"(Evil {script}, 2001)"
    raw = f"Evil, E. (2001). {img} Title {script}. Journal."
    source = f"Body cites {citation_text} here {img}.\n\nReferences\n\n{raw}\n"
    ms = make_manuscript(source, path=f"paper{img}.md", reference_heading=script)
    reference = make_reference(
        ms, 1, raw, {"title": f"Title {script}", "author": [{"family": img}], "URL": "javascript:alert(3)"},
        key=img, problems=(script,),
    )
    citation = make_citation(ms, citation_text, CitationKind.PARENTHETICAL, authors=(script,), year="2001")
    _, fn_location = span_of(ms, "here")
    return Report(
        manuscript=ms,
        references=(reference,),
        citations=(citation,),
        links=(Link(0, (1,)),),
        footnotes=(Footnote(1, script, Span(0, 1), fn_location),),
        findings=(
            Finding(img, Severity.ERROR, f"bad {script} and {img}", location=citation.location,
                    citation=citation_text, reference=1, suggestion=img),
        ),
        resolutions=(
            Resolution(1, "mismatch", doi=f"10.1/{img}", message=script, request_url=f"javascript:{img}",
                       fields=(FieldComparison(script, img, script, False),), notices=({"note": script},)),
        ),
        provenance={"note": script},
    )
