"""The fuzzed inputs that crashed the readers (tests/fixtures/fuzz/README.md): each ends in an InputError now.

They run in one child process under an address-space limit, as the fuzzer ran them: an abort (calamine's failed
allocation) or a read that needs gigabytes ends the child, not the test session.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import FIXTURES, ROOT

FUZZ = FIXTURES / "fuzz"
SAMPLES = sorted(p for p in FUZZ.iterdir() if p.suffix != ".md")

CHILD = """
import sys
from pathlib import Path
if sys.platform != "win32":
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))
from checker.errors import InputError
from checker.io.readiness_reader import read_progress
from checker.io.spec_reader import read_spec
from checker.io.vendor_reader import read_response
READERS = {"vendor": read_response, "spec": lambda p: read_spec([p]), "readiness": read_progress}
for path in map(Path, sys.argv[1:]):
    print(path.name, end=" ", flush=True)
    try:
        READERS[path.name.split("_")[0]](path)
        print("read", flush=True)
    except InputError:
        print("InputError", flush=True)
    except BaseException as exc:
        print(type(exc).__name__, exc, flush=True)
"""


def test_every_fuzzed_crash_is_an_input_error(tmp_path):
    assert len(SAMPLES) == 17
    child = subprocess.run([sys.executable, "-c", CHILD, *map(str, SAMPLES)], capture_output=True, text=True,
                           timeout=300, cwd=ROOT, env={**os.environ, "HYOJUN_HOME": str(tmp_path)})
    assert child.returncode == 0, (child.stdout[-300:], child.stderr[-1500:])  # not aborted
    assert child.stdout.splitlines() == [f"{p.name} InputError" for p in SAMPLES]

