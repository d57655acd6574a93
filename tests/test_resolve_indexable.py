"""Which entries a registry cannot be expected to hold: a table of entries and their kinds."""

from __future__ import annotations

import pytest

from citeaudit.resolve.indexable import KINDS, classify_unindexable

# (raw entry, csl as a parser would give it, expected kind or None)
CASES = [
    # The seed's footnotes: newspapers and news agencies, as printed.
    pytest.param("<sup>1</sup> New York Times, June 4 1995.", {}, "newspaper", id="seed-nyt"),
    pytest.param("<sup>7</sup> Japan Times, February 29, 1992; Izvestiia, September 29, 1988.", {}, "newspaper", id="seed-japan-times"),
    pytest.param("<sup>9</sup> Reuters, 1996.", {}, "news-agency", id="seed-reuters"),
    pytest.param("<sup>10</sup> Kyodo, March 22, 1997; Xinhua, March 23, 1997", {}, "news-agency", id="seed-kyodo"),
    pytest.param("Asahi shimbun, September 16, 1991; Svobodnyi Sakhalin, September 18, 1991; Reuters, June 15, 1996.", {}, "newspaper", id="seed-asahi"),
    pytest.param("Daily Yomiuri, August 7, 1996; Reuters, January 22, 1997.", {}, "newspaper", id="seed-yomiuri"),
    pytest.param("Itar Tass, April 1, 1997.", {}, "news-agency", id="seed-itar-tass"),
    pytest.param('<sup>15</sup> Ivkov, "Zamir i Bezopastnost," Pravda, December 18, 1972; Asahi shimbun, June 12, 1972.', {}, "newspaper", id="seed-signed-article"),
    pytest.param("<sup>18</sup> Kommersant- Daily, November 19, 1996, no 196, p. 4.", {}, "newspaper", id="seed-issue-and-page"),
    pytest.param("<sup>16</sup> BBC, January 10, 1997.", {}, "newspaper", id="seed-dated-item"),
    pytest.param("Svobodnyi Vestnik, 18 September 1991.", {}, "newspaper", id="unknown-paper-dated"),
    pytest.param("Smith, J., The title of a paper, Science, March 1990.", {}, None, id="signed-item-unknown-source"),
    pytest.param("The Economist, March 3, 1990.", {}, "magazine", id="magazine-known"),
    # Seed references.
    pytest.param(
        "Borshchevskaya, A. (2020, June 24). Japan's false hopes of courting Russia. *Island Diplomacy*.",
        {"author": [{"family": "Borshchevskaya", "given": "A."}], "issued": {"date-parts": [[2020, 6, 24]]},
         "title": "Japan's false hopes of courting Russia", "container-title": "Island Diplomacy"},
        "magazine",
        id="seed-dated-article",
    ),
    pytest.param(
        "Boeicho. (1990). *Boei Hakusho*. Okurasho Inatsukyoku.",
        {"author": [{"family": "Boeicho"}], "issued": {"date-parts": [[1990]]}, "title": "Boei Hakusho", "publisher": "Okurasho Inatsukyoku", "type": "book"},
        "organisation-report",
        id="seed-white-paper",
    ),
    pytest.param(
        "Akaha, T. (1996). Russia and Asia in 1995: Bold Objectives and Limited Means. *Asian Survey*, *36*(1), 100–108. https://doi.org/10.2307/2645561",
        {"title": "Russia and Asia in 1995", "container-title": "Asian Survey", "volume": "36", "DOI": "10.2307/2645561"},
        None,
        id="seed-journal-with-doi",
    ),
    pytest.param(
        "Aron, L., & Jensen, K. M. (1994). *The Emergence of Russian Foreign Policy*. United States Institute of Peace.",
        {"author": [{"family": "Aron"}, {"family": "Jensen"}], "title": "The Emergence of Russian Foreign Policy", "publisher": "United States Institute of Peace", "type": "book"},
        None,
        id="seed-book",
    ),
    pytest.param(
        "International Affairs. (1989). USSR-Japan: Headed for a new beginning. *International Affairs*, 3.",
        {"author": [{"literal": "International Affairs"}], "title": "USSR-Japan: Headed for a new beginning", "container-title": "International Affairs", "volume": "3"},
        None,
        id="seed-journal-organisation-author",
    ),
    pytest.param(
        "Demchenko, M. (1986). USSR-Iaponiia: Shag k dialogu. *Mirovaia ekonomika i mezhdunarodnye otnosheniia*, 4, 78.",
        {"title": "USSR-Iaponiia: Shag k dialogu", "container-title": "Mirovaia ekonomika i mezhdunarodnye otnosheniia", "volume": "4", "page": "78"},
        None,
        id="seed-russian-journal",
    ),
    # Types a parser may already know.
    pytest.param("Smith, J. (2001, May 2). Storm hits coast. The Courier.", {"type": "article-newspaper"}, "newspaper", id="csl-newspaper"),
    pytest.param("Doe, J. (2019). My blog post.", {"type": "post-weblog"}, "web-page", id="csl-blog"),
    # Laws, archives, web pages, organisations.
    pytest.param("Civil Rights Act of 1964, Pub. L. No. 88-352, 78 Stat. 241 (1964).", {}, "law", id="us-law"),
    pytest.param("Federal Law No. 63-FZ of 31 May 2002 on Citizenship.", {}, "law", id="russian-law"),
    pytest.param("RGASPI, f. 17, op. 3, d. 1040.", {}, "archive", id="russian-archive"),
    pytest.param("National Archives, RG 59, Box 12, Folder 3.", {}, "archive", id="nara"),
    pytest.param(
        "Ministry of Foreign Affairs of Japan. (2019). Diplomatic Bluebook 2019. Retrieved from https://www.mofa.go.jp/policy/other/bluebook/2019/",
        {"author": [{"literal": "Ministry of Foreign Affairs of Japan"}], "title": "Diplomatic Bluebook 2019", "URL": "https://www.mofa.go.jp/policy/other/bluebook/2019/"},
        "web-page",
        id="retrieved-from",
    ),
    pytest.param(
        "World Bank. (2018). Russia Economic Report. World Bank Group.",
        {"author": [{"literal": "World Bank"}], "title": "Russia Economic Report", "publisher": "World Bank Group", "type": "report"},
        "organisation-report",
        id="organisation-report",
    ),
    # Scholarly entries that merely mention such words stay looked up.
    pytest.param(
        "Lee, K. (2001). Coverage of Japan in the New York Times. Journalism Quarterly, 78(2), 300-312.",
        {"title": "Coverage of Japan in the New York Times", "container-title": "Journalism Quarterly", "volume": "78", "page": "300-312"},
        None,
        id="journal-about-newspaper",
    ),
    pytest.param(
        "Smith, J. (1990). Aspirin in stroke. Archives of Internal Medicine, 150(3), 12-19.",
        {"title": "Aspirin in stroke", "container-title": "Archives of Internal Medicine", "volume": "150", "page": "12-19"},
        None,
        id="journal-named-archives",
    ),
    pytest.param(
        "Reuters, J. (2004). Dated title. Some Journal, 4, 1-9. https://doi.org/10.1000/xyz123",
        {"DOI": "10.1000/xyz123"},
        None,
        id="doi-always-looked-up",
    ),
]


@pytest.mark.parametrize(("raw", "csl", "expected"), CASES)
def test_classify_unindexable(raw, csl, expected):
    found = classify_unindexable(csl, raw)
    assert (found.kind if found else None) == expected
    if found:
        assert found.kind in KINDS and found.evidence


def test_evidence_quotes_the_source():
    found = classify_unindexable({}, "Reuters, January 22, 1997.")
    assert found.evidence == 'news agency "Reuters"'
    assert found.label == "news agency"


@pytest.mark.parametrize("length", [1_000, 20_000])
def test_no_catastrophic_backtracking(length):
    import time

    raw = "A" * length + ", " + "1" * length
    start = time.perf_counter()
    classify_unindexable({}, raw)
    classify_unindexable({}, ("Name, " * length)[:length])
    assert time.perf_counter() - start < 1.0
