"""One exception tree for problems in our code or in what the user asked for.

Problems *in the manuscript* are never exceptions: they are Findings.  These are for input we
cannot read at all, bad options, and the network::

    CiteauditError
    ├── InputError            the user's file cannot be read (missing, binary, empty, undecodable)
    │   ├── FormatError       the file is not what its suffix says
    │   └── OutsideError      a file the manuscript names lies outside the folder it may read (--root)
    ├── UsageError            an option or combination of options makes no sense
    │   └── OutputError       a report or export target refused (the manuscript, a file it reads,
    │                         a file not ours) or not writable (a full disk, a FIFO nobody reads)
    └── ResolveError          a registry lookup failed (network, timeout, bad answer)
        ├── TransportError    could not reach the registry or the connection broke
        ├── RateLimitError    the registry kept answering 429 after every retry
        └── BadResponseError  the registry answered something we cannot read

The CLI catches ``CiteauditError`` once and exits 2 with its one-line message (except
``ResolveError``, which the pipeline turns into ``lookup-failed`` findings).
"""

from __future__ import annotations


class CiteauditError(Exception):
    """Base of every error citeaudit raises on purpose."""


class InputError(CiteauditError):
    """A file the user gave cannot be read as a manuscript."""


class FormatError(InputError):
    """A file is not in the format its suffix (or ``--input-format``) says."""


class OutsideError(InputError):
    """A file the manuscript names lies outside the folder it may read from; ``fence`` is that folder."""

    def __init__(self, message: str, fence: object) -> None:
        super().__init__(message)
        self.fence = fence


class UsageError(CiteauditError):
    """Options that make no sense together, or a value out of range."""


class OutputError(UsageError):
    """A report or export cannot be written without destroying input, or cannot be written at all."""


class ResolveError(CiteauditError):
    """A registry lookup did not give an answer; ``url`` is the request it was about, if any.

    The message stays short (endpoint and reason); the full URL travels in ``url`` so reports
    can keep it in a field of its own.
    """

    def __init__(self, *args: object, url: str | None = None) -> None:
        super().__init__(*args)
        self.url = url


class TransportError(ResolveError):
    """The registry could not be reached, or the connection broke or timed out."""


class RateLimitError(ResolveError):
    """The registry still answered 429 after every retry."""


class BadResponseError(ResolveError):
    """The registry answered with something that is not what its API promises."""
