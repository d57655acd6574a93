"""What a check is, and what it is given.

A check is one small function ``(ctx, emit) -> Iterable[Finding]``.  ``emit`` builds a Finding
with the check's code and default severity, so the function states only what it found.
Every check is listed, with its code and default severity, in the table in ``checks/__init__``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..config import Config
from ..match import MatchResult
from ..model import Citation, Finding, Footnote, Location, Manuscript, Reference, Resolution, Severity

if TYPE_CHECKING:
    from .waivers import Waiver


@dataclass(frozen=True, slots=True)
class Context:
    """Everything the checks may look at; built once per manuscript by the pipeline."""

    manuscript: Manuscript
    references: tuple[Reference, ...]
    citations: tuple[Citation, ...]
    footnotes: tuple[Footnote, ...]
    match: MatchResult
    config: Config
    resolutions: tuple[Resolution, ...] = ()
    undefined_markers: tuple[tuple[int, Location, str], ...] = ()
    waivers: tuple[Waiver, ...] = ()  # the manuscript's waiver comments, read once (waivers.read_waivers)


class Emit(Protocol):
    def __call__(
        self,
        message: str,
        *,
        location: Location | None = None,
        citation: str | None = None,
        reference: int | None = None,
        suggestion: str | None = None,
        severity: Severity | None = None,
    ) -> Finding: ...


CheckFunction = Callable[[Context, Emit], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    """A registered check: stable code, default severity, and the function that runs it.

    ``also`` names the other severities the check reports with, and when: a check that is less
    sure of one case says so at a lower severity (``doi-mismatch`` is an error when the DOI names
    another work, a warning when only a field differs).  They are part of the table, so that
    ``citeaudit checks`` and ``explain`` tell the truth; emitting a severity not declared here is
    a bug in the check.
    """

    code: str
    severity: Severity
    function: CheckFunction = field(repr=False)
    also: tuple[Severity, ...] = ()

    @property
    def severities(self) -> tuple[Severity, ...]:
        """Every severity the check reports with, most severe first."""
        return tuple(sorted({self.severity, *self.also}, key=lambda s: -s.rank))

    @property
    def severity_label(self) -> str:
        """``error``, or ``error/warning`` for a check that reports with both."""
        return "/".join(s.value for s in self.severities)

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.function.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0]

    def emitter(self) -> Emit:
        def emit(
            message: str,
            *,
            location: Location | None = None,
            citation: str | None = None,
            reference: int | None = None,
            suggestion: str | None = None,
            severity: Severity | None = None,
        ) -> Finding:
            if severity is not None and severity not in self.severities:
                raise ValueError(f"{self.code} reported a {severity.value}, which its row in CHECKS does not declare")
            return Finding(
                code=self.code,
                severity=severity or self.severity,
                message=message,
                location=location,
                citation=citation,
                reference=reference,
                suggestion=suggestion,
            )

        return emit

    def run(self, ctx: Context) -> list[Finding]:
        return list(self.function(ctx, self.emitter()))


# How much of an exception's text a finding quotes: enough to recognise it, never a flood.
_EXCEPTION_TEXT = 200


def internal_error(ctx: Context, emit: Emit) -> Iterable[Finding]:
    """A check that failed with an error in citeaudit itself; its findings are missing.

    Why: one broken check must not sink the audit, nor pass silently.  The other checks still
    run, the reports are still written, and ``verify`` exits 3 at the end so that CI notices.
    Please report it with the manuscript (or a small piece of it) that causes it.

    Example: "check doi-mismatch failed (KeyError: 'title'); its findings are missing from this report".
    """
    return ()  # Findings of this code are made by run_checks, around the check that raised.


def failed_check(reporter: Check, failed: Check, exc: Exception) -> Finding:
    """The one finding that stands for ``failed``, which raised ``exc``."""
    text = " ".join(str(exc).split())
    if len(text) > _EXCEPTION_TEXT:
        text = text[: _EXCEPTION_TEXT - 1] + "\u2026"
    reason = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return reporter.emitter()(
        f"check {failed.code} failed ({reason}); its findings are missing from this report",
        suggestion="report this as a citeaudit bug (set CITEAUDIT_DEBUG=1 for details)",
    )
