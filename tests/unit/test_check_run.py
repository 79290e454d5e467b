"""check_file refuses a vendor file whose answers could not be read, instead of reporting every requirement 未回答."""

import pytest
from click.testing import CliRunner

from checker.check_run import check_file
from checker.cli import cli
from checker.errors import InputError
from checker.normalize import DEFAULT_VOCABULARY
from checker.spec_store import resolve_spec
from tests.conftest import KAIGO_SPEC, write_book


@pytest.fixture(scope="module")
def kaigo():
    return resolve_spec([str(KAIGO_SPEC)])


def test_a_table_without_answer_column_is_refused(kaigo, tmp_path):
    # the 機能 sheet is fine; the 帳票 sheet's answers would all read 未回答
    p = write_book(tmp_path / "回答.xlsx", {"機能": [["機能ID", "対応可否"], ["0230101", "○"]],
                                       "帳票": [["表題"], ["帳票ID", "帳票名称", "ご回答欄"], ["0230001", "x", "○"]]})
    with pytest.raises(InputError) as err:
        check_file(kaigo, (p,), None, DEFAULT_VOCABULARY)
    assert "回答.xlsx" in err.value.message and "回答を読み取れない表" in err.value.message
    assert len(err.value.details) == 1 and err.value.details[0].startswith("帳票!A2: ")
    assert "回答の列がありません" in err.value.details[0]
    assert "「ご回答欄」" in err.value.details[0] and "「対応可否」" in err.value.details[0]


def test_no_row_with_a_valid_id_is_refused_with_a_few_bad_cells(kaigo, tmp_path):
    p = tmp_path / "回答.csv"
    p.write_text("機能ID,対応可否\n" + "".join(f"A{230101 + i:07d},○\n" for i in range(8)), encoding="utf-8")
    with pytest.raises(InputError) as err:
        check_file(kaigo, (p,), None, DEFAULT_VOCABULARY)
    assert "回答.csv" in err.value.message and "機能ID" in err.value.message
    head, *bad, more = err.value.details
    assert head.startswith("回答!A1: ") and "7桁の数字" in head
    assert [d.split(": ")[0] for d in bad] == ["回答!A2", "回答!A3", "回答!A4", "回答!A5", "回答!A6"]
    assert "「A0230101」" in bad[0] and more == "ほか 3 行"


def test_a_header_without_rows_is_refused(kaigo, tmp_path):
    p = write_book(tmp_path / "回答.xlsx", {"表紙": [["回答書"]], "機能": [["機能ID", "対応可否"]]})
    with pytest.raises(InputError) as err:
        check_file(kaigo, (p,), None, DEFAULT_VOCABULARY)
    assert err.value.details == ["機能!A1: 回答の表（機能!A1 の見出しの下）に機能ID/帳票ID（7桁の数字。例: 0230101）の行が1つもありません"]


def test_check_writes_nothing_and_lint_lists_the_findings(tmp_path, home):
    p = tmp_path / "回答.csv"
    p.write_text("機能ID,回答欄\n0230101,○\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["check", str(p), "--spec", str(KAIGO_SPEC), "--out", str(out), "--fail-on", "gap"])
    assert result.exit_code == 1 and "回答.csv" in result.output and "回答の列" in result.output, result.output
    assert not out.exists()
    result = CliRunner().invoke(cli, ["lint", str(p)])
    assert result.exit_code == 1 and "no-answer-column" in result.output and "回答!A1" in result.output


@pytest.mark.parametrize("rows", [
    [["0239001", "○"], ["0010001", "○"]],  # one id of the area's code (another version's), one stray 住民記録 id: a tie
    [["0239001", "○"], ["0010001", "○"], ["0010002", "○"]],  # outnumbered
])
def test_answers_with_an_id_of_the_area_s_code_are_not_another_area_s(kaigo, tmp_path, rows):
    """The gap oracle review: such a file was refused as 住民記録's answers 「（機能IDの業務コード・表題から判定）」, though
    it has no title. Its ids are unknown ids, as any id of another version."""
    p = write_book(tmp_path / "回答.xlsx", {"機能": [["機能ID", "対応可否"], *rows]})
    result = check_file(kaigo, (p,), None, DEFAULT_VOCABULARY)
    assert result.unknown_ids == len(rows)


def test_answers_of_another_area_are_refused_naming_the_basis(kaigo, tmp_path):
    p = write_book(tmp_path / "回答.xlsx", {"機能": [["機能ID", "対応可否"], ["0010001", "○"], ["0010002", "○"]]})
    with pytest.raises(InputError) as err:
        check_file(kaigo, (p,), None, DEFAULT_VOCABULARY)
    assert "住民記録 への回答のようです（機能IDの業務コードから判定）" in err.value.message
    titled = write_book(tmp_path / "回答2.xlsx", {"機能": [["住民記録システム 機能要件 回答"], ["機能ID", "対応可否"], ["9990001", "○"]]})
    with pytest.raises(InputError) as err:
        check_file(kaigo, (titled,), None, DEFAULT_VOCABULARY)
    assert "住民記録 への回答のようです（表題・ファイル名から判定）" in err.value.message
