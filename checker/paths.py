"""Where the project keeps its data: the spec store, vendor samples and reports."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from .errors import InputError
from .normalize import BIDI_CONTROLS

_PACKAGE_PARENT = Path(__file__).resolve().parent.parent
EXCEL_LOCK_PREFIX = "~$"  # the owner file Excel keeps beside a workbook while it is open: ~$回答.xlsx
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


def home() -> Path:
    """The project folder: $HYOJUN_HOME, else the checkout holding this package, else the cwd.

    $HYOJUN_HOME naming a file (a typo) is an error at once: it read as a home without specs (「仕様書が取り込まれて
    いません」), and only writing into it said what was wrong. A folder not there yet is fine: importing makes it.
    """
    env = os.environ.get("HYOJUN_HOME")
    if env:
        given = Path(env)
        there = next((p for p in (given, *given.parents) if os.path.exists(p)), None)
        if there is not None and not there.is_dir():
            raise InputError(f"環境変数 HYOJUN_HOME の {env} は" + ("" if there == given else f"、途中の {there} が")
                             + "フォルダではなくファイルです。hyojun のデータ（取り込んだ仕様書・進捗データ）を置くフォルダを指定してください")
        return given
    if (_PACKAGE_PARENT / "specs").is_dir() and (_PACKAGE_PARENT / "pyproject.toml").is_file():
        return _PACKAGE_PARENT
    return Path.cwd()


def bundled() -> Path:
    """Where the bundled sample data lives (vendor_docs/samples, specs/sources): the checkout holding this
    package — whatever $HYOJUN_HOME says, as the samples are not data of the user's — else the home."""
    if (_PACKAGE_PARENT / "vendor_docs" / "samples").is_dir():
        return _PACKAGE_PARENT
    return home()


def spec_store() -> Path:
    return home() / "specs"


def with_extension(path: Path, suffixes: Sequence[str]) -> list[Path]:
    """The files that are *path* with one of *suffixes* added: what a name typed without its extension meant
    (Explorer hides extensions by default)."""
    return [meant for suffix in suffixes if (meant := Path(f"{path}{suffix}")).is_file()]


def not_found(path: Path, suffixes: Sequence[str]) -> InputError:
    """「ファイルが見つかりません」, naming the file *path* meant when only its extension was left out."""
    meant = with_extension(path, suffixes)
    return InputError(f"{path}: ファイルが見つかりません" + (f"。{'、'.join(map(str, meant))} のことですか" if meant else ""))


# What a file name cannot hold on Windows, control characters, and the bidi controls: a name with an RLO in it
# (readiness_町\u202elmth.exe) shows in Explorer as another (readiness_町exe.html).
_NOT_IN_FILE_NAMES = re.compile(rf'[\\/:*?"<>|\x00-\x1f\x7f{BIDI_CONTROLS}]')


def file_name_part(text: str) -> str:
    """*text* (a vendor's, a municipality's, an input file's name) as part of an output's file name: "_" in place
    of each character above."""
    return _NOT_IN_FILE_NAMES.sub("_", text)


# Names Windows takes for a device whatever the extension or spaces after them (NUL.txt and "NUL .txt" are NUL)
DEVICE_NAME = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$) *(\..*)?", re.IGNORECASE)


def output_stem(text: str) -> str:
    """*text* (an input file's name without its suffix) as the name of outputs (their suffix added): file_name_part,
    with "_" after a device's name, as Windows would take AUX.html for the device (the stem of AUX_機能.xlsx and
    AUX_帳票.xlsx read as one is AUX)."""
    name = file_name_part(text)
    if device := DEVICE_NAME.fullmatch(name):
        return f"{name[:device.end(1)]}_{name[device.end(1):]}"
    return name
