"""Every check, in one table: a stable code, a default severity, and the function.

Codes are never renamed and a retired code is never reused.  ``citeaudit checks`` prints this
table with each check's summary.
"""

from __future__ import annotations

import dataclasses

from ..config import Config
from ..model import Finding, Severity
from . import bib, citations, evidence, fields, footnotes, lists, pandoc, prepared, references, registry, waivers, years
from .base import Check, Context, failed_check, internal_error

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

CHECKS: tuple[Check, ...] = (
    Check("citation-unmatched", E, citations.unmatched_citations, also=(W,)),
    Check("citation-year-mismatch", E, citations.year_mismatches),
    Check("citation-name-mismatch", E, citations.name_mismatches, also=(W,)),
    Check("citation-ambiguous", E, citations.ambiguous_citations),
    Check("reference-uncited", W, references.uncited_references, also=(I,)),
    Check("reference-duplicate", W, references.duplicate_references),
    Check("reference-incomplete", W, references.incomplete_references, also=(I,)),
    Check("reference-unparsed", W, references.unparsed_references),
    Check("footnote-unreferenced", W, footnotes.unreferenced_footnotes),
    Check("footnote-undefined", E, footnotes.undefined_footnotes),
    Check("doi-malformed", E, registry.doi_malformed),
    Check("doi-not-found", E, registry.doi_not_found),
    Check("doi-mismatch", E, registry.doi_mismatch, also=(W,)),
    Check("reference-retracted", E, registry.reference_retracted),
    Check("doi-suggested", I, registry.doi_suggested),
    Check("reference-not-found", W, registry.reference_not_found),
    Check("reference-not-indexable", I, registry.reference_not_indexable),
    Check("lookup-failed", W, registry.lookup_failed, also=(I,)),
    Check("citation-link-mismatch", E, prepared.link_mismatches),
    Check("reference-list-debris", W, lists.reference_list_debris, also=(I,)),
    Check("reference-order", W, lists.reference_order),
    Check("reference-list-unsplit", W, lists.reference_list_unsplit),
    Check("citation-separator", W, pandoc.comma_separated_keys),
    Check("reference-list-missing", E, citations.missing_reference_list, also=(W,)),
    Check("reference-pages-malformed", W, fields.malformed_pages, also=(I,)),
    Check("bib-unknown-field", W, bib.unknown_fields),
    Check("latex-input-missing", W, bib.unread_parts),
    Check("doi-uncompared", I, evidence.doi_uncompared, also=(W,)),
    Check("reference-year-conflict", W, years.conflicting_years),
    Check("waiver-invalid", W, waivers.invalid_waivers),
    Check("waiver-unused", I, waivers.unused_waivers),
    Check("internal-error", E, internal_error),
)



def check_named(code: str) -> Check:
    """The row of CHECKS with this code (``KeyError`` when there is none)."""
    for check in CHECKS:
        if check.code == code:
            return check
    raise KeyError(code)


# The row that reports a check which raised; looked up once.
_INTERNAL = check_named("internal-error")
_UNUSED_WAIVER = check_named("waiver-unused")


def run_checks(ctx: Context, checks: tuple[Check, ...] | None = None) -> list[Finding]:
    """Run every selected check; each one's findings in the order it yields them.

    Each check runs on its own: one that raises (a bug in citeaudit, never in the manuscript)
    gives one ``internal-error`` finding naming it, and the others still run.  ``internal-error``
    is reported whatever --select/--ignore say, since a lost check must never go unnoticed.
    A config file's per-code severity (``Config.severity``) replaces the check's own.
    """
    findings: list[Finding] = []
    for check in CHECKS if checks is None else checks:
        if not ctx.config.wants(check.code):
            continue
        try:
            found = check.run(ctx)
        except Exception as exc:  # noqa: BLE001 - reported as a finding, not swallowed
            findings.append(failed_check(_INTERNAL, check, exc))
            continue
        if ctx.config.severity:  # a config file's [severity] table overrides the check's own
            found = [_overridden(finding, ctx.config) for finding in found]
        findings.extend(found)
    return findings


def waive(ctx: Context, findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """The findings the manuscript's waivers leave, plus one for each waiver that waived
    nothing; and those waived, marked with their reasons (see :mod:`.waivers`)."""
    written = ctx.waivers
    if not written:
        return findings, []
    known = [check.code for check in CHECKS]
    valid = [w for w in written if any(waivers.names_a_check(code, known) for code in w.codes)]
    kept, waived, unused = waivers.apply_waivers(findings, valid)
    if ctx.config.wants(_UNUSED_WAIVER.code):
        extra = waivers.unused_waiver_findings(unused, _UNUSED_WAIVER.emitter())
        kept.extend(_overridden(finding, ctx.config) for finding in extra)
    return kept, waived


def _overridden(finding: Finding, config: Config) -> Finding:
    severity = config.severity_of(finding.code, finding.severity)
    return finding if severity is finding.severity else dataclasses.replace(finding, severity=severity)


__all__ = ["CHECKS", "Check", "Context", "run_checks", "waive"]
