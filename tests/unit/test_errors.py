"""Errors: Japanese messages with their details, as users and worker processes receive them."""

import errno
import os
import pickle

import pytest

from checker.errors import InputError, UsageError, at_most, command_arg, os_reason, raise_all, too_long


def test_at_most_lists_the_first_items_then_how_many_more():
    items = [f"A{n}: 問題" for n in range(1, 8)]
    assert at_most(items, 7) == items
    assert at_most(items, 5, "行") == items[:5] + ["ほか 2 行"]
    assert at_most(items, 3) == items[:3] + ["ほか 4 件"]
    assert at_most([], 3) == []


def test_details_are_printed_under_the_message_and_survive_a_worker_process():
    err = InputError("回答.xlsx: 2 件の問題があります", details=at_most(["A1: x", "A2: y", "A3: z"], 2))
    assert str(err) == "回答.xlsx: 2 件の問題があります\n  - A1: x\n  - A2: y\n  - ほか 1 件"
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and again.details == err.details


def test_joined_at_most_lists_the_first_items_inside_a_message():
    from checker.errors import joined_at_most

    assert joined_at_most(["「a」", "「b」"], 8) == "「a」「b」"
    assert joined_at_most(["A3", "A7", "A9"], 2, "、") == "A3、A7ほか"
    assert joined_at_most(["宮城県 利府町", "宮城県 松島町"], 1, "、", " ほか") == "宮城県 利府町 ほか"


def test_an_error_among_the_details_keeps_its_own_details_under_it():
    one = InputError("b.xlsx: 回答を読み取れない表があります", details=["回答!C2: 回答の列が 2 つあります"])
    err = InputError("2 件の問題があります", details=["a.xlsx: ファイルが見つかりません", str(one)])
    assert str(err) == ("2 件の問題があります\n  - a.xlsx: ファイルが見つかりません\n"
                        "  - b.xlsx: 回答を読み取れない表があります\n      - 回答!C2: 回答の列が 2 つあります")


@pytest.mark.parametrize(("value", "shown"), [
    ("回答.xlsx", "回答.xlsx"), ("C:/回答/A社.xlsx", "C:/回答/A社.xlsx"), ("県 取りまとめ/回答.xlsx", '"県 取りまとめ/回答.xlsx"'),
    ("回答(第2版).xlsx", '"回答(第2版).xlsx"'), ("A&B.xlsx", '"A&B.xlsx"')])
def test_command_arg_quotes_what_a_shell_would_split(value, shown):
    assert command_arg(value) == shown


def test_several_problems_become_one_error_listing_each():
    with pytest.raises(InputError) as caught:
        raise_all([InputError("a.xlsx: 壊れています"), InputError("仕様書がありません"), InputError("仕様書がありません")],
                  "出力は書いていません")
    assert caught.value.message == "2 件の問題があるため、出力は書いていません（すべて直してから実行してください）"
    assert caught.value.details == ["a.xlsx: 壊れています", "仕様書がありません"]
    with pytest.raises(UsageError):  # a single problem is raised as it is, with its exit code
        raise_all([UsageError("x"), UsageError("x")], "比較できません")
    raise_all([], "比較できません")


def test_a_path_too_long_for_windows_is_said_so():
    """Windows refuses a path over 260 characters as ERROR_FILENAME_EXCED_RANGE, which Python gives the errno of a
    missing file: 「No such file or directory」 for an --out folder deep enough."""
    exc = OSError(errno.ENOENT, "The filename or extension is too long")
    exc.winerror = 206
    assert os_reason(exc).startswith("名前が長すぎます（") and "260 文字" in os_reason(exc)
    assert not os_reason(OSError(errno.ENOENT, "No such file or directory")).startswith("名前が長すぎます")



def test_a_path_windows_says_is_not_found_is_too_long_when_it_is_past_its_limit(monkeypatch, tmp_path):
    """Without LongPathsEnabled Windows refuses most paths over MAX_PATH as ERROR_PATH_NOT_FOUND (errno ENOENT): a
    report's temp file in a deep shared folder was 「見つかりません（ほかのプログラムが移動・削除した可能性があります）」."""
    import sys

    def not_found(*names: str, winerror: int = 3) -> OSError:
        exc = FileNotFoundError(errno.ENOENT, "The system cannot find the path specified", *names[:1], None, *names[1:])
        exc.winerror = winerror  # the 4th argument is taken for it on Windows alone
        return exc

    deep = str(tmp_path / ("介護保険" * 70) / ".r.xlsx.tmp")
    monkeypatch.setattr(sys, "platform", "win32")
    assert os_reason(not_found(deep)).startswith("名前が長すぎます（")
    assert os_reason(not_found("a.tmp", deep)).startswith("名前が長すぎます（")  # a rename's target
    shallow, gone = "見つかりません（ほかのプログラムが移動・削除した可能性があります）", str(tmp_path / "r.xlsx")
    assert [os_reason(not_found(gone)), os_reason(not_found(deep, winerror=2)), os_reason(not_found())] == [shallow] * 3
    monkeypatch.setattr(sys, "platform", "linux")  # a long path elsewhere is not Windows' limit
    assert os_reason(not_found(deep)) == shallow


def test_windows_limit_is_248_characters_of_the_absolute_path_given_as_text_or_bytes(monkeypatch, tmp_path):
    """The limit is the absolute path's (a relative name in a deep current folder passes it) at 248 characters and
    more, whether the name came as text or bytes."""
    import sys

    def not_found(name: str | bytes) -> OSError:
        exc = FileNotFoundError(errno.ENOENT, "The system cannot find the path specified", name)
        exc.winerror = 3
        return exc

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.chdir(tmp_path)
    at = {n: "x" * (n - len(str(tmp_path)) - 1) for n in (247, 248)}  # relative names of absolute paths so long
    assert [too_long(not_found(at[247])), too_long(not_found(at[248]))] == [False, True]
    assert too_long(not_found(os.fsencode(at[248])))


@pytest.mark.parametrize("error, said", [
    (FileNotFoundError(errno.ENOENT, "No such file or directory"), "見つかりません（ほかのプログラムが移動・削除した可能性があります）"),
    (OSError(errno.EBUSY, "Device or resource busy"), "ほかのプログラムが使用中です。終わってからもう一度実行してください"),
])
def test_a_file_gone_or_busy_while_in_use_is_said_in_japanese(error, said):
    """Reasons a reader does not expect reached the user in English (a staging file another run removed)."""
    assert os_reason(error) == said


def test_printable_shows_undecodable_bytes_whatever_the_file_system_encoding() -> None:
    """The environment review: os.fsencode failed on a Japanese message in a C (non-UTF-8 mode) or eucJP locale, and
    any error naming a file of undecodable bytes became a UnicodeEncodeError traceback."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = "from checker.errors import printable; print(ascii(printable('\\u6771\\udc82.xlsx')), ascii(printable('a\\ud800')))"
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert (child.returncode, child.stdout.split()) == (0, [ascii("東\\x82.xlsx"), ascii("a\\ud800")]), child.stderr
