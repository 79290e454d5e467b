"""A file name that is no UTF-8 (a zip made on Japanese Windows, unpacked on Linux: Python keeps the CP932 bytes as
surrogates). check, compare and lint --json ended in a traceback from a writer (JSON, the mask key); now every
command refuses such a file before any work, naming it with the bytes escaped (docs/security.md)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from tests.conftest import KAIGO_SPEC, VENDOR, write_manifest

MIHON = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"
SHOWN = r"kaigo_\x82\xa0_回答_\x93\xfa.xlsx: ファイルかフォルダの名前に、文字として読めない部分（\x で示した部分）があります"


@pytest.fixture
def undecodable(tmp_path: Path) -> Path:
    name = os.fsdecode(b"kaigo_\x82\xa0_" + "回答".encode() + b"_\x93\xfa.xlsx")
    return Path(shutil.copy(VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx", tmp_path / name))


@pytest.mark.parametrize("command", [
    ["lint", "F", "--spec", str(KAIGO_SPEC), "--json"],
    ["lint", "F", "--spec", str(KAIGO_SPEC)],
    ["check", "F", "--spec", str(KAIGO_SPEC), "--out", "OUT"],
    ["check", "F", "--spec", str(KAIGO_SPEC), "--json", "-"],
    ["check", str(MIHON), "F", "--spec", str(KAIGO_SPEC), "--out", "OUT", "--jobs", "2"],
    ["compare", "--spec", str(KAIGO_SPEC), "F", str(MIHON), "--out", "OUT"],
    ["compare", "--spec", str(KAIGO_SPEC), "F", str(MIHON), "--out", "OUT", "--mask"],
])
def test_a_file_name_that_is_no_text_is_refused_naming_it(home: Path, tmp_path: Path, undecodable: Path,
                                                          command: list[str]):
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, [{"F": str(undecodable), "OUT": str(out)}.get(a, a) for a in command])
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit), res.output
    assert SHOWN in res.output and "\\udc" not in res.output and "unzip -O cp932" in res.output
    assert not out.exists()


def test_a_manifest_of_such_a_name_is_refused(home: Path, tmp_path: Path):
    """Its name goes into the index (「マニフェスト」) and the JSON of a comparison."""
    m = write_manifest(tmp_path, f"""
areas:
  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx
    vendors: [{{name: 見本ソリューションズ, file: {MIHON}}}]
""")
    named = m.rename(tmp_path / os.fsdecode("利府町.yaml".encode("cp932")))
    res = CliRunner().invoke(cli, ["check", "--manifest", str(named), "--out", str(tmp_path / "out")])
    assert res.exit_code == 1 and r"/\x97\x98\x95{\x92\xac.yaml: ファイルかフォルダの名前に" in res.output, res.output
    assert not (tmp_path / "out").exists()
