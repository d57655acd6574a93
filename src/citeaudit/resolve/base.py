"""The Resolver interface: how the pipeline asks a registry about references.

The pipeline never knows which registry (or none) it talks to: it is handed a Resolver.
``resolve`` must not raise for a network failure: it returns a Resolution with status
``unverified`` and a message saying what went wrong, so the audit completes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..model import Reference, Resolution


class Resolver(Protocol):
    """Looks references up in a registry and says what it found, one Resolution per reference."""

    def resolve(self, references: Sequence[Reference]) -> list[Resolution]: ...


class OfflineResolver:
    """The resolver for ``--offline``: asks nobody, says nothing."""

    def resolve(self, references: Sequence[Reference]) -> list[Resolution]:
        return []
