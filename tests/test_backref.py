"""Back-references printed after an entry are no part of it (issue 10, tex-ieee-tordns compiled).

hyperref's and biblatex's backref options print the pages that cite an entry after it: "(Cited on
pp. 2, 3, and 11)".  They were parsed into the entry's pages, volume and journal.  Each entry is
parsed as it would be without them.  Every entry is synthetic.
"""

from __future__ import annotations

import pytest

from citeaudit.references.parse import _BACK_REFERENCES, parse_reference

ENTRIES = [
    "A. Smith and B. Jones, \u201cA study of sea walls,\u201d Coastal Rev., vol. 3, no. 2, pp. 1\u20139, 2001.",
    "[4] Harbour Board, \u201cTide tables,\u201d [Online]. Available: https://example.org/tides",
    "Okafor, C. (2019). Money and the coast. Sharpe.",
]
BACKREFS = [
    " (Cited on pp. 2, 3, and 11)",
    " Cited on page 5.",
    " Cited on pages 2 and 5.",
    " (cit. on p. 4)",
    " [Cited on pp. 7\u20139.]",
]


@pytest.mark.parametrize("entry", ENTRIES, ids=["ieee-article", "web-page", "apa-book"])
@pytest.mark.parametrize("backref", BACKREFS, ids=["ieee-pp", "page", "pages-and", "biblatex-cit", "bracketed"])
def test_an_entry_reads_the_same_without_its_back_references(entry: str, backref: str) -> None:
    assert parse_reference(entry + backref).csl == parse_reference(entry).csl


@pytest.mark.parametrize(
    "entry",
    [
        "Lee, K. (2004). Cited on page 3: a history of footnotes. Penguin.",  # the words open the title
        "Lee, K. (2004). How often is it cited on pages 3 and 4? Penguin.",
        "Lee, K. (2004). Recited on page 3. Penguin.",  # a word ending in "cited"
    ],
    ids=["title-opens-with-the-words", "question-in-the-title", "inside-a-word"],
)
def test_the_words_inside_an_entry_stay(entry: str) -> None:
    assert _BACK_REFERENCES.search(entry) is None
