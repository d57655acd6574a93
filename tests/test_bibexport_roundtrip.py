"""BibTeX export a LaTeX user would keep: escaping BibTeX honours, a .bib round trip, capitals, names."""

from __future__ import annotations

import random
import re

import pytest

from citeaudit.ingest.bib import read_bib_string
from citeaudit.model import Location, Reference, Span
from citeaudit.references.bibexport import (
    HEADER,
    is_balanced,
    names_value,
    title_value,
    to_ascii,
    to_bibtex,
    unescape,
)
from citeaudit.references.bibtex import read_bib_blocks, resolve_value, split_persons
from citeaudit.references.parse import parse_reference


def _reference(csl: dict, raw: str = "", key: str = "k") -> Reference:
    return Reference(1, raw or "x", Span(0, 1), Location(1, 1), csl, key=key)


def _fields(text: str) -> list[tuple[str, str, dict]]:
    return [(b.entry_type, b.key, dict(b.fields)) for b in read_bib_blocks(text) if b.error is None]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(r"@article{a, title = {The $\alpha$-helix of {DNA}}, author = {Doe, J.}, journal = {J}, year = 2001}", id="math-and-case-protection"),
        pytest.param(r"@book{b, title = {Ten\,000 years of \emph{in vivo} work}, author = {Doe, J.}, publisher = {P}, year = {1999}}", id="thin-space-and-emph"),
        pytest.param("@article{c, title = {T}, author = {A, B}, journal = {J}, year = 2001, month = jan}", id="month-macro"),
        pytest.param('@string{acm = "ACM"}\n@book{d, title = {T}, author = {A, B}, publisher = acm # " Press", year = 2001}', id="string-and-concatenation"),
        pytest.param('@misc{e, title = "He said {"}hello{"}", note = {50\\% of R\\&D}}', id="quoted-value-with-quote"),
        pytest.param("@misc{f, title = {T}, doi = {}, x = {{}}}", id="empty-values"),
        pytest.param("@misc{g, title = {Über Ørsted}, author = {Müller, Jürgen}, abstract = {A long {abstract}.}, keywords = {a, b}, file = {:x.pdf:PDF}}", id="utf8-and-custom-fields"),
        pytest.param(r"@misc{h, title = {T}, url = {https://x.org/a%20b#c}, howpublished = {\url{https://x.org}}}", id="url-percent-hash"),
        pytest.param(r"@article{i, author = {{\"O}zt{\"u}rk, Ay{\c{s}}e and van der Berg, Jan and others}, title = {T}, journal = {J}, year = 2020}", id="latex-accents-in-names"),
        pytest.param(r"@inproceedings{j, title = {Why?}, booktitle = {Proc.\ of {ICSE}}, author = {A, B}, year = 2020, pages = {1--10}}", id="question-mark-and-control-space"),
    ],
)
def test_bib_round_trip_keeps_every_field(source):
    manuscript = read_bib_string(source)
    exported = to_bibtex(manuscript.bibliography)
    assert _fields(exported) == _fields(source)


def test_round_trip_keeps_the_month_a_macro_and_numbers_plain():
    exported = to_bibtex(read_bib_string("@article{c, title = {T}, year = 2001, month = jan}").bibliography)
    assert "  month = jan,\n" in exported
    assert "  year = {2001},\n" in exported


@pytest.mark.parametrize(
    ("written", "macros", "value"),
    [
        pytest.param('acm # " Press"', {"acm": "ACM"}, "ACM Press", id="macro-and-quoted"),
        pytest.param("{a} # {b} # 2001", {}, "ab2001", id="braces-and-number"),
        pytest.param("jan", {}, "jan", id="undefined-macro-stays-its-name"),
        pytest.param("{The {DNA} of $\\alpha$}", {}, "The {DNA} of $\\alpha$", id="inner-braces-kept"),
        pytest.param('"a {"} b"', {}, 'a {"} b', id="quote-inside-braces"),
        pytest.param("{}", {}, "", id="empty"),
        pytest.param("{{}}", {}, "{}", id="empty-group"),
    ],
)
def test_resolve_value(written, macros, value):
    assert resolve_value(written, macros) == value


