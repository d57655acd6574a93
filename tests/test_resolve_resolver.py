"""The resolver's verdicts, against an in-memory registry (FakeSource): no sockets."""

from __future__ import annotations

import pytest

from citeaudit.model import Location, Reference, Span
from citeaudit.resolve import FakeResolver, FakeSource
from citeaudit.resolve.resolver import CrossrefResolver, plan_lookup

# Synthetic works (hand-written for these tests, shaped like Crossref work messages).
AKAHA = {
    "DOI": "10.2307/2645561", "type": "journal-article",
    "title": ["Russia and Asia in 1995: Bold Objectives and Limited Means"],
    "author": [{"given": "Tsuneo", "family": "Akaha"}], "issued": {"date-parts": [[1996, 1]]},
    "container-title": ["Asian Survey"], "volume": "36", "issue": "1", "page": "100-108",
}
CARLILE = {
    "DOI": "10.2307/2760418", "type": "journal-article",
    "title": ["The Changing Political Economy of Japan's Economic Relations with Russia: The Rise and Fall of Seikei Fukabun"],
    "author": [{"given": "Lonny E.", "family": "Carlile"}], "issued": {"date-parts": [[1994]]},
    "container-title": ["Pacific Affairs"], "volume": "67", "issue": "3", "page": "411-432",
}
RETRACTED = {
    "DOI": "10.5555/retracted", "type": "journal-article", "title": ["A retracted finding"],
    "author": [{"family": "Doe", "given": "J."}], "issued": {"date-parts": [[2010]]},
    "container-title": ["Journal of Examples"], "volume": "1", "page": "1-10",
    "updated-by": [{"DOI": "10.5555/notice", "type": "retraction", "source": "retraction-watch",
                    "label": "Retraction", "updated": {"date-parts": [[2012, 3, 4]]}}],
}


def ref(index, raw, **csl):
    return Reference(index=index, raw=raw, span=Span(0, len(raw)), location=Location(index, 1), csl=csl)


def akaha(index=1, **changes):
    csl = {
        "type": "article-journal", "author": [{"family": "Akaha", "given": "T."}], "issued": {"date-parts": [[1996]]},
        "title": "Russia and Asia in 1995: Bold Objectives and Limited Means", "container-title": "Asian Survey",
        "volume": "36", "issue": "1", "page": "100–108", "DOI": "10.2307/2645561",
    }
    csl.update(changes)
    raw = "Akaha, T. (1996). Russia and Asia in 1995: Bold Objectives and Limited Means. Asian Survey, 36(1), 100–108."
    return ref(index, raw, **{k: v for k, v in csl.items() if v is not None})


def resolve(references, batch_size=2, **source):
    fake = FakeSource([AKAHA, CARLILE, RETRACTED], **source)
    return CrossrefResolver(fake, batch_size=batch_size).resolve(references), fake


def test_verified():
    (resolution,), _ = resolve([akaha()])
    assert resolution.status == "verified"
    assert resolution.score == 1.0
    assert resolution.record["DOI"] == "10.2307/2645561"
    assert resolution.request_url.startswith("fake://crossref/works?filter=doi:")


def test_partial_mismatch_names_fields():
    (resolution,), _ = resolve([akaha(volume="37", page="101-108")])
    assert resolution.status == "mismatch"
    wrong = {f.name: (f.manuscript, f.registry) for f in resolution.fields if not f.agrees}
    assert wrong == {"volume": ("37", "36"), "pages": ("101-108", "100-108")}
    assert "differs in volume, pages" in resolution.message


def test_doi_of_another_work():
    (resolution,), _ = resolve([akaha(DOI="10.2307/2760418")])
    assert resolution.status == "mismatch"
    assert "belongs to another work" in resolution.message


def test_retracted_with_notice():
    entry = ref(1, "Doe, J. (2010). A retracted finding. Journal of Examples, 1, 1-10.", title="A retracted finding",
                author=[{"family": "Doe"}], DOI="10.5555/retracted", issued={"date-parts": [[2010]]})
    (resolution,), _ = resolve([entry])
    assert resolution.status == "retracted"
    assert resolution.notices[0] == {"type": "retraction", "doi": "10.5555/notice", "date": "2012-03-04",
                                     "source": "retraction-watch", "label": "Retraction"}


def test_not_found_only_after_single_lookup_and_agency_404():
    (resolution,), fake = resolve([akaha(DOI="10.2307/0000000")])
    assert resolution.status == "not-found" and resolution.doi == "10.2307/0000000"
    assert [kind for kind, _ in fake.requests] == ["batch", "work", "agency"]


def test_alias_is_followed():
    (resolution,), _ = resolve([akaha(DOI="10.2307/alias")], aliases={"10.2307/alias": "10.2307/2645561"})
    assert resolution.status == "verified"
    assert "alias of 10.2307/2645561" in resolution.message


def test_other_agency_is_unverified_not_missing():
    (resolution,), _ = resolve([akaha(DOI="10.5284/1011335")], agencies={"10.5284/1011335": "datacite"})
    assert resolution.status == "unverified"
    assert resolution.record == {"DOI": "10.5284/1011335", "agency": "datacite"}
    assert "Datacite, not Crossref" in resolution.message


