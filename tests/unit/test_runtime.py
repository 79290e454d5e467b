"""The process-wide settings every hyojun run applies (checker.runtime)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from checker import cli
from checker.runtime import GC_THRESHOLDS, tune_gc


@pytest.fixture(autouse=True)
def restore_gc() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_tune_gc_raises_the_thresholds() -> None:
    gc.set_threshold(700, 10, 10)
    tune_gc()
    assert gc.get_threshold() == GC_THRESHOLDS
    assert GC_THRESHOLDS[0] > 700  # collects less often than Python's default


def test_the_command_runs_under_the_tuned_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    monkeypatch.setattr(cli, "cli", lambda **kwargs: seen.append(gc.get_threshold()))
    gc.set_threshold(700, 10, 10)
    cli.main()
    assert seen == [GC_THRESHOLDS]
