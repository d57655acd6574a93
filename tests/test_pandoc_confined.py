"""A Pandoc manuscript reads no bibliography outside its project folder unless --root says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeaudit.ingest import read_manuscript
from citeaudit.pipeline import audit

BIB = "@book{kousky, author={Kousky, Carolyn}, title={Financing flood losses}, publisher={P}, year={2017}}\n"


def _layout(tmp_path: Path, where: str) -> tuple[Path, Path]:
    """A manuscript in project/paper/ whose front matter names a .bib at ``where``."""
    paper = tmp_path / "project" / "paper"
    paper.mkdir(parents=True)
    (tmp_path / "project" / ".git").mkdir()  # the project's root
    secret = tmp_path / "outside" / "secret.bib"
    secret.parent.mkdir()
    secret.write_text(BIB, encoding="utf-8")
    (tmp_path / "project" / "refs.bib").write_text(BIB, encoding="utf-8")
    name = {"outside-absolute": str(secret), "outside-relative": "../../outside/secret.bib", "project": "../refs.bib"}[where]
    manuscript = paper / "paper.md"
    manuscript.write_text(f"---\nbibliography: {name}\n---\n\nFloods cost [@kousky].\n", encoding="utf-8")
    return manuscript, tmp_path


@pytest.mark.parametrize(
    ("where", "root", "references", "codes"),
    [
        pytest.param("project", False, 1, [], id="bib-in-the-project-is-read"),
        pytest.param("outside-absolute", False, 0, ["reference-list-missing"], id="absolute-path-outside-refused"),
        pytest.param("outside-relative", False, 0, ["reference-list-missing"], id="dot-dot-outside-refused"),
        pytest.param("outside-absolute", True, 1, [], id="root-widens"),
    ],
)
def test_pandoc_bibliography_is_confined(tmp_path, where, root, references, codes):
    manuscript, top = _layout(tmp_path, where)
    report = audit(read_manuscript(manuscript, root=top if root else None))
    assert len(report.references) == references
    assert [f.code for f in report.findings if f.severity.value in ("error", "warning")] == codes
    if codes:
        assert any("outside" in f.message and "--root" in f.message for f in report.findings)


@pytest.mark.parametrize(
    "bib_name",
    [
        pytest.param("paper.bib", id="beside-the-manuscript"),
        pytest.param("../refs.bib", id="in-the-project"),
    ],
)
def test_a_manuscript_reached_through_a_symlinked_folder_reads_its_own_bib(tmp_path, bib_name):
    """A project opened through a symlink (a synced or mounted folder, a checkout linked into a
    workspace) is confined to where its files really are, not to the folders above the link."""
    real = tmp_path / "disk" / "project" / "paper"
    real.mkdir(parents=True)  # no .git: the project folder is found by climbing from the manuscript
    (real / "paper.bib").write_text(BIB, encoding="utf-8")
    (real.parent / "refs.bib").write_text(BIB, encoding="utf-8")
    (real / "paper.md").write_text(f"---\nbibliography: {bib_name}\n---\n\nFloods cost [@kousky].\n", encoding="utf-8")
    link = tmp_path / "workspace" / "a" / "b" / "c" / "project"
    link.parent.mkdir(parents=True)
    link.symlink_to(real.parent, target_is_directory=True)
    report = audit(read_manuscript(link / "paper" / "paper.md"))
    assert len(report.references) == 1
    assert [f.code for f in report.findings if f.severity.value in ("error", "warning")] == []


@pytest.mark.parametrize(
    ("bib_name", "references", "codes"),
    [
        pytest.param("refs.bib", 1, [], id="bib-beside-the-link-is-read"),
        pytest.param("../outside/secret.bib", 0, ["reference-list-missing"], id="outside-the-links-project-refused"),
    ],
)
def test_a_symlinked_manuscript_file_is_confined_to_the_project_of_its_link(tmp_path, bib_name, references, codes):
    """A manuscript that is itself a symlink (a file kept in a store, linked into the project:
    stow, git-annex, a build tree) names its .bib beside the link, where the names are looked
    up; the fence is the link's project, not the folders above the link's target."""
    target = tmp_path / "store" / "a" / "b" / "c" / "d" / "paper.md"
    target.parent.mkdir(parents=True)
    target.write_text(f"---\nbibliography: {bib_name}\n---\n\nFloods cost [@kousky].\n", encoding="utf-8")
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)  # the project's root
    (project / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.bib").write_text(BIB, encoding="utf-8")
    (project / "paper.md").symlink_to(target)
    report = audit(read_manuscript(project / "paper.md"))
    assert len(report.references) == references
    assert [f.code for f in report.findings if f.severity.value in ("error", "warning")] == codes


@pytest.mark.parametrize(
    ("how", "root", "references", "codes"),
    [
        pytest.param("quarto-names-outside", False, 0, ["reference-list-missing"], id="project-file-naming-outside-refused"),
        pytest.param("quarto-names-inside", False, 1, [], id="project-file-naming-the-project-bib-is-read"),
        pytest.param("quarto-names-outside", True, 1, [], id="root-widens-for-project-files"),
        pytest.param("nearby-links-out", False, 0, ["reference-list-missing"], id="nearby-bib-linking-out-refused"),
        pytest.param("nearby-links-in", False, 1, [], id="nearby-bib-linking-into-the-project-is-read"),
    ],
)
def test_a_bibliography_found_without_a_name_is_confined_too(tmp_path, how, root, references, codes):
    """With no bibliography named, the one a project file names or a .bib nearby is read only
    inside the project folder too (SECURITY.md 2): a _quarto.yml naming /etc/passwd, or a .bib
    beside the manuscript that is a link out of the project, is refused and never opened."""
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "paper").mkdir()
    (project / "refs.bib").write_text(BIB, encoding="utf-8")
    secret = tmp_path / "outside" / "secret.bib"
    secret.parent.mkdir()
    secret.write_text(BIB, encoding="utf-8")
    manuscript = project / "paper" / "paper.md"
    manuscript.write_text("---\ntitle: Floods\n---\n\nFloods cost [@kousky].\n", encoding="utf-8")
    if how.startswith("quarto"):
        named = secret if how == "quarto-names-outside" else "refs.bib"
        (project / "_quarto.yml").write_text(f"bibliography: {named}\n", encoding="utf-8")
    else:
        (project / "paper" / "paper.bib").symlink_to(secret if how == "nearby-links-out" else project / "refs.bib")
    report = audit(read_manuscript(manuscript, root=tmp_path if root else None))
    assert len(report.references) == references
    assert [f.code for f in report.findings if f.severity.value in ("error", "warning")] == codes
    if codes:
        assert any("outside" in f.message and "--root" in f.message for f in report.findings)
