"""Progress of lookups: a small interface, a silent default, and a rich bar for terminals.

The resolver reports progress; it never decides whether to show it.  The CLI passes a
:class:`RichProgress` (which draws on stderr only when stderr is a terminal) or nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # rich's progress bar is imported when a bar is drawn (issue 11: start-up)
    from rich.console import Console
    from rich.progress import Progress as RichBar


class Progress(Protocol):
    """Told how many lookups there are, then each time some are done."""

    def start(self, total: int, description: str) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def stop(self) -> None: ...

    def notice(self, text: str) -> None:
        """One line about the whole run (the registry unreachable, the budget spent): told once."""


class NullProgress:
    """Shows nothing."""

    def start(self, total: int, description: str) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def stop(self) -> None:
        pass

    def notice(self, text: str) -> None:
        pass


class RichProgress:
    """A rich progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, console: Console | None = None) -> None:
        if console is None:
            from rich.console import Console

            console = Console(stderr=True)
        self.console = console
        self._bar: RichBar | None = None
        self._task = None

    def start(self, total: int, description: str) -> None:
        if not self.console.is_terminal or total == 0:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichBar, TextColumn, TimeElapsedColumn

        self._bar = RichBar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task(description, total=total)

    def advance(self, n: int = 1) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, n)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def notice(self, text: str) -> None:
        """Printed on stderr whether or not it is a terminal (a CI log should say it too), as text."""
        self.console.print(f"citeaudit: {text}", markup=False, highlight=False, emoji=False)
