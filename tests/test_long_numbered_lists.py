"""Numbered lists past 9,999 entries: a catalogue or a long thesis list labels "[10000]".

Labels and bracketed citations of five digits are read; a five-digit number in brackets cites
only when the list prints that number (in a short paper "[12345]" is an identifier).  Before,
entries from 10,000 on lost their labels, were read without authors and reported as uncited,
which also made duplicate detection compare every such entry with every other.
"""

from __future__ import annotations

import pytest

from citeaudit.config import Config
from citeaudit.pipeline import audit_text
from citeaudit.references.split import LABEL


def _entry(n: int) -> str:
    return (
        f"[{n}] A. Kowalczyk and B. Nguyen, \u201cTitle number {n} of a study,\u201d "
        f"*Journal of Tests*, vol. {n % 90 + 1}, pp. 1\u20139, {1950 + n % 70}."
    )


def _paper(labels: list[int], sentence: str) -> str:
    entries = "\n\n".join(_entry(n) for n in labels)
    return f"# Paper\n\n{sentence}\n\n# References\n\n{entries}\n"


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("[9999] A. Kowalczyk, Title.", "9999"),
        ("[10000] A. Kowalczyk, Title.", "10000"),
        ("[48213] A. Kowalczyk, Title.", "48213"),
        ("[123456] A. Kowalczyk, Title.", None),  # six digits: no label
    ],
)
def test_bracketed_labels_up_to_five_digits(line: str, label: str | None) -> None:
    found = LABEL.match(line)
    assert (found.group("b") if found else None) == label


@pytest.mark.parametrize(
    ("labels", "sentence", "cited", "codes"),
    [
        pytest.param(
            [9998, 9999, 10000, 10001], "We cite [9998], [9999] and [10000], [10001] here.",
            [9998, 9999, 10000, 10001], [], id="past-9999-all-cited",
        ),
        pytest.param(
            [10000, 10001, 10002], "A range [10000]\u2013[10002] is cited.",
            [10000, 10001, 10002], [], id="range-join-past-9999",
        ),
        pytest.param(
            [1, 2, 3], "We cite [1], [2] and [3]. The sample [12345] is an identifier.",
            [1, 2, 3], [], id="five-digits-outside-a-short-list-not-a-citation",
        ),
        pytest.param(
            [10000, 10001], "We cite [10000]; the catalogue number [20000] is no entry.",
            [10000], ["reference-uncited"], id="five-digits-cite-only-printed-numbers",
        ),
    ],
)
def test_five_digit_numbers_cite_entries_the_list_prints(
    labels: list[int], sentence: str, cited: list[int], codes: list[str]
) -> None:
    report = audit_text(_paper(labels, sentence), config=Config(offline=True))
    assert [ref.label for ref in report.references] == [str(n) for n in labels]
    assert [c.number for c in report.citations] == cited
    assert [f.code for f in report.findings] == codes
