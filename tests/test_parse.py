"""Reference strings in each style -> the CSL-JSON fields they must give (table-driven)."""

from __future__ import annotations

import pytest

from citeaudit.references.parse import parse_reference

CASES = [
    pytest.param(
        "Akaha, T. (1996). Russia and Asia in 1995: Bold Objectives and Limited Means. *Asian Survey*, *36*(1), 100–108. https://doi.org/10.2307/2645561",
        {"type": "article-journal", "author": [{"family": "Akaha", "given": "T."}], "issued": {"date-parts": [[1996]]},
         "title": "Russia and Asia in 1995: Bold Objectives and Limited Means", "container-title": "Asian Survey",
         "volume": "36", "issue": "1", "page": "100-108", "DOI": "10.2307/2645561"},
        id="apa-journal",
    ),
    pytest.param(
        "Bouchkin, A. A. (1995). Russia's Far Eastern policy in the 1990s: Priorities and prospects. In A. Dawisha & K. Dawisha (Eds.), *The making of foreign policy in Russia and the new states of Eurasia* (pp. 66–83). M. E. Sharpe.",
        {"type": "chapter", "editor": [{"family": "Dawisha", "given": "A."}, {"family": "Dawisha", "given": "K."}],
         "container-title": "The making of foreign policy in Russia and the new states of Eurasia", "page": "66-83", "publisher": "M. E. Sharpe"},
        id="apa-chapter",
    ),
    pytest.param(
        "World Meteorological Organization. (2017). *WMO guidelines on the calculation of climate normals* (WMO-No. 1203). WMO.",
        {"author": [{"literal": "World Meteorological Organization"}], "title": "WMO guidelines on the calculation of climate normals", "publisher": "WMO"},
        id="apa-organisation",
    ),
    pytest.param(
        "Haddad, S. (2020a). Managed retreat in the Levant. *Climatic Change*, *160*(2), 211–229.",
        {"issued": {"date-parts": [[2020]], "year-suffix": "a"}, "volume": "160", "issue": "2"},
        id="apa-year-suffix",
    ),
    pytest.param("Tanaka, H. (n.d.). Unpublished manuscript. Kyoto University.", {"issued": {"literal": "n.d."}}, id="apa-nd"),
    pytest.param("Okafor, C. (in press). Citation practices. *Scientometrics*.", {"issued": {"literal": "in press"}, "container-title": "Scientometrics"}, id="apa-in-press"),
    pytest.param(
        "Borshchevskaya, A. (2020, June 24). Japan's false hopes of courting Russia. *Island Diplomacy*.",
        {"type": "article-magazine", "issued": {"date-parts": [[2020, 6, 24]]}, "container-title": "Island Diplomacy"},
        id="apa-dated-magazine",
    ),
    pytest.param(
        "Okafor, C. and Lindqvist, E. (2019) 'Roofs and rain', Journal of Hydrology, 570(1), pp. 1-14.",
        {"type": "article-journal", "title": "Roofs and rain", "container-title": "Journal of Hydrology", "volume": "570", "issue": "1", "page": "1-14",
         "author": [{"family": "Okafor", "given": "C."}, {"family": "Lindqvist", "given": "E."}]},
        id="harvard",
    ),
    pytest.param(
        "Kim, Sun Joo, and Jungwon Park. 2014. \"Confucian Lineages and the Colonial State.\" *Journal of Asian Studies* 73, no. 2 (2014): 301–24.",
        {"author": [{"family": "Kim", "given": "Sun Joo"}, {"family": "Park", "given": "Jungwon"}], "issued": {"date-parts": [[2014]]},
         "title": "Confucian Lineages and the Colonial State", "container-title": "Journal of Asian Studies", "volume": "73", "issue": "2", "page": "301-24"},
        id="chicago-author-date",
    ),
    pytest.param(
        "Smith, John. *The History of Citation*. 2nd ed. Chicago: University of Chicago Press, 2015.",
        {"type": "book", "title": "The History of Citation", "edition": "2", "publisher-place": "Chicago", "publisher": "University of Chicago Press", "issued": {"date-parts": [[2015]]}},
        id="chicago-notes-book",
    ),
    pytest.param(
        "Burton, Antoinette, ed. 2005. *Archive Stories*. Durham: Duke University Press.",
        {"editor": [{"family": "Burton", "given": "Antoinette"}], "publisher-place": "Durham"},
        id="chicago-editor",
    ),
    pytest.param(
        "Smith, John, and Jane Doe. \"Deep Learning for Citation Parsing.\" *Journal of Documentation*, vol. 75, no. 2, 2019, pp. 45-67.",
        {"author": [{"family": "Smith", "given": "John"}, {"family": "Doe", "given": "Jane"}], "title": "Deep Learning for Citation Parsing",
         "container-title": "Journal of Documentation", "volume": "75", "issue": "2", "page": "45-67", "issued": {"date-parts": [[2019]]}},
        id="mla-journal",
    ),
    pytest.param(
        "Lindqvist, Eva, and Jonas Berg. *Silence and Form*. Oxford UP, 2011.",
        {"type": "book", "title": "Silence and Form", "publisher": "Oxford UP", "issued": {"date-parts": [[2011]]}},
        id="mla-book",
    ),
    pytest.param(
        "[5] C. Sutton and A. McCallum, \"An introduction to conditional random fields,\" *Found. Trends Mach. Learn.*, vol. 4, no. 4, pp. 267–373, 2012.",
        {"author": [{"family": "Sutton", "given": "C."}, {"family": "McCallum", "given": "A."}], "title": "An introduction to conditional random fields",
         "volume": "4", "issue": "4", "page": "267-373", "issued": {"date-parts": [[2012]]}},
        id="ieee-journal",
    ),
    pytest.param(
        "[1] I. G. Councill, C. L. Giles, and M.-Y. Kan, \"ParsCit: An open-source CRF reference string parsing package,\" in *Proc. LREC*, Marrakech, Morocco, 2008, pp. 661–667.",
        {"type": "paper-conference", "container-title": "Proc. LREC", "page": "661-667", "issued": {"date-parts": [[2008]]}},
        id="ieee-conference",
    ),
    pytest.param(
        "1. Meier CR, Schlienger RG, Kraenzlin ME, Schlegel B, Jick H. HMG-CoA reductase inhibitors and the risk of fractures. JAMA. 2000;283(24):3205-10. doi:10.1001/jama.283.24.3205",
        {"author": [{"family": "Meier", "given": "C. R."}, {"family": "Schlienger", "given": "R. G."}, {"family": "Kraenzlin", "given": "M. E."},
                    {"family": "Schlegel", "given": "B."}, {"family": "Jick", "given": "H."}],
         "title": "HMG-CoA reductase inhibitors and the risk of fractures", "container-title": "JAMA", "volume": "283", "issue": "24",
         "page": "3205-10", "issued": {"date-parts": [[2000]]}, "DOI": "10.1001/jama.283.24.3205"},
        id="vancouver",
    ),
    pytest.param(
        "Müller, K., & van der Berg, J. (2020). Über die Zitation. *Zeitschrift für Bibliothekswesen*, 67(2), 12–19.",
        {"author": [{"family": "Müller", "given": "K."}, {"family": "van der Berg", "given": "J."}], "title": "Über die Zitation"},
        id="non-english-particles",
    ),
    pytest.param(
        "12. OpenMP application program interface. http://www.openmp.org/mp-documents/spec30.pdf (Jul 2011)",
        {"title": "OpenMP application program interface", "URL": "http://www.openmp.org/mp-documents/spec30.pdf", "note": None},
        id="web-page-without-author-its-words-are-its-title",
    ),
    pytest.param(
        "13. Open Garden: Firechat (2019), https://www.opengarden.com/firechat/",
        {"author": [{"literal": "Open Garden"}], "title": "Firechat", "issued": {"date-parts": [[2019]]}, "publisher": None},
        id="lncs-organisation-author-before-a-colon",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse(text, expected):
    csl = parse_reference(text).csl
    for key, value in expected.items():
        assert csl.get(key) == value, key


@pytest.mark.parametrize(
    "written",
    ["doi:10.1000/182", "DOI: 10.1000/182", "https://doi.org/10.1000/182", "http://dx.doi.org/10.1000/182",
     "https://doi.org/10.1000%2F182", "doi.org/10.1000/182.", "(doi:10.1000/182)"],
)
def test_doi_in_any_written_form(written):
    assert parse_reference(f"Smith, J. (2020). A title. *Journal*, 1, 2–3. {written}").csl["DOI"] == "10.1000/182"


@pytest.mark.parametrize("text", ["", "   ", "???", "(((", "1234", "*", "\"unterminated", "a" * 5000, "[1]"])
def test_odd_input_never_raises(text):
    result = parse_reference(text)
    assert isinstance(result.csl, dict)
    assert result.csl.get("type")


def test_confidence_per_field():
    result = parse_reference("Akaha, T. (1996). Russia and Asia. *Asian Survey*, *36*(1), 100–108.")
    assert set(result.confidence) >= {"author", "issued", "title", "container-title", "volume"}
    assert all(0 < value <= 1 for value in result.confidence.values())
