"""What a check is, and what it is given.

A check is one small function ``(ctx, emit) -> Iterable[Finding]``.  ``emit`` builds a Finding
with the check's code and default severity, so the function states only what it found.
Every check is listed, with its code and default severity, in the table in ``checks/__init__``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ..config import Config
from ..match import MatchResult
from ..model import Citation, Finding, Footnote, Link, Location, Manuscript, Reference, Resolution, Severity


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
    """A registered check: stable code, default severity, and the function that runs it."""

    code: str
    severity: Severity
    function: CheckFunction = field(repr=False)

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
