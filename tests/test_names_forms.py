"""Every form of author list the reference parser meets, and the one definition of "same name"."""

from __future__ import annotations

import time

import pytest

from citeaudit.citations.extract import split_authors
from citeaudit.ingest import read_markdown_string
from citeaudit.model import Location, Reference, Span
from citeaudit.pipeline import audit
from citeaudit.references.bibtex import to_bibtex
from citeaudit.references.keys import base_key
from citeaudit.references.names import (
    ET_AL_LITERAL,
    is_et_al,
    listed_names,
    looks_like_organisation,
    name_keys,
    parse_names,
    same_name,
    split_name_list,
    truncated,
)

ET_AL = (ET_AL_LITERAL, None)


def _pairs(names):
    return [(n.get("family") or n.get("literal"), n.get("given")) for n in names]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Karlan, Dean, Robert Osei, Isaac Osei-Akoto, and Christopher Udry",
            [("Karlan", "Dean"), ("Osei", "Robert"), ("Osei-Akoto", "Isaac"), ("Udry", "Christopher")],
            id="chicago-first-author-inverted",
        ),
        pytest.param("Kuhn, Thomas S.", [("Kuhn", "Thomas S.")], id="chicago-single-with-initial"),
        pytest.param("Kuhn, Thomas S", [("Kuhn", "Thomas S.")], id="initial-lost-its-full-stop"),
        pytest.param("Smith, John, and Jane Doe", [("Smith", "John"), ("Doe", "Jane")], id="mla-two"),
        pytest.param("Josh Tobin, Rachel Fong, Alex Ray", [("Tobin", "Josh"), ("Fong", "Rachel"), ("Ray", "Alex")], id="first-name-first"),
        pytest.param("Josh Tobin, Rachel Fong, et al.", [("Tobin", "Josh"), ("Fong", "Rachel"), ET_AL], id="first-name-first-et-al"),
        pytest.param("Sergey Zakharov,et al.", [("Zakharov", "Sergey"), ET_AL], id="et-al-without-space"),
        pytest.param("Smith AB, Jones CD, et al.", [("Smith", "A. B."), ("Jones", "C. D."), ET_AL], id="vancouver-et-al"),
        pytest.param("Tobin, J. and others", [("Tobin", "J."), ET_AL], id="and-others"),
        pytest.param(
            "Aron, L., Brown, K., … Zwienenberg, M.",
            [("Aron", "L."), ("Brown", "K."), ET_AL, ("Zwienenberg", "M.")],
            id="apa-ellipsis",
        ),
        pytest.param(
            "Aron, L., Brown, K., . . . Zwienenberg, M.",
            [("Aron", "L."), ("Brown", "K."), ET_AL, ("Zwienenberg", "M.")],
            id="apa-spaced-ellipsis",
        ),
        pytest.param("World Health Organization (WHO)", [("World Health Organization (WHO)", None)], id="group-with-abbreviation"),
        pytest.param("World Health Organization (WHO", [("World Health Organization (WHO)", None)], id="group-bracket-cut-off"),
        pytest.param(
            "SENAMHI (Servicio Nacional de Meteorología e Hidrología del Perú)",
            [("SENAMHI (Servicio Nacional de Meteorología e Hidrología del Perú)", None)],
            id="abbreviation-first-e-inside-brackets",
        ),
        pytest.param("The Guardian", [("The Guardian", None)], id="group-with-article"),
        pytest.param("OpenAI Blog", [("OpenAI Blog", None)], id="group-blog"),
        pytest.param("Das AV, Le LP", [("Das", "A. V."), ("Le", "L. P.")], id="surnames-that-are-articles-elsewhere"),
        pytest.param("Sartre, Jean-Paul, and Simone de Beauvoir", [("Sartre", "Jean-Paul"), ("de Beauvoir", "Simone")], id="compound-given-and-particle"),
        pytest.param("García Márquez, Gabriel", [("García Márquez", "Gabriel")], id="compound-surname"),
        pytest.param("Ortega y Gasset, José", [("Ortega y Gasset", "José")], id="surname-joined-by-y"),
        pytest.param("García, J. y Pérez, L.", [("García", "J."), ("Pérez", "L.")], id="names-joined-by-y"),
        pytest.param("Nunes e Silva, A.", [("Nunes e Silva", "A.")], id="surname-joined-by-e"),
        pytest.param("van der Berg, J., & de Vries, K.", [("van der Berg", "J."), ("de Vries", "K.")], id="particles"),
        pytest.param("Carlile, Lonny E., Smith, John", [("Carlile", "Lonny E."), ("Smith", "John")], id="surname-given-pairs"),
        pytest.param(
            "Sanjay Ghemawat, Howard Gobioff, and Shun-Tak Le- ung",
            [("Ghemawat", "Sanjay"), ("Gobioff", "Howard"), ("Leung", "Shun-Tak")],
            id="pdf-line-break-hyphen",
        ),
        pytest.param("L. Blum, F.Cucker, M.Shub, and S.Smale", [("Blum", "L."), ("F.Cucker", None), ("M.Shub", None), ("S.Smale", None)], id="glued-initials-are-people"),
        pytest.param("P. Bouwknegt, J.Evslin ,and V. Mathai", [("Bouwknegt", "P."), ("J.Evslin", None), ("Mathai", "V.")], id="comma-glued-and"),
        pytest.param("Ackermann, M., et al. (Fermi-LAT)", [("Ackermann", "M."), ET_AL, ("Fermi-LAT", None)], id="collaboration-in-brackets"),
    ],
)
def test_parse_names(text, expected):
    assert _pairs(parse_names(text)) == expected


