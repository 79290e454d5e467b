"""One vendor's answers in several files (a 機能 file and a 帳票 file) read as one response."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from checker.analysis.bid import answer_cautions
from checker.analysis.gap import check
from checker.errors import InputError
from checker.io.answer_files import answers_stem, group_answer_files
from checker.io.cells import address, sheet_ref
from checker.io import vendor_reader
from checker.io.vendor_reader import read_response
from checker.io.workbook import Workbook, read_workbook
from checker.model import Answer, Requirement, Response, Spec
from checker.report.lint_view import in_sheet_order
from tests.conftest import write_book

FUNCTIONS = [["機能ID", "対応可否"], ["0230101", "○"], ["0230102", "要確認"]]
FORMS = [["帳票ID", "対応可否"], ["0230001", "○"], ["0230101", "×"]]  # 0230101 again: answered in both files


@pytest.fixture
def parts(tmp_path: Path) -> tuple[Path, Path]:
    return (write_book(tmp_path / "介護保険_回答_A社_機能.xlsx", {"Sheet1": FUNCTIONS}),
            write_book(tmp_path / "介護保険_回答_A社_帳票.xlsx", {"Sheet1": FORMS}))


def test_several_files_are_one_response_in_one_order(parts: tuple[Path, Path]) -> None:
    functions, forms = parts
    resp = read_response(forms, functions)  # as a shell's *.xlsx gives them: read 機能 first all the same
    assert [(a.id, a.raw_answer) for a in resp.answers] == [("0230101", "○"), ("0230102", "要確認"), ("0230001", "○"),
                                                            ("0230101", "×")]
    # each file's Sheet1 told apart, as Excel names a cell of another workbook
    assert [a.cell for a in resp.answers] == ["[介護保険_回答_A社_機能.xlsx]Sheet1!B2", "[介護保険_回答_A社_機能.xlsx]Sheet1!B3",
                                              "[介護保険_回答_A社_帳票.xlsx]Sheet1!B2", "[介護保険_回答_A社_帳票.xlsx]Sheet1!B3"]
    assert resp.sheets == ("[介護保険_回答_A社_機能.xlsx]Sheet1", "[介護保険_回答_A社_帳票.xlsx]Sheet1")
    assert resp.vendor == "A社" and resp.own_names == ("A社",)
    assert resp.file == "介護保険_回答_A社_機能.xlsx + 介護保険_回答_A社_帳票.xlsx"
    assert [(s.file, s.sha256) for s in resp.sources] == [(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in parts]
    assert resp.sha256 == sha_of_sha256s(*parts)
    # the lint of both, in the files' order; an id of both files is a duplicate naming the first file's cell
    assert [(f.code, f.cell) for f in resp.lint] == [
        ("invalid-answer", "[介護保険_回答_A社_機能.xlsx]Sheet1!B3"), ("duplicate-id", "[介護保険_回答_A社_帳票.xlsx]Sheet1!A3")]
    assert "[介護保険_回答_A社_機能.xlsx]Sheet1!A2 にもあります" in resp.lint[1].message
    assert read_response(functions, forms) == resp


@pytest.mark.parametrize("names", [
    ("機能回答.xlsx", "帳票回答.xlsx"),  # a manifest's names: the first kind word
    ("A社.xlsx", "A社_帳票一覧.xlsx"),  # a file of no kind before the 帳票 file
    ("A社_1.xlsx", "A社_2.xlsx"),  # of one kind: by name
])
def test_files_are_read_functions_first_then_by_name(tmp_path: Path, names: tuple[str, str]) -> None:
    first, second = (write_book(tmp_path / n, {"Sheet1": rows}) for n, rows in zip(names, (FUNCTIONS, FORMS)))
    expected = [f"{names[0]} + {names[1]}", sha_of_sha256s(first, second), names[0].removesuffix(".xlsx")]
    for given in ((first, second), (second, first)):
        resp = read_response(*given)
        assert [resp.file, resp.sha256, answers_stem(given)] == expected
        assert resp.answers[0].cell == f"[{names[0]}]Sheet1!B2"


def sha_of_sha256s(*files: Path) -> str:
    """semantics.md §5: the files' sha256s joined by a line break (none after the last)."""
    return hashlib.sha256("\n".join(hashlib.sha256(p.read_bytes()).hexdigest() for p in files).encode()).hexdigest()


