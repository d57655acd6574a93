"""Export enrichment: empty fields filled from a verified record, every fill listed, nothing overwritten."""

from __future__ import annotations

import citeaudit.resolve as resolve
from citeaudit.model import Resolution
from citeaudit.resolve.enrich import enrich_csl, enrich_from_resolution

RECORD = {
    "type": "article-journal", "DOI": "10.2307/2760418", "title": "The Changing Political Economy",
    "author": [{"family": "Carlile", "given": "Lonny E."}], "issued": {"date-parts": [[1994]]},
    "container-title": "Pacific Affairs", "volume": "67", "issue": "3", "page": "411-432", "publisher": "JSTOR",
}


def test_only_empty_fields_are_filled_and_listed():
    csl = {"title": "The changing political economy (as written)", "page": "411", "issue": "", "author": [{"family": "Carlile"}]}
    enriched, changes = enrich_csl(csl, RECORD)
    assert enriched["title"] == csl["title"] and enriched["page"] == "411" and enriched["author"] == [{"family": "Carlile"}]
    assert [name for name, _, _ in changes] == ["DOI", "issued", "container-title", "volume", "issue", "publisher"]
    assert ("issue", "", "3") in changes and ("DOI", None, "10.2307/2760418") in changes
    assert csl["issue"] == ""  # the input is left alone


def test_content_negotiated_csl_is_normalised():
    enriched, _ = enrich_csl({}, {"DOI": "10.2307/2760418".upper(), "title": ["A title"], "container-title": ["J"]})
    assert enriched == {"DOI": "10.2307/2760418", "title": "A title", "container-title": "J"}


def test_only_a_verified_resolution_enriches():
    for status in ("mismatch", "suggested", "retracted", "unverified", "not-found"):
        resolution = Resolution(1, status, doi="10.2307/2760418", record=RECORD)
        assert enrich_from_resolution({}, resolution) == ({}, [])
    enriched, changes = enrich_from_resolution({}, Resolution(1, "verified", doi="10.2307/2760418", record=RECORD))
    assert enriched["volume"] == "67" and len(changes) == 9


def test_fetch_replaces_the_kept_record():
    resolution = Resolution(1, "verified", doi="10.2307/2760418", record=RECORD)
    asked = []
    enriched, _ = enrich_from_resolution({}, resolution, fetch=lambda doi: asked.append(doi) or {"volume": "99"})
    assert asked == ["10.2307/2760418"] and enriched == {"volume": "99"}


def test_public_surface_is_pinned():
    assert resolve.__all__ == sorted(resolve.__all__)
    assert set(resolve.__all__) == {
        "CACHE_MAX_AGE", "CrossrefResolver", "FakeResolver", "FakeSource", "NotIndexable", "NullProgress",
        "OfflineResolver", "Progress", "Resolver", "ResponseCache", "RichProgress", "SearchPolicy",
        "build_resolver", "classify_unindexable", "default_cache_path", "enrich_csl", "enrich_from_resolution",
        "fetch_bibtex", "fetch_csl",
    }


def test_rich_progress_is_silent_off_a_terminal():
    import io

    from rich.console import Console

    stream = io.StringIO()
    progress = resolve.RichProgress(Console(file=stream, force_terminal=False))
    progress.start(3, "Checking")
    progress.advance()
    progress.stop()
    assert stream.getvalue() == ""
