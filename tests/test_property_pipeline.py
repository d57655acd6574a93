"""Property-based tests (hypothesis) over the readers, the reference parser, the citation
extractor and the matcher (issue 12): whatever the text, they never raise anything but our own
one-line errors, and every location they give lies inside the input.

Inputs are built from pieces manuscripts are made of (citations, reference entries, headings,
LaTeX commands, markup, odd characters) so that the generator reaches the parsers' interesting
paths instead of spending its examples on plain noise.
"""

from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is in the test extra")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from citeaudit.errors import CiteauditError  # noqa: E402
from citeaudit.ingest import read_markdown_string  # noqa: E402
from citeaudit.ingest.bib import read_bib_string  # noqa: E402
from citeaudit.ingest.jats import read_jats_string  # noqa: E402
from citeaudit.ingest.latex import read_latex_string  # noqa: E402
from citeaudit.match import match_citations  # noqa: E402
from citeaudit.model import Location, Manuscript, Report, Span  # noqa: E402
from citeaudit.pipeline import audit  # noqa: E402
from citeaudit.references.parse import parse_reference  # noqa: E402

# Few examples each, no deadline: the whole file stays well under 30 s on a shared machine.
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)

# -- what manuscripts are made of ----------------------------------------------------------------

NAMES = st.sampled_from(["Okafor", "Lindqvist", "van der Berg", "O'Neil", "Zhang", "Müller", "Ødegård", "de la Cruz", "A", "Ng"])
YEARS = st.sampled_from(["1994", "2020", "2020a", "n.d.", "in press", "1899", "20", "9999", "2001b"])
WORDS = st.sampled_from([
    "study", "of", "the", "DNA", "effects", "Journal", "Review", "pp.", "vol.", "et al.", "&", "and", "In:", "Eds.",
    "doi:10.1234/abc.5", "https://doi.org/10.5555/x(1)", "10.", "(", ")", "[", "]", "{", "}", ";", ",", ".", ":", "–",
    "—", "…", "*", "_", "**", "#", "|", "\\", "$", "%", "~", "^", "<i>", "</i>", "&amp;", "\t", "\u00a0", "\u200b",
    "\ufeff", "\u202e", "\x00", "\x1b[31m", "ﬁ", "İ", "ß", "🙂", "e\u0301", "\r", "\r\n", "\f", "\u2028",
])
FREE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@st.composite
def author_year_citation(draw) -> str:
    names = draw(st.lists(NAMES, min_size=1, max_size=3))
    who = names[0] + (" et al." if len(names) > 2 else "" if len(names) == 1 else f" & {names[1]}")
    return draw(st.sampled_from([f"({who}, {{y}})", f"{who} ({{y}})", f"[{who} {{y}}]", "({who} {{y}}, p. 4)"])).replace(
        "{who}", who).format(y=draw(YEARS))


NUMERIC = st.sampled_from(["[1]", "[2, 3]", "[1–4]", "[12]", "¹", "^2^", "[^1]", "(3)", "[0]", "[99999999999]"])


@st.composite
def reference_entry(draw) -> str:
    names = ", ".join(f"{n}, {draw(st.sampled_from(['A.', 'J. K.', 'M.-L.', '']))}" for n in draw(st.lists(NAMES, min_size=0, max_size=4)))
    title = " ".join(draw(st.lists(WORDS | FREE, min_size=0, max_size=6)))
    tail = draw(st.sampled_from(["Journal of Examples, 12(3), 233–245.", "*Nature* 412, 1 (2001).", "", "pp. 1-2", "doi:10.5555/x.1"]))
    label = draw(st.sampled_from(["", "1. ", "[2] ", "- ", "* "]))
    return f"{label}{names} ({draw(YEARS)}). {title}. {tail}"


HEADINGS = st.sampled_from(["# References", "References", "## Bibliography", "Literature Cited", "REFERENCES", "参考文献", "# Notes"])


@st.composite
def markdown_manuscript(draw) -> str:
    body = draw(st.lists(st.one_of(author_year_citation(), NUMERIC, WORDS, FREE), max_size=25))
    entries = draw(st.lists(reference_entry(), max_size=6))
    notes = draw(st.lists(st.sampled_from(["[^1]: A note.", "1. Reuters, 1997.", "[^x]:"]), max_size=2))
    separator = draw(st.sampled_from(["\n\n", "\n", " ", "\r\n\r\n"]))
    heading = draw(HEADINGS) if draw(st.booleans()) else ""
    return separator.join([" ".join(body), *notes, heading, *entries])


