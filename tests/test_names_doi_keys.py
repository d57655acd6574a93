"""Names, DOIs and citation keys: the small pieces matching and export rest on."""

from __future__ import annotations

import pytest

from citeaudit.doi import find_doi_attempts, is_valid_doi, normalize_doi
from citeaudit.references.keys import assign_keys
from citeaudit.references.names import parse_name, same_name, split_name_list


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param("Aron, L., & Jensen, K. M.", [("Aron", "L."), ("Jensen", "K. M.")], id="apa"),
        pytest.param("A. Smith, B. Jones, and C. Lee", [("Smith", "A."), ("Jones", "B."), ("Lee", "C.")], id="ieee"),
        pytest.param("Smith AB, Jones CD, Lee E", [("Smith", "A. B."), ("Jones", "C. D."), ("Lee", "E.")], id="vancouver"),
        pytest.param("Smith, John, and Jane Doe", [("Smith", "John"), ("Doe", "Jane")], id="mla"),
        pytest.param("van der Berg, J., Müller, K.", [("van der Berg", "J."), ("Müller", "K.")], id="particles"),
        pytest.param("Dupont, J.-P.", [("Dupont", "J.-P.")], id="hyphenated-initials"),
    ],
)
def test_name_lists(text, names):
    parsed = [parse_name(n) for n in split_name_list(text)]
    assert [(n.get("family"), n.get("given")) for n in parsed] == names


def test_organisation_is_literal():
    assert parse_name("World Meteorological Organization") == {"literal": "World Meteorological Organization"}
    assert parse_name("Intergovernmental Panel on Climate Change") == {"literal": "Intergovernmental Panel on Climate Change"}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("Müller", "Mueller", True), ("Müller", "Muller", True), ("van der Berg", "Van der Berg", True), ("van der Berg", "Berg", True),
     ("García-Márquez", "Garcia-Marquez", True), ("O'Neill", "ONeill", True), ("Smith", "Smyth", False), ("Haddad", "Hadad", False)],
)
def test_same_name(a, b, same):
    assert same_name(a, b) is same


@pytest.mark.parametrize(
    ("written", "doi"),
    [("https://doi.org/10.2307/2645561", "10.2307/2645561"), ("doi:10.2307/2645561.", "10.2307/2645561"),
     ("https://dx.doi.org/10.2307%2F2645561", "10.2307/2645561"), ("DOI 10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O",
      "10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-o"), ("10.1000/ABC", "10.1000/abc")],
)
def test_normalize_doi(written, doi):
    assert normalize_doi(written) == doi
    assert is_valid_doi(doi)


def test_malformed_doi_attempts():
    assert find_doi_attempts("Smith (2020). Title. doi:10.12/abc") == ["10.12/abc"]
    assert find_doi_attempts("Smith (2020). Title. doi:10.1000/182") == []


def test_keys_unique_and_stable():
    items = [
        {"author": [{"family": "Ziegler"}], "issued": {"date-parts": [[1993]]}},
        {"author": [{"family": "Haddad"}], "issued": {"date-parts": [[2020]], "year-suffix": "a"}},
        {"author": [{"family": "Haddad"}], "issued": {"date-parts": [[2020]], "year-suffix": "b"}},
        {"author": [{"family": "Nimmo"}], "issued": {"date-parts": [[1994]]}},
        {"author": [{"family": "Nimmo"}], "issued": {"date-parts": [[1994]]}},
        {"author": [{"family": "van der Berg"}], "issued": {"date-parts": [[2012]]}},
        {"author": [{"literal": "World Meteorological Organization"}], "issued": {"date-parts": [[2017]]}},
        {"title": "Anonymous pamphlet", "issued": {"literal": "n.d."}},
    ]
    keys = assign_keys(items)
    assert keys == ["ziegler1993", "haddad2020a", "haddad2020b", "nimmo1994a", "nimmo1994b", "berg2012", "wmo2017", "anonymousnd"]
    assert assign_keys(items) == keys


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param("Dimitrios Georgakopoulos, Marek Rusinkiewicz", [("Georgakopoulos", "Dimitrios"), ("Rusinkiewicz", "Marek")], id="two-full-names"),
        pytest.param("Keller S C", [("Keller", "S. C.")], id="spaced-initials"),
        pytest.param("van der Berg, Jan Peter", [("van der Berg", "Jan Peter")], id="particle-surname-two-given"),
    ],
)
def test_more_name_lists(text, names):
    parsed = [parse_name(n) for n in split_name_list(text)]
    assert [(n.get("family"), n.get("given")) for n in parsed] == names


def test_initials_are_a_person_not_an_organisation():
    assert parse_name("I.J.F. de Jong").get("family") == "de Jong"


@pytest.mark.parametrize(
    ("written", "doi"),
    [("10.1103/PhysRevLett.99.151502,arXiv", "10.1103/physrevlett.99.151502"), ("10.1007/BF02345020.URLhttps://x.org", "10.1007/bf02345020")],
)
def test_doi_glued_to_following_text_by_pdf_extraction(written, doi):
    assert normalize_doi(written) == doi


@pytest.mark.parametrize(
    ("text", "attempts"),
    [
        pytest.param("https://doi.org/10.1145/3219819.3219834 , https://doi.org/10. 1145/3219819.3219834", [], id="repeat-cut-by-a-wrapped-line"),
        pytest.param("doi: 10.2307 and more", ["10.2307"], id="no-suffix-then-a-word"),
        pytest.param("doi:10.23O7/abc", ["10.23O7/abc"], id="letter-o"),
    ],
)
def test_doi_cut_by_a_space_is_no_malformed_doi(text, attempts):
    assert find_doi_attempts(text) == attempts


def test_a_word_after_a_space_does_not_complete_a_malformed_doi():
    assert find_doi_attempts("doi: 10.1234/ and more") == ["10.1234/"]