def test_an_id_of_both_files_scores_the_first_file_s_row(parts: tuple[Path, Path]) -> None:
    spec = Spec("介護保険", "第6.0版", (Requirement("0230101", "function", "mandatory", (), "", "名", "本文", "", "機能!A1"),
                                     Requirement("0230001", "form", "mandatory", (), "", "帳票", "本文", "", "帳票!A1")), ())
    result = check(spec, read_response(*parts))
    assert (result.rows[0].status, result.rows[0].source.cell) == ("conformant", "[介護保険_回答_A社_機能.xlsx]Sheet1!B2")
    assert result.duplicate_ids == 1 and result.mandatory_coverage == 1.0


def test_one_file_keeps_its_addresses_and_its_own_name(parts: tuple[Path, Path]) -> None:
    """A file with a kind word and no partner is read alone as before; its vendor is named without the kind word."""
    resp = read_response(parts[1])
    assert [a.cell for a in resp.answers] == ["Sheet1!B2", "Sheet1!B3"] and resp.sheets == ("Sheet1",)
    assert (resp.vendor, resp.file, [s.file for s in resp.sources]) == ("A社", parts[1].name, [parts[1].name])


def test_the_other_files_title_and_name_count(tmp_path: Path) -> None:
    """Declared version, vendor names (masking's own_names) and area come from every part."""
    functions = write_book(tmp_path / "回答_機能.xlsx", {"機能": FUNCTIONS})
    forms = write_book(tmp_path / "回答_帳票.xlsx", {"帳票": [["介護保険 標準仕様書【第6.0版】 回答"], ["ベンダ名", "架空商事株式会社"],
                                                            *FORMS[:2]]})
    resp = read_response(functions, forms)
    assert resp.declared_version == "第6.0版" and resp.declared_area == "介護保険"
    assert "架空商事株式会社" in resp.own_names


