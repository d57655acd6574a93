"""Pandoc manuscripts: front matter, bibliography files, footnotes, and the CLI end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.errors import InputError
from citeaudit.ingest import read_manuscript
from citeaudit.ingest.pandoc import pandoc_manuscript, read_pandoc_string
from citeaudit.pipeline import audit

FIXTURE = Path(__file__).parent / "fixtures" / "pandoc"

BIB = """@article{smith2001,
  author = {Smith, Jane},
  title = {A title},
  journal = {A Journal},
  year = {2001}
}

@book{jones2002,
  author = {Jones, Ann},
  title = {A book},
  publisher = {A Press},
  year = {2002}
}
"""

CSL_JSON = '[{"id": "doe2019", "type": "article-journal", "title": "T", "container-title": "J", "author": [{"family": "Doe"}], "issued": {"date-parts": [[2019]]}}]'

CSL_YAML = """references:
- id: roe2020
  type: book
  title: A YAML book
  author:
  - family: Roe
    given: Rita
  issued: 2020
  publisher: P
"""


def loader(files: dict[str, str]):
    def load(name: str) -> tuple[str, str]:
        if name not in files:
            raise InputError(f"{name} missing")
        return name, files[name]

    return load


def read(source: str, files: dict[str, str] | None = None, **kwargs):
    return read_pandoc_string(source, "paper.md", load=loader(files or {}), **kwargs)


@pytest.mark.parametrize(
    "front, files, keys, notes",
    [
        pytest.param("bibliography: refs.bib", {"refs.bib": BIB}, ["smith2001", "jones2002"], [], id="one-bib"),
        pytest.param(
            "bibliography:\n  - refs.bib\n  - more.json", {"refs.bib": BIB, "more.json": CSL_JSON},
            ["smith2001", "jones2002", "doe2019"], [], id="list-bib-json",
        ),
        pytest.param("bibliography: refs.yaml", {"refs.yaml": CSL_YAML}, ["roe2020"], [], id="csl-yaml-file"),
        pytest.param(
            "bibliography: gone.bib", {}, [], ["bibliography file gone.bib named in the front matter was not found"],
            id="missing-file",
        ),
        pytest.param(
            "bibliography: refs.ris", {}, [], ["bibliography file refs.ris named in the front matter is in a format"],
            id="unread-format",
        ),
        pytest.param("bibliography: bad.json", {"bad.json": "[{"}, [], ["bibliography file bad.json could not be read"], id="bad-json"),
        pytest.param(
            "bibliography: cut.json", {"cut.json": '[{"id": "x", "title": "X"},'}, ["x"],
            ["bibliography file cut.json could not be read past its 1 first entries"], id="truncated-json",
        ),
        pytest.param(
            "bibliography: [refs.bib, refs.bib]", {"refs.bib": BIB}, ["smith2001", "jones2002"], [], id="named-twice",
        ),
        pytest.param(CSL_YAML.rstrip(), {}, ["roe2020"], [], id="inline-references"),
        pytest.param(
            "bibliography: refs.bib\n" + CSL_YAML.rstrip(), {"refs.bib": BIB}, ["smith2001", "jones2002", "roe2020"], [],
            id="file-and-inline",
        ),
        pytest.param("title: x\nparams:\n  d: !expr Sys.Date()\nbibliography: refs.bib", {"refs.bib": BIB},
                     ["smith2001", "jones2002"], [], id="rmarkdown-tag"),
        pytest.param("title: [unclosed", {}, [], ["the front matter is not valid YAML"], id="broken-yaml"),
    ],
)
def test_front_matter_bibliography(front, files, keys, notes):
    manuscript = read(f"---\n{front}\n---\n\nText [@smith2001].\n", files)
    assert [ref.key for ref in manuscript.bibliography] == keys
    assert len(manuscript.notes) == len(notes)
    for note, expected in zip(manuscript.notes, notes):
        assert note.startswith(expected)


def test_references_point_into_their_files():
    manuscript = read("---\nbibliography: refs.bib\n---\n\n[@jones2002]\n", {"refs.bib": BIB})
    jones = manuscript.bibliography[1]
    assert (jones.location.file, jones.location.line) == ("refs.bib", 8)
    assert jones.raw.startswith("@book{jones2002,")
    assert jones.csl["publisher"] == "A Press"
    (citation,) = manuscript.prepared_citations
    assert (citation.location.file, citation.location.line, citation.location.column) == ("paper.md", 5, 2)


def test_inline_references_are_located_in_the_front_matter():
    manuscript = read(f"---\ntitle: x\n{CSL_YAML}---\n\n[@roe2020]\n")
    (ref,) = manuscript.bibliography
    assert ref.location.line == 4 and ref.raw.startswith("id: roe2020")
    assert ref.year == "2020" and ref.csl["author"] == [{"family": "Roe", "given": "Rita"}]


@pytest.mark.parametrize(
    "front, cited",
    [
        pytest.param("nocite: '@*'", ["*"], id="all"),
        pytest.param("nocite: |\n  @smith2001, @jones2002", ["smith2001", "jones2002"], id="two-keys"),
    ],
)
def test_nocite(front, cited):
    manuscript = read(f"---\nbibliography: refs.bib\n{front}\n---\n\nNo citation here.\n", {"refs.bib": BIB})
    assert [c.key for c in manuscript.prepared_citations] == cited
    report = audit(manuscript)
    assert not [f for f in report.findings if f.code == "reference-uncited"]


@pytest.mark.parametrize(
    "front_bib, text, kept",
    [
        pytest.param(BIB, "See @fig:plot and [@sec:intro; @smith2001].", ["smith2001"], id="crossref-dropped"),
        pytest.param(BIB + "@misc{fig:plot, title = {A plot}, year = {2001}}\n", "See @fig:plot.", ["fig:plot"], id="crossref-key-in-bib"),
    ],
)
def test_crossref_labels(front_bib, text, kept):
    manuscript = read(f"---\nbibliography: refs.bib\n---\n\n{text}\n", {"refs.bib": front_bib})
    assert [c.key for c in manuscript.prepared_citations] == kept


def test_horizontal_rule_is_no_front_matter():
    manuscript = read("---\n\nText [@smith2001].\n\n---\n", {}, bib=[("refs.bib", BIB)])
    assert manuscript.notes == () and len(manuscript.bibliography) == 2


@pytest.mark.parametrize(
    "text, beside, expected",
    [
        pytest.param("Text [@smith2001].", (), True, id="bracketed-citation"),
        pytest.param("---\nbibliography: r.bib\n---\nText.", (), True, id="front-matter-bibliography"),
        pytest.param("Ping @jane on the forum.", (), False, id="mention-without-bib"),
        pytest.param("As @smith2001 shows.", ("smith2001",), True, id="in-text-key-in-bib-beside"),
        pytest.param("As @someone shows.", ("smith2001",), False, id="in-text-key-not-in-bib"),
        pytest.param("See [@sec:intro].", (), False, id="crossref-only"),
        pytest.param("Text (Smith, 2001).\n\n# References\n\nSmith, J. (2001). A title.", (), False, id="plain-markdown"),
        pytest.param("Mail jane@example.org.", (), False, id="email"),
    ],
)
def test_which_markdown_is_pandoc(text, beside, expected):
    assert pandoc_manuscript(text, beside) is expected


# --- footnotes --------------------------------------------------------------------------------

NOTES = """Text.[^1] More.[^long] And ^[an inline note].