LATEX_PIECES = st.sampled_from([
    r"\cite{a}", r"\citep[p.~3]{a,b}", r"\citet{zz}", r"\nocite{*}", r"\cite{", r"\cite{a", r"}", r"{", r"\begin{thebibliography}{9}",
    r"\bibitem{a} Okafor, N. (2018). Fire. J. Ex. 12.", r"\end{thebibliography}", r"\section{Intro}", r"\input{x}",
    r"\include{../y}", r"\bibliography{refs}", r"\newcommand{\foo}{\cite{a}}", r"\foo", r"%", "\n%comment\n", r"\\", r"$x$",
    r"\emph{a}", r"\begin{document}", r"\end{document}", r"\verb|x|", r"\def\x{\x}", r"\x", r"\footnote{see \cite{b}}",
])


@st.composite
def latex_manuscript(draw) -> str:
    body = " ".join(draw(st.lists(st.one_of(LATEX_PIECES, WORDS, FREE, author_year_citation()), max_size=30)))
    if draw(st.booleans()):  # a bibliography most of the time, so that citations meet entries
        items = "\n".join(f"\\bibitem{{{key}}} {entry}" for key, entry in draw(st.lists(st.tuples(st.sampled_from(["a", "b", "zz", "a"]), reference_entry()), max_size=4)))
        body += f"\n\\begin{{thebibliography}}{{9}}\n{items}\n\\end{{thebibliography}}"
    return "\\" + body


BIB_PIECES = st.sampled_from([
    "@article{k1, author={Okafor, N. and Lindqvist, E.}, title={Fire {DNA}}, year={2018}, doi={10.5555/x}}",
    "@book{k2, title = \"A \\\"b\\\" c\", year = 2001,}", "@string{j = \"Journal\"}", "@misc{k3, journal = j # { x}}",
    "@comment{nothing}", "@article{", "}", "{", "@preamble{\"x\"}", "@article{k4,", "author = {and and},",
    "title={$\\alpha$-helix \\emph{x} {\\\"u}}", "@inproceedings{k5, crossref={k2}}", "@misc{k1, title={dup}}",
    "pages = {1--2}", "@article{k6, author = {{World Health Organization}}, year={20x}}", "@xdata{d, year=1}", "%",
])


@st.composite
def bib_file(draw) -> str:
    first = "@article{k0, author={Okafor, N.}, title={Fire}, year={2018}}"  # so that most files have an entry
    return "\n".join([first, *draw(st.lists(st.one_of(BIB_PIECES, FREE, WORDS), max_size=12))])


