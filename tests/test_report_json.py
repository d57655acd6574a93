from __future__ import annotations

import json
import math
from dataclasses import replace
from importlib import resources
from pathlib import PurePosixPath

import jsonschema
import pytest
from conftest_report import hostile_report, make_manuscript, sample_report

import citeaudit
from citeaudit.model import Finding, Location, Report, Resolution, Severity
from citeaudit.report.json import render_json, report_to_dict

SCHEMA = json.loads(resources.files("citeaudit.report").joinpath("schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def empty_report() -> Report:
    return Report(make_manuscript("no citations here\n"), (), (), (), (), ())


def dig(document, path):
    for step in path:
        document = document[step]
    return document


def test_schema_is_a_valid_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["additionalProperties"] is False


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(sample_report, id="sample"),
        pytest.param(hostile_report, id="hostile"),
        pytest.param(empty_report, id="empty"),
    ],
)
def test_render_json_validates_against_schema(build):
    document = json.loads(render_json(build()))
    errors = [error.message for error in VALIDATOR.iter_errors(document)]
    assert errors == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(("manuscript",), {"path": "paper.md", "format": "markdown", "reference_heading": "References"}, id="manuscript"),
        pytest.param(("references", 0, "index"), 1, id="ref-index-1-based"),
        pytest.param(("references", 1, "index"), 2, id="ref-index-second"),
        pytest.param(("references", 0, "key"), "smith2001", id="ref-key"),
        pytest.param(("references", 0, "line"), 10, id="ref-line"),
        pytest.param(("references", 0, "column"), 1, id="ref-column"),
        pytest.param(("references", 0, "csl", "container-title"), "Journal of Tests", id="ref-csl"),
        pytest.param(("references", 0, "confidence"), {"title": 0.9, "author": 0.4}, id="ref-confidence"),
        pytest.param(("references", 1, "problems"), ["no publisher place"], id="ref-problems"),
        pytest.param(("references", 0, "cited_by"), [0, 2], id="cited-by-two"),
        pytest.param(("references", 1, "cited_by"), [1], id="cited-by-one"),
        pytest.param(("references", 0, "registry"), None, id="no-registry"),
        pytest.param(("references", 1, "registry", "status"), "mismatch", id="registry-status"),
        pytest.param(("references", 1, "registry", "score"), 0.82, id="registry-score"),
        pytest.param(("references", 1, "registry", "from_cache"), True, id="registry-cache"),
        pytest.param(
            ("references", 1, "registry", "fields", 0),
            {"name": "issued", "manuscript": "1999", "registry": "1998", "agrees": False},
            id="registry-field",
        ),
        pytest.param(("references", 1, "registry", "notices"), [{"type": "correction", "doi": "10.1000/fix"}], id="notices"),
        pytest.param(("citations", 0, "line"), 3, id="citation-line"),
        pytest.param(("citations", 0, "column"), 12, id="citation-column"),
        pytest.param(("citations", 0, "text"), "(Smith, 2001)", id="citation-text"),
        pytest.param(("citations", 1, "kind"), "narrative", id="citation-kind-value"),
        pytest.param(("citations", 0, "authors"), ["Smith"], id="citation-authors"),
        pytest.param(("citations", 2, "number"), 1, id="citation-number"),
        pytest.param(("citations", 2, "targets"), [1], id="citation-targets"),
        pytest.param(("footnotes", 0), {"number": 1, "line": 6, "text": "See the appendix.", "referenced": True,
                                        "markers": [{"line": 4, "column": 36}]}, id="footnote"),
        pytest.param(("findings", 0, "code"), "CA101", id="findings-reading-order"),
        pytest.param(("findings", 0, "severity"), "error", id="finding-severity-value"),
        pytest.param(("findings", 0, "citation"), "Jones (1999)", id="finding-citation"),
        pytest.param(("findings", 1, "reference"), 2, id="finding-reference"),
        pytest.param(("findings", 1, "suggestion"), "1998", id="finding-suggestion"),
        pytest.param(("findings", 2, "line"), None, id="finding-no-location-line"),
        pytest.param(("findings", 2, "column"), None, id="finding-no-location-column"),
        pytest.param(
            ("summary",),
            {"error": 1, "warning": 1, "info": 1, "references": 2, "citations": 3, "footnotes": 1, "findings": 3, "waived": 0},
            id="summary",
        ),
        pytest.param(("provenance", "tool"), "citeaudit", id="provenance-tool"),
        pytest.param(("provenance", "version"), citeaudit.__version__, id="provenance-version"),
        pytest.param(("provenance", "resolver"), "offline", id="provenance-kept"),
    ],
)
def test_report_to_dict_values(path, expected):
    assert dig(report_to_dict(sample_report()), path) == expected


