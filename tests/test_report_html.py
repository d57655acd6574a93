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


# --- Issue 13: a report that reads well (order, summary, footnotes, italics, clean context) ---

from citeaudit.ingest import read_manuscript  # noqa: E402
from citeaudit.model import Footnote, Manuscript, Reference, Span  # noqa: E402
from citeaudit.report.charts import code_chart, year_chart  # noqa: E402
from citeaudit.report.html import findings_by_priority, inline_markup  # noqa: E402


def _rows(html: str) -> list[tuple[str, str]]:
    """(id, severity) of each findings-table row, in page order."""
    return [(a["id"], a["data-severity"]) for t, a in Page(html).tags if t == "tr" and "data-severity" in a]


def test_findings_come_errors_first_then_by_position():
    late_error = Finding("citation-unmatched", Severity.ERROR, "late error", location=Location(9, 1))
    early_info = Finding("doi-suggested", Severity.INFO, "early info", location=Location(1, 1))
    early_warning = Finding("reference-uncited", Severity.WARNING, "early warning", location=Location(2, 1))
    unplaced_error = Finding("reference-list-missing", Severity.ERROR, "no list")
    mid_error = Finding("citation-year-mismatch", Severity.ERROR, "mid error", location=Location(5, 3))
    report = sample_report(findings=(late_error, early_info, early_warning, unplaced_error, mid_error))
    assert [f.message for f in findings_by_priority(report)] == [
        "mid error", "late error", "no list", "early warning", "early info",
    ]
    html = render_html(report)
    assert [severity for _, severity in _rows(html)] == ["error", "error", "error", "warning", "info"]
    # The summary names the first thing to fix and links to it; then one line per code.
    assert '<strong>Fix first:</strong> <a href="#f-1">mid error</a> <span class="where">(5:3)</span>' in html
    assert html.count("<li><span class=\"badge sev-") == 5


def test_summary_counts_each_code_once_with_its_first_finding():
    findings = tuple(
        Finding("footnote-unreferenced", Severity.WARNING, f"footnote {n}", location=Location(n, 1)) for n in (3, 1, 2)
    )
    html = render_html(sample_report(findings=findings))
    assert '<span class="badge sev-warning">3 warnings</span> <code>footnote-unreferenced</code>: <a href="#f-1">the first</a>' in html
    assert '<a href="#f-1">footnote 1</a>' in html


def test_footnote_findings_name_and_link_their_footnote():
    report = sample_report()
    note = report.footnotes[0]
    unreferenced = Finding("footnote-unreferenced", Severity.WARNING, "footnote 1 has no marker",
                           location=note.location, citation=note.text)
    undefined = Finding("footnote-undefined", Severity.ERROR, "footnote marker 7 has no footnote",
                        location=Location(4, 1), citation="7")
    html = render_html(sample_report(findings=(unreferenced, undefined)))
    assert '<p class="meta">Footnote <a href="#fn-1">1</a> <q>See the appendix.</q></p>' in html
    assert '<p class="meta">Footnote marker <q>7</q></p>' in html
    assert "Citation <q>See the appendix.</q>" not in html
    # The card carries the id the finding links to, and links back to the finding.
    assert '<li class="footnote" id="fn-1">' in html
    assert '<a class="badge sev-warning" href="#f-2" title="footnote 1 has no marker">footnote-unreferenced</a>' in html


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Akaha, T. *Asian Survey*, *36*(1), 100.", "Akaha, T. <em>Asian Survey</em>, <em>36</em>(1), 100.", id="stars"),
        pytest.param("A **bold** claim", "A <strong>bold</strong> claim", id="double-stars"),
        pytest.param("In _Nature_, 12", "In <em>Nature</em>, 12", id="underscores"),
        pytest.param('"*Quoted Title*" here', "&#34;<em>Quoted Title</em>&#34; here", id="inside-quotes"),
        pytest.param("snake_case_name and a*b*c", "snake_case_name and a*b*c", id="inside-words"),
        pytest.param("https://x.org/a_b_c/d_e_ f", "https://x.org/a_b_c/d_e_ f", id="url-underscores"),
        pytest.param("2 * 3 * 4", "2 * 3 * 4", id="spaced-stars"),
        pytest.param("<i>Nature</i>, <b>12</b>", "<em>Nature</em>, <strong>12</strong>", id="html-tags"),
        pytest.param("<i>unclosed", "&lt;i&gt;unclosed", id="unpaired-tag"),
        pytest.param("Smith &amp; Jones &quot;X&quot;", "Smith &amp; Jones &#34;X&#34;", id="entities-decoded"),
        pytest.param("*<script>alert(1)</script>*", "<em>&lt;script&gt;alert(1)&lt;/script&gt;</em>", id="escaped-first"),
        pytest.param('<i onclick="x()">t</i>', "&lt;i onclick=&#34;x()&#34;&gt;t&lt;/i&gt;", id="tag-with-attributes"),
    ],
)
def test_inline_markup(raw, expected):
    assert str(inline_markup(raw, "markdown")) == expected


