"""Texts users save on Windows (CSV, YAML): the encoding named, or a clear error when it cannot be told."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import InputError
from checker.io.config import load_profile
from checker.io.workbook import read_workbook
from tests.conftest import KAIGO_PROFILE, VENDOR


def _bom_then_cp932(text: str, utf8_lines: int) -> bytes:
    """A UTF-8 file with a BOM whose later lines are CP932: two exports joined, or text pasted from another file."""
    lines = text.splitlines(keepends=True)
    return b"\xef\xbb\xbf" + b"".join(line.encode("utf-8" if i < utf8_lines else "cp932") for i, line in enumerate(lines))


def test_a_csv_with_a_utf8_bom_and_cp932_lines_names_the_first_of_them(tmp_path: Path):
    p = tmp_path / "回答.csv"
    p.write_bytes(_bom_then_cp932((VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv").read_text("cp932"), 5))
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message == (f"{p}: 文字コードを判定できません（先頭に UTF-8 の BOM がありますが、6 行目が UTF-8 ではありません）。"
                                 "UTF-8（BOM 付き可）または Shift_JIS（CP932）で保存してください")


def test_a_profile_with_a_utf8_bom_and_cp932_lines_is_the_same_error(tmp_path: Path):
    p = tmp_path / "profile.yaml"
    p.write_bytes(_bom_then_cp932(KAIGO_PROFILE.read_text("utf-8"), 1))
    with pytest.raises(InputError, match=r"文字コードを判定できません（先頭に UTF-8 の BOM がありますが、\d+ 行目が UTF-8 ではありません）"):
        load_profile(p)
