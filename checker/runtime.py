"""Process-wide settings of a hyojun run (the CLI and every batch worker process apply them)."""

from __future__ import annotations

import gc

# Python collects cyclic garbage every 700 new container objects, walking the older generations too
# from time to time. A run builds hundreds of thousands of acyclic records (answer rows, requirements,
# gap rows) and keeps them to its end, so the collector walks them again and again for nothing:
# reference counting frees them. On the national corpus: the JSON check of 100 sheets 4–24 % faster, every
# format 7–23 %, `compare` 8–18 %, peak memory unchanged (benchmarks/RESULTS.md, change 26).
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    """Collect cyclic garbage less often (see GC_THRESHOLDS)."""
    gc.set_threshold(*GC_THRESHOLDS)
