"""Pandoc citation syntax: what is a citation, its key, prefix, locator; and what is not."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from citeaudit.citations.pandoc import comma_for_semicolon, find_pandoc_cites
from citeaudit.ingest.pandoc import layout


def cites(text: str) -> list[tuple]:
    """(key, prefix, locator, in_text, suppress_author) of each citation, masked as the reader masks."""
    return [(c.key, c.prefix, c.locator, c.in_text, c.suppress_author) for c in find_pandoc_cites(layout(text).masked)]


def keys(text: str) -> list[str]:
    return [c.key for c in find_pandoc_cites(layout(text).masked)]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("As shown [@smith04].", [("smith04", "", "", False, False)], id="bracketed"),
        pytest.param("Two [@a; @b].", [("a", "", "", False, False), ("b", "", "", False, False)], id="group"),
        pytest.param(
            "See [see @a, pp. 33-35; also @b, chap. 1].",
            [("a", "see", "pp. 33-35", False, False), ("b", "also", "chap. 1", False, False)],
            id="prefix-locator",
        ),
        pytest.param("Smith says [-@smith04].", [("smith04", "", "", False, True)], id="suppress-author"),
        pytest.param("@smith04 says so.", [("smith04", "", "", True, False)], id="in-text"),
        pytest.param("@smith04 [p. 33] says so.", [("smith04", "", "p. 33", True, False)], id="in-text-locator"),
        pytest.param("As in @{weird:key}.", [("weird:key", "", "", True, False)], id="braced-key"),
        pytest.param("[@doe:2001.a/b-c_d]", [("doe:2001.a/b-c_d", "", "", False, False)], id="key-punctuation"),
        pytest.param("By @smith04. Then", [("smith04", "", "", True, False)], id="trailing-dot"),
        pytest.param("By @smith04: more", [("smith04", "", "", True, False)], id="trailing-colon"),
        pytest.param("By @k--x.", [("k", "", "", True, False)], id="double-dash-ends-key"),
        pytest.param("(@smith04)", [("smith04", "", "", True, False)], id="in-parentheses"),
        pytest.param("As @smith04 [^1] said.", [("smith04", "", "", True, False)], id="footnote-marker-no-locator"),
        pytest.param("- item\n\n    @smith04 continues.\n", [("smith04", "", "", True, False)], id="list-continuation"),
        # Not a group, so Pandoc reads @a in the text.
        pytest.param("[@a; and no key]", [("a", "", "", True, False)], id="group-item-without-key"),
        pytest.param("[@a\n\nb]", [("a", "", "", True, False)], id="blank-line-inside-brackets"),
        pytest.param("[@a,\n p. 3; @b]", [("a", "", "p. 3", False, False), ("b", "", "", False, False)], id="group-over-lines"),
    ],
)
def test_citations_read(text, expected):
    assert cites(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Write to jane@example.org today.", id="email"),
        pytest.param("Write to <jane@example.org>.", id="email-autolink"),
        pytest.param("Use `@decorator` here.", id="code-span"),
        pytest.param("Use ``a `@x` b`` here.", id="double-tick-code-span"),
        pytest.param("Text.\n\n```python\n@property\ndef f(): [@a]\n```\n", id="fenced-code"),
        pytest.param("Text.\n\n~~~~\n@Override [@a]\n~~~~\n", id="tilde-fence"),
        pytest.param("Text.\n\n    @Override\n    [@a]\n", id="indented-code"),
        pytest.param("See [her post](https://medium.com/@jane/post).", id="link-target"),
        # Pandoc itself reads "@jane/post" here; a bare URL is never meant as a citation.
        pytest.param("See https://medium.com/@jane/post today.", id="bare-url"),
        pytest.param("Price \\@ 5.", id="escaped-at"),
        pytest.param("<!-- [@hidden] -->", id="html-comment"),
        pytest.param("[label]: https://x.org/@me", id="link-definition"),
        pytest.param("An @ alone.", id="lone-at"),
        pytest.param("(@good) A good example.\n\nAs (@good) shows, and @good too.\n", id="example-list"),
        pytest.param("- item\n\n      @decorator\n      def f(): [@a]\n", id="code-in-list-item"),
        pytest.param("1. item\n\n       @Override\n", id="code-in-numbered-item"),
        # Pandoc reads markup inside raw HTML; <code> holds code, never citations.
        pytest.param("Run <code>@x [@a]</code> now.", id="html-code"),
    ],
)
def test_not_citations(text):
    assert keys(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("[@fig:plot]", [True], id="figure"),
        pytest.param("see @sec:intro and @tbl:a", [True, True], id="section-table"),
        pytest.param("[@eq:1; @lst:code]", [True, True], id="equation-listing"),
        pytest.param("[@figgis2001]", [False], id="key-starting-like-fig"),
        pytest.param("See @fig-plot and @tbl-results, [@sec-intro].", [True, True, True], id="quarto"),
    ],
)
def test_crossref_labels_are_marked(text, expected):
    assert [c.crossref for c in find_pandoc_cites(layout(text).masked)] == expected


def test_link_text_holds_in_text_citations_only():
    found = find_pandoc_cites(layout("Link [@a](http://x.org).").masked)
    assert [(c.key, c.in_text) for c in found] == [("a", True)]


def test_comma_joined_keys_are_both_read_and_flagged():
    found = find_pandoc_cites(layout("Both [@a, @b].").masked)
    assert [(c.key, c.comma_joined) for c in found] == [("a", False), ("b", True)]
    assert comma_for_semicolon("[@a, @b, -@c]") == "[@a; @b; -@c]"


def test_spans_point_at_the_key():
    text = "Intro [see @smith04, p. 3]."
    (cite,) = find_pandoc_cites(layout(text).masked)
    assert text[cite.start : cite.end] == "@smith04"
    assert text[cite.group_start : cite.group_end] == "[see @smith04, p. 3]"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[" + "@a " * 20000, id="unclosed-group"),
        pytest.param("`" * 5000 + " @a " * 5000, id="unclosed-ticks"),
        pytest.param("[x" * 20000 + "@a", id="many-open-brackets"),
        pytest.param("@a" + ".-" * 20000, id="punctuation-run"),
    ],
)
def test_no_catastrophic_backtracking(text):
    start = time.perf_counter()
    find_pandoc_cites(layout(text).masked)
    assert time.perf_counter() - start < 5


# --- compared with Pandoc itself ---------------------------------------------------------------

SAMPLE = """\
---
title: A sample
---