@st.composite
def jats_article(draw) -> str:
    """A JATS article with generated, XML-escaped text in its body and references."""
    from xml.sax.saxutils import escape

    def text(draw_from):
        # Characters XML 1.0 forbids would only test the XML parser's refusal, which has its own tests.
        raw = " ".join(draw(st.lists(draw_from, max_size=8)))
        return escape("".join(ch for ch in raw if ch in "\t\n\r" or (ch >= " " and ch not in "\ufffe\uffff")))

    xrefs = "".join(
        f'{text(WORDS | FREE)} <xref ref-type="bibr" rid="{draw(st.sampled_from(["r1", "r2", "nope", ""]))}">{text(NUMERIC)}</xref>'
        for _ in range(draw(st.integers(0, 4)))
    )
    refs = "".join(
        f'<ref id="r{i}"><label>{i}</label><mixed-citation>{text(WORDS | NAMES | FREE)}'
        f'<person-group><name><surname>{text(NAMES)}</surname></name></person-group>'
        f'<year>{text(YEARS)}</year><pub-id pub-id-type="doi">{text(WORDS)}</pub-id></mixed-citation></ref>'
        for i in range(1, draw(st.integers(0, 3)) + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<article><front><article-meta><title-group><article-title>'
        f"{text(WORDS)}</article-title></title-group></article-meta></front><body><p>{xrefs}</p></body>"
        f"<back><ref-list>{refs}</ref-list></back></article>"
    )


# -- what must hold -------------------------------------------------------------------------------


def _line_count(source: str) -> int:
    return source.count("\n") + 1


def assert_location_inside(location: Location | None, manuscript: Manuscript, what: str) -> None:
    if location is None:
        return
    assert location.line >= 1 and location.column >= 1, (what, location)
    if location.file in (None, manuscript.path):
        assert location.line <= _line_count(manuscript.source), (what, location)
        assert 0 <= location.offset <= len(manuscript.source), (what, location)


def assert_span_inside(span: Span | None, text: str, what: str) -> None:
    if span is None:
        return
    assert 0 <= span.start <= span.end <= len(text), (what, span, len(text))


def assert_manuscript_consistent(manuscript: Manuscript) -> None:
    assert len(manuscript.offsets) == len(manuscript.text) + 1
    assert all(0 <= o <= len(manuscript.source) for o in manuscript.offsets)
    assert_span_inside(manuscript.body, manuscript.text, "body")
    assert_span_inside(manuscript.references, manuscript.text, "references")
    for span in (*manuscript.footnote_blocks, *manuscript.superscripts, *manuscript.reference_debris):
        assert_span_inside(span, manuscript.text, "block")


def assert_report_inside(report: Report) -> None:
    manuscript = report.manuscript
    assert_manuscript_consistent(manuscript)
    for citation in report.citations:
        assert_span_inside(citation.span, manuscript.text, f"citation {citation.text!r}")
        assert_location_inside(citation.location, manuscript, f"citation {citation.text!r}")
    for reference in report.references:
        if manuscript.bibliography is None:  # parsed from the text: the span is in it
            assert_span_inside(reference.span, manuscript.text, f"reference {reference.index}")
        assert_location_inside(reference.location, manuscript, f"reference {reference.index}")
    for note in report.footnotes:
        assert_span_inside(note.span, manuscript.text, f"footnote {note.number}")
        assert_location_inside(note.location, manuscript, f"footnote {note.number}")
    for finding in report.findings:
        assert finding.code != "internal-error", finding.message
        assert_location_inside(finding.location, manuscript, finding.code)
    indices = {reference.index for reference in report.references}
    for link in report.links:
        assert 0 <= link.citation < len(report.citations)
        assert set(link.targets) <= indices


def read_or_refuse(read, source: str):
    """A reader's Manuscript, or None when it refused the input with our own error."""
    try:
        return read(source)
    except CiteauditError as exc:
        assert "\n" not in str(exc).strip(), "errors are one line"
        return None


@FAST
@given(markdown_manuscript())
def test_markdown_never_raises_and_locations_are_inside(source):
    manuscript = read_or_refuse(lambda s: read_markdown_string(s, "m.md"), source)
    if manuscript is not None:
        assert_report_inside(audit(manuscript))


@FAST
@given(st.text(max_size=300))
def test_plain_noise_never_raises(source):
    for fmt in ("markdown", "text"):
        manuscript = read_or_refuse(lambda s: read_markdown_string(s, "m.txt", format=fmt), source)
        if manuscript is not None:
            assert_report_inside(audit(manuscript))


@FAST
@given(latex_manuscript())
def test_latex_never_raises_and_locations_are_inside(source):
    manuscript = read_or_refuse(lambda s: read_latex_string(s, "paper.tex"), source)
    if manuscript is not None:
        assert_report_inside(audit(manuscript))


@FAST
@given(bib_file())
def test_bib_never_raises_and_locations_are_inside(source):
    manuscript = read_or_refuse(lambda s: read_bib_string(s, "refs.bib"), source)
    if manuscript is not None:
        assert_report_inside(audit(manuscript))


@FAST
@given(jats_article())
def test_jats_never_raises_and_locations_are_inside(source):
    manuscript = read_or_refuse(lambda s: read_jats_string(s, "a.xml"), source)
    if manuscript is not None:
        assert_report_inside(audit(manuscript))


@FAST
@given(st.one_of(reference_entry(), st.text(max_size=200)))
def test_reference_parser_never_raises(entry):
    for prefer_rules in (False, True):
        parsed = parse_reference(entry, prefer_rules=prefer_rules)
        assert isinstance(parsed.csl, dict)


@FAST
@given(markdown_manuscript(), st.randoms(use_true_random=False))
def test_matcher_never_raises_on_shuffled_or_truncated_inputs(source, rng):
    """The matcher given any citations and any references (not only those of one manuscript)."""
    manuscript = read_or_refuse(lambda s: read_markdown_string(s, "m.md"), source)
    if manuscript is None:
        return
    report = audit(manuscript)
    citations, references = list(report.citations), list(report.references)
    rng.shuffle(citations)
    rng.shuffle(references)
    result = match_citations(citations, references[: rng.randint(0, len(references))])
    for link in result.links:
        assert 0 <= link.citation < len(citations)
