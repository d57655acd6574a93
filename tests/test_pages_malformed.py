"""reference-pages-malformed: a page field that lost its dash, or ends before it starts.

Every entry here is synthetic; each reproduces a pattern seen in real reference lists.
"""

from __future__ import annotations

import pytest

from citeaudit.checks.fields import page_problem
from citeaudit.model import Severity
from citeaudit.pipeline import audit_text


@pytest.mark.parametrize(
    ("page", "raw", "intent", "doubt"),
    [
        pytest.param("1513715145", "In Proc. AAAI, pages 1513715145, 2021.", "(15137–15145?)", False, id="glued-ten-digits"),
        pytest.param("1513715145", "", "(15137–15145?)", False, id="glued-structured-field"),
        pytest.param("12041236", "Phys. Rev. 12: 12041236 (1999).", "(1204–1236?)", False, id="glued-eight-digits-no-word"),
        pytest.param("123128", "J. Foo 12, pp. 123128, 1990.", "(123–128?)", False, id="glued-six-digits-after-pp"),
        pytest.param("9981002", "J. Foo 12, pp. 9981002, 1990.", "(998–1002?)", False, id="glued-end-one-digit-longer"),
        pytest.param("pp. 123128", "J. Foo 12, pp. 123128, 1990.", "(123–128?)", False, id="glued-page-word-kept"),
        pytest.param("437-432", "Gut 1964; 5:437-432.", "(437–?)", False, id="reversed-after-volume-colon"),
        pytest.param("815–811", "Vol. 24, pp. 815–811, 1985.", "(815–?)", False, id="reversed-en-dash"),
        pytest.param("12--10", "Wired Magazine 2004 12--10", "(12–?)", True, id="reversed-without-page-word-is-doubtful"),
        pytest.param("284-29", "", "(284–?)", True, id="reversed-abbreviated-is-doubtful"),
        pytest.param("67-3", "Geriatrics 1986; 41: 67-3.", "(67–73?)", True, id="abbreviated-end-crossed-a-ten"),
    ],
)
def test_malformed_pages(page, raw, intent, doubt):
    problem = page_problem(page, raw)
    assert problem is not None
    assert intent in problem.message
    assert bool(problem.doubt) is doubt


@pytest.mark.parametrize(
    ("page", "raw"),
    [
        pytest.param("1234-45", "", id="abbreviated-end"),
        pytest.param("1201-05", "", id="abbreviated-end-leading-zero"),
        pytest.param("245-52", "", id="abbreviated-end-three-digits"),
        pytest.param("12-15", "", id="plain-range"),
        pytest.param("12", "", id="single-page"),
        pytest.param("12-12", "", id="one-page-range"),
        pytest.param("998-1002", "", id="end-longer"),
        pytest.param("e123456", "PLoS ONE 9, e123456 (2014).", id="elocation-id"),
        pytest.param("Article 102345", "J. Foo 5, Article 102345 (2020).", id="article-word-kept"),
        pytest.param("102345", "iScience 24, 102345 (2021).", id="six-digit-article-number"),
        pytest.param("112113", "J. Foo 24, 112113 (2021).", id="six-digit-article-number-close-halves"),
        pytest.param("112113", "J. Foo 24, p. 112113 (2021).", id="single-p-is-one-page"),
        pytest.param("112113", "J. Foo 24, Art. no. 112113 (2021).", id="article-number-word"),
        pytest.param("102345", "pages = {102345},", id="bib-pages-article-number"),
        pytest.param("0262033844", "MIT Press. ISBN 0262033844.", id="isbn-leading-zero"),
        pytest.param("1262033844", "MIT Press. ISBN 1262033844.", id="isbn"),
        pytest.param("31234567", "Lancet. PMID: 31234567.", id="pmid"),
        pytest.param("12341300", "Lancet. PMID 12341300.", id="pmid-close-halves"),
        pytest.param("123456789", "", id="glued-halves-far-apart"),
        pytest.param("161116-4", "Appl. Phys. Lett. 101, 161116-4 (2012).", id="page-of-an-article-number"),
        pytest.param("4839-1578", "Proc AACR 40: Abstract #4839-1578, 1999.", id="abstract-number"),
        pytest.param("S12-3", "", id="supplement-page"),
        pytest.param("xii-xv", "", id="roman"),
        pytest.param("12-15, 20-25", "", id="two-ranges"),
        pytest.param("", "", id="empty"),
    ],
)
def test_pages_that_may_be_right(page, raw):
    assert page_problem(page, raw) is None


def test_adversarial_page_field_is_fast():
    assert page_problem("1-" * 5000 + "x", "") is None


LIST = """
## References

[1] Okafor, A. and Lind, B. Soil carbon in upland peat. In Proceedings of the Soil Conference, pages 1513715145, 2021.

[2] Chen, C. Fluxes of methane from rice paddies. Ecology, 7:437-432, 2017.

[3] Adeyemi, D. Wetland respiration. Journal of Wetlands, 12, 1234-45, 2019.
"""


def test_check_names_the_entry_the_value_and_the_intent():
    report = audit_text("# Intro\n\nCarbon [1], methane [2] and wetlands [3] are studied here at length.\n" + LIST)
    found = [(f.severity, f.message) for f in report.findings if f.code == "reference-pages-malformed"]
    assert found == [
        (Severity.WARNING, 'entry [1] (Okafor & Lind (2021)): page field "1513715145" looks like two page numbers '
                           "without their dash (15137–15145?)"),
        (Severity.WARNING, 'entry [2] (Chen (2017)): page range "437-432" ends before it starts (437–?)'),
    ]