@pytest.mark.parametrize(
    ("names", "cut", "listed"),
    [
        pytest.param([{"family": "Tobin"}, {"literal": "et al."}], True, 1, id="marker"),
        pytest.param([{"family": "Tobin"}, {"family": "others"}], True, 1, id="bibtex-others"),
        pytest.param([{"family": "Tobin"}, {"family": "Fong", "given": "R."}], False, 2, id="whole-list"),
        pytest.param([{"family": "Others", "given": "J."}], False, 1, id="a-person-called-others"),
    ],
)
def test_truncated_and_listed(names, cut, listed):
    assert truncated(names) is cut
    assert len(listed_names(names)) == listed


def test_split_name_list_drops_the_marker():
    assert split_name_list("Tobin, J., Fong, R., et al.") == ["Tobin, J.", "Fong, R."]
    assert is_et_al({"literal": "et al."})


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param("Kowalczyk", "Kowalczyk-Dubois", False, id="prefix-of-hyphenated-is-another-person"),
        pytest.param("Kowalczyk-Dubois", "Kowalczyk-Dubois", True, id="hyphenated-whole"),
        pytest.param("Kowalczyk-Dubois", "Kowalczyk Dubois", True, id="hyphen-or-space"),
        pytest.param("Dubois", "Kowalczyk-Dubois", False, id="second-half-of-hyphenated"),
        pytest.param("WHO", "World Health Organization (WHO)", True, id="abbreviation"),
        pytest.param("World Health Organization", "World Health Organization (WHO)", True, id="full-group-name"),
        pytest.param("SENAMHI", "SENAMHI (Servicio Nacional de Meteorología e Hidrología del Perú)", True, id="abbreviation-first"),
        pytest.param("The Guardian", "The Guardian", True, id="article-both"),
        pytest.param("Guardian", "The Guardian", True, id="article-dropped"),
        pytest.param("Bank", "World Bank", False, id="group-is-not-its-last-word"),
        pytest.param("García", "García Márquez", True, id="compound-first-part"),
        pytest.param("Fonseca", "Nunes da Fonseca", True, id="compound-last-part"),
        pytest.param("Peng", "Bin Peng", True, id="particle-bin"),
        pytest.param("Tchaikovsky", "Tchaikovskiy", True, id="romanisation"),
        pytest.param("Müller", "Mueller", True, id="umlaut"),
        pytest.param("Smith", "Smyth", False, id="different"),
        pytest.param("Haddad", "Hadad", False, id="typo-is-not-the-same"),
    ],
)
def test_same_name(a, b, same):
    assert same_name(a, b) is same
    assert same_name(b, a) is same


def test_name_keys_of_a_group_hold_both_forms():
    assert {"who", "worldhealthorganization"} <= name_keys("World Health Organization (WHO)")
    assert "kowalczyk" not in name_keys("Kowalczyk-Dubois")


