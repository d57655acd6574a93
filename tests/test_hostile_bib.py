"""Hostile bibliographies (issue 12): CSL JSON/YAML of wrong types or absurd nesting, .bib files that
are unbalanced, huge or self-referring are read in bounded time and never raise."""

from __future__ import annotations

import json
import time

import pytest

from citeaudit.errors import InputError
from citeaudit.ingest import read_manuscript
from citeaudit.ingest.bib import read_bib_string
from citeaudit.ingest.csl_files import MAX_DEPTH, csl_json_items, csl_yaml_items

DEEP = 100_000


@pytest.mark.parametrize(
    "text, kept, problem",
    [
        pytest.param("[" * DEEP + "]" * DEEP, 0, "nested more than", id="array-100k-deep"),
        pytest.param('[{"id": "a", "title": ' + "[" * DEEP + "]" * DEEP + "}]", 0, "nested more than", id="field-100k-deep"),
        pytest.param('{"items": [' + "{" * 0 + '{"id": "a", "x": ' + "[" * 40 + "]" * 40 + "}]}", 0, "nested more than", id="items-object-40-deep"),
        pytest.param('[{"id": "a", "x": ' + "[" * 40 + "]" * 40 + '}, {"id": "b"}]', 1, "1 item(s) nested", id="one-deep-item-of-two"),
        pytest.param('[{"id": "a", "author": "Smith, John", "title": 5}]', 1, None, id="wrong-types-kept"),
        pytest.param('[{"id": "a", "author": [{"family": 42, "given": ["x"]}]}]', 1, None, id="family-a-number"),
        pytest.param("[1, 2, \"x\", null]", 0, None, id="no-objects"),
        pytest.param("[{\"id\": \"a\"} {\"id\": \"b\"}", 2, "not valid JSON", id="missing-comma-and-bracket"),
    ],
)
def test_csl_json_never_raises(text, kept, problem):
    started = time.perf_counter()
    items, why = csl_json_items(text)
    assert time.perf_counter() - started < 2.0
    assert len(items) == kept
    assert (why is None) if problem is None else (problem in why)


def _aliases(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, levels)]
    return "\n".join(lines) + f"\nreferences:\n- id: a\n  title: *a{levels - 1}\n"


@pytest.mark.parametrize(
    "text, kept, problem",
    [
        pytest.param("references:\n- id: a\n  title: " + "[" * 50_000 + "]" * 50_000, 0, "nested more than", id="flow-50k-deep"),
        pytest.param(_aliases(9), 0, "aliases expand", id="billion-laughs"),
        pytest.param(_aliases(2), 1, None, id="small-aliases-are-fine"),
        pytest.param("references:\n- id: a\n  author: Smith, John\n  title: 5\n", 1, None, id="wrong-types-kept"),
        pytest.param("references: [", 0, "not valid YAML", id="broken"),
        pytest.param("- " * (MAX_DEPTH + 2) + "x\n", 0, "nested more than", id="block-list-deep"),
        pytest.param("references:\n- id: a\n  title: " + "[" * 40 + "]" * 40 + "\n", 0, "nested more than", id="flow-40-deep"),
        pytest.param('references:\n- id: a\n  title: "a [bracketed] {word}"\n', 1, None, id="brackets-in-a-title"),
    ],
)
def test_csl_yaml_never_raises(text, kept, problem):
    started = time.perf_counter()
    items, why = csl_yaml_items(text)
    assert time.perf_counter() - started < 5.0
    assert len(items) == kept
    assert (why is None) if problem is None else (problem in why)


@pytest.mark.parametrize(
    "bibliography",
    [
        pytest.param('[{"id": "a", "type": "article-journal", "author": "Smith, John", "title": 5, "issued": "2001"}]', id="author-a-string"),
        pytest.param('[{"id": "a", "author": [{"family": 42, "given": ["x"]}], "DOI": 7, "page": [1, 2], "container-title": {"a": 1}}]', id="numbers-and-lists"),
        pytest.param('[{"id": "a", "author": [null, 3, "x", {"literal": ["y"]}], "issued": {"date-parts": "2001"}}]', id="nulls-in-lists"),
        pytest.param("[" * DEEP + "]" * DEEP, id="nested-100k"),
    ],
)
def test_pandoc_manuscript_with_a_hostile_csl_file_is_read(tmp_path, bibliography):
    (tmp_path / "refs.json").write_text(bibliography)
    paper = tmp_path / "paper.md"
    paper.write_text("---\nbibliography: refs.json\n---\n\nText [@a].\n")
    manuscript = read_manuscript(paper)  # no exception: whatever is wrong becomes a finding
    assert manuscript.path == str(paper)


def test_pandoc_front_matter_nested_deep_is_read(tmp_path):
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: " + "[" * 50_000 + "]" * 50_000 + "\n---\n\nText [@a].\n")
    read_manuscript(paper)


def _entries(count: int) -> str:
    return "".join(
        f"@article{{k{i}, author={{Author{i}, A. and Other{i % 97}, B.}}, title={{Title {i}}}, "
        f"journal={{J {i % 50}}}, year={{{1950 + i % 70}}}, pages={{{i}--{i + 10}}}}}\n"
        for i in range(count)
    )


@pytest.mark.parametrize(
    "source, least",
    [
        pytest.param("@article{a, title={Open {brace, year={2001}}\n@article{b, title={Fine}, year={2002}}\n", 1, id="unbalanced-brace"),
        pytest.param("@article{a, title={" + "{" * 50_000 + "}\n", 1, id="50k-open-braces"),
        pytest.param("@article{a, title={" + "}" * 50_000 + "}\n@article{b, year=2001}\n", 1, id="50k-close-braces"),
        pytest.param("@string{a = b}\n@string{b = a}\n@article{k, journal=a, title={T}, year=2001}\n", 1, id="string-cycle"),
        pytest.param(
            '@string{s0 = "x"}\n' + "".join(f"@string{{s{n} = s{n - 1} # s{n - 1}}}\n" for n in range(1, 40))
            + "@article{k, title = s39, year=2001}\n",
            1,
            id="string-doubling-2**39",
        ),
        pytest.param("@article{" * 5_000, 0, id="5k-unclosed-entries"),
        pytest.param(_entries(1000), 1000, id="1000-entries"),
    ],
)
def test_hostile_bib_is_bounded(source, least):
    started = time.perf_counter()
    try:
        manuscript = read_bib_string(source, "refs.bib")
    except InputError:
        assert least == 0
        return
    assert time.perf_counter() - started < 10.0
    assert len(manuscript.bibliography) >= least
    assert all(len(ref.raw) <= len(source) for ref in manuscript.bibliography)
    # @string doubling is cut off by the reader; nothing grows without bound.
    assert max(len(json.dumps(ref.csl, default=str)) for ref in manuscript.bibliography) < 1_000_000
