"""The readers are one table (issue 9): suffixes, name and function, like CHECKS and RENDERERS."""

from __future__ import annotations

import pytest

import citeaudit.ingest as ingest
from citeaudit.errors import FormatError, UsageError
from citeaudit.ingest import FORMATS, READERS, SUFFIXES, read_manuscript


def test_public_surface_is_sorted_and_pinned():
    assert ingest.__all__ == sorted(ingest.__all__)
    assert {"FORMATS", "READERS", "Reader", "SUFFIXES", "read_manuscript"} <= set(ingest.__all__)


def test_the_table_is_the_one_source():
    assert FORMATS == tuple(reader.name for reader in READERS)
    assert len(set(FORMATS)) == len(FORMATS)
    suffixes = [suffix for reader in READERS for suffix in reader.suffixes]
    assert len(suffixes) == len(set(suffixes)), "a suffix belongs to one reader"
    assert set(SUFFIXES) == set(suffixes)
    assert all(suffix == suffix.lower() and (suffix == "" or suffix.startswith(".")) for suffix in suffixes)


@pytest.mark.parametrize(
    ("suffix", "name"),
    [
        pytest.param(".md", "markdown", id="markdown"),
        pytest.param(".Rmd", "markdown", id="rmarkdown-any-case"),
        pytest.param("", "text", id="no-suffix"),
        pytest.param(".tex", "latex", id="latex"),
        pytest.param(".bib", "bibtex", id="bibtex"),
        pytest.param(".docx", "docx", id="docx"),
        pytest.param(".pdf", "pdf", id="pdf"),
        pytest.param(".nxml", "jats", id="jats"),
    ],
)
def test_suffix_chooses_the_reader(suffix, name):
    assert SUFFIXES[suffix.lower()] == name


@pytest.mark.parametrize(
    ("name", "takes_bib"),
    [pytest.param(reader.name, reader.takes_bib, id=reader.name) for reader in READERS],
)
def test_only_latex_and_markdown_take_a_bib(name, takes_bib):
    assert takes_bib == (name in ("latex", "markdown"))


def test_bib_with_a_format_that_names_none_is_a_usage_error(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text("@book{a, title={T}}\n", encoding="utf-8")
    with pytest.raises(UsageError, match="--bib goes with"):
        read_manuscript(path, bib=[path])


@pytest.mark.parametrize(
    ("name", "fmt", "message"),
    [
        pytest.param("paper.odt", None, "unsupported file type '.odt'", id="unknown-suffix"),
        pytest.param("paper.md", "rtf", "unknown input format 'rtf'", id="unknown-format"),
    ],
)
def test_unknown_format_is_one_line(tmp_path, name, fmt, message):
    path = tmp_path / name
    path.write_text("x", encoding="utf-8")
    with pytest.raises(FormatError, match=message):
        read_manuscript(path, fmt)
