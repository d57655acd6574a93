"""Nothing in a manuscript is run, and an offline audit opens no connection (SECURITY.md).

YAML can name Python objects (``!!python/object/apply:os.system``); front matter, CSL YAML and
project files are read with PyYAML's safe loader, so such a tag is an error or text, never a call.
An ``--offline`` audit opens no socket at all: every connection attempt raises here.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.cli import main

SEED = Path(__file__).resolve().parents[1] / "seeds" / "russia-japan-conundrum.md"


@pytest.mark.parametrize(
    "front",
    [
        pytest.param("title: !!python/object/apply:os.system ['touch {marker}']", id="apply-os-system"),
        pytest.param("x: !!python/object/new:subprocess.call [[sh, -c, 'touch {marker}']]", id="new-subprocess"),
        pytest.param("x: !!python/name:os.system", id="name"),
    ],
)
def test_yaml_tags_naming_python_are_never_run(tmp_path, front):
    marker = tmp_path / "ran"
    paper = tmp_path / "paper.md"
    paper.write_text(
        "---\n" + front.format(marker=marker) + "\n---\nAs shown by @smith2001.\n\n# References\n\n"
        "Smith, J. (2001). A title. *J*, 1, 1-2.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["verify", str(paper), "--offline", "--out", str(tmp_path / "out")])
    assert not marker.exists()
    assert result.exit_code in (0, 1, 2), result.output  # a finding or a refusal, never an internal error


def test_csl_yaml_tags_naming_python_are_never_run(tmp_path):
    marker = tmp_path / "ran"
    (tmp_path / "refs.yaml").write_text(
        f"references:\n- id: a\n  title: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    paper = tmp_path / "paper.md"
    paper.write_text("---\nbibliography: refs.yaml\n---\nAs @a said.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(paper), "--offline", "--out", str(tmp_path / "out")])
    assert not marker.exists()
    assert result.exit_code in (0, 1, 2), result.output


def test_offline_audit_opens_no_socket(tmp_path, monkeypatch):
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("no connection in an offline audit")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    result = CliRunner().invoke(main, ["verify", str(SEED), "--offline", "--out", str(tmp_path)])
    assert result.exit_code == 1, result.output  # the seed has findings; the audit completed
    assert attempts == []
