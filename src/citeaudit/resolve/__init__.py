"""Looking references up in a registry (Crossref), or not at all (``--offline``).

The pipeline is handed a Resolver; :func:`build_resolver` makes the one a Config asks for.
Everything that touches the network lives in this package, and only ``crossref.py`` imports
httpx2 or habanero.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from .._lazy import lazy_names
from ..config import Config
from .base import OfflineResolver, Resolver

if TYPE_CHECKING:
    import httpx2

    from .progress import Progress

# Where each public name lives.  The checks import ``resolve.compare`` and ``resolve.indexable``
# on every run; the cache (sqlite3), the resolver and its pacing only an online run needs, so a
# name is imported when it is first asked for (issue 11: start-up).
_LAZY = {
    "ResponseCache": ".cache", "default_cache_path": ".cache",
    "enrich_csl": ".enrich", "enrich_from_resolution": ".enrich", "fetch_bibtex": ".enrich", "fetch_csl": ".enrich",
    "FakeResolver": ".fake", "FakeSource": ".fake",
    "NotIndexable": ".indexable", "classify_unindexable": ".indexable",
    "NullProgress": ".progress", "Progress": ".progress", "RichProgress": ".progress",
    "CrossrefResolver": ".resolver",
    "SearchPolicy": ".search",
}  # fmt: skip


__getattr__ = lazy_names(__name__, _LAZY)

# How long a cached answer is trusted: long enough for every re-run of an audit, short enough
# that a retraction published since is seen (``--cache-days``).  A "not found" is trusted for a
# day only (``--negative-cache-hours``): a DOI registered since, or a registry that erred, is
# asked again soon.
CACHE_MAX_AGE = timedelta(days=30)
NEGATIVE_MAX_AGE = timedelta(hours=24)

__all__ = [
    "CACHE_MAX_AGE",
    "CrossrefResolver",
    "FakeResolver",
    "FakeSource",
    "NotIndexable",
    "NullProgress",
    "OfflineResolver",
    "Progress",
    "Resolver",
    "ResponseCache",
    "RichProgress",
    "SearchPolicy",
    "build_resolver",
    "classify_unindexable",
    "default_cache_path",
    "enrich_csl",
    "enrich_from_resolution",
    "fetch_bibtex",
    "fetch_csl",
]


def build_resolver(
    config: Config, *, client: httpx2.Client | None = None, progress: Progress | None = None
) -> Resolver:
    """The resolver a Config asks for: offline (asks nobody) or Crossref with cache and pacing."""
    if config.offline:
        return OfflineResolver()
    from .cache import ResponseCache, default_cache_path
    from .crossref import DEFAULT_BASE_URL, DEFAULT_DOI_URL, CrossrefClient
    from .resolver import CrossrefResolver

    cache = None
    if config.use_cache:
        cache = ResponseCache(
            config.cache_path or default_cache_path(),
            max_age=timedelta(days=config.cache_days),
            negative_max_age=timedelta(hours=config.negative_cache_hours),
            own=config.cache_path is None,  # only our own default file may be moved aside if damaged
        )
    # Content negotiation goes to doi.org for the real Crossref, else to the same (stand-in) host.
    custom = config.crossref_url.rstrip("/") != DEFAULT_BASE_URL
    source = CrossrefClient(
        base_url=config.crossref_url,
        doi_url=config.crossref_url if custom else DEFAULT_DOI_URL,
        mailto=config.mailto,
        client=client,
        cache=cache,
        timeout=config.timeout,
        max_retries=config.max_retries,
    )
    return CrossrefResolver(source, progress=progress, budget=config.network_budget)