@pytest.mark.parametrize("fmt", ["latex", "bibtex"])
def test_inline_markup_leaves_source_formats_alone(fmt):
    assert str(inline_markup("title={A *b* _c_ & <i>d</i>}", fmt)) == "title={A *b* _c_ &amp; &lt;i&gt;d&lt;/i&gt;}"


def test_reference_card_shows_italics_not_asterisks():
    ms = make_manuscript("x\n\nReferences\n\nSmith, J. (2001). Title. *Journal of Tests*, *3*.\n")
    raw = "Smith, J. (2001). Title. *Journal of Tests*, *3*."
    reference = Reference(1, raw, Span(0, 1), Location(5, 1), {"title": "Title"})
    html = render_html(Report(ms, (reference,), (), (), (), ()))
    assert '<p class="raw">Smith, J. (2001). Title. <em>Journal of Tests</em>, <em>3</em>.</p>' in html
    assert "*Journal" not in html.split('<section id="references">')[1]


def _read(tmp_path, source: str) -> Manuscript:
    path = tmp_path / "paper.md"
    path.write_text(source, encoding="utf-8")
    return read_manuscript(path)


@pytest.mark.parametrize(
    ("source", "line", "needle", "expected"),
    [
        pytest.param(
            "Text.\n\n<sup>13 &</sup>quot;Abe and Putin,&quot; 2017.\n",
            3, "13", ("", "13", ' "Abe and Putin," 2017.'), id="sup-swallowed-entity",
        ),
        pytest.param(
            "**Bold** text &amp; (Smith, 2001) and <span id=\"x\"></span>*more*.\n",
            1, "(Smith, 2001)", ("Bold text & ", "(Smith, 2001)", " and more."), id="emphasis-tags-entities",
        ),
        pytest.param(
            "See [(Smith, 2001)](#page-3-1) here.\n",
            1, "(Smith, 2001)", ("See ", "(Smith, 2001)", " here."), id="markdown-link",
        ),
    ],
)
def test_context_is_clean_text_with_the_citation_marked(tmp_path, source, line, needle, expected):
    manuscript = _read(tmp_path, source)
    (focus,) = [ln for ln in context_lines(manuscript, line, 1, needle) if ln.focus]
    assert (focus.before, focus.mark, focus.after) == expected


def test_context_of_a_footnote_moved_after_the_body(tmp_path):
    # The reader moves footnote definitions after the body: the cleaned text of line 5 is there.
    manuscript = _read(tmp_path, "Body cites (Smith, 2001).\n\n<sup>1</sup> A &quot;note&quot;.\n\nMore body.\n")
    lines = context_lines(manuscript, 3, 1, "1")
    assert [(ln.number, ln.before + ln.mark + ln.after) for ln in lines] == [(3, '1 A "note".')]


def test_page_never_shows_raw_markup_in_context(tmp_path):
    ms = _read(tmp_path, "Intro.\n\n<sup>13 &</sup>quot;Abe,&quot; 2017.\n")
    finding = Finding("footnote-unreferenced", Severity.WARNING, "footnote 13", location=Location(3, 6), citation='"Abe," 2017.')
    note = Footnote(13, '"Abe," 2017.', Span(0, 1), Location(3, 6))
    html = render_html(Report(ms, (), (), (), (note,), (finding,)))
    context = html.split('<div class="context"', 1)[1].split("</div>\n          </div>", 1)[0]
    assert "&lt;sup&gt;" not in context and "&amp;quot;" not in context and "quot;" not in context
    assert '<mark>13</mark> &#34;Abe,&#34; 2017.' in context