def test_string_doubling_is_bounded():
    # Each macro twice the one before, forty times over; and a macro defined again.
    source = "@string{a0 = {xx}}\n" + "".join(f"@string{{a{i + 1} = a{i} # a{i}}}\n" for i in range(40))
    source += "@string{a40 = a40 # a40}\n@misc{k, title = a40}\n"
    (block,) = read_bib_blocks(source)
    assert 0 < len(block.fields["title"]) <= 65_536


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("A closing } brace @misc{evil, title={x}}", id="closing-brace-and-fake-entry"),
        pytest.param("An unbalanced { brace", id="unbalanced-open"),
        pytest.param("Back\\slash \\{ and } } }", id="backslashes-and-braces"),
        pytest.param("R&D at 50% of $100 #1_under ~^", id="tex-specials"),
    ],
)
def test_hostile_text_stays_inside_its_field(title):
    reference = _reference({"type": "article-journal", "title": title, "author": [{"family": "Doe", "given": "J."}], "container-title": "J", "issued": {"date-parts": [[2001]]}})
    second = _reference({"type": "book", "title": "After", "author": [{"family": "Roe", "given": "R."}], "publisher": "P", "issued": {"date-parts": [[2002]]}}, key="after")
    exported = to_bibtex([reference, second])
    blocks = read_bib_blocks(exported)
    assert [(b.key, b.error) for b in blocks] == [("k", None), ("after", None)]
    assert all(is_balanced(value) for block in blocks for value in block.fields.values())
    assert unescape(blocks[0].fields["title"]) == title


def test_random_text_never_breaks_an_entry():
    alphabet = "{}\\%&$#_~^@\"',=() aZé–…\n"
    rng = random.Random(9)
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        references = [
            _reference({"type": "book", "title": text, "author": [{"family": text, "given": "A."}], "publisher": text}, key=f"k{i}")
            for i in range(2)
        ]
        blocks = read_bib_blocks(to_bibtex(references))
        assert [b.key for b in blocks] == ["k0", "k1"], text
        assert all(b.error is None and all(is_balanced(v) for v in b.fields.values()) for b in blocks), text


@pytest.mark.parametrize(
    ("title", "value"),
    [
        pytest.param("A study of DNA in the Russian army?", "A study of {DNA} in the {Russian} army?", id="sentence-case-acronym-and-proper-noun"),
        pytest.param("The Structure of Scientific Revolutions", "The {Structure} of {Scientific} {Revolutions}", id="title-case-kept"),
        pytest.param("iPhone users!", "{iPhone} users!", id="capital-inside-first-word"),
        pytest.param("Growth (GDP), 1990", "Growth ({GDP}), 1990", id="punctuation-outside-braces"),
        pytest.param("no capitals at all", "no capitals at all", id="nothing-to-protect"),
        pytest.param("R&D in 50% of cases", "{R\\&D} in 50\\% of cases", id="escaped-inside-braces"),
    ],
)
def test_title_capitals_are_protected(title, value):
    assert title_value(title) == value


@pytest.mark.parametrize(
    ("names", "value"),
    [
        pytest.param([{"family": "Kuhn", "given": "Thomas S."}], "Kuhn, Thomas S.", id="one-person"),
        pytest.param([{"family": "A", "given": "B."}, {"literal": "et al."}, {"family": "Z", "given": "Q."}], "A, B. and Z, Q. and others", id="ellipsis-in-the-middle-becomes-others-at-the-end"),
        pytest.param([{"family": "A", "given": "B."}, {"literal": "…"}, {"family": "Z", "given": "Q."}], "A, B. and Z, Q. and others", id="literal-ellipsis"),
        pytest.param([{"family": "Berg", "non-dropping-particle": "van der", "given": "Jan"}], "van der Berg, Jan", id="particle"),
        pytest.param([{"family": "King", "given": "Martin Luther", "suffix": "Jr."}], "King, Jr., Martin Luther", id="suffix"),
        pytest.param([{"literal": "Smith & Sons"}], "{Smith \\& Sons}", id="organisation-braced"),
        pytest.param([{"family": "Procter and Gamble"}], "{{Procter and Gamble}}", id="and-inside-a-name"),
    ],
)
def test_names(names, value):
    assert names_value(names) == value


