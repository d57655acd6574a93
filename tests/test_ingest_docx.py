"""DOCX manuscripts: body, notes, and Zotero / Mendeley / EndNote fields checked against the text."""

from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.errors import FormatError, InputError
from citeaudit.ingest import read_manuscript
from citeaudit.ingest.docx import read_docx_bytes
from citeaudit.pipeline import audit
from docx_maker import bibliography, endnote, make_docx, mendeley, note_ref, p, r, zotero

SMITH = {"type": "article-journal", "author": [{"family": "Smith", "given": "Jane"}], "issued": {"date-parts": [[2001]]}, "title": "Sea walls", "container-title": "Coastal Review"}
JONES = {"type": "book", "author": [{"family": "Jones", "given": "A."}, {"family": "Lee", "given": "B."}], "issued": {"date-parts": [["2003"]]}, "title": "Harbours", "publisher": "Penguin"}
OKAFOR = {"type": "book", "author": [{"family": "Okafor", "given": "C."}], "issued": {"date-parts": [[2019]]}, "title": "Money", "publisher": "Sharpe"}
QIMAO = {"type": "book", "author": [{"family": "Qimao", "given": "C."}], "issued": {"date-parts": [[1991]]}, "title": "Borders", "publisher": "Far East"}

REFERENCES = [
    p("Brown, T. (2015). ", r("Harbours in history", i=True), ". Penguin."),
    p("Jones, A., & Lee, B. (2003). ", r("Harbours", i=True), ". Penguin."),
    p("Okafor, C. (2019). ", r("Money", i=True), ". Sharpe."),
    p("Smith, J. (2001). Sea walls. ", r("Coastal Review", i=True), ", 1(2), 3–4."),
]


def planted() -> bytes:
    """A Zotero-era manuscript with one problem of each kind a DOCX can have."""
    return make_docx(
        [
            p("Sea walls and their politics", style="Title"),
            p("Introduction", style="Heading1"),
            p("Walls were studied early ", zotero([SMITH], "(Smith, 2001)"), " and the field was edited by hand ", zotero([SMITH], "(Smith, 2002)"), "."),
            p("A Mendeley citation ", mendeley([JONES], "(Jones & Lee, 2003)"), " and a note.", note_ref(1)),
            p("EndNote cites ", endnote("Okafor", "2019", "Money", "(Okafor, 2019)"), " and, from its data, ", endnote("Okafor", "2019", "Money", "Okafor (2019)", in_data=True), "."),
            p("A work missing from the list ", zotero([QIMAO], "(Qimao, 1991)"), ", then an endnote.", note_ref(1, endnote=True)),
            *bibliography(REFERENCES),
        ],
        footnotes={1: [p("See ", zotero([OKAFOR], "Okafor (2019)"), " for the money.")]},
        endnotes={1: [p("As ", zotero([JONES], "Jones and Lee (2003)"), " argue.")]},
    )


def test_planted_docx_findings():
    report = audit(read_docx_bytes(planted(), "paper.docx"))
    got = sorted((f.code, f.location.file, f.location.line, f.message) for f in report.findings)
    assert got == sorted([
        ("citation-year-mismatch", "paper.docx", 3, "Smith (2002) is cited but the reference list has Smith (2001)"),
        ("citation-link-mismatch", "paper.docx", 3, '"Smith, 2002" shows Smith (2002), but its reference-manager field points at Smith (2001)'),
        ("citation-unmatched", "paper.docx", 6, "Qimao (1991) is cited but is not in the reference list"),
        ("reference-uncited", "paper.docx", 7, "Brown (2015) is listed but never cited"),
    ])


def test_body_notes_and_bibliography_are_laid_out():
    manuscript = read_docx_bytes(planted(), "paper.docx")
    body = manuscript.text[manuscript.body.start : manuscript.body.end]
    assert body.startswith("# Sea walls and their politics")
    notes = [manuscript.text[s.start : s.end] for s in manuscript.footnote_blocks]
    assert notes == ["[^1]: See Okafor (2019) for the money.", "[^e1]: As Jones and Lee (2003) argue."]
    references = manuscript.text[manuscript.references.start : manuscript.references.end]
    assert references.startswith("Brown, T. (2015). *Harbours in history*. Penguin.")
    assert manuscript.reference_heading == "References"  # added above the bibliography field


