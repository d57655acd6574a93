"""A list the text never cites at all (a blog's reading list, or citations lost) is one warning,
not one per entry; a web page listed by title and address is parsed, author and date or not."""

from __future__ import annotations

import pytest

from citeaudit.pipeline import audit_text

LINKS = (
    "[1] [Codeforces, paladin8's blog, 'Z Algorithm'](https://codeforces.com/blog/entry/3107)\n"
    "[2] [GeeksforGeeks, 'Z algorithm'](https://www.geeksforgeeks.org/z-algorithm/)\n"
    "[3] [Algorithms a contest approach, 'Borders of a string'](http://algorithmsforcontests.blogspot.com/2012/08/borders.html)\n"
)
ENTRIES = (
    "Kousky, C. (2017). Financing flood losses. Risk Analysis, 38(3), 1-17.\n\n"
    "Kunreuther, H. (2006). Disaster mitigation and insurance. Journal of Economic Perspectives, 20(2), 1-20.\n"
)


@pytest.mark.parametrize(
    ("body", "entries", "expected"),
    [
        pytest.param("The Z array is computed in linear time.", LINKS, [("reference-uncited", "warning")], id="reading-list-of-links"),
        pytest.param("Floods are costly.", ENTRIES, [("reference-uncited", "warning")], id="nothing-cited-at-all"),
        pytest.param("Floods are costly (Kunreuther, 2006).", ENTRIES, [("reference-uncited", "warning")], id="one-cited-one-left-over"),
    ],
)
def test_uncited_lists(body, entries, expected):
    report = audit_text(f"# Text\n\n{body}\n\n## References\n\n{entries}", "post.md")
    assert [(f.code, f.severity.value) for f in report.findings] == expected
