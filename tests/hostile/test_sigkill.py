"""Nothing lost: `hyojun check` killed with SIGKILL at random points never leaves a truncated report.

The output folder starts with a complete earlier run; after each kill every report must still be
whole (the old one or the new one). Temp files of killed runs may remain, named `.<report>.<PC>.<pid>.<time>.*.tmp` (or
`.bak`, a second name of an earlier report), and the next run removes them.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.hostile.test_hostile import assert_complete

ITERATIONS = 15
# what a killed run leaves: a new file, an earlier one's second name, the folder it stages its outputs in, and its output
# folder's lock file (empty, unlocked with the process)
TEMP = re.compile(r"^(\.xss\.(json|html|xlsx|csv)\.[\w-]+\.\d+\.\d+\..+\.(tmp|bak)|\.hyojun-staging-[\w-]+\.\d+\.\d+\.\w+"
                  r"|\.hyojun-lock)$")


def _command(corpus: dict[str, Path], spec: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", "from checker.cli import main; main()", "check", str(corpus["xss.xlsx"]),
            "--spec", str(spec), "--out", str(out)]


def test_sigkill_at_random_points_leaves_every_report_whole(corpus, spec_json, tmp_path):
    out = tmp_path / "out"
    command = _command(corpus, spec_json, out)
    subprocess.run(command, check=True, capture_output=True, timeout=60)  # the first run also warms caches
    start = time.monotonic()
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    full = time.monotonic() - start  # reports are written in the second half of a run; kills land there
    assert_complete(out, "xss")
    rng = random.Random(9)
    for _ in range(ITERATIONS):
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5 * full, 1.05 * full))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
        assert all(TEMP.match(n) for n in leftovers), leftovers
        for name in leftovers:
            (out / name).rename(tmp_path / name)  # set aside, so assert_complete sees only the reports
        assert_complete(out, "xss")
        for name in leftovers:
            (tmp_path / name).rename(out / name)
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    assert_complete(out, "xss")
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # the killed runs' files are gone


def test_a_killed_writers_temp_file_is_removed_by_the_next_write(tmp_path):
    """SIGKILL skips every cleanup, so the next writer of the same report removes the dead run's temp file."""
    from checker.io import atomic

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    owner = f"{atomic._host()}.{{}}.{int(time.time())}"
    stale = tmp_path / f".r.json.{owner.format(dead.pid)}.abc.tmp"
    busy = tmp_path / f".r.json.{owner.format(os.getpid())}.def.tmp"  # a live writer's: must be left alone
    other = tmp_path / f".s.json.{owner.format(dead.pid)}.abc.tmp"  # another report's: not ours to judge
    for p in (stale, busy, other):
        p.write_text("{")
    atomic.write_text(tmp_path / "r.json", "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([busy.name, other.name, "r.json"])