def test_note_citations_point_to_their_note():
    report = audit(read_docx_bytes(planted(), "paper.docx"))
    in_notes = {(c.text, c.location.file, c.location.line) for c in report.citations if "note" in (c.location.file or "")}
    assert in_notes == {("Okafor (2019)", "paper.docx footnote 1", 1), ("Jones and Lee (2003)", "paper.docx endnote 1", 1)}
    assert len(report.footnotes) == 2 and all(note.referenced for note in report.footnotes)


def test_every_reference_manager_field_is_read():
    manuscript = read_docx_bytes(planted(), "paper.docx")
    stored = [(c.authors, c.et_al, c.year, c.text) for c in manuscript.prepared_citations]
    assert stored == [
        (("Smith",), False, "2001", "(Smith, 2001)"),
        (("Smith",), False, "2001", "(Smith, 2002)"),
        (("Jones", "Lee"), False, "2003", "(Jones & Lee, 2003)"),
        (("Okafor",), False, "2019", "(Okafor, 2019)"),
        (("Okafor",), False, "2019", "Okafor (2019)"),
        (("Qimao",), False, "1991", "(Qimao, 1991)"),
        (("Okafor",), False, "2019", "Okafor (2019)"),
        (("Jones", "Lee"), False, "2003", "Jones and Lee (2003)"),
    ]


def test_field_whose_text_the_patterns_cannot_read_still_counts():
    data = make_docx([
        p("As the review by Smith shows ", zotero([SMITH], "[the review]"), "."),
        p("References", style="Heading1"),
        REFERENCES[3],
    ])
    report = audit(read_docx_bytes(data, "a.docx"))
    assert report.findings == ()
    assert [link.targets for link in report.links] == [(1,)]


def test_heading_in_bold_opens_the_reference_section():
    data = make_docx([p("Text (Smith, 2001)."), p(r("References", b=True)), REFERENCES[3]])
    manuscript = read_docx_bytes(data, "a.docx")
    assert manuscript.reference_heading == "References"
    assert audit(manuscript).findings == ()


def test_italic_et_al_in_prose_is_still_a_citation():
    data = make_docx([p("As Smith ", r("et al.", i=True), " (2001) said."), p("References", style="Heading1"), REFERENCES[3]])
    report = audit(read_docx_bytes(data, "a.docx"))
    assert [c.text for c in report.citations] == ["Smith et al. (2001)"]


def test_damaged_field_json_is_ignored_not_fatal():
    broken = zotero([SMITH], "(Smith, 2001)").replace("citationItems", "citationItems\":{[")
    data = make_docx([p("Text ", broken, "."), p("References", style="Heading1"), REFERENCES[3]])
    manuscript = read_docx_bytes(data, "a.docx")
    assert manuscript.prepared_citations == ()
    assert audit(manuscript).findings == ()


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"Just text pretending to be Word.\n", "is not a .docx", id="text"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Word .doc", id="legacy-doc"),
        pytest.param(_zip({"hello.txt": "hi"}), "not a Word document", id="zip-not-docx"),
    ],
)
def test_not_a_docx_is_a_format_error(tmp_path, data, message):
    path = tmp_path / "paper.docx"
    path.write_bytes(data)
    with pytest.raises(FormatError, match=message):
        read_manuscript(path)


def test_cli_reads_docx(tmp_path):
    path = tmp_path / "paper.docx"
    path.write_bytes(planted())
    result = CliRunner().invoke(main, ["verify", "--offline", str(path), "--out", str(tmp_path / "out"), "--format", "json,html"])
    assert result.exit_code == 1, result.output
    assert "citation-link-mismatch" in result.output
    assert (tmp_path / "out" / "paper.html").is_file()


def test_empty_document_is_an_input_error():
    with pytest.raises(InputError, match="has no text"):
        read_docx_bytes(make_docx([p("")]), "empty.docx")
