"""DOIs as printed in reference lists: text between the label and the "10." is malformed."""

from __future__ import annotations

import pytest

from citeaudit.doi import find_doi_attempts
from citeaudit.ingest import read_markdown_string
from citeaudit.pipeline import audit


@pytest.mark.parametrize(
    ("text", "attempts"),
    [
        pytest.param("Brain, 74, 120-125. doi:org/10.1097/PSY.0b013e318246eb10.", ["org/10.1097/PSY.0b013e318246eb10"], id="stray-org"),
        pytest.param("Brain, 74. doi:dx/10.1097/PSY.0b0.", ["dx/10.1097/PSY.0b0"], id="stray-dx"),
        pytest.param("Brain, 74. doi:10.1097/PSY.0b013e318246eb10.", [], id="plain"),
        pytest.param("Brain, 74. doi:https://doi.org/10.1097/x.y.", [], id="label-then-url"),
        pytest.param("Brain, 74. doi: dx.doi.org/10.1097/x.y.", [], id="label-then-bare-resolver"),
        pytest.param("Brain, 74. DOI: DOI:10.1097/x.y.", [], id="label-twice"),
        pytest.param("Brain, 74. doi:10.1037//1089-2680.5.4.323.", [], id="double-slash-is-a-real-doi"),
        pytest.param("Brain, 74. https://doi.org/10.2307%2F2645561.", [], id="percent-encoded"),
        pytest.param("Brain, 74. doi:10.abc/1.", ["10.abc/1"], id="no-registrant-digits"),
    ],
)
def test_doi_attempts(text, attempts):
    assert find_doi_attempts(text) == attempts


def test_stray_text_before_a_doi_is_reported_as_malformed():
    source = (
        "Distress (Okafor et al., 2012) ages the brain.\n\n# References\n\n"
        "Okafor, L., Guo, X. and Lind, M. (2012). Midlife distress and brain atrophy. *Psychosomatic Medicine*, 74,\n"
        "120-125. doi:org/10.1097/PSY.0b013e3182aaaa10.\n"
    )
    report = audit(read_markdown_string(source, "m.md"))
    found = [(f.code, f.severity.value) for f in report.findings if f.code.startswith("doi-")]
    assert found == [("doi-malformed", "error")]
    (finding,) = [f for f in report.findings if f.code == "doi-malformed"]
    assert '"org/10.1097/PSY.0b013e3182aaaa10"' in finding.message
