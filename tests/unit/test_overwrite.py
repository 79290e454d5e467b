"""io.overwrite: which existing files a run may replace (its own earlier outputs) and which it must not."""

from __future__ import annotations

import os
import re
import threading
from dataclasses import replace
from pathlib import Path

import openpyxl
import orjson
import pytest

from checker.errors import UsageError
from checker.io import overwrite
from checker.io.export import Table, write_csv, write_xlsx
from checker.io.overwrite import MadeFor, refuse_other_reports, refuse_overwriting, written_by_hyojun
from tests.conftest import FIXTURES, KAIGO_SPEC, OLD_OUTPUTS, VENDOR, edited_zip


def test_hyojuns_own_outputs_are_known_by_their_content(tmp_path: Path):
    write_xlsx(tmp_path / "lint.xlsx", [Table("指摘事項", ["番号", "指摘"], [[1, "x"]])])  # signed as hyojun's
    write_csv(tmp_path / "summary.csv", Table("一覧", ["業務", "回答ファイル", "判定", "必須機能の適合率(%)"], []))
    (tmp_path / "r.json").write_text('{\n  "tool": {\n    "name": "hyojun",\n    "version": "0.1.0"\n  }\n}', "utf-8")
    (tmp_path / "c.json").write_text('{"format":"hyojun-compare/1","tool":{"name":"hyojun"}}', "utf-8")
    (tmp_path / "r.html").write_text('<!doctype html><meta name="generator" content="hyojun 0.1.0">', "utf-8")
    # a lint's Excel written before workbooks were signed (the author left out), check_summary.csv saved by Excel
    edited_zip(tmp_path / "lint.xlsx", tmp_path / "old.xlsx", "docProps/core.xml",
               lambda core: core.replace(b"<dc:creator>hyojun</dc:creator>", b""))
    (tmp_path / "excel.csv").write_bytes("業務,回答ファイル,判定,必須機能の適合率(%)\r\n".encode("cp932"))
    assert [p.name for p in sorted(tmp_path.iterdir()) if not written_by_hyojun(p)] == []


