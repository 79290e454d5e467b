"""Workbooks whose many cells refer to one long shared string (.xlsx) or SST string (.xls): calamine copies the
string into every cell, so a 150 KB file reads into gigabytes whatever the cell limit. Each is refused with the
limit's message before calamine reads it, at the default limits, while the largest real workbook is still read.

They run in one child process under an address-space limit, as the fuzzed crashes do: a regression ends the
child (calamine aborts on the failed allocation), not the test session or the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import FIXTURES, ROOT
from tests.hostile.make_corpus import shared_string_copies_xlsx, sst_copies_xls

CHILD = """
import sys
from pathlib import Path
if sys.platform != "win32":
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))
from checker.errors import InputError
from checker.io.vendor_reader import read_response
from checker.io.workbook import read_workbook
for path in map(Path, sys.argv[1:]):
    try:
        read_workbook(path, hidden_rows=False) if path.parent.name == "readiness" else read_response(path)
        print(path.name, "read", flush=True)
    except InputError as exc:
        print(path.name, exc.message, flush=True)
    except BaseException as exc:
        print(path.name, type(exc).__name__, exc, flush=True)
"""
NATIONAL = FIXTURES / "readiness" / "soumu_progress_全国_2026-01.xlsx"  # 1.5 million cells of shared strings


def test_one_string_copied_into_many_cells_is_refused_and_the_largest_real_book_read(tmp_path):
    xlsx, xls = tmp_path / "回答.xlsx", tmp_path / "回答.xls"
    xlsx.write_bytes(shared_string_copies_xlsx(30_000, "x" * 30_000))  # 900 MB copied, twice that read
    xls.write_bytes(sst_copies_xls(10_000, "x" * 60_000))  # 600 MB copied as the file opens, three times that read
    assert len(xlsx.read_bytes()) < 200_000 and len(xls.read_bytes()) < 300_000
    child = subprocess.run([sys.executable, "-c", CHILD, str(NATIONAL), str(xlsx), str(xls)], capture_output=True,
                           text=True, timeout=300, cwd=ROOT, env={**os.environ, "HYOJUN_HOME": str(tmp_path)})
    assert child.returncode == 0, (child.stdout[-300:], child.stderr[-1500:])  # not aborted
    national, refused_xlsx, refused_xls = child.stdout.splitlines()
    assert national == f"{NATIONAL.name} read"
    limit = "上限（536,870,912 バイト、HYOJUN_MAX_TEXT_BYTES）を超えます。"
    assert refused_xlsx.startswith(f"回答.xlsx {xlsx}: シート「回答」までのセルが参照する共有文字列は、セルごとに"
                                   "複製すると最大 ") and limit in refused_xlsx
    assert refused_xls == (f"回答.xls {xls}: シート「回答」までのセルが参照する共有文字列は、セルごとに複製すると最大 "
                           f"1,800,000,000 バイトになり、{limit}長い文字列を多くのセルが参照するブックで、読み込むとメモリを"
                           "使い尽くすおそれがあるため中止しました。正当なファイルなら環境変数 HYOJUN_MAX_TEXT_BYTES で上限を上げられます")
