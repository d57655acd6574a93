"""Test-wide guard: no test may reach the internet.

Every test runs with CITEAUDIT_CROSSREF_URL pointing at a closed port on 127.0.0.1, so a CLI
call that forgets --offline (or --crossref-url to the stand-in) fails fast with "could not
verify" instead of asking the real Crossref.
"""

from __future__ import annotations

import pytest

CLOSED = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    monkeypatch.setenv("CITEAUDIT_CROSSREF_URL", CLOSED)
    monkeypatch.delenv("CITEAUDIT_MAILTO", raising=False)
    # Under GitHub Actions verify adds annotation lines to stdout; tests see the same output anywhere.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
