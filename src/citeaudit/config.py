"""Run settings, gathered once from options and environment, then passed down read-only."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Severity

#: The report files written when nothing else is asked for.
FORMATS = ("json", "csv", "html")
#: Every format ``--format`` accepts: files (json, csv, html, sarif) and ``github``, workflow
#: annotations printed on stdout beside the reports, never instead of them.
REPORT_FORMATS = ("json", "csv", "html", "sarif", "github")


@dataclass(frozen=True, slots=True)
class Config:
    """What the user asked for.  ``fail_on=None`` means never fail."""

    fail_on: Severity | None = Severity.ERROR
    formats: tuple[str, ...] = FORMATS
    offline: bool = True
    mailto: str | None = None
    crossref_url: str = "https://api.crossref.org"
    cache_path: str | None = None
    use_cache: bool = True
    timeout: float = 20.0
    max_retries: int = 4
    # Seconds all lookups together may take (None: in proportion to the number of lookups).
    network_budget: float | None = None
    # How long cached answers are trusted: records for days, "not found" answers for hours.
    cache_days: float = 30.0
    negative_cache_hours: float = 24.0
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # The bibliography is shared by many documents (--shared-bib): its uncited entries are set
    # aside, told as one info, not a warning each.
    shared_bib: bool = False
    # Per-code severity overrides from a config file: (code, severity) pairs, sorted by code.
    severity: tuple[tuple[str, Severity], ...] = ()
    # Glob patterns (relative to the config file's folder) of manuscripts not to audit.
    exclude: tuple[str, ...] = ()

    def wants(self, code: str) -> bool:
        """Whether a finding code is reported under --select/--ignore."""
        if self.select and not any(code.startswith(prefix) for prefix in self.select):
            return False
        return not any(code.startswith(prefix) for prefix in self.ignore)

    def severity_of(self, code: str, severity: Severity) -> Severity:
        """The severity a finding of ``code`` is reported at: its override, or as the check said."""
        for overridden, level in self.severity:
            if overridden == code:
                return level
        return severity
