from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
from dataclasses import replace
from html import unescape
from html.parser import HTMLParser

import pytest
from conftest_report import HOSTILE, hostile_report, make_manuscript, sample_report

from citeaudit.model import Finding, Location, Report, Severity
from citeaudit.report.html import CONTEXT_WIDTH, context_lines, render_html


class Page(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data

    def with_attr(self, name: str) -> list[tuple[str, dict[str, str | None]]]:
        return [(tag, attrs) for tag, attrs in self.tags if name in attrs]

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return render_html(hostile_report())


@pytest.fixture(scope="module")
def sample_html() -> str:
    return render_html(sample_report())


@pytest.mark.parametrize("payload", HOSTILE)
def test_no_raw_payload_reaches_the_page(hostile_html, payload):
    assert payload not in hostile_html
    assert "<img" not in hostile_html
    assert "onerror=alert(2)>" not in hostile_html


def test_payloads_are_shown_escaped(hostile_html):
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in hostile_html


def test_hostile_page_has_no_injected_elements_or_handlers(hostile_html):
    page = Page(hostile_html)
    assert not [tag for tag, _ in page.tags if tag in {"img", "iframe", "object", "embed", "link"}]
    assert len(page.scripts) == 1 and "alert" not in page.scripts[0]
    assert not [(tag, name) for tag, attrs in page.tags for name in attrs if name.startswith("on")]
    hrefs = [attrs["href"] for _, attrs in page.with_attr("href")]
    assert hrefs and all(h.startswith("#") or h.startswith("https://doi.org/") for h in hrefs)
    assert not any("javascript:" in h.lower() or '"' in h or "<" in h for h in hrefs)


def test_highlight_in_hostile_context_is_escaped_piece_by_piece(hostile_html):
    script, img = HOSTILE
    marks = re.findall(r"<mark>(.*?)</mark>", hostile_html)
    assert [unescape(m) for m in marks] == [f"(Evil {script}, 2001)"]


def test_page_is_self_contained(sample_html):
    page = Page(sample_html)
    assert not page.with_attr("src")
    assert not page.find("link")
    assert "@import" not in sample_html and "url(" not in sample_html
    urls = re.findall(r"https?://[^\s\"'<]+", sample_html)
    # The only URLs: the DOI anchor, and the resolver's request URL shown as text.
    assert sorted(urls) == ["https://api.crossref.org/works?query=Jones", "https://doi.org/10.1000/xyz123"]
    assert page.find("a", href="https://doi.org/10.1000/xyz123")


def test_inline_script_is_allowed_by_its_hash_only(sample_html):
    page = Page(sample_html)
    (script,) = page.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    (csp,) = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
    assert f"script-src 'sha256-{digest}'" in csp["content"]
    assert "default-src 'none'" in csp["content"]
    for needle in ("fetch(", "XMLHttpRequest", "innerHTML", "localStorage", "import "):
        assert needle not in script


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_inline_script_is_valid_javascript(sample_html, tmp_path):
    (script,) = Page(sample_html).scripts
    path = tmp_path / "report.js"
    path.write_text(script, encoding="utf-8")
    subprocess.run(["node", "--check", str(path)], check=True, capture_output=True)


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        pytest.param(
            '<a class="badge sev-error" href="#findings" data-show="error" title="show only the error findings">1 error</a>',
            True,
            id="error-badge",
        ),
        pytest.param(
            '<a class="badge sev-warning" href="#findings" data-show="warning" title="show only the warning findings">1 warning</a>',
            True,
            id="warning-badge",
        ),
        pytest.param(
            '<a class="badge sev-info" href="#findings" data-show="info" title="show only the info findings">1 info</a>',
            True,
            id="info-badge",
        ),
        pytest.param("<h1><code>paper.md</code></h1>", True, id="path-in-header"),
        pytest.param("2 references", True, id="reference-count"),
        pytest.param("3 citations", True, id="citation-count"),
        pytest.param("1 footnote\n", True, id="footnote-count-singular"),
        pytest.param('<span class="badge status status-mismatch">mismatch</span>', True, id="registry-badge"),
        pytest.param('<a href="#ref-2">[2]</a>', True, id="finding-links-reference"),
        pytest.param('<a class="badge sev-warning" href="#f-2"', True, id="reference-links-finding"),
        pytest.param("<dt>author</dt><dd>Smith, J.</dd>", True, id="csl-author"),
        pytest.param("<dt>issued</dt><dd>2001</dd>", True, id="csl-year"),
        pytest.param('title="parser confidence 0.40"', True, id="low-confidence-title"),
        pytest.param("<li>no publisher place</li>", True, id="problems"),
        pytest.param('<tr class="differs"><td>issued</td><td>1999</td><td>1998</td>', True, id="field-comparison"),
        pytest.param('<span class="where">line 4</span> <q>[1]</q>', True, id="citing-citation"),
        pytest.param("referenced at line 4", True, id="footnote-referenced"),
        pytest.param('<span class="badge unreferenced">', False, id="no-unreferenced-footnote"),
        pytest.param('<span class="badge uncited">', False, id="every-reference-cited"),
    ],
)
def test_page_content(sample_html, needle, expected):
    assert (needle in sample_html) is expected