def test_footer_says_yes_and_no_not_python_booleans():
    html = render_html(sample_report(provenance={"offline": True, "citation_style": "author-year", "cache": False}))
    assert "<dt>offline</dt><dd>yes</dd>" in html
    assert "<dt>cache</dt><dd>no</dd>" in html
    assert "<dt>citation style</dt><dd>author-year</dd>" in html
    assert "True" not in html.split("<footer>")[1]


def test_code_chart_bars_worst_code_first():
    findings = [
        Finding("reference-uncited", Severity.WARNING, "w"),
        Finding("reference-uncited", Severity.WARNING, "w"),
        Finding("citation-unmatched", Severity.ERROR, "e"),
        Finding("doi-suggested", Severity.INFO, "i"),
    ]
    chart = code_chart(findings)
    assert [(row.code, row.total) for row in chart.rows] == [
        ("citation-unmatched", 1), ("reference-uncited", 2), ("doi-suggested", 1),
    ]
    widths = {row.code: sum(bar.width for bar in row.bars) for row in chart.rows}
    assert widths["reference-uncited"] == pytest.approx(2 * widths["citation-unmatched"])
    assert code_chart([]) is None


def test_year_chart_marks_each_reference_verified_cited_or_uncited():
    views = [
        {"index": 1, "year": 2001, "status": "verified", "citing": [object()]},
        {"index": 2, "year": 1999, "status": None, "citing": [object()]},
        {"index": 3, "year": 2001, "status": "not-found", "citing": []},
        {"index": 4, "year": None, "status": None, "citing": []},
    ]
    chart = year_chart(views)
    assert {sq.index: sq.state for sq in chart.squares} == {1: "verified", 2: "cited", 3: "uncited", 4: "uncited"}
    assert [label.text for label in chart.labels][-1] == "n.d."
    columns = {sq.index: sq.x for sq in chart.squares}
    assert columns[2] < columns[1] == columns[3] < columns[4]  # 1999, 2001 (stacked), n.d.
    assert dict(chart.counts) == {"verified": 1, "cited": 1, "uncited": 2}
    assert year_chart([]) is None


def test_charts_are_inline_svg_with_links_inside_the_page(sample_html):
    page = Page(sample_html)
    assert len(page.find("svg")) == 2
    squares = [a["href"] for a in page.find("a") if a.get("href", "").startswith("#ref-")][:2]
    assert squares == ["#ref-2", "#ref-1"]  # by year: Jones 1999, then Smith 2001
    assert '<rect class="ref-square state-cited"' in sample_html


@pytest.mark.skipif("waived" not in Finding.__dataclass_fields__, reason="Finding.waived is not in the model yet")
def test_waived_findings_are_greyed_labelled_and_not_counted():
    kept = Finding("reference-uncited", Severity.WARNING, "kept", location=Location(1, 1))
    waived = Finding("citation-unmatched", Severity.ERROR, "waived one", location=Location(2, 1), waived="cited from memory")
    report = sample_report(findings=(kept,))
    report = replace(report, waived=(waived,)) if "waived" in Report.__dataclass_fields__ else sample_report(findings=(kept, waived))
    html = render_html(report)
    assert _rows(html) == [("f-1", "warning"), ("f-2", "error")]  # waived last, whatever its severity
    assert '<tr id="f-2" data-severity="error" class="waived" data-waived>' in html
    assert '<span class="badge waived">waived: cited from memory</span>' in html
    assert ">0 errors</a>" in html and ">1 warning</a>" in html and ">1 waived</a>" in html
    assert "Fix first:</strong> <a href=\"#f-1\">kept</a>" in html


# A manuscript whose own text carries markup, quotes and ampersands, through the whole pipeline.
HOSTILE_MANUSCRIPT = """\
# Title <script>alert(1)</script> & "quotes"

Body cites (Evil, 2001) and "quotes" & <script>alert(2)</script> here, and (Nobody, 1999).<sup>1</sup>

<sup>1</sup> A note with <script>alert(3)</script> & "quotes".

## References

Evil, E. (2001). *Title "quoted" & <script>alert(4)</script>*. Journal.
"""


