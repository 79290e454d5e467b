"""What a run may write over: never a file it reads, nor a file of the same name that hyojun did not write.

Reports take their answer file's name (回答_A社.xlsx → 回答_A社.html, .json …), so a report can land on a vendor's
own file: the .xlsx beside a checked .csv of the same bid, or the answers themselves when --out is their folder.
"""

from __future__ import annotations

import contextlib
import csv
import re
import stat
import zipfile
from collections.abc import Collection, Iterable
from pathlib import Path

import orjson

from ..analysis.bid import Town as ProfileTown, same_town
from ..errors import InputError, TimeLimitError, UsageError, at_most
from ..model import town_label
from .answer_sheets import own_header, own_output
from .workbook import ZIP_DAMAGE, read_workbook
from .xlsx import APP_SIGNATURE, CREATOR

_HEAD_BYTES = 8192  # the JSON's tool or format, the HTML's generator, a CSV's header are all in the file's start
_OWN_HEAD = {
    ".json": re.compile(rb'"tool"\s*:\s*\{\s*"name"\s*:\s*"hyojun"|"format"\s*:\s*"hyojun-'),
    ".html": re.compile(rb'<meta name="generator" content="hyojun[ "]'),
}
_CREATOR = f"<dc:creator>{CREATOR}</dc:creator>".encode()
# io.xlsx before its workbooks were signed: core.xml with neither author (Excel, openpyxl and XlsxWriter all write
# one) and app.xml as io.xlsx writes it. Known without reading the workbook: a re-run sniffs every file in its folders.
_UNSIGNED_APP = APP_SIGNATURE.encode()
# An author named: Excel writes the user's, openpyxl its own. XlsxWriter, hyojun's writer before io.xlsx, left it empty.
_AUTHOR = re.compile(rb"<dc:creator\b[^>]*>[^<]")


def written_by_hyojun(path: Path) -> bool:
    """Whether the existing file *path* is one of hyojun's outputs, which a new run may replace and an old one may
    be called stale: by the JSON's tool or format, the HTML's generator, the workbook's creator, the CSV's header.
    A workbook naming no author may be an older hyojun's (XlsxWriter): that one is read, and known by its layout as
    the readers know hyojun's outputs (answer_sheets.own_output). A vendor's, naming its author, is never read."""
    suffix = path.suffix.lower()
    try:
        if suffix in _OWN_HEAD or suffix == ".csv":
            with path.open("rb") as f:
                head = f.read(_HEAD_BYTES)
            if suffix == ".csv":  # as hyojun wrote it, or saved again by Excel (CP932)
                first = head.split(b"\n", 1)[0].rstrip(b"\r")
                for encoding in ("utf-8-sig", "cp932"):
                    with contextlib.suppress(UnicodeDecodeError):
                        return own_header(next(csv.reader([first.decode(encoding)]), [])) is not None
                return False
            return bool(_OWN_HEAD[suffix].search(head))
        if suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                core, app = (_head(z, name) for name in ("docProps/core.xml", "docProps/app.xml"))
            return _CREATOR in core or (b"<dc:creator" not in core and b"lastModifiedBy" not in core
                                         and _UNSIGNED_APP in app) or (not _AUTHOR.search(core) and _own_layout(path))
    except (KeyError, *ZIP_DAMAGE):  # no such part, a damaged zip (or file): not hyojun's
        pass
    return False


def _own_layout(path: Path) -> bool:
    try:
        return own_output(read_workbook(path, hidden_rows=False)) is not None
    except TimeLimitError:
        raise  # the run's, not this file's
    except InputError:  # unreadable (damaged, too large): not a workbook hyojun wrote
        return False


def _head(z: zipfile.ZipFile, name: str) -> bytes:
    with z.open(name) as member:
        return member.read(_HEAD_BYTES)  # at most: a part is not trusted to inflate to its stated size


