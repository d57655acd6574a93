"""Every input format goes through the same pipeline and reports: dispatch, locations, schema."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.errors import FormatError
from citeaudit.ingest import FORMATS, SUFFIXES, read_manuscript
from citeaudit.model import Manuscript, Segment, Span
from docx_maker import make_docx, p, zotero
from pdf_maker import line, make_pdf
from test_ingest_jats import NUMERIC

SCHEMA = json.loads(resources.files("citeaudit.report").joinpath("schema.json").read_text("utf-8"))
SMITH = {"type": "book", "author": [{"family": "Smith", "given": "J."}], "issued": {"date-parts": [[2001]]}, "title": "Walls", "publisher": "P"}


def write_samples(folder: Path) -> dict[str, Path]:
    """One small manuscript per format, each citing Smith (2001) and one missing work."""
    files = {
        "markdown": ("m.md", "Walls (Smith, 2001) and (Qimao, 1991).\n\n# References\n\nSmith, J. (2001). *Walls of the city*. Penguin Press.\n"),
        "latex": ("t.tex", "\\begin{document}Walls \\cite{smith01} and \\cite{qimao91}.\\bibliography{refs}\\end{document}\n"),
        "bibtex": ("refs.bib", "@book{smith01, author={Smith, J.}, title={Walls}, publisher={P}, year={2001}}\n"),
        "jats": ("a.xml", NUMERIC),
    }
    paths = {}
    for fmt, (name, text) in files.items():
        paths[fmt] = folder / name
        paths[fmt].write_text(text, encoding="utf-8")
    paths["docx"] = folder / "w.docx"
    paths["docx"].write_bytes(make_docx([
        p("Walls ", zotero([SMITH], "(Smith, 2001)"), " and (Qimao, 1991)."),
        p("References", style="Heading1"),
        p("Smith, J. (2001). Walls of the city. Penguin Press."),
    ]))
    paths["pdf"] = folder / "d.pdf"
    paths["pdf"].write_bytes(make_pdf([[
        line(100, "Walls (Smith, 2001) and (Qimao, 1991)."),
        line(130, "References", size=12, font="bold"),
        line(150, "Smith, J. (2001). Walls of the city. Penguin Press."),
    ]]))
    return paths


def test_every_format_has_a_suffix():
    assert set(SUFFIXES.values()) == set(FORMATS)


@pytest.mark.parametrize("fmt", ["markdown", "latex", "bibtex", "docx", "pdf", "jats"])
def test_each_format_gives_a_report_that_fits_the_schema(tmp_path, fmt):
    path = write_samples(tmp_path)[fmt]
    manuscript = read_manuscript(path)
    assert manuscript.format == ("markdown" if fmt == "markdown" else fmt)
    result = CliRunner().invoke(main, ["verify", "--offline", str(path), "--out", str(tmp_path / "out"), "--format", "json,csv,html"])
    assert result.exit_code in (0, 1), result.output
    document = json.loads((tmp_path / "out" / f"{path.stem}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    codes = {f["code"] for f in document["findings"]}
    if fmt == "bibtex":
        assert codes == set()
    elif fmt == "jats":
        assert "citation-link-mismatch" in codes
    else:
        assert codes == {"citation-unmatched"}, (fmt, document["findings"])


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        pytest.param("a.odt", b"x", "unsupported file type '.odt'", id="unknown-suffix"),
        pytest.param("a.pdf", b"Plain text.\n", "is not a PDF", id="text-as-pdf"),
        pytest.param("a.docx", b"Plain text.\n", "is not a .docx", id="text-as-docx"),
        pytest.param("a.xml", b"Plain text.\n", "not well-formed XML", id="text-as-xml"),
        pytest.param("a.bib", b"Plain text.\n", "no BibTeX entries", id="text-as-bib"),
    ],
)
def test_a_file_that_is_not_what_its_suffix_says_exits_2(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(FormatError, match=message):
        read_manuscript(path)
    result = CliRunner().invoke(main, ["verify", "--offline", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_input_format_overrides_the_suffix(tmp_path):
    path = tmp_path / "paper.txt"
    path.write_bytes(write_samples(tmp_path)["docx"].read_bytes())
    result = CliRunner().invoke(main, ["verify", "--offline", str(path), "--input-format", "docx", "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1 and "1 error" in result.output


def test_export_takes_a_prepared_bibliography(tmp_path):
    path = write_samples(tmp_path)["jats"]
    result = CliRunner().invoke(main, ["export", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.count("@") == 5


def test_segments_give_file_page_and_line():
    source = "one\ntwo\nthree\nfour\n"
    manuscript = Manuscript(
        path="main.tex", source=source, text=source, offsets=tuple(range(len(source) + 1)), body=Span(0, len(source)),
        segments=(Segment(0, line=1, file="main.tex"), Segment(8, line=40, file="ch.tex", page=3), Segment(10, line=7, page=4)),
    )
    assert manuscript.locate(5) == manuscript.locate(5).__class__(line=2, column=2, offset=5, file="main.tex")
    located = manuscript.locate(9)
    assert (located.file, located.page, located.line, located.column) == ("ch.tex", 3, 40, 2)
    located = manuscript.locate(11)  # a segment starting inside a line counts columns from its start
    assert (located.page, located.line, located.column) == (4, 7, 2)
    located = manuscript.locate(15)
    assert (located.page, located.line, located.column) == (4, 8, 2)
