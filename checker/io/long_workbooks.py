"""Excel workbooks written where Excel cannot open them.

Excel opens no workbook whose path (folders and name) is longer than EXCEL_PATH_LIMIT, though Windows stores it
(Microsoft KB 213983): a report in a deep shared folder that Explorer lists and whose HTML opens, its workbook not.
Every output put in place is told here (atomic); the run gathers the long ones (`noting`) and says so once (`note_text`),
whatever the system writing them: a server's outputs on a share are opened in Excel on Windows. Apart from atomic, so
that a command that writes nothing does not import it to gather them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path

EXCEL_PATH_LIMIT = 218

_noted: ContextVar[list[Path] | None] = ContextVar("hyojun_long_workbooks", default=None)


@contextlib.contextmanager
def noting() -> Iterator[list[Path]]:
    """Inside, each Excel workbook (.xlsx) put in place at an absolute path longer than EXCEL_PATH_LIMIT goes,
    absolute, to the list yielded."""
    noted: list[Path] = []
    token = _noted.set(noted)
    try:
        yield noted
    finally:
        _noted.reset(token)


def note(output: Path) -> None:
    """*output* has been put in place: gathered if it is a workbook too long for Excel and the run gathers them."""
    noted = _noted.get()
    if noted is not None and output.suffix.lower() == ".xlsx" and len(path := os.path.abspath(output)) > EXCEL_PATH_LIMIT:
        noted.append(Path(path))


def note_text(workbooks: Iterable[Path]) -> str:
    """That Excel cannot open *workbooks* (`noting`), naming the longest path and its length."""
    books = list(dict.fromkeys(workbooks))
    longest = max(books, key=lambda p: len(str(p)))
    said = (f"{longest} はパスが {len(str(longest))} 文字あるため" if len(books) == 1 else
            f"Excel ブック {len(books)} 件はパスが {EXCEL_PATH_LIMIT} 文字を超えるため")
    return (f"{said}、Excel で開けません（Excel が開けるのはパス全体で {EXCEL_PATH_LIMIT} 文字までです。Windows には保存できます）。"
            + ("" if len(books) == 1 else f"最も長いのは {longest}（{len(str(longest))} 文字）です。")
            + "出力先（--out。lint は --xlsx）に短いパスか浅いフォルダを指定してください")
