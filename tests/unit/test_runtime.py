"""The process-wide settings every hyojun run applies, and its time limit (checker.runtime)."""

from __future__ import annotations

import gc
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from checker import cli
from checker.errors import TimeLimitError
from checker.runtime import GC_THRESHOLDS, _watchdog, time_limit, tune_gc
from tests.conftest import ROOT


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


def test_a_library_caller_stops_a_long_call_with_the_time_limit() -> None:
    """The time limit lived in the click module: a service checking uploaded sheets through the library had none."""
    handler = signal.getsignal(signal.SIGALRM)
    with pytest.raises(TimeLimitError, match=r"処理時間が上限（1 秒）を超えたため中止しました"), time_limit(1):
        time.sleep(30)
    assert signal.getsignal(signal.SIGALRM) is handler


def test_an_inner_time_limit_keeps_the_outer_deadline() -> None:
    """An inner time_limit cancelled the outer one's alarm (or a caller's own) as it ended: the rest of the outer
    block ran without a limit. The alarm now comes back with what is left of its time, and an earlier one stays."""
    try:
        with time_limit(100):
            with time_limit(5):
                assert 4 < signal.getitimer(signal.ITIMER_REAL)[0] <= 5
            assert 99 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
            with time_limit(1_000):  # the outer deadline comes first
                assert signal.getitimer(signal.ITIMER_REAL)[0] <= 100
            assert 99 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
        assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
        signal.alarm(50)  # the caller's own
        with time_limit(10):
            pass
        assert 49 < signal.getitimer(signal.ITIMER_REAL)[0] <= 50
    finally:
        signal.alarm(0)


def test_the_time_limit_comes_without_the_command_line() -> None:
    code = "import sys, checker.runtime; assert 'click' not in sys.modules, 'click imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_watchdog_leaves_a_real_ctrl_c_and_a_run_within_the_limit_alone() -> None:
    with _watchdog(30):
        pass
    with pytest.raises(KeyboardInterrupt), _watchdog(30):
        raise KeyboardInterrupt