def refuse_overwriting(outputs: Iterable[Path], inputs: Iterable[Path], option: str = "--out", *,
                       foreign: bool = False) -> None:
    """Refuse, before anything is written, a run whose outputs would replace a file it reads (say, --out is the
    folder of the answer files and a report takes an answer file's name) or, unless *foreign* (the user said --force),
    another file hyojun did not write: the original would be lost. *option*: where the outputs were named."""
    sources: dict[tuple[int, int], Path] = {}  # (device, inode) → file: one stat each, compared as os.path.samefile does
    for p in inputs:
        with contextlib.suppress(OSError):
            if stat.S_ISREG((st := p.stat()).st_mode):
                sources[st.st_dev, st.st_ino] = p
    for out in outputs:
        try:
            st = out.stat()
        except OSError:
            continue  # not written yet: nothing to lose
        if (src := sources.get((st.st_dev, st.st_ino))) is not None:
            raise UsageError(f"出力 {out} は入力ファイル {src} と同じファイルです。書き出すと元のファイルが失われるため、"
                             f"何も書かずに中止しました。{option} で別の出力先を指定してください")
        if not foreign and stat.S_ISREG(st.st_mode) and not written_by_hyojun(out):
            raise UsageError(f"出力 {out} と同じ名前の、hyojun の出力でないファイルがあります（ベンダの回答ファイルなど）。"
                             f"書き出すと元のファイルが失われるため、何も書かずに中止しました。{option} で別の出力先を"
                             "指定するか、そのファイルを別のフォルダに移してください")


# A town as (prefecture, municipality) of a profile: None for a run without a profile
Town = ProfileTown | None


def refuse_other_municipalities(reports: Iterable[tuple[Path, Collection[Town]]], option: str = "--out") -> None:
    """Refuse, before anything is written, a run that would replace reports hyojun made for another municipality:
    town-by-town runs into one --out replaced the previous town's evaluation without a word, and a notice would come
    once it was gone. *reports*: (the JSON an earlier run wrote beside the outputs to come, the towns of the profiles
    this run uses). Towns are told apart as check --record does: by the name without spaces (「利府町　」 pasted from a
    cell is 利府町) and, where both give one, the prefecture (北海道 伊達市 is not 福島県 伊達市). A report made without a
    profile is replaced as before; so is one whose run wrote no JSON (nothing records its municipality)."""
    lost = []
    for json_path, now in reports:
        if gone := [t for t in recorded_towns(json_path) if t is not None and not any(_same_town(t, n) for n in now)]:
            shown = "・".join(profile_town_label(t) for t in dict.fromkeys(now))
            lost.append(f"{json_path.with_suffix('')}.*: {'・'.join(map(profile_town_label, gone))} のプロファイルで作ったレポート（今回は {shown}）")
    if lost:
        raise UsageError(f"以前の出力に、別の団体のプロファイルで作ったレポートがあります（{len(lost)} 件）。置き換えるとその団体の"
                         f"結果が失われるため、何も書かずに中止しました。団体ごとに {option} を分けるか、以前のレポートが不要なら"
                         "削除してから実行してください", details=at_most(lost, 5))


def _same_town(a: Town, b: Town) -> bool:
    return a is b if a is None or b is None else same_town(a, b)


def profile_town_label(t: Town) -> str:
    """The town of a profile as the outputs name it (`town_label`), or that there was no profile."""
    return "プロファイルなし" if t is None else town_label(*t)


def recorded_towns(json_path: Path) -> list[Town]:
    """The towns of the profiles an earlier JSON output of hyojun (a check result or a comparison) records, in its
    order: None for an area checked without a profile; empty if there is no such output."""
    try:
        doc = orjson.loads(json_path.read_bytes()) if written_by_hyojun(json_path) else None
    except (OSError, orjson.JSONDecodeError):
        return []
    if not isinstance(doc, dict):
        return []
    areas = doc.get("areas")
    profiles = [a.get("profile") for a in areas if isinstance(a, dict)] if isinstance(areas, list) else [doc.get("profile")]
    towns: list[Town] = []
    for p in (p if isinstance(p, dict) else {} for p in profiles):
        town, prefecture = p.get("municipality"), p.get("prefecture")
        towns.append((prefecture if isinstance(prefecture, str) else None, town) if isinstance(town, str) else None)
    return list(dict.fromkeys(towns))