@pytest.mark.parametrize("path", [KAIGO_SPEC, VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx",
                                  VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv", FIXTURES / "profiles" / "介護保険_profile.yaml"])
def test_a_ministrys_or_a_vendors_file_is_not(path: Path):
    assert path.is_file() and not written_by_hyojun(path)


def test_other_files_named_like_outputs_are_not(tmp_path: Path):
    (tmp_path / "a.json").write_text('{"tool": {"name": "other"}, "note": "hyojun"}', "utf-8")
    (tmp_path / "a.html").write_text("<html><body>hyojun</body></html>", "utf-8")
    (tmp_path / "a.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    book = openpyxl.Workbook()  # a vendor's copy of a check's table: not hyojun's by its header alone
    book.active.append(["ID", "状態コード", "回答区分", "回答セル"])
    book.save(tmp_path / "b.xlsx")
    (tmp_path / "b.csv").write_bytes(b"\x82\xa0,\x82\xa2\r\n")  # CP932
    assert [p.name for p in sorted(tmp_path.iterdir()) if written_by_hyojun(p)] == []


def test_refused_before_anything_is_written(tmp_path: Path):
    vendor = tmp_path / "A社.xlsx"
    vendor.write_bytes((VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx").read_bytes())
    with pytest.raises(UsageError, match="hyojun の出力でないファイルがあります.*--xlsx で別の出力先"):
        refuse_overwriting([tmp_path / "A社.json", vendor], [], "--xlsx")
    with pytest.raises(UsageError, match="は入力ファイル .* と同じファイルです"):
        refuse_overwriting([vendor], [vendor])
    refuse_overwriting([tmp_path / "new.xlsx", tmp_path], [])  # not there yet, or a folder: nothing to lose


def test_an_older_hyojuns_workbooks_are_known_by_their_layout_and_no_vendors_is_read(tmp_path: Path,
                                                                                     monkeypatch: pytest.MonkeyPatch):
    """1bd6aad's (XlsxWriter: an empty author, no signature) were "not hyojun's output": a re-run of check, compare,
    spec diff, lint or demo into the folder the older version had filled stopped with exit 2. Only a workbook that
    names no author is read, once: a vendor's answer file in the folder is not read on every re-run."""
    reads: list[str] = []
    read = overwrite.read_workbook
    monkeypatch.setattr(overwrite, "read_workbook", lambda path, **kw: reads.append(Path(path).name) or read(path, **kw))
    olds = sorted(OLD_OUTPUTS.glob("*.xlsx"))
    refuse_overwriting(olds, [])
    assert reads == [p.name for p in olds]
    # an answer file without an author (Excel's document inspector removed it): read, and not hyojun's by its layout
    vendor = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"
    anonymous = edited_zip(vendor, tmp_path / "A社.xlsx", "docProps/core.xml",
                           lambda core: re.sub(rb"<dc:creator>[^<]*</dc:creator>", b"<dc:creator></dc:creator>", core))
    with pytest.raises(UsageError, match="hyojun の出力でないファイルがあります"):
        refuse_overwriting([anonymous], [])
    assert not written_by_hyojun(vendor) and reads == [*(p.name for p in olds), "A社.xlsx"]


def _check_result(path: Path, area: str, vendor: str, town: str | None = None) -> Path:
    profile = f'{{"municipality": "{town}"}}' if town else "null"
    path.write_text(f'{{"format": "hyojun-result/2", "tool": {{"name": "hyojun"}}, "spec": {{"area": "{area}"}}, '
                    f'"vendor": {{"name": "{vendor}"}}, "profile": {profile}}}', "utf-8")
    return path


def test_a_report_of_another_vendor_area_or_town_is_refused_a_resubmission_is_not(tmp_path: Path):
    same = [(_check_result(tmp_path / "a.json", "介護保険", "（株）アルファ電算"), MadeFor(("介護保険",), (None,), "アルファ電算株式会社")),
            (_check_result(tmp_path / "b.json", "介護保険", "株式会社"), MadeFor(("介護保険",), (None,), "株式会社")),
            (tmp_path / "none.json", MadeFor(("住民記録",), (None,), "ベータ"))]
    refuse_other_reports(same)  # company form and width aside, the same vendor; no earlier JSON: nothing to lose
    others = [(_check_result(tmp_path / f"{i}.json", "介護保険", f"ベンダ{i}", "利府町"),
               MadeFor(("介護保険",), (("宮城県", "利府町"),), f"ベンダ{i}")) for i in range(6)]
    others[0] = (others[0][0], MadeFor(("住民記録",), (("宮城県", "松島町"),), "ベンダ0"))
    others[1] = (others[1][0], MadeFor(("介護保険",), (("宮城県", "利府町"),), "ベータ"))
    with pytest.raises(UsageError) as refused:
        refuse_other_reports(others + same)
    assert refused.value.message.startswith("以前の出力に、別の業務・団体・ベンダのレポートがあります（2 件）。")
    assert refused.value.details == [
        f"{tmp_path / '0'}.*: 業務「介護保険」、利府町 のプロファイルで作ったレポート（今回は 業務「住民記録」、宮城県 松島町）",
        f"{tmp_path / '1'}.*: ベンダ「ベンダ1」の回答で作ったレポート（今回は ベンダ「ベータ」）"]
    with pytest.raises(UsageError) as refused:
        refuse_other_reports([(p, MadeFor(made.areas, made.towns, "ガンマ")) for p, made in others])
    assert len(refused.value.details) == 6 and refused.value.details[-1] == "ほか 1 件"


def test_a_vendor_named_in_a_refusal_stays_on_its_line_isolated(tmp_path: Path):
    """The names come from files (the earlier report's JSON, the vendor's sheet): a line break or an override there
    split or reordered the console's line, as in every other line naming a vendor."""
    earlier = _check_result(tmp_path / "a.json", "介護保険", "ア\\u202eルファ\\n電算")
    with pytest.raises(UsageError) as refused:
        refuse_other_reports([(earlier, MadeFor(("介護保険",), (None,), "ベータ\x1b[2J"))])
    assert refused.value.details == [f"{tmp_path / 'a'}.*: ベンダ「\u2068ア\u202eルファ<U+000A>電算\u2069」の回答で作ったレポート"
                                     "（今回は ベンダ「ベータ<U+001B>[2J」）"]


def test_areas_and_towns_of_an_earlier_report_stay_on_their_line_isolated_and_few(tmp_path: Path):
    """An earlier JSON in the output folder (a shared one) put its areas and towns on the console as they were: an
    override, a bell, a carriage return that started a line of its own (「結果: 問題なし」), and 200,000 areas on a
    2 MB line."""
    earlier = tmp_path / "compare.json"
    areas = [{"area": "住\u202e民\x07", "profile": {"municipality": "利府町\r結果: 問題なし", "prefecture": "宮城県"}},
             *({"area": f"A{i}"} for i in range(200_000))]
    earlier.write_bytes(orjson.dumps({"format": "hyojun-compare/3", "areas": areas}))
    with pytest.raises(UsageError) as refused:
        refuse_other_reports([(earlier, MadeFor(("介護保険",), (None,)))])
    assert refused.value.details == [
        f"{tmp_path / 'compare'}.*: 業務「\u2068住\u202e民<U+0007>\u2069・A0・A1・A2・A3 ほか 199,996 件」、"
        "宮城県 利府町<U+000D>結果: 問題なし のプロファイルで作ったレポート（今回は 業務「介護保険」、プロファイルなし）"]


@pytest.mark.parametrize("name", ["a.json", "index.html", "r.csv", "r.xlsx"])
def test_a_fifo_named_as_an_output_is_not_hyojuns_and_is_never_opened(tmp_path: Path, name: str):
    """Opening a FIFO waits for a writer: one named as the earlier report's JSON hung check."""
    fifo = tmp_path / name
    os.mkfifo(fifo)
    found: list[object] = []
    thread = threading.Thread(target=lambda: found.append((written_by_hyojun(fifo), overwrite.recorded(fifo))),
                              daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():  # let it go: a writer's open ends the wait
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert found == [(False, None)]


def test_an_earlier_json_larger_than_any_of_hyojuns_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A file of the earlier JSON's name was read whole into memory (2 GB that starts as hyojun's JSON does)."""
    earlier = _check_result(tmp_path / "a.json", "介護保険", "アルファ")
    monkeypatch.setattr(overwrite, "_RECORDED_BYTES", earlier.stat().st_size)
    assert overwrite.recorded(earlier) == MadeFor(("介護保険",), (None,), "アルファ")
    monkeypatch.setattr(overwrite, "_RECORDED_BYTES", earlier.stat().st_size - 1)
    assert overwrite.recorded(earlier) is None


def test_an_earlier_json_too_large_is_neither_sniffed_nor_read_and_one_grown_since_is_not_parsed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The size is known from stat before the file is opened; a file that grew past it after the stat (written to
    meanwhile) is cut at the limit and not taken for a record."""
    earlier = _check_result(tmp_path / "a.json", "介護保険", "アルファ")
    sniffed: list[Path] = []
    monkeypatch.setattr(overwrite, "written_by_hyojun", lambda p: sniffed.append(p) or True)
    monkeypatch.setattr(overwrite, "_RECORDED_BYTES", earlier.stat().st_size - 1)
    assert overwrite.recorded(earlier) is None and sniffed == []

    def grown(p: Path) -> bool:
        with p.open("ab") as f:
            f.write(b" " * 100)  # still JSON: read whole, it would be taken for the record
        return True
    monkeypatch.setattr(overwrite, "_RECORDED_BYTES", earlier.stat().st_size)
    monkeypatch.setattr(overwrite, "written_by_hyojun", grown)
    assert overwrite.recorded(earlier) is None


@pytest.mark.parametrize("text", [
    '[{"tool": {"name": "hyojun"}}]',
    '{"tool": {"name": "hyojun"}, "spec": ',
])
def test_an_earlier_json_of_hyojuns_head_that_is_no_record_records_nothing(tmp_path: Path, text: str):
    (earlier := tmp_path / "a.json").write_text(text, "utf-8")
    assert written_by_hyojun(earlier) and overwrite.recorded(earlier) is None


def test_what_an_earlier_json_records_skips_values_of_other_types_and_repeats(tmp_path: Path):
    """A JSON edited or written by another version: values of the wrong type are not areas, towns or a vendor, and
    an area or town given twice is named once."""
    earlier = tmp_path / "compare.json"
    earlier.write_bytes(orjson.dumps({"format": "hyojun-compare/3", "areas": [
        "介護保険", {"area": 3}, {"area": "介護保険", "profile": {"municipality": "利府町", "prefecture": 4}},
        {"area": "介護保険", "profile": {"municipality": "利府町"}}, {"area": "住民記録"}]}))
    assert overwrite.recorded(earlier) == MadeFor(("介護保険", "住民記録"), (None, (None, "利府町")))
    check = tmp_path / "r.json"
    for vendor in ('"A社"', '{"name": 5}', "null"):
        check.write_text(f'{{"tool": {{"name": "hyojun"}}, "spec": "介護保険", "vendor": {vendor}}}', "utf-8")
        assert overwrite.recorded(check) == MadeFor((), (None,))


def test_an_earlier_report_is_kept_when_this_run_covers_its_town_or_it_had_no_profile_or_vendor(tmp_path: Path):
    """Only what the earlier report had and this run's have not is lost: a report without a profile is replaced by
    one with, a comparison of one more town keeps the town compared, a comparison (no vendor) and a check result
    of the same name replace each other."""
    rifu, matsushima = ("宮城県", "利府町"), ("宮城県", "松島町")
    refuse_other_reports([(_check_result(tmp_path / "a.json", "介護保険", "A社"), MadeFor(("介護保険",), (rifu,), "A社")),
                          (_check_result(tmp_path / "b.json", "介護保険", "A社", "利府町"),
                           MadeFor(("介護保険",), (matsushima, rifu), "A社")),
                          (_check_result(tmp_path / "c.json", "介護保険", "A社"), MadeFor(("介護保険",), (None,)))])
    (compare := tmp_path / "compare.json").write_bytes(orjson.dumps({"format": "hyojun-compare/3",
                                                                     "areas": [{"area": "介護保険"}]}))
    refuse_other_reports([(compare, MadeFor(("介護保険",), (None,), "A社"))])


def test_this_runs_towns_are_named_once_in_a_refusal(tmp_path: Path):
    earlier = _check_result(tmp_path / "a.json", "介護保険", "A社", "利府町")
    with pytest.raises(UsageError) as refused:
        refuse_other_reports([(earlier, MadeFor(("介護保険", "住民記録"), (("宮城県", "松島町"), ("宮城県", "松島町"))))])
    assert refused.value.details == [f"{tmp_path / 'a'}.*: 利府町 のプロファイルで作ったレポート（今回は 宮城県 松島町）"]


def test_what_an_earlier_json_records_includes_its_spec_versions_and_answer_files(tmp_path: Path):
    """A version imported between two rounds changed what an unchanged command compared against: the version each
    area was made for is recorded, and a check result's answer files (both of a bid read as one)."""
    check = tmp_path / "r.json"
    check.write_bytes(orjson.dumps({"format": "hyojun-result/2", "spec": {"area": "住民記録", "version": "第1.0版"},
                                    "vendor": {"name": "B社", "file": "回答_B社_機能.xlsx／回答_B社_帳票.xlsx",
                                               "files": [{"file": "回答_B社_機能.xlsx"}, {"file": "回答_B社_帳票.xlsx"}]}}))
    assert overwrite.recorded(check) == MadeFor(("住民記録",), (None,), "B社", (("住民記録", "第1.0版"),),
                                                ("回答_B社_機能.xlsx", "回答_B社_帳票.xlsx"))
    check.write_bytes(orjson.dumps({"format": "hyojun-result/2", "spec": {"area": "住民記録"},
                                    "vendor": {"name": "B社", "file": "回答_B社.xlsx"}}))  # an older hyojun's
    assert overwrite.recorded(check) == MadeFor(("住民記録",), (None,), "B社", (), ("回答_B社.xlsx",))
    (compare := tmp_path / "compare.json").write_bytes(orjson.dumps({"format": "hyojun-compare/3", "areas": [
        {"area": "介護保険", "version": "第6.0版"}, {"area": "住民記録", "version": 1}, {"area": "介護保険", "version": "第6.0版"}]}))
    assert overwrite.recorded(compare) == MadeFor(("介護保険", "住民記録"), (None,), None, (("介護保険", "第6.0版"),))


def test_a_report_of_another_version_of_its_area_is_replaced_with_a_notice(tmp_path: Path):
    """An office's second round: `spec: 住民記録` now meant 第1.1版 and the comparison and reports made for 第1.0版
    were replaced without a word (a vendor that changed nothing went from 1位 to 失格)."""
    def made(stem: str, version: str) -> tuple[Path, MadeFor]:
        (path := tmp_path / f"{stem}.json").write_bytes(orjson.dumps({
            "format": "hyojun-result/2", "spec": {"area": "住民記録", "version": version}, "vendor": {"name": stem}}))
        return path, MadeFor(("住民記録",), (None,), stem, (("住民記録", "第1.1版"),), latest=("住民記録",))

    older = (_check_result(tmp_path / "old.json", "住民記録", "old"), MadeFor(("住民記録",), (None,), "old",
                                                                          (("住民記録", "第1.1版"),)))
    notices = refuse_other_reports([made("回答_A社", "第1.0版"), made("回答_C社", "第1.0版"), made("same", "第1.1版"), older])
    notice = (f"{tmp_path} の以前の出力（回答_A社.*・回答_C社.*）は 住民記録 第1.0版 で作ったもので、今回の 第1.1版 の出力で"
              "置き換えました（業務名だけの指定は取り込み済みの最新版です）。前回と同じ版で作るには 住民記録@第1.0版 を指定します。"
              "回ごとに --out を分けると以前の出力も残ります")
    assert notices == {tmp_path / "回答_A社.json": notice, tmp_path / "回答_C社.json": notice}
    # the rerun review: said of 住民記録@第1.1版 or a spec file too, the latest imported being no part of that change
    path, now = made("回答_A社", "第1.0版")
    assert refuse_other_reports([(path, replace(now, latest=()))]) == {
        path: notice.replace("（回答_A社.*・回答_C社.*）", "（回答_A社.*）").replace("（業務名だけの指定は取り込み済みの最新版です）", "")}
    # a comparison of one more area at the same versions: nothing to tell
    (compare := tmp_path / "compare.json").write_bytes(orjson.dumps({"format": "hyojun-compare/3", "areas": [
        {"area": "住民記録", "version": "第1.1版"}]}))
    assert refuse_other_reports([(compare, MadeFor(("住民記録", "介護保険"), (None,),
                                                   versions=(("住民記録", "第1.1版"), ("介護保険", "第6.0版"))))]) == {}


# Mutation round 11 (this version's new logic): each test below failed on its mutant.
def _joint_compare(path: Path, versions: list[tuple[str, str, str]]) -> Path:
    path.write_bytes(orjson.dumps({"format": "hyojun-compare/3", "areas": [
        {"area": a, "version": v, "profile": {"municipality": t}} for a, v, t in versions]}))
    return path


def test_a_joint_comparisons_versions_in_another_order_are_no_change(tmp_path: Path):
    """Towns listed in another order: the same versions of the area, nothing to tell."""
    path = _joint_compare(tmp_path / "compare.json", [("介護保険", "第1.0版", "利府町"), ("介護保険", "第2.0版", "松島町")])
    now = MadeFor(("介護保険",), ((None, "松島町"), (None, "利府町")),
                  versions=(("介護保険", "第2.0版"), ("介護保険", "第1.0版")))
    assert refuse_other_reports([(path, now)]) == {}


def test_a_run_recording_no_version_of_an_area_is_told_nothing(tmp_path: Path):
    path = _joint_compare(tmp_path / "compare.json", [("介護保険", "第1.0版", "利府町")])
    assert refuse_other_reports([(path, MadeFor(("介護保険",), ((None, "利府町"),)))]) == {}