def test_manuscript_markup_stays_text_through_the_cli(tmp_path):
    from click.testing import CliRunner

    from citeaudit.cli import main

    path = tmp_path / "paper.md"
    path.write_text(HOSTILE_MANUSCRIPT, encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(path), "--offline", "--format", "html", "--out", str(tmp_path / "out")])
    assert result.exit_code in (0, 1), result.output
    html = (tmp_path / "out" / "paper.html").read_text(encoding="utf-8")
    page = Page(html)
    assert len(page.scripts) == 1 and "alert" not in page.scripts[0]
    assert "<script>alert" not in html
    assert not [(tag, name) for tag, attrs in page.tags for name in attrs if name.startswith("on")]
    assert "&lt;script&gt;alert(" in html  # shown, as text


@pytest.mark.parametrize(
    ("years", "columns"),
    [
        pytest.param([1960, 1986, 1986, 2020], 61, id="span-under-80-every-year"),
        pytest.param([1850, 2020], 2, id="long-span-years-present-only"),
        pytest.param([None, 2001], 2, id="undated-last"),
    ],
)
def test_year_chart_columns(years, columns):
    views = [{"index": i, "year": year, "status": None, "citing": []} for i, year in enumerate(years, start=1)]
    chart = year_chart(views)
    assert round((max(sq.x for sq in chart.squares) - min(sq.x for sq in chart.squares)) / chart.size) + 1 == columns
    assert max(label.x for label in chart.labels) - min(label.x for label in chart.labels) <= 360


def test_a_findings_reference_quote_is_plain_text_clipped_whole():
    raw = "Durand M: Quality. *International Journal for Quality in Health Care* 2010. " + "x" * 200 + " *Int J*"
    ms = make_manuscript(f"Body.\n\nReferences\n\n{raw}\n")
    reference = Reference(1, raw, Span(0, 1), Location(5, 1), {"title": "Quality"})
    finding = Finding("reference-incomplete", Severity.INFO, "no author", location=Location(5, 1), reference=1)
    html = render_html(Report(ms, (reference,), (), (), (), (finding,)))
    (quote,) = re.findall(r'<span class="quote">(.*?)</span>', html)
    assert quote.startswith("Durand M: Quality. International Journal for Quality in Health Care 2010. xxx")
    assert quote.endswith("…") and len(quote) == 200 and "*" not in quote


def test_reading_order_follows_the_source_across_pages():
    # A PDF counts lines per page: "p. 10, 3:1" comes after "p. 9, 68:1".
    later = Finding("reference-incomplete", Severity.INFO, "on page 10", location=Location(3, 1, offset=2000, page=10))
    earlier = Finding("reference-incomplete", Severity.INFO, "on page 9", location=Location(68, 1, offset=1000, page=9))
    report = sample_report(findings=(later, earlier))
    assert [f.message for f in findings_by_priority(report)] == ["on page 9", "on page 10"]
    html = render_html(report)
    assert re.findall(r'<td class="where" data-sort="(\d+)">([^<]*)</td>', html) == [("0", "p. 9, 68:1"), ("1", "p. 10, 3:1")]


@pytest.mark.parametrize(
    ("severity", "lead"),
    [
        pytest.param(Severity.ERROR, "Fix first:", id="error"),
        pytest.param(Severity.WARNING, "Fix first:", id="warning"),
        pytest.param(Severity.INFO, "Nothing to fix; worth a look:", id="info-only"),
    ],
)
def test_summary_lead_says_how_urgent(severity, lead):
    html = render_html(sample_report(findings=(Finding("doi-suggested", severity, "one thing"),)))
    assert f'<p class="fix-first"><strong>{lead}</strong> <a href="#f-1">one thing</a></p>' in html


def test_no_findings_no_summary():
    html = render_html(sample_report(findings=()))
    assert 'class="fix-first"' not in html and 'id="chart-codes-title"' not in html
    assert 'id="chart-years-title"' in html  # the list is still drawn by year