def test_top_level_and_entry_keys_are_exactly_these():
    document = report_to_dict(sample_report())
    assert list(document) == ["manuscript", "references", "citations", "footnotes", "findings", "waived", "summary", "provenance"]
    assert list(document["references"][0]) == [
        "index", "key", "line", "column", "raw", "csl", "confidence", "problems", "cited_by", "registry",
    ]
    assert list(document["citations"][0]) == [
        "line", "column", "text", "kind", "group", "authors", "year", "number", "key", "targets",
    ]
    assert list(document["findings"][0]) == [
        "code", "severity", "message", "line", "column", "file", "page", "citation", "reference", "suggestion", "waived",
    ]
    assert list(document["references"][1]["registry"]) == [
        "status", "doi", "score", "fields", "request_url", "fetched_at", "from_cache", "message", "notices",
    ]


def test_findings_order_does_not_depend_on_report_order():
    report = sample_report()
    shuffled = replace(report, findings=tuple(reversed(report.findings)))
    assert render_json(shuffled) == render_json(report)


def test_equal_locations_keep_report_order():
    here = Location(line=2, column=1)
    findings = (Finding("CA2", Severity.INFO, "b", here), Finding("CA1", Severity.ERROR, "a", here))
    document = report_to_dict(replace(empty_report(), findings=findings))
    assert [f["code"] for f in document["findings"]] == ["CA2", "CA1"]


def test_render_json_is_the_dict_as_utf8_text():
    report = sample_report(provenance={"note": "Müller – ünïcode"})
    text = render_json(report)
    assert text.endswith("}\n")
    assert "Müller – ünïcode" in text  # not \u-escaped
    assert json.loads(text) == report_to_dict(report)


def test_values_that_json_cannot_hold_are_made_safe():
    report = sample_report(
        provenance={"path": PurePosixPath("/tmp/x.md"), "pair": (1, 2), "severity": Severity.WARNING, "bad": math.nan},
    )
    smith = replace(report.references[0], confidence={"title": math.nan, "author": 0.5})
    report = replace(report, references=(smith, *report.references[1:]),
                     resolutions=(replace(report.resolutions[0], score=math.inf),))
    document = json.loads(render_json(report))
    assert document["provenance"]["path"] == "/tmp/x.md"
    assert document["provenance"]["pair"] == [1, 2]
    assert document["provenance"]["severity"] == "warning"
    assert document["provenance"]["bad"] is None
    assert document["references"][0]["confidence"] == {"author": 0.5}
    assert document["references"][1]["registry"]["score"] is None
    assert list(VALIDATOR.iter_errors(document)) == []


def test_provenance_cannot_override_tool_name():
    document = report_to_dict(sample_report(provenance={"tool": "other", "version": "9"}))
    assert (document["provenance"]["tool"], document["provenance"]["version"]) == ("citeaudit", citeaudit.__version__)


def test_registry_block_comes_from_the_matching_resolution_only():
    report = sample_report(resolutions=(Resolution(reference=1, status="verified", doi="10.1/a"),))
    document = report_to_dict(report)
    assert document["references"][0]["registry"]["status"] == "verified"
    assert document["references"][0]["registry"]["fields"] == []
    assert document["references"][1]["registry"] is None


def _set(path, value):
    def mutate(document):
        dig(document, path[:-1])[path[-1]] = value
    return mutate


def _delete(path):
    def mutate(document):
        del dig(document, path[:-1])[path[-1]]
    return mutate


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(_set(("surprise",), 1), id="extra-top-level-key"),
        pytest.param(_delete(("summary",)), id="missing-summary"),
        pytest.param(_delete(("references", 0, "cited_by")), id="missing-reference-key"),
        pytest.param(_set(("references", 0, "index"), "1"), id="index-as-string"),
        pytest.param(_set(("references", 0, "index"), 0), id="index-zero"),
        pytest.param(_set(("references", 0, "cited_by"), [-1]), id="negative-position"),
        pytest.param(_set(("references", 1, "registry", "status"), "ok"), id="unknown-status"),
        pytest.param(_set(("citations", 0, "kind"), "PARENTHETICAL"), id="kind-not-enum-value"),
        pytest.param(_set(("citations", 0, "targets"), "1"), id="targets-not-list"),
        pytest.param(_set(("findings", 0, "severity"), "fatal"), id="unknown-severity"),
        pytest.param(_set(("findings", 0, "line"), "3"), id="line-as-string"),
        pytest.param(_delete(("findings", 0, "suggestion")), id="missing-finding-key"),
        pytest.param(_set(("footnotes", 0, "referenced"), "yes"), id="referenced-not-bool"),
        pytest.param(_set(("summary", "error"), -1), id="negative-count"),
        pytest.param(_set(("provenance", "tool"), "other"), id="wrong-tool"),
        pytest.param(_delete(("provenance", "version")), id="missing-version"),
    ],
)
def test_schema_rejects_broken_documents(mutate):
    document = report_to_dict(sample_report())
    mutate(document)
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(document)