def test_network_failure_is_unverified_and_the_rest_completes():
    references = [akaha(1), akaha(2, DOI="10.2307/2760418", title=CARLILE["title"][0])]
    resolutions, _ = resolve(references, batch_size=1, failing={"10.2307/2645561"})
    assert [r.status for r in resolutions] == ["unverified", "mismatch"]
    assert resolutions[0].message.startswith("could not verify: connection failed")


def test_a_failed_batch_is_not_retried_one_by_one():
    references = [akaha(1), akaha(2, DOI="10.2307/2760418")]
    resolutions, fake = resolve(references, failing={"10.2307/2645561"})
    assert [r.status for r in resolutions] == ["unverified", "unverified"]
    assert [kind for kind, _ in fake.requests] == ["batch"]


def test_dois_are_batched_and_deduplicated():
    references = [akaha(i, DOI=doi) for i, doi in enumerate(["10.2307/2645561", "10.2307/2760418", "10.5555/retracted", "10.2307/2645561"], 1)]
    _, fake = resolve(references)
    assert [kind for kind, _ in fake.requests] == ["batch", "batch"]
    assert sorted(d for _, dois in fake.requests for d in dois) == ["10.2307/2645561", "10.2307/2760418", "10.5555/retracted"]


def test_doi_in_the_text_is_used_when_the_parser_missed_it():
    entry = ref(1, "Akaha (1996). https://doi.org/10.2307/2645561", title=AKAHA["title"][0])
    assert plan_lookup(entry).doi == "10.2307/2645561"


def test_search_suggests_with_evidence():
    entry = akaha(DOI=None)
    (resolution,), fake = resolve([entry], search=lambda text: [dict(AKAHA, score=80.0)])
    assert resolution.status == "suggested" and resolution.doi == "10.2307/2645561"
    assert resolution.score == 1.0
    assert "agreeing: title, first author, year, volume, first page" in resolution.message
    assert [kind for kind, _ in fake.requests] == ["search"]


def test_search_without_a_match_is_not_found_without_a_doi():
    entry = akaha(DOI=None)
    (resolution,), _ = resolve([entry], search=lambda text: [dict(CARLILE, score=20.0)])
    assert resolution.status == "not-found" and resolution.doi is None
    assert resolution.message == "no Crossref record matched the entry"  # a poor guess is not named
    assert resolution.score == pytest.approx(0.151)


def test_a_near_miss_is_named():
    entry = akaha(DOI=None)
    near = dict(AKAHA, DOI="10.9999/near", score=10.0)  # fits the entry, but scores too low
    (resolution,), _ = resolve([entry], search=lambda text: [near])
    assert resolution.status == "not-found"
    assert resolution.message == "no Crossref record matched the entry (closest: 10.9999/near, confidence 1.00)"


def test_malformed_doi_falls_back_to_search():
    entry = ref(1, "Akaha (1996). Russia and Asia in 1995. Asian Survey, 36, 100. doi:10.23O7/2645561", DOI="10.23o7/2645561")
    (resolution,), fake = resolve([entry], search=lambda text: [])
    assert fake.requests == [("search", "Akaha (1996). Russia and Asia in 1995. Asian Survey, 36, 100.")]
    assert resolution.status == "not-found"


def test_not_indexable_and_too_short_are_not_looked_up():
    resolutions, fake = resolve([ref(1, "Reuters, January 22, 1997."), ref(2, "Ibid.")])
    assert [r.status for r in resolutions] == ["not-indexable", "unverified"]
    assert resolutions[0].message == 'news agency "Reuters"'
    assert fake.requests == []


class Recorder:
    def __init__(self):
        self.events = []

    def start(self, total, description):
        self.events.append(("start", total))

    def advance(self, n=1):
        self.events.append(("advance", n))

    def stop(self):
        self.events.append(("stop",))


def test_progress_counts_lookups():
    progress = Recorder()
    fake = FakeSource([AKAHA], search=lambda text: [])
    CrossrefResolver(fake, progress=progress).resolve([akaha(1), akaha(2, DOI=None), ref(3, "Reuters, 1996.")])
    assert progress.events[0] == ("start", 2)
    assert progress.events.count(("advance", 1)) == 2
    assert progress.events[-1] == ("stop",)


def test_fake_resolver_hands_back_canned_resolutions():
    from citeaudit.model import Resolution

    canned = Resolution(1, "verified", doi="10.2307/2645561")
    fake = FakeResolver([canned])
    assert fake.resolve([akaha(1), akaha(2)]) == [canned]
    assert len(fake.calls) == 1


@pytest.mark.parametrize("status", ["verified", "mismatch", "not-found", "suggested", "retracted", "not-indexable", "unverified"])
def test_every_status_is_reachable(status):
    references = {
        "verified": akaha(), "mismatch": akaha(volume="99"), "not-found": akaha(DOI="10.1000/none"),
        "suggested": akaha(DOI=None), "unverified": akaha(DOI="10.5284/1011335"),
        "retracted": ref(1, "Doe (2010). A retracted finding.", DOI="10.5555/retracted", title="A retracted finding"),
        "not-indexable": ref(1, "New York Times, June 4 1995."),
    }
    (resolution,), _ = resolve([references[status]], search=lambda text: [dict(AKAHA, score=90.0)], agencies={"10.5284/1011335": "datacite"})
    assert resolution.status == status
