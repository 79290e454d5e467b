"""A run's wait for a lock another process holds (the readiness database's, an output folder's).

It is tried again every RETRY_SECONDS, up to a limit the caller keeps, and said once: the run would seem to hang. The
wait is time.sleep, which Ctrl-C and SIGTERM interrupt. Who hears of it is the run's (`telling_waits`: the command
line writes it on standard error), or whoever a library caller names.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar

RETRY_SECONDS = 0.1

_on_wait: ContextVar[Callable[[str], None] | None] = ContextVar("hyojun_on_wait", default=None)


@contextlib.contextmanager
def telling_waits(on_wait: Callable[[str], None]) -> Iterator[None]:
    """Inside, a run that waits (for a database or an output folder another process uses) tells *on_wait*."""
    token = _on_wait.set(on_wait)
    try:
        yield
    finally:
        _on_wait.reset(token)


def hearer(on_wait: Callable[[str], None] | None = None) -> Callable[[str], None] | None:
    """Who hears that the run waits: *on_wait*, or without one the run's (`telling_waits`); None: nobody."""
    return on_wait if on_wait is not None else _on_wait.get()


class LockWait:
    """One wait, or the waits of one database: said once, by *note* (made when said) to `hearer`(*on_wait*)."""

    def __init__(self, note: Callable[[], str], on_wait: Callable[[str], None] | None = None) -> None:
        self.note = note
        self.on_wait = hearer(on_wait)
        self.told = False

    def tell(self) -> None:
        """Say once that the run waits."""
        if not self.told and self.on_wait is not None:
            self.told = True
            self.on_wait(self.note())

    def pause(self) -> None:
        """Between two tries: say once that the run waits, and sleep."""
        self.tell()
        time.sleep(RETRY_SECONDS)