@pytest.mark.parametrize(
    ("text", "ascii_text"),
    [
        pytest.param("Müller", 'M{\\"u}ller', id="umlaut"),
        pytest.param("Škoda", "{\\v{S}}koda", id="caron"),
        pytest.param("Ørsted straße", "{\\O}rsted stra{\\ss}e", id="letters"),
        pytest.param("1–2 — “x” …", "1--2 --- ``x'' \\ldots{}", id="signs"),
        pytest.param("α-helix", "α-helix", id="no-command-left-utf8"),
    ],
)
def test_ascii(text, ascii_text):
    assert to_ascii(text) == ascii_text


def test_export_from_parsed_text_keeps_doi_case_month_and_signs():
    raw = "Müller, H. (2019, May). Why does DNA matter? *Nature Reviews*, 12, 100–110. https://doi.org/10.1000/ABC_Def"
    parsed = parse_reference(raw)
    exported = to_bibtex([_reference(parsed.csl, raw=raw, key="muller2019")])
    assert exported.startswith(HEADER + "\n\n@article{muller2019,\n")
    assert "  title = {Why does {DNA} matter?},\n" in exported
    assert "  doi = {10.1000/ABC_Def},\n" in exported
    assert "  month = may,\n" in exported
    assert "  author = {Müller, H.},\n" in exported
    assert "…" not in exported


def test_one_blank_line_between_entries():
    references = [_reference({"type": "book", "title": f"T{i}", "publisher": "P"}, key=f"k{i}") for i in range(3)]
    exported = to_bibtex(references)
    assert exported.count("}\n\n@") == 2
    assert "\n\n\n" not in exported
    assert exported.endswith("}\n")


def test_key_with_characters_bibtex_rejects_is_made_safe():
    exported = to_bibtex([_reference({"type": "book", "title": "T"}, key="a b,c{d}")])
    assert re.search(r"^@book\{a_b_c_d_,$", exported, re.M)


@pytest.mark.parametrize(
    ("value", "persons"),
    [
        pytest.param("Doe, J. and {Barnes and Noble}", ["Doe, J.", "{Barnes and Noble}"], id="and-inside-braces"),
        pytest.param("A and \\textbackslash{}0", ["A", "\\textbackslash{}0"], id="name-opening-with-a-command"),
        pytest.param("A AND B", ["A", "B"], id="and-in-capitals"),
        pytest.param("A and\tB", ["A", "B"], id="tab"),
        pytest.param("Sandy Anderson and Andy", ["Sandy Anderson", "Andy"], id="and-inside-words"),
        pytest.param("Knuth, D. E. and others", ["Knuth, D. E.", "others"], id="others"),
    ],
)
def test_split_persons(value, persons):
    assert split_persons(value) == persons


@pytest.mark.parametrize(
    "family",
    [pytest.param("\\0", id="backslash"), pytest.param("&A", id="ampersand"), pytest.param("{x}", id="braces"), pytest.param("~", id="tilde")],
)
def test_odd_family_names_read_back(family):
    reference = _reference({"type": "book", "title": "T", "author": [{"family": "A"}, {"family": family}]})
    (back,) = read_bib_string(to_bibtex([reference])).bibliography
    assert [n.get("family") or n.get("literal") for n in back.csl["author"]] == ["A", family]
