"""Start-up stays light: heavy libraries are imported only by the run that needs them (issue 11).

Each case runs in a fresh interpreter (a subprocess), since this test session has imported
everything already, and lists which of the heavy modules ended up in ``sys.modules``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

#: Libraries a plain start (``--help``) and a Markdown run must not load.
HEAVY = (
    "lxml", "jinja2", "httpx", "httpx2", "habanero", "pypdfium2", "docx", "pycrfsuite", "bibtexparser", "yaml",
    "rich.progress", "sqlite3", "multiprocessing",  # the Crossref cache and folder workers: not for one offline file
)  # fmt: skip

MANUSCRIPT = """# A short paper

Reference parsing is sequence labelling (Councill et al., 2008) and often a CRF [@none].

## References

Councill, I. G., Giles, C. L., & Kan, M.-Y. (2008). ParsCit: An open-source CRF reference string parsing package. *Proc. LREC*, 661–667.
"""


def _loaded(body: str, cwd: Path) -> dict:
    """Run ``body`` in a fresh interpreter; which HEAVY modules it imported, and its exit code."""
    script = "\n".join(
        [
            "import json, sys",
            f"HEAVY = {HEAVY!r}",
            "code = 0",
            "try:",
            textwrap.indent(body, "    "),
            "except SystemExit as exc:",
            "    code = exc.code",
            'print(json.dumps({"loaded": sorted(m for m in HEAVY if m in sys.modules), "code": code}), file=sys.__stderr__)',
        ]
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, timeout=120)
    return json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("body", "allowed"),
    [
        pytest.param("import citeaudit.cli", (), id="import-cli"),
        pytest.param(
            "from citeaudit.cli import main\nsys.argv = ['citeaudit', '--help']\nmain()", (), id="help"
        ),
        pytest.param(
            "from citeaudit.cli import main\nsys.argv = ['citeaudit', 'verify', '--help']\nmain()", (), id="verify-help"
        ),
        pytest.param(
            "from citeaudit.cli import main\n"
            "sys.argv = ['citeaudit', 'verify', 'paper.md', '--offline', '--format', 'json,csv', '--out', 'out', '-q']\nmain()",
            # The labeller (pycrfsuite) may be asked about an entry the rules cannot read.
            ("pycrfsuite",),
            id="markdown-run-json",
        ),
    ],
)
def test_heavy_modules_stay_out(tmp_path: Path, body: str, allowed: tuple[str, ...]) -> None:
    (tmp_path / "paper.md").write_text(MANUSCRIPT, encoding="utf-8")
    result = _loaded(body, tmp_path)
    assert result["code"] in (0, 1, None)
    assert [m for m in result["loaded"] if m not in allowed] == []


def test_the_html_report_still_loads_jinja2(tmp_path: Path) -> None:
    """The lazy renderers are real: asking for HTML imports its template engine and writes the file."""
    (tmp_path / "paper.md").write_text(MANUSCRIPT, encoding="utf-8")
    body = (
        "from citeaudit.cli import main\n"
        "sys.argv = ['citeaudit', 'verify', 'paper.md', '--offline', '--format', 'html', '--out', 'out', '-q']\nmain()"
    )
    result = _loaded(body, tmp_path)
    assert "jinja2" in result["loaded"]
    assert (tmp_path / "out" / "paper.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
