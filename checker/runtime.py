"""Process-wide settings of a hyojun run (the CLI and every batch worker process apply them), its time limit (the
CLI sets it; a library caller wraps its calls in `time_limit`)."""

from __future__ import annotations

import _thread
import contextlib
import gc
import signal
import threading
import time
from collections.abc import Iterator

from .errors import TimeLimitError

# Python collects cyclic garbage every 700 new container objects, walking the older generations too
# from time to time. A run builds hundreds of thousands of acyclic records (answer rows, requirements,
# gap rows) and keeps them to its end, so the collector walks them again and again for nothing:
# reference counting frees them. On the national corpus: the JSON check of 100 sheets 4–24 % faster, every
# format 7–23 %, `compare` 8–18 %, peak memory unchanged (benchmarks/RESULTS.md, change 26).
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    """Collect cyclic garbage less often (see GC_THRESHOLDS)."""
    gc.set_threshold(*GC_THRESHOLDS)


def _timed_out(seconds: int) -> TimeLimitError:
    return TimeLimitError(f"処理時間が上限（{seconds:,} 秒）を超えたため中止しました。入力が大きすぎるか壊れている可能性があります"
                      "（上限は HYOJUN_MAX_SECONDS で変更できます。0 で無制限）")


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Stop a run that takes longer than *seconds* with a clear error (a hostile file must not hang us).

    The CLI wraps each command in it (HYOJUN_MAX_SECONDS); a library caller checking files it did not make wraps its
    calls the same way (`time_limit(Limits.from_env().max_seconds)`). It works in the main thread only (elsewhere it
    does nothing: signals reach the main thread only), with SIGALRM in place of the caller's handler meanwhile, or on
    Windows a timer thread. It nests: an inner limit keeps an outer one's (or the caller's alarm's) earlier deadline. Both ways interrupt Python code only; a single read in python-calamine is bounded by the
    size limits.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    with (_alarm if hasattr(signal, "SIGALRM") else _watchdog)(seconds):
        yield


@contextlib.contextmanager
def _alarm(seconds: int) -> Iterator[None]:
    """SIGALRM in *seconds*, unless the caller's alarm (an outer time_limit's) comes first: that one then stays as
    it is; else it is put back after, with what is left of its time."""
    def expire(_signum: int, _frame: object) -> None:
        raise _timed_out(seconds)

    left, interval = signal.getitimer(signal.ITIMER_REAL)
    if left and left <= seconds:
        yield
        return
    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if left:  # past its time already: it goes off at once
            signal.setitimer(signal.ITIMER_REAL, max(left - (time.monotonic() - started), 1e-6), interval)


@contextlib.contextmanager
def _watchdog(seconds: int) -> Iterator[None]:
    """Windows has no SIGALRM: a timer thread interrupts the main thread as Ctrl-C would."""
    lock = threading.Lock()
    state = {"running": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["running"]:
                state["fired"] = True
                _thread.interrupt_main()

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except KeyboardInterrupt:
        if state["fired"]:
            raise _timed_out(seconds) from None
        raise
    finally:
        with lock:
            state["running"] = False
        timer.cancel()