def test_findings_table_rows_carry_filter_and_sort_data(sample_html):
    page = Page(sample_html)
    rows = [attrs for tag, attrs in page.tags if tag == "tr" and "data-severity" in attrs]
    assert [(r["id"], r["data-severity"]) for r in rows] == [("f-1", "error"), ("f-2", "warning"), ("f-3", "info")]
    assert [a["value"] for a in page.find("input", type="checkbox")] == ["error", "warning", "info"]
    assert page.find("input", id="finding-search")
    sortable = [a["data-sort-type"] for t, a in page.tags if t == "th" and "data-sort-type" in a]
    assert sortable == ["number", "text", "number", "text"]


def test_context_shows_the_cited_line_with_the_citation_marked(sample_html):
    assert (
        '<div class="ln focus"><span class="no">3</span>Prior work (Smith, 2001) showed this, but '
        "<mark>Jones (1999)</mark> disagreed.</div>"
    ) in sample_html


def test_unreferenced_footnote_and_uncited_reference_are_flagged():
    report = sample_report()
    report = replace(
        report,
        links=(report.links[1],),  # only "Jones (1999)" is linked: Smith is left uncited
        footnotes=(replace(report.footnotes[0], markers=()),),
    )
    html = render_html(report)
    assert '<span class="badge unreferenced">unreferenced</span>' in html
    assert html.count('<span class="badge uncited">not cited</span>') == 1


def test_empty_report_renders_friendly_empty_states():
    html = render_html(Report(make_manuscript("Nothing.\n"), (), (), (), (), ()))
    assert "No findings" in html
    assert "No reference list was found" in html
    assert "No footnotes." in html
    assert 'id="findings-table"' not in html


SOURCE = "first line\nSee (Smith, 2001) and (Smith, 2001) again.\nthird line\n"


@pytest.mark.parametrize(
    ("line", "column", "needle", "expected"),
    [
        pytest.param(2, 5, "(Smith, 2001)", ("See ", "(Smith, 2001)", " and (Smith, 2001) again."), id="at-column"),
        pytest.param(2, 23, "(Smith, 2001)", ("See (Smith, 2001) and ", "(Smith, 2001)", " again."), id="second-occurrence"),
        pytest.param(2, 1, "(Smith, 2001)", ("See ", "(Smith, 2001)", " and (Smith, 2001) again."), id="column-off-find"),
        pytest.param(2, 5, "(Smith,\n2001)", ("See ", "(Smith,", " 2001) and (Smith, 2001) again."), id="multiline-needle"),
        pytest.param(2, 5, None, ("See ", "", "(Smith, 2001) and (Smith, 2001) again."), id="no-needle"),
        pytest.param(2, 5, "absent", ("See ", "", "(Smith, 2001) and (Smith, 2001) again."), id="needle-absent"),
        pytest.param(2, 999, None, ("See (Smith, 2001) and (Smith, 2001) again.", "", ""), id="column-past-end"),
    ],
)
def test_context_focus_line(line, column, needle, expected):
    lines = context_lines(make_manuscript(SOURCE), line, column, needle)
    assert [ln.number for ln in lines] == [1, 2, 3]
    (focus,) = [ln for ln in lines if ln.focus]
    assert (focus.before, focus.mark, focus.after) == expected


@pytest.mark.parametrize(
    ("line", "numbers"),
    [
        pytest.param(1, [1, 2], id="first-line"),
        pytest.param(3, [2, 3], id="last-text-line"),
        pytest.param(0, [], id="line-zero"),
        pytest.param(99, [], id="past-end"),
    ],
)
def test_context_lines_stay_inside_the_file(line, numbers):
    assert [ln.number for ln in context_lines(make_manuscript(SOURCE), line, 1, None)] == numbers


def test_long_lines_are_cut_around_the_mark():
    text = "x" * 1000 + "(Smith, 2001)" + "y" * 1000
    (focus,) = context_lines(make_manuscript(text), 1, 1001, "(Smith, 2001)")
    assert focus.mark == "(Smith, 2001)"
    assert focus.before == "…" + "x" * CONTEXT_WIDTH
    assert focus.after == "y" * CONTEXT_WIDTH + "…"


def test_finding_without_location_has_no_context():
    report = sample_report(findings=(Finding("CA1", Severity.INFO, "somewhere"),))
    assert 'class="context"' not in render_html(report)
    located = sample_report(findings=(Finding("CA1", Severity.INFO, "x", location=Location(3, 1)),))
    assert 'class="context"' in render_html(located)