def test_the_workbooks_read_are_not_changed(parts: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The file's name reaches the addresses without being written into the reader's Sheets: a Workbook read once
    and used again (by a cache, or for the file alone) keeps its own addresses."""
    read: list[Workbook] = []

    def reading(*args: Any, **kwargs: Any) -> Workbook:
        read.append(read_workbook(*args, **kwargs))
        return read[-1]

    monkeypatch.setattr(vendor_reader, "read_workbook", reading)
    resp = read_response(*parts)
    assert resp.answers[0].cell == "[介護保険_回答_A社_機能.xlsx]Sheet1!B2"
    assert [(s.ref, s.address(1, 1)) for book in read for s in book.sheets] == [("Sheet1", "Sheet1!B2")] * 2


def test_a_response_needs_a_file() -> None:
    with pytest.raises(TypeError, match="required positional argument: 'path'"):  # not an IndexError from inside
        read_response()  # type: ignore[call-arg]


def test_files_of_one_name_are_refused(tmp_path: Path, parts: tuple[Path, Path]) -> None:
    other = tmp_path / "b"
    other.mkdir()
    copy = write_book(other / parts[0].name.upper(), {"Sheet1": FUNCTIONS})  # Windows and Excel ignore the case
    for given in ((parts[0], copy), (parts[0], parts[0])):
        with pytest.raises(InputError, match="同じ名前のファイルが 2 つあります"):
            read_response(*given)


def test_book_addresses_quote_as_excel_does() -> None:
    assert sheet_ref("帳票", "A社_帳票.xlsx") == "[A社_帳票.xlsx]帳票"
    assert address("帳票", 3, 2, "A社_帳票.xlsx") == "[A社_帳票.xlsx]帳票!C4"
    assert sheet_ref("Sheet1", "A社 帳票.xlsx") == "'[A社 帳票.xlsx]Sheet1'"
    assert sheet_ref("機能 要件", "a.xlsx") == "'[a.xlsx]機能 要件'"
    assert sheet_ref("O'Brien", "a.xlsx") == "'[a.xlsx]O''Brien'"
    assert address("帳票", 3, 2) == "帳票!C4"


def test_findings_of_several_files_sort_by_file_then_cell(parts: tuple[Path, Path]) -> None:
    resp = read_response(*parts)
    assert [f.cell for f in in_sheet_order(reversed(resp.lint), resp.sheets)] == [
        "[介護保険_回答_A社_機能.xlsx]Sheet1!B3", "[介護保険_回答_A社_帳票.xlsx]Sheet1!A3"]


@pytest.mark.parametrize("names, groups", [
    (["A社_機能.xlsx", "A社_帳票.xlsx"], [["A社_機能.xlsx", "A社_帳票.xlsx"]]),
    # the 機能 file first whatever the order given (a shell sorts 帳 before 機)
    (["回答_A社_帳票要件.xlsx", "B社.xlsx", "回答_A社_機能要件.xlsx"], [["回答_A社_機能要件.xlsx", "回答_A社_帳票要件.xlsx"], ["B社.xlsx"]]),
    (["A社（機能）.xlsx", "B社 帳票一覧.csv", "B社-機能一覧.xlsx", "A社【帳票要件】.xlsx"],
     [["A社（機能）.xlsx", "A社【帳票要件】.xlsx"], ["B社-機能一覧.xlsx", "B社 帳票一覧.csv"]]),
    # LibreOffice's CSV of each sheet, <book>-<sheet>.csv, of the answer form's sheets 機能要件回答 and 帳票要件回答
    (["就学_回答_A社-帳票要件回答.csv", "就学_回答_A社-機能要件回答.csv"],
     [["就学_回答_A社-機能要件回答.csv", "就学_回答_A社-帳票要件回答.csv"]]),
    # only the 帳票 re-submitted: the pair still (the split review: two half-reports of one vendor, 82.4 % and 12.5 %)
    (["A社_機能.xlsx", "A社_帳票_第2版.xlsx"], [["A社_機能.xlsx", "A社_帳票_第2版.xlsx"]]),
    # no partner, no kind word, or a kind word that is the whole name or part of a word: alone
    (["A社_機能.xlsx", "B社_帳票.xlsx"], [["A社_機能.xlsx"], ["B社_帳票.xlsx"]]),
    (["A社.xlsx", "A社_帳票.xlsx"], [["A社.xlsx"], ["A社_帳票.xlsx"]]),
    (["機能.xlsx", "帳票.xlsx"], [["機能.xlsx"], ["帳票.xlsx"]]),
    (["A社帳票.xlsx", "A社機能.xlsx"], [["A社帳票.xlsx"], ["A社機能.xlsx"]]),
    # a file given twice stays twice, for the check to refuse as one file twice
    (["A社_機能.xlsx", "A社_機能.xlsx", "A社_帳票.xlsx"], [["A社_機能.xlsx"], ["A社_機能.xlsx"], ["A社_帳票.xlsx"]]),
])
def test_files_differing_by_a_kind_word_are_one_vendor(names: list[str], groups: list[list[str]]) -> None:
    assert [[p.name for p in g] for g in group_answer_files(Path("in") / n for n in names)] == groups


@pytest.mark.parametrize("names", [
    # a re-submission beside the file it replaces: the old pair and the new file were two bidders of one name
    ["A社_機能.xlsx", "A社_帳票.xlsx", "A社_機能_第2版.xlsx"], ["A社_機能_第2版.xlsx", "A社_帳票_第2版.xlsx", "A社_帳票.xlsx"],
    # two files of one kind (a workbook and its CSV export) are not two halves, with a 帳票 file or not
    ["D社_機能.csv", "D社_機能.xlsx"], ["D社_機能.xlsx", "D社_帳票.xlsx", "D社_機能一覧.csv"],
])
def test_more_files_of_one_vendor_than_a_pair_are_refused_naming_them(names: list[str]) -> None:
    with pytest.raises(InputError) as err:
        group_answer_files(Path("in") / n for n in names)
    assert str(err.value).startswith("、".join(sorted(names, key=lambda n: ("帳票" in n, n))) + ": 1 つのベンダの回答ファイルが")
    assert "機能の回答と帳票の回答を 1 つずつ指定してください" in str(err.value)


def test_files_answering_different_versions_are_told(tmp_path: Path) -> None:
    """The split review: a 帳票 file titled 第3.0版 beside a 機能 file of 第4.0版 was read as answering 第4.0版 (or,
    swapped, the whole answer as 第3.0版), with no word of the other file's version."""
    functions = write_book(tmp_path / "就学_回答_A社_機能.xlsx", {"機能": [["就学システム標準仕様書【第4.0版】 機能要件 回答"],
                                                                        ["機能ID", "対応可否"], ["0230101", "○"]]})
    forms = write_book(tmp_path / "就学_回答_A社_帳票.xlsx", {"帳票": [["就学システム標準仕様書【第3.0版】 帳票要件 回答"],
                                                                      ["帳票ID", "対応可否"], ["0230002", "○"]]})
    resp = read_response(forms, functions)
    [told] = [f for f in resp.lint if f.code == "part-versions-differ"]
    assert told.level == "warning" and resp.declared_version == "第4.0版"
    assert told.message == ("回答ファイルごとに版が違います（就学_回答_A社_機能.xlsx は 第4.0版、就学_回答_A社_帳票.xlsx は 第3.0版）。"
                            "回答した版は 第4.0版 としました。どちらかのファイルが別の版への回答なら、ベンダに確かめてください")
    assert not [f for f in read_response(functions).lint if f.code == "part-versions-differ"]
    # compare's 回答の注意 says it too
    assert "ファイルごとの版が違う" in [c.short for c in answer_cautions(check(_kinds_spec(), resp), None)]


def _named_pair(folder: Path, functions_vendor: str, forms_vendor: str) -> tuple[Path, Path]:
    functions = write_book(folder / "就学_回答_A社_機能.xlsx", {"機能": [["ベンダ名", functions_vendor], ["機能ID", "対応可否"],
                                                                        ["0230101", "○"]]})
    forms = write_book(folder / "就学_回答_A社_帳票.xlsx", {"帳票": [["就学 帳票要件 回答（" + forms_vendor + "）"],
                                                                      ["帳票ID", "対応可否"], ["0230002", "○"]]})
    return functions, forms


def test_files_naming_different_vendors_are_told(tmp_path: Path) -> None:
    """A 帳票 file of another vendor's answers beside A社's 機能 file was read as A社's whole answer without a word:
    B社's name inside it was only kept for the mask."""
    resp = read_response(*_named_pair(tmp_path, "A社システム株式会社", "ビー株式会社"))
    [told] = [f for f in resp.lint if f.code == "part-vendors-differ"]
    assert told.level == "warning" and resp.vendor == "A社システム株式会社"
    assert told.message == ("回答ファイルごとにベンダ名が違います（就学_回答_A社_機能.xlsx は「A社システム株式会社」、就学_回答_A社_帳票.xlsx"
                            " は「ビー株式会社」）。ベンダは「A社システム株式会社」としました。別のベンダのファイルを組み合わせていないか確かめてください")
    assert "ファイルごとのベンダ名が違う" in [c.short for c in answer_cautions(check(_kinds_spec(), resp), None)]


@pytest.mark.parametrize("forms_vendor", ["株式会社 A社システム", "A社システム 東日本支社"])
def test_one_vendor_named_two_ways_in_its_files_is_no_warning(tmp_path: Path, forms_vendor: str) -> None:
    resp = read_response(*_named_pair(tmp_path, "A社システム株式会社", forms_vendor))
    assert not [f for f in resp.lint if f.code == "part-vendors-differ"]


def test_a_file_naming_no_vendor_is_no_warning(tmp_path: Path) -> None:
    functions, forms = _named_pair(tmp_path, "A社システム株式会社", "ビー株式会社")
    write_book(forms, {"帳票": [["帳票ID", "対応可否"], ["0230002", "○"]]})
    assert not [f for f in read_response(functions, forms).lint if f.code == "part-vendors-differ"]


def test_files_of_other_folders_are_other_vendors() -> None:
    assert group_answer_files([Path("a/A社_機能.xlsx"), Path("b/A社_帳票.xlsx")]) == [(Path("a/A社_機能.xlsx"),),
                                                                                   (Path("b/A社_帳票.xlsx"),)]


def test_one_folder_written_two_ways_is_one_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    given = [tmp_path / "in" / "A社_機能.xlsx", Path("in/A社_帳票.xlsx"), Path("in/../in/B社_機能.xlsx"), Path("in/B社_帳票.xlsx")]
    assert group_answer_files(given) == [tuple(given[:2]), tuple(given[2:])]


def test_outputs_are_named_without_the_kind_word() -> None:
    assert answers_stem([Path("介護保険_回答_A社_機能.xlsx"), Path("介護保険_回答_A社_帳票.xlsx")]) == "介護保険_回答_A社"
    assert answers_stem([Path("A社（機能）_第2版.xlsx"), Path("A社（帳票）_第2版.xlsx")]) == "A社_第2版"
    assert answers_stem([Path("介護保険_回答_A社_帳票.xlsx")]) == "介護保険_回答_A社_帳票"  # alone: its own name
    assert answers_stem([Path("帳票回答.xlsx"), Path("機能回答.xlsx")]) == "機能回答"  # a manifest's: the first read's


def _kinds_spec() -> Spec:
    return Spec("介護保険", "第6.0版", tuple(Requirement(i, kind, "mandatory", (), "", "名", "本文", "", "機能!A1") for i, kind in
                                         (("0230101", "function"), ("0230102", "function"), ("0230001", "form"),
                                          ("0230002", "form"), ("0230003", "form"))), ())


def _answered(*ids: str) -> Response:
    return Response("v", "v.xlsx", "0" * 64, tuple(Answer(i, "○", "yes", "", "", "", f"回答!C{n}", f"回答!A{n}")
                                                   for n, i in enumerate(ids, 2)), ())


def test_a_kind_without_a_row_is_one_warning() -> None:
    result = check(_kinds_spec(), _answered("0230101"))
    [kind] = [f for f in result.lint if f.code == "missing-kind"]
    assert (kind.level, kind.cell, kind.id) == ("warning", "", "")
    assert kind.message.startswith("帳票要件（3 件）の回答行が 1 つもありません。帳票の回答が別のファイルにあれば")
    assert "file: [機能.xlsx, 帳票.xlsx]" in kind.message
    # files of two folders are not joined (the docs review: the advice was what the user had just done)
    assert "同じフォルダにあって" in kind.message and "フォルダが違うときはマニフェストで" in kind.message
    # listed before the requirements' own missing-row findings, which stay
    assert [f.code for f in result.lint] == ["missing-kind", *["missing-row"] * 4]
    assert [c.short for c in answer_cautions(result, None)] == ["回答行のない種別（帳票要件）"]
    forms_only = check(_kinds_spec(), _answered("0230002"))
    assert [f.message.split("。")[0] for f in forms_only.lint if f.code == "missing-kind"] == ["機能要件（2 件）の回答行が 1 つもありません"]


@pytest.mark.parametrize("ids", [("0230101", "0230003"), (), ("9990001",)])
def test_no_kind_warning_when_both_or_neither_kind_is_answered(ids: tuple[str, ...]) -> None:
    result = check(_kinds_spec(), _answered(*ids))
    assert not [f for f in result.lint if f.code == "missing-kind"]
    assert not [c for c in answer_cautions(result, None) if "種別" in c.short]