@pytest.mark.parametrize(
    ("names", "bibtex"),
    [
        pytest.param(parse_names("Kuhn, Thomas S."), "author = {Kuhn, Thomas S.}", id="chicago-one-person"),
        pytest.param(parse_names("Tobin, J., Fong, R., et al."), "author = {Tobin, J. and Fong, R. and others}", id="et-al-as-others"),
        pytest.param(parse_names("World Health Organization (WHO)"), "author = {{World Health Organization (WHO)}}", id="group-in-braces"),
    ],
)
def test_bibtex_export_of_names(names, bibtex):
    reference = Reference(1, "x", Span(0, 1), Location(1, 1), {"type": "book", "author": names, "title": "T"}, key="k")
    assert bibtex in to_bibtex([reference])


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Smith, A., " * 60 + "x" * 200, id="long-list-no-end"),
        pytest.param("Aaaa Bbbb Cccc, " * 80, id="many-forward-names"),
        pytest.param(". . ." * 200 + "Smith", id="many-ellipses"),
        pytest.param("(" * 100 + "WHO", id="open-brackets"),
    ],
)
def test_name_patterns_do_not_backtrack(text):
    start = time.perf_counter()
    parse_names(text)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    ("name", "key"),
    [
        pytest.param({"literal": "World Health Organization (WHO)"}, "who2018", id="abbreviation-after"),
        pytest.param({"literal": "SENAMHI (Servicio Nacional de Meteorología)"}, "senamhi2018", id="abbreviation-before"),
        pytest.param({"literal": "The Guardian"}, "guardian2018", id="article"),
        pytest.param({"literal": "World Meteorological Organization"}, "wmo2018", id="initials-of-a-long-group"),
        pytest.param({"family": "Kuhn", "given": "Thomas S."}, "kuhn2018", id="person"),
    ],
)
def test_keys_of_group_authors(name, key):
    assert base_key({"author": [name], "issued": {"date-parts": [[2018]]}}) == key


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param("Food and Agriculture Organization of the United Nations", ["Food and Agriculture Organization of the United Nations"], id="fao"),
        pytest.param("Department of Health and Social Care", ["Department of Health and Social Care"], id="department-and"),
        pytest.param("Pusat Data dan Sistem Informasi Pertanian", ["Pusat Data dan Sistem Informasi Pertanian"], id="indonesian-group-dan"),
        pytest.param("Badan Pusat Statistik", ["Badan Pusat Statistik"], id="indonesian-agency"),
        pytest.param("Fadila, N., dan Putri, A.", ["Fadila, N.", "Putri, A."], id="indonesian-dan-joins-persons"),
        pytest.param("John Smith and Kate Jones", ["John Smith", "Kate Jones"], id="persons-forward"),
        pytest.param("Smith, J. and Jones, K.", ["Smith, J.", "Jones, K."], id="persons-inverted"),
        pytest.param("Dan Brown and Kate Jones", ["Dan Brown", "Kate Jones"], id="given-name-dan"),
        pytest.param("Andreas Union and Maria Young", ["Andreas Union", "Maria Young"], id="surname-that-is-a-group-word"),
        pytest.param("Food and Drug Administration", ["Food and Drug Administration"], id="fda"),
    ],
)
def test_group_names_joined_by_and_stay_whole(text, names):
    assert split_name_list(text) == names


@pytest.mark.parametrize(
    "name",
    ["Pusat Data dan Sistem Informasi Pertanian", "Badan Pusat Statistik", "Kementerian Kesehatan Republik Indonesia"],
)
def test_indonesian_groups_are_organisations(name):
    assert looks_like_organisation(name)


@pytest.mark.parametrize(
    ("written", "authors"),
    [
        pytest.param("Food and Agriculture Organization", ("Food and Agriculture Organization",), id="group-with-and"),
        pytest.param("The World Bank", ("World Bank",), id="group-article-dropped"),
        pytest.param("Pusat Data dan Sistem Informasi Pertanian", ("Pusat Data dan Sistem Informasi Pertanian",), id="indonesian-group"),
        pytest.param("Fadila dan Putri", ("Fadila", "Putri"), id="indonesian-dan"),
        pytest.param("Dupont et Martin", ("Dupont", "Martin"), id="french-et"),
        pytest.param("Müller und Schmidt", ("Müller", "Schmidt"), id="german-und"),
        pytest.param("Jansen en De Vries", ("Jansen", "De Vries"), id="dutch-en"),
        pytest.param("Andersen og Berg", ("Andersen", "Berg"), id="danish-og"),
        pytest.param("Ortega y Gasset", ("Ortega y Gasset",), id="spanish-y-joins-one-surname"),
        pytest.param("Press and Teukolsky", ("Press", "Teukolsky"), id="surname-press"),
        pytest.param("Bank and Young", ("Bank", "Young"), id="surname-bank"),
    ],
)
def test_citation_author_strings_split_in_our_languages(written, authors):
    assert split_authors(written)[0] == authors


@pytest.mark.parametrize(
    ("sentence", "entries"),
    [
        pytest.param("Hunger rose (Food and Agriculture Organization, 2019).", "Food and Agriculture Organization. (2019). The state of food security. FAO.", id="parenthetical-group"),
        pytest.param("Menurut Fadila dan Putri (2023) harga naik.", "Fadila, N., & Putri, A. (2023). Judul artikel. Jurnal Ekonomi, 5(2), 10-20.", id="indonesian-narrative"),
        pytest.param("Selon Dupont et Martin (2015), oui.", "Dupont, A., & Martin, B. (2015). Un titre. Revue, 3, 1-9.", id="french-narrative"),
        pytest.param("Recipes (Press and Teukolsky, 1992).", "Press, W. H., & Teukolsky, S. A. (1992). Numerical recipes. Computers in Physics, 6, 522-524.", id="persons-named-like-groups"),
    ],
)
def test_citations_in_our_languages_match_their_entries(sentence, entries):
    report = audit(read_markdown_string(f"# Text\n\n{sentence}\n\n# References\n\n{entries}\n", "m.md"))
    assert len(report.citations) == 1
    assert [f.code for f in report.findings if f.severity.value in ("error", "warning")] == []
