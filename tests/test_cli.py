"""The command line through click's runner: exit codes, files written, bad input, no overwrites."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.references.bibexport import unescape
from citeaudit.references.bibtex import parse_bibtex

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "russia-japan-conundrum.md"
CLEAN = ROOT / "tests" / "cases" / "clean_apa.md"


@pytest.fixture()
def runner():
    return CliRunner()


def clean_copy(tmp_path: Path) -> Path:
    target = tmp_path / "clean.md"
    target.write_text(CLEAN.read_text(encoding="utf-8").split("=== expected findings ===")[0], encoding="utf-8")
    return target


def test_verify_seed_writes_three_reports_and_fails_on_error(runner, tmp_path):
    result = runner.invoke(main, ["verify", str(SEED), "--out", str(tmp_path), "--offline"])
    assert result.exit_code == 1, result.output
    assert "Qimao" in result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["russia-japan-conundrum.csv", "russia-japan-conundrum.html", "russia-japan-conundrum.json"]
    data = json.loads((tmp_path / "russia-japan-conundrum.json").read_text(encoding="utf-8"))
    assert len(data["references"]) == 19 and data["summary"]["error"] == 1


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [("error", 1), ("warning", 1), ("never", 0)],
)
def test_fail_on(runner, tmp_path, fail_on, code):
    result = runner.invoke(main, ["verify", str(SEED), "--out", str(tmp_path), "--fail-on", fail_on, "-q", "--offline"])
    assert result.exit_code == code


def test_clean_manuscript_exits_zero(runner, tmp_path):
    result = runner.invoke(main, ["verify", str(clean_copy(tmp_path)), "--out", str(tmp_path / "out"), "--fail-on", "warning", "--offline"])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_format_selection(runner, tmp_path):
    result = runner.invoke(main, ["verify", str(SEED), "--out", str(tmp_path), "--format", "json", "--fail-on", "never", "--offline"])
    assert result.exit_code == 0
    assert [p.suffix for p in tmp_path.iterdir()] == [".json"]


def test_unknown_format_is_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["verify", str(SEED), "--out", str(tmp_path), "--format", "pdf"])
    assert result.exit_code == 2
    assert not list(tmp_path.iterdir())


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    (tmp_path / "blank.md").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "latin1.md").write_bytes("Caf\xe9 (M\xfcller, 2015)".encode("latin-1"))
    (tmp_path / "adir").mkdir()
    (tmp_path / "paper.xyz").write_text("text", encoding="utf-8")
    return {
        "missing": tmp_path / "nope.md",
        "empty": tmp_path / "empty.md",
        "blank": tmp_path / "blank.md",
        "binary": tmp_path / "binary.md",
        "undecodable": tmp_path / "latin1.md",
        "directory": tmp_path / "adir",
        "unknown-suffix": tmp_path / "paper.xyz",
    }


@pytest.mark.parametrize("kind", ["missing", "empty", "blank", "binary", "undecodable", "directory", "unknown-suffix"])
def test_bad_input_is_one_line_and_exit_2(runner, tmp_path, kind):
    path = _bad_inputs(tmp_path)[kind]
    result = runner.invoke(main, ["verify", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("citeaudit: error:"), result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_bad_file_among_good_gets_its_own_error_and_the_rest_complete(runner, tmp_path):
    # issue 12: with several manuscripts, one that fails gets its own error and the rest complete.
    result = runner.invoke(main, ["verify", str(SEED), str(tmp_path / "missing.md"), "--out", str(tmp_path / "out"), "--offline"])
    assert result.exit_code == 2
    assert "missing.md: no such file" in result.output
    assert (tmp_path / "out" / f"{SEED.stem}.json").exists()


def test_same_stem_twice_is_refused(runner, tmp_path):
    other = tmp_path / "russia-japan-conundrum.md"
    shutil.copy(SEED, other)
    result = runner.invoke(main, ["verify", str(SEED), str(other), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2


def test_reports_never_overwrite_the_manuscript(runner, tmp_path):
    manuscript = tmp_path / "paper.json"
    manuscript.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    before = manuscript.read_bytes()
    result = runner.invoke(main, ["verify", str(manuscript), "--input-format", "markdown", "--out", str(tmp_path), "--offline"])
    assert result.exit_code == 2
    assert manuscript.read_bytes() == before


def test_export_round_trips_through_bibtexparser(runner, tmp_path):
    target = tmp_path / "refs" / "seed.bib"
    result = runner.invoke(main, ["export", str(SEED), "-o", str(target)])
    assert result.exit_code == 0, result.output
    library = parse_bibtex(target.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    keys = [entry.key for entry in library.entries]
    assert len(keys) == 19 == len(set(keys))
    assert keys[:3] == ["akaha1996", "aron1994", "boeicho1990"]
    bouchkin = library.entries_dict["bouchkin1995"]
    assert bouchkin.entry_type == "incollection"
    assert bouchkin["editor"] == "Dawisha, A. and Dawisha, K."
    assert bouchkin["pages"] == "66--83"
    # Running it again replaces our own export...
    assert runner.invoke(main, ["export", str(SEED), "-o", str(target)]).exit_code == 0


def test_export_escapes_special_characters(runner, tmp_path):
    manuscript = tmp_path / "special.md"
    manuscript.write_text(
        "Text (Smith & Sons, 2020).\n\n# References\n\n"
        "Smith & Sons. (2020). R&D at 50% of $100 #1_under {braces}. *Journal*, 1, 2–3.\n",
        encoding="utf-8",
    )
    target = tmp_path / "special.bib"
    assert runner.invoke(main, ["export", str(manuscript), "-o", str(target)]).exit_code == 0
    entry = parse_bibtex(target.read_text(encoding="utf-8")).entries[0]
    # Braces as commands whose own braces balance: BibTeX counts "\{" as a brace (issue 12).
    assert r"{R\&D} at 50\% of \$100 \#1\_under \textbraceleft{}braces\textbraceright{}" == entry["title"]
    assert unescape(entry["title"]) == "R&D at 50% of $100 #1_under {braces}"


def test_export_refuses_to_overwrite_foreign_file(runner, tmp_path):
    target = tmp_path / "mine.bib"
    target.write_text("@book{mine, title={Mine}}\n", encoding="utf-8")
    result = runner.invoke(main, ["export", str(SEED), "-o", str(target)])
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "@book{mine, title={Mine}}\n"
    assert runner.invoke(main, ["export", str(SEED), "-o", str(target), "--force"]).exit_code == 0


def test_export_refuses_to_overwrite_manuscript(runner, tmp_path):
    manuscript = tmp_path / "paper.bib"
    manuscript.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    before = manuscript.read_bytes()
    result = runner.invoke(main, ["export", str(manuscript), "--input-format", "markdown", "-o", str(manuscript), "--force"])
    assert result.exit_code == 2
    assert manuscript.read_bytes() == before


def test_parse_reads_stdin_one_item_per_line(runner):
    lines = [
        "Akaha, T. (1996). Russia and Asia in 1995. *Asian Survey*, *36*(1), 100–108.",
        "",
        "garbage ((( 1234",
        "[3] C. Sutton and A. McCallum, \"An introduction to CRFs,\" *Found. Trends Mach. Learn.*, vol. 4, no. 4, pp. 267–373, 2012.",
    ]
    result = runner.invoke(main, ["parse"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    items = [json.loads(line) for line in result.output.splitlines()]
    assert len(items) == 4
    assert items[0]["container-title"] == "Asian Survey"
    assert items[1] == {}
    assert "type" in items[2]
    assert items[3]["volume"] == "4"


def test_checks_lists_every_code(runner):
    result = runner.invoke(main, ["checks"])
    assert result.exit_code == 0
    for code in ("citation-unmatched", "reference-uncited", "footnote-undefined"):
        assert code in result.output
