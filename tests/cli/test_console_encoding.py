"""Output redirected on Japanese Windows is encoded as cp932 (strict): printing never fails, JSON stays UTF-8.

Simulated with PYTHONIOENCODING=cp932 in a subprocess, as `hyojun … > log.txt` runs there.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from checker.commands.base import tolerate_console_encoding
from tests.conftest import KAIGO_SPEC, VENDOR

KAKU = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"


def hyojun_cp932(home: Path, *args: str | Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "cp932", "HYOJUN_HOME": str(home)}
    return subprocess.run([sys.executable, "-c", "from checker.cli import main; main()", *map(str, args)],
                          capture_output=True, env=env, cwd=home, timeout=120)


def test_messages_cp932_lacks_are_printed_with_a_replacement(home: Path):
    """check's summary line and areas hold "—" (U+2014), which cp932 cannot encode."""
    done = hyojun_cp932(home, "check", KAKU, "--spec", KAIGO_SPEC, "--out", home / "rep", "--format", "json")
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr.decode("cp932", "replace")
    assert "架空システムズ ? 判定" in done.stdout.decode("cp932")
    areas = hyojun_cp932(home, "areas")
    assert areas.returncode == 0 and b"Traceback" not in areas.stderr and "介護保険" in areas.stdout.decode("cp932")


def test_json_on_standard_output_is_utf8_whatever_the_console(home: Path):
    done = hyojun_cp932(home, "check", KAKU, "--spec", KAIGO_SPEC, "--json", "-")
    assert done.returncode == 0, done.stderr.decode("cp932", "replace")
    assert json.loads(done.stdout.decode("utf-8"))["vendor"]["name"] == "架空システムズ"
    areas = hyojun_cp932(home, "areas", "--json")
    assert areas.returncode == 0 and "介護保険" in {a["name"] for a in json.loads(areas.stdout.decode("utf-8"))}


def test_only_a_strict_stream_of_an_encoding_short_of_unicode_is_changed(monkeypatch):
    cp932, utf8 = (io.TextIOWrapper(io.BytesIO(), encoding=e) for e in ("cp932", "utf-8"))
    monkeypatch.setattr(sys, "stdout", cp932)
    monkeypatch.setattr(sys, "stderr", utf8)
    tolerate_console_encoding()
    assert (cp932.errors, utf8.errors) == ("replace", "strict")
    print("⚠ — ✓")
    cp932.flush()
    assert cp932.buffer.getvalue().decode("cp932") == "? ? ?\n"


def test_a_file_name_the_locales_encoding_cannot_hold_is_an_error_not_a_traceback(monkeypatch):
    """UTF-8 file names on a system whose locale is EUC-JP: click's path check failed in os.stat with a traceback of
    UnicodeEncodeError. Any other such error (no file name's: a bug of ours) still shows as one."""
    import click
    from click.testing import CliRunner

    from checker.commands.base import HyojunGroup

    @click.group(cls=HyojunGroup)
    def group() -> None:
        pass

    @group.command()
    def stat() -> None:
        raise UnicodeEncodeError("euc_jp", "回答\x8b.xlsx", 2, 3, "illegal multibyte sequence")

    monkeypatch.setattr(sys, "getfilesystemencoding", lambda: "euc-jp")
    res = CliRunner().invoke(group, ["stat"])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert res.output.startswith("エラー: ファイル名を、この環境の文字コード（euc-jp: ロケールの LANG・LC_ALL による）で扱えません。")
    monkeypatch.setattr(sys, "getfilesystemencoding", lambda: "utf-8")
    assert isinstance(CliRunner().invoke(group, ["stat"]).exception, UnicodeEncodeError)