[^1]: First note.
[^long]: A long note,
    with a lazy continuation.

    And a second paragraph citing [@smith2001].
[^2]: Never used.

After the notes [@jones2002].
"""


def test_footnotes_defined_on_consecutive_lines():
    report = audit(read(NOTES, bib=[("refs.bib", BIB)]))
    codes = [(f.code, f.message) for f in report.findings if f.code.startswith("footnote")]
    assert codes == [("footnote-unreferenced", "footnote [^2] is defined but never used in the text")]
    assert sorted(c.key for c in report.citations) == ["jones2002", "smith2001"]
    assert len(report.footnotes) == 3


def test_footnote_definitions_leave_the_body():
    manuscript = read(NOTES, bib=[("refs.bib", BIB)])
    body = manuscript.text[manuscript.body.start : manuscript.body.end]
    assert "First note" not in body and "After the notes" in body
    notes = [manuscript.text[s.start : s.end] for s in manuscript.footnote_blocks]
    assert [n[:7] for n in notes] == ["[^1]: F", "[^long]", "[^2]: N"]
    assert "second paragraph" in notes[1]


# --- files and the CLI ------------------------------------------------------------------------


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "files, manuscript, keys, note",
    [
        pytest.param({"p.md": "Text [@smith2001].", "biblio.bib": BIB}, "p.md", ["smith2001", "jones2002"], None, id="single-bib-beside"),
        pytest.param(
            {"p.md": "Text [@smith2001].", "a.bib": BIB, "b.bib": "@misc{x, title = {X}, year = {2001}}\n"}, "p.md",
            ["smith2001", "jones2002", "x"], None, id="several-bibs-beside",
        ),
        pytest.param(
            {"chapters/ch9/p.md": "As @smith2001 shows.", "biblio.bib": BIB}, "chapters/ch9/p.md",
            ["smith2001", "jones2002"], None, id="bib-two-folders-up",
        ),
        pytest.param(
            {"index.Rmd": "---\nbibliography: [book.bib]\n---\n", "book.bib": BIB, "packages.bib": "",
             "02-intro.Rmd": "Text [@smith2001]."},
            "02-intro.Rmd", ["smith2001", "jones2002"], None, id="bookdown-index",
        ),
        pytest.param({"p.md": "Text [@smith2001]."}, "p.md", [], "no .bib file is beside it", id="no-bib"),
        pytest.param(
            {"_quarto.yml": "project:\n  type: book\nbibliography: references.bib\n", "references.bib": BIB,
             "chapters/c1.qmd": "Text [@smith2001]."},
            "chapters/c1.qmd", ["smith2001", "jones2002"], None, id="quarto-project",
        ),
        pytest.param(
            {"_quarto.yml": "bibliography: gone.bib\n", "c1.qmd": "Text [@smith2001]."},
            "c1.qmd", [], "bibliography file gone.bib named in", id="quarto-project-missing-bib",
        ),
        pytest.param({"p.Rmd": "---\nbibliography: r.json\n---\nText [@doe2019].", "r.json": CSL_JSON}, "p.Rmd", ["doe2019"], None, id="rmd"),
    ],
)
def test_bibliography_found_from_files(tmp_path, files, manuscript, keys, note):
    (tmp_path / ".git").mkdir()  # the search for a .bib stops at a repository's root
    write(tmp_path, files)
    read_back = read_manuscript(tmp_path / manuscript)
    assert read_back.format == "pandoc"
    assert [ref.key for ref in read_back.bibliography] == keys
    if note is None:
        assert read_back.notes == ()
    else:
        assert len(read_back.notes) == 1 and note in read_back.notes[0]


def test_plain_markdown_keeps_the_generic_reader(tmp_path):
    write(tmp_path, {"p.md": "Ping @jane.\n\nText (Smith, 2001).\n", "x.bib": BIB})
    assert read_manuscript(tmp_path / "p.md").format == "markdown"


def test_bib_option_replaces_the_front_matter(tmp_path):
    write(tmp_path, {"p.md": "---\nbibliography: gone.bib\n---\nText [@doe2019].", "r.json": CSL_JSON})
    manuscript = read_manuscript(tmp_path / "p.md", bib=[tmp_path / "r.json"])
    assert manuscript.notes == () and [r.key for r in manuscript.bibliography] == ["doe2019"]


def test_cli_audits_a_pandoc_paper(tmp_path):
    result = CliRunner().invoke(
        main, ["verify", "--offline", str(FIXTURE / "paper.md"), "--out", str(tmp_path), "--format", "json", "-q"]
    )
    assert result.exit_code == 1, result.output  # the misspelt key is an error
    report = json.loads((tmp_path / "paper.json").read_text(encoding="utf-8"))
    findings = {(f["code"], f.get("citation") or "") for f in report["findings"]}
    codes = sorted(code for code, _ in findings)
    assert codes == ["citation-separator", "citation-unmatched", "footnote-unreferenced", "reference-uncited"], findings
    unmatched = next(f for f in report["findings"] if f["code"] == "citation-unmatched")
    assert "colela1989" in unmatched["message"] + unmatched["citation"] and "colella1989" in unmatched["suggestion"]
    separator = next(f for f in report["findings"] if f["code"] == "citation-separator")
    assert separator["suggestion"] == "[@berger1984; @bell2000]" and separator["severity"] == "warning"
    uncited = next(f for f in report["findings"] if f["code"] == "reference-uncited")
    # citeproc prints only cited entries: the uncited one is counted in one info, named by its key
    assert uncited["severity"] == "info" and uncited["message"].endswith("left out of the printed list: uncited2005")
    keys = [c.get("key") for c in report["citations"]]
    assert "fig:grid" not in keys and "not_a_citation" not in keys and "decorator" not in keys
    assert keys.count("almgren1998") == 2 and "json2019" in keys and "listed" in keys
    assert len(report["references"]) == 7


def test_cli_accepts_bib_for_markdown(tmp_path):
    write(tmp_path, {"p.md": "Text [@doe2019] and [@smith2001].\n", "r.json": CSL_JSON})
    result = CliRunner().invoke(
        main, ["verify", "--offline", str(tmp_path / "p.md"), "--bib", str(tmp_path / "r.json"), "--out", str(tmp_path), "--format", "json", "-q"]
    )
    report = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in report["findings"]] == ["citation-unmatched"], result.output


def test_cli_reports_a_missing_bibliography_once(tmp_path):
    write(tmp_path, {"p.md": "---\nbibliography: refs.bib\n---\n\nText [@a; @b] and @c.\n"})
    CliRunner().invoke(main, ["verify", "--offline", str(tmp_path / "p.md"), "--out", str(tmp_path), "--format", "json", "-q"])
    report = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert [(f["code"], f["message"]) for f in report["findings"]] == [
        ("reference-list-missing", "bibliography file refs.bib named in the front matter was not found")
    ]
    assert len(report["citations"]) == 3


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("@smith2001 opens the file.\n", id="first-character"),
        pytest.param("---\nbibliography: refs.bib\n---\n@smith2001 opens the body.\n", id="after-front-matter"),
        pytest.param("A note.[^1]\n\n[^1]: @smith2001 opens a note.\n", id="in-a-note"),
    ],
)
def test_citation_spans_cover_the_key(source):
    manuscript = read(source, {"refs.bib": BIB}, bib=[("refs.bib", BIB)])
    (citation,) = manuscript.prepared_citations
    assert manuscript.text[citation.span.start : citation.span.end] == "@smith2001"
    assert manuscript.source_slice(citation.span) == "@smith2001"
