"""Process-wide settings of a hyojun run (the CLI and every batch worker process apply them)."""

from __future__ import annotations

import gc

# Python collects cyclic garbage every 700 new container objects, walking the older generations too
# from time to time. A run builds hundreds of thousands of acyclic records (answer rows, requirements,
# gap rows) and keeps them to its end, so the collector walks them again and again for nothing:
# reference counting frees them. On the national corpus the check of 100 sheets took 5.8–6.0 s → 4.5–4.6 s
# and `compare` 10.1–11.1 s → 9.2–9.7 s, peak memory unchanged (benchmarks/RESULTS.md, change 26).
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    """Collect cyclic garbage less often (see GC_THRESHOLDS)."""
    gc.set_threshold(*GC_THRESHOLDS)
