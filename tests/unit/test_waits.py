"""A run's wait for another process's lock (io.waits), shared by the readiness database and the output lock."""

from __future__ import annotations

import pytest

from checker.io import waits
from checker.io.waits import LockWait, telling_waits


def test_a_wait_is_said_once_to_whom_it_is_given_or_else_to_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(waits, "RETRY_SECONDS", 0)
    given: list[str] = []
    run: list[str] = []
    with telling_waits(run.append):
        named = LockWait(lambda: "名指し", given.append)  # a library caller's on_wait, in a command's run
        of_run = LockWait(lambda: "実行")
    outside = LockWait(lambda: "誰も聞かない")
    for wait in (named, of_run, outside):
        wait.pause()
        wait.pause()
        wait.tell()
    assert (given, run) == (["名指し"], ["実行"])
    assert (named.told, of_run.told, outside.told) == (True, True, False)
