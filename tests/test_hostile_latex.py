"""Hostile LaTeX (issue 12): \\input outside the manuscript's folder is refused, fan-out and loops are bounded."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from citeaudit.errors import InputError
from citeaudit.ingest import latex as latex_module
from citeaudit.ingest import read_manuscript

SECRET = "SECRET-hunter2"
BIB = "@article{a, author={Smith, Ann}, title={A title}, journal={J}, year={2001}}\n"


def _project(tmp_path: Path, body: str) -> Path:
    """A manuscript in tmp/project/paper/main.tex, with a secret file one and two folders up."""
    paper = tmp_path / "project" / "paper"
    paper.mkdir(parents=True)
    (tmp_path / "secret.tex").write_text(f"{SECRET} (\\cite{{a}})\n")
    (tmp_path / "project" / "secret.tex").write_text(f"{SECRET} (\\cite{{a}})\n")
    (paper / "refs.bib").write_text(BIB)
    (paper / "main.tex").write_text(
        f"\\documentclass{{article}}\\begin{{document}}\nText \\cite{{a}}.\n{body}\n\\bibliography{{refs}}\\end{{document}}\n"
    )
    return paper / "main.tex"


def _everything(manuscript) -> str:
    """All text a report could quote: the source, the laid-out text, the unread notes."""
    return manuscript.source + manuscript.text + " ".join(why for why, _ in manuscript.unread_parts)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("(\\input{../secret})", id="parent"),
        pytest.param("(\\input{../../secret})", id="grandparent"),
        pytest.param("(\\input{../../secret.tex})", id="grandparent-with-suffix"),
        pytest.param("(\\input{ABS})", id="absolute"),
        pytest.param("(\\input ../secret )", id="bare-input"),
        pytest.param("(\\include{../secret})", id="include"),
        pytest.param("(\\import{../}{secret})", id="import-folder"),
        pytest.param("(\\subimport{../../}{secret})", id="subimport"),
        pytest.param("\\newcommand{\\UP}{..}(\\input{\\UP/secret})", id="macro-path"),
        pytest.param("(\\input{link})", id="symlink-out"),
        pytest.param("(\\input{/etc/passwd})", id="etc-passwd"),
    ],
)
def test_input_outside_the_folder_is_refused_and_never_read(tmp_path, body):
    main = _project(tmp_path, body.replace("ABS", str(tmp_path / "secret")))
    os.symlink(tmp_path / "secret.tex", main.parent / "link.tex")
    manuscript = read_manuscript(main)
    assert SECRET not in _everything(manuscript)
    assert "root:x:" not in manuscript.source
    reasons = [why for why, _ in manuscript.unread_parts]
    assert len(reasons) == 1 and "outside the manuscript's folder" in reasons[0]


@pytest.mark.parametrize(
    "body, read",
    [
        pytest.param("\\input{sub/part}", True, id="subfolder"),
        pytest.param("\\input{./sub/../sub/part}", True, id="dots-that-stay-inside"),
        pytest.param("\\input{inlink}", True, id="symlink-inside"),
    ],
)
def test_input_inside_the_folder_is_read(tmp_path, body, read):
    main = _project(tmp_path, body)
    (main.parent / "sub").mkdir()
    (main.parent / "sub" / "part.tex").write_text("INSIDE-TEXT \\cite{a}\n")
    os.symlink(main.parent / "sub" / "part.tex", main.parent / "inlink.tex")
    manuscript = read_manuscript(main)
    assert ("INSIDE-TEXT" in manuscript.text) is read
    assert manuscript.unread_parts == ()


def test_root_option_allows_a_wider_folder(tmp_path):
    main = _project(tmp_path, "(\\input{../secret})")
    manuscript = read_manuscript(main, root=tmp_path / "project")
    assert SECRET in manuscript.text
    assert manuscript.unread_parts == ()
    # ... and still refuses what is outside that root.
    manuscript = read_manuscript(_project(tmp_path / "again", "(\\input{../../secret})"), root=tmp_path / "again" / "project")
    assert SECRET not in _everything(manuscript)
    assert "outside --root" in manuscript.unread_parts[0][0]


def test_bibliography_outside_the_folder_is_refused(tmp_path):
    main = _project(tmp_path, "")
    (tmp_path / "project" / "shared.bib").write_text(BIB.replace("{a,", "{b,"))
    main.write_text(main.read_text().replace("\\bibliography{refs}", "\\bibliography{refs,../shared}"))
    manuscript = read_manuscript(main)
    assert [ref.key for ref in manuscript.bibliography] == ["a"]
    assert any("outside the manuscript's folder" in note for note in manuscript.notes)


def _fan_out(folder: Path, levels: int, width: int) -> Path:
    """f0 inputs f1 ``width`` times, f1 inputs f2 ``width`` times, ...: width**levels inclusions."""
    for level in range(levels):
        body = "".join(f"\\input{{f{level + 1}}}\n" for _ in range(width))
        (folder / f"f{level}.tex").write_text(body)
    (folder / f"f{levels}.tex").write_text("Leaf \\cite{a}.\n")
    (folder / "refs.bib").write_text(BIB)
    main = folder / "main.tex"
    main.write_text("\\documentclass{article}\\begin{document}\n\\input{f0}\n\\bibliography{refs}\\end{document}\n")
    return main


def test_fan_out_reads_each_file_once(tmp_path, monkeypatch):
    main = _fan_out(tmp_path, levels=8, width=4)  # 4**8 = 65,536 inclusions of the leaf
    reads: list[Path] = []
    from citeaudit.ingest import read_text_file

    def counting(path: Path) -> str:
        reads.append(path)
        return read_text_file(path)

    started = time.perf_counter()
    manuscript = latex_module.read_latex_file(main, read_text=counting)
    assert time.perf_counter() - started < 2.0
    assert len(reads) == len(set(reads)) == 11  # main, f0..f8, refs.bib
    assert manuscript.text.count("Leaf") == 1
    assert len(manuscript.prepared_citations) == 1


@pytest.mark.parametrize(
    "files, cap, expect_unread",
    [
        pytest.param(30, 10, True, id="over-the-file-cap"),
        pytest.param(5, 10, False, id="under-the-file-cap"),
    ],
)
def test_cap_on_files_read(tmp_path, monkeypatch, files, cap, expect_unread):
    monkeypatch.setattr(latex_module, "MAX_INPUT_FILES", cap)
    (tmp_path / "refs.bib").write_text(BIB)
    for n in range(files):
        (tmp_path / f"p{n}.tex").write_text(f"Part {n}.\n")
    inputs = "".join(f"\\input{{p{n}}}\n" for n in range(files))
    main = tmp_path / "main.tex"
    main.write_text(f"\\begin{{document}}\n\\cite{{a}}\n{inputs}\\bibliography{{refs}}\\end{{document}}\n")
    manuscript = read_manuscript(main)
    unread = [why for why, _ in manuscript.unread_parts]
    assert bool(unread) is expect_unread
    if expect_unread:
        assert all("already read" in why for why in unread)
        assert len(manuscript.segments) <= cap + 1


def test_cap_on_characters_read(tmp_path, monkeypatch):
    monkeypatch.setattr(latex_module, "MAX_INPUT_CHARS", 1000)
    (tmp_path / "refs.bib").write_text(BIB)
    (tmp_path / "big.tex").write_text("word " * 400)
    main = tmp_path / "main.tex"
    main.write_text("\\begin{document}\n\\cite{a}\n\\input{big}\n\\bibliography{refs}\\end{document}\n")
    manuscript = read_manuscript(main)
    assert "word word" not in manuscript.text
    assert "characters" in manuscript.unread_parts[0][0]


@pytest.mark.parametrize(
    "files",
    [
        pytest.param({"main.tex": "\\input{main}"}, id="self"),
        pytest.param({"main.tex": "\\input{a}", "a.tex": "\\input{b}", "b.tex": "\\input{a}"}, id="cycle"),
    ],
)
def test_input_loops_are_one_clear_error(tmp_path, files):
    for name, body in files.items():
        (tmp_path / name).write_text(body + "\n")
    started = time.perf_counter()
    with pytest.raises(InputError, match="loops back on itself"):
        read_manuscript(tmp_path / "main.tex")
    assert time.perf_counter() - started < 2.0
