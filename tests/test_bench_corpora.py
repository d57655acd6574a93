"""The parse benchmark's gold conventions and scoring rule (bench/corpora.py, bench/parse_eval.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import corpora  # noqa: E402
import parse_eval  # noqa: E402


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Gibson, R. L., Reimold, W. U.,", ["Gibson", "Reimold"], id="inverted-initials"),
        pytest.param("O. Ambacher, B. Foutz, and M. Stutzmann,", ["Ambacher", "Foutz", "Stutzmann"], id="initials-first"),
        pytest.param("Zoller SD, Xu K, Le Mouel A, et al.", ["Zoller", "Xu", "Le Mouel"], id="vancouver"),
        pytest.param("Derrick, D., I. Stavness and B. Gick.", ["Derrick", "Stavness", "Gick"], id="mla-mixed"),
        pytest.param("Althaus, L. G., Miller Bertolami, M. M., & Córsico, A. H.", ["Althaus", "Miller Bertolami", "Córsico"],
                     id="two-word-family"),
        pytest.param("in M. Carlisle-O. Levaniouk (edd.),", ["Carlisle", "Levaniouk"], id="glued-dash-editors"),
        pytest.param("E.J. Bakker – F. Fabbricotti,", ["Bakker", "Fabbricotti"], id="spaced-dash"),
        pytest.param("Centers for Disease Control and Prevention", ["Centers for Disease Control and Prevention"],
                     id="organisation"),
        pytest.param("Bergk, V. & Martin- Facklam, M.", ["Bergk", "Martin-Facklam"], id="pdf-hyphen"),
        pytest.param("Stanford TR, Shankar S", ["Stanford", "Shankar"], id="initials-not-role"),
    ],
)
def test_gold_family_names(text, expected):
    assert corpora.family_names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vol.36, no. 9, Supplement.", ("36", "9", "")),
        ("1(1),", ("1", "1", "")),
        ("2009;108(2):", ("108", "2", "")),
        ("43:17:", ("43", "17", "")),
        ("5:98–108,", ("5", "", "98-108")),
        ("61(2):327–335.", ("61", "2", "327-335")),
        ("n°9.", ("", "9", "")),
        ("16, 1,", ("16", "1", "")),
        ("v. 26,", ("26", "", "")),
    ],
)
def test_gold_volume_split(text, expected):
    assert corpora.split_volume(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("pages 393-397,", "393-397"), ("pp. 334–344", "334-344"), ("p. A65.", "A65"), ("S. 23 - 45", "23-45")],
)
def test_gold_pages(text, expected):
    assert corpora.clean_page(text) == expected


def test_exact_rule_ignores_case_accents_and_punctuation_only():
    assert parse_eval.compare("container-title", "Phys. Rev. D", "phys rev d").tp == 1
    assert parse_eval.compare("page", "327-335", "327–335").tp == 1
    assert parse_eval.compare("DOI", "10.1000/ABC", "https://doi.org/10.1000/abc").tp == 1
    assert parse_eval.compare("title", "Foreign policy", "Foreign policy and East Asia").tp == 0


def test_soft_rule_is_token_overlap():
    t = parse_eval.compare("title", "Foreign policy", "Foreign policy and East Asia")
    assert (t.gold, t.pred, t.tp) == (1, 1, 0)
    assert t.soft == pytest.approx(2 * 2 / (2 + 5))


def test_names_count_one_each_as_a_multiset():
    t = parse_eval.compare("author", ["Wu", "Wu", "Li"], ["Wu", "Li", "Ma"])
    assert (t.gold, t.pred, t.tp) == (3, 3, 2)


def test_csl_fields_reads_year_names_and_doi_urls():
    fields = parse_eval.csl_fields({
        "author": [{"family": "Berg", "non-dropping-particle": "van den"}, {"literal": "WHO"}],
        "issued": {"date-parts": [[1993]]},
        "URL": "https://doi.org/10.1000/x",
    })
    assert fields == {"author": ["van den Berg", "WHO"], "year": "1993", "DOI": "10.1000/x"}


def test_near_duplicates_catches_retypeset_copies_only():
    against = ["Smith, J. (2001). A study of things in the world. Nature, 4, 1-2."]
    candidates = [
        "Smith J (2001) A study of things in the world. Nature 4: 1-2.",
        "Jones, K. (1999). Something else entirely about other topics. Science, 9, 3-4.",
    ]
    assert corpora.near_duplicates(candidates, against) == {0}
