"""DOI batches: as many DOIs a list request as the URL limit (4 KB) and BATCH_SIZE allow, in order."""

from __future__ import annotations

import pytest

from crossref_stub import RECORDINGS, CrossrefStub
from citeaudit.model import Location, Reference, Span
from citeaudit.resolve.crossref import MAX_URL, CrossrefClient
from citeaudit.resolve.pacing import LIST, SINGLE, Limits, Pacer
from citeaudit.resolve.resolver import BATCH_SIZE, CrossrefResolver

BASE = "https://api.crossref.org"
# Real shapes: JSTOR's short DOIs, Elsevier's journal DOIs, Wiley's SICI DOIs (full of characters
# that are percent-encoded), and one DOI too long to share a URL with anything.
JSTOR = [f"10.2307/{2645561 + i}" for i in range(250)]
ELSEVIER = [f"10.1016/j.neurobiolaging.2010.{i // 100:02d}.{i % 100:03d}" for i in range(250)]
WILEY = [f"10.1002/(sici)1097-4636(199706)35:4<{479 + i}::aid-jbm8>3.0.co;2-f" for i in range(100)]
HUGE = "10.5555/" + "x" * 5000


def client() -> CrossrefClient:
    return CrossrefClient(base_url=BASE, mailto="t@example.org")


@pytest.mark.parametrize(
    ("dois", "size", "sizes"),
    [
        pytest.param(JSTOR[:60], BATCH_SIZE, [60], id="sixty-short-dois-one-request"),
        pytest.param(JSTOR, BATCH_SIZE, [100, 100, 50], id="short-dois-capped-by-count"),
        pytest.param(ELSEVIER[:200], BATCH_SIZE, [78, 78, 44], id="elsevier-capped-by-url"),
        pytest.param(WILEY, BATCH_SIZE, [40, 40, 20], id="wiley-sici-capped-by-url"),
        pytest.param(JSTOR[:5], 2, [2, 2, 1], id="a-smaller-size-is-kept"),
        pytest.param(JSTOR[:2] + [HUGE] + JSTOR[2:4], BATCH_SIZE, [2, 1, 2], id="a-huge-doi-goes-alone"),
        pytest.param([], BATCH_SIZE, [], id="nothing"),
    ],
)
def test_batches_fill_the_url_and_keep_the_order(dois, size, sizes):
    source = client()
    chunks = source.batches(dois, size)
    assert [len(chunk) for chunk in chunks] == sizes
    assert [doi for chunk in chunks for doi in chunk] == list(dois)
    for chunk, following in zip(chunks, chunks[1:], strict=False):
        url = source.batch_url(chunk)
        assert len(url) <= MAX_URL or len(chunk) == 1
        # Full: one DOI more would pass the count or the URL limit.
        assert len(chunk) == size or len(source.batch_url(chunk + following[:1])) > MAX_URL or HUGE in following[:1]


@pytest.mark.skipif(not RECORDINGS.exists(), reason="shared/crossref-recordings not present")
def test_the_resolver_sends_the_batches_the_source_makes():
    with CrossrefStub(limits={"polite": (1000.0, 1000.0, 3), "public": (1000.0, 1000.0, 1)}) as stub:
        works = [w for doi, w in sorted(stub.works.items()) if stub.origin[doi] == "recorded" and "," not in doi][:150]
        references = [
            Reference(index=i, raw=f"Entry {i}", span=Span(0, 8), location=Location(i, 1), csl={"DOI": w["DOI"]})
            for i, w in enumerate(works, 1)
        ]
        source = CrossrefClient(
            base_url=stub.url, doi_url=stub.url, mailto="t@example.org",
            pacer=Pacer("polite", ceilings={SINGLE: Limits(1000), LIST: Limits(1000)}),
        )
        expected = source.batches(sorted({w["DOI"].lower() for w in works}), BATCH_SIZE)
        CrossrefResolver(source).resolve(references)
        batches = [r for r in stub.stats.records if "filter" in r.params]
    assert len(expected) == 2
    assert sorted(len(r.params["filter"].split(",")) for r in batches) == sorted(len(chunk) for chunk in expected)