See [@a, @b] and [@c; @d]. Mail me at foo@bar.com. Also @key_x. and @key:sub, and @k--x.
Also [see @a, pp. 33-35; also @b, chap. 1] and @smith [p. 33] says. [-@smith] too.
Link [@a](http://x) and @{weird:key}. Use `@code` and \\@esc. @fig:one and [@sec:two].
Under_@a and (@b) and "@c" and x@d. @1990key. @_u. [@a] [b]

```
@not [@cited]
```

A note.[^1] And ^[an inline note citing @inl]. As @smith [^2] said; see @fig-plot.

- item [@item]

      @decorator [@code_in_list]

- next item

    continued by @continued.

Not read: <!-- [@comment] -->

(@ex) An example, referred to as (@ex) and @ex, but [@ex] is a citation.

[^1]: Which cites [@fn; @fn2, p. 4].
[^2]: A plain note.
"""


def _pandoc() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return shutil.which("pandoc")


def _pandoc_keys(text: str, executable: str) -> list[str]:
    ast = json.loads(subprocess.run([executable, "-f", "markdown", "-t", "json"], input=text, capture_output=True, text=True, check=True).stdout)
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Cite":
                for citation in node["c"][0]:
                    found.append(citation["citationId"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(ast["blocks"])  # the front matter's nocite is no citation in the text
    return found


FIXTURE = Path(__file__).parent / "fixtures" / "pandoc" / "paper.md"


@pytest.mark.parametrize("text", [pytest.param(SAMPLE, id="sample"), pytest.param(FIXTURE.read_text(encoding="utf-8"), id="fixture-paper")])
def test_keys_agree_with_pandoc(text):
    executable = _pandoc()
    if executable is None:
        pytest.skip("pandoc is not installed (pip install 'citeaudit[pandoc]')")
    expected = _pandoc_keys(text, executable)
    # Pandoc lists a footnote's citations where the note is defined; compare as multisets.
    assert sorted(keys(text)) == sorted(expected)
    assert re.search(r"\bnot\b", " ".join(expected)) is None
