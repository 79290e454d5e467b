"""Carrying vendor answers across spec versions: what to re-confirm, orphaned answers, new requirements."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import openpyxl
import pytest

from checker import diff_cache
from checker.analysis.carryover import (AnsweredVersion, carry_over, detect_answered_version, first_answers,
                                        parse_version)
from checker.analysis.gap import check
from checker.analysis.specdiff import diff
from checker.batch_run import CheckTask, run_batch
from checker.check_run import _explain_unknown_ids, carryover_for
from checker.errors import InputError, UsageError
from checker.io.vendor_reader import read_response
from checker.model import Answer, LintFinding, Response, Spec
from checker.report.html import render
from checker.report.specdiff_json import carryover_dict
from checker.report.specdiff_view import carryover_view
from checker.schemas import validate
from checker.spec_store import save_spec, with_digest
from tests.conftest import JUMIN_V11

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VENDOR = FIXTURES / "vendor" / "住民記録_第1.1版_回答_架空システムズ.xlsx"



@pytest.fixture(scope="module")
def vendor() -> Response:
    return read_response(VENDOR)


def _ids(items) -> list[str]:  # type: ignore[no-untyped-def]
    return [x.id for x in items]


def _in_order(spec: Spec, ids: set[str]) -> list[str]:
    return [r.id for r in spec.requirements if r.id in ids]


def answering(ids: list[str], *, declared: str | None = None, blank: set[str] = frozenset()) -> Response:  # type: ignore[assignment]
    """A vendor who answered *ids* with ○ (blank for the ids in *blank*), in that order."""
    answers = tuple(Answer(id=i, raw_answer="" if i in blank else "○", answer="blank" if i in blank else "yes",
                           timing="", alternative="", comment="", cell=f"機能要件!D{n}", id_cell=f"機能要件!B{n}")
                    for n, i in enumerate(ids, start=2))
    return Response("旧版回答株式会社", "old.xlsx", "0" * 64, answers, (), declared_version=declared)


def answered_all(spec: Spec, *, declared: str | None, blank: set[str] = frozenset()) -> Response:  # type: ignore[assignment]
    """A vendor who answered every requirement of *spec* with ○ (blank for the ids in *blank*)."""
    return answering([r.id for r in spec.requirements], declared=declared, blank=blank)


def test_answers_to_the_old_version_carried_to_the_new(v10: Spec, v11: Spec, truth: dict) -> None:
    c = carry_over(diff(v10, v11), answered_all(v10, declared="第1.0版"), "declared")
    changed = {a["id"] for a in truth["text_changed"]} | {a["id"] for a in truth["class_changed"]}
    assert _ids(c.reconfirm) == _in_order(v11, changed)
    assert len(c.reconfirm) == 18
    assert _ids(c.orphaned) == [a["id"] for a in truth["removed"]]
    assert _ids(c.new_unanswered) == [a["id"] for a in truth["added"]]
    by_id = {r.id: r for r in c.reconfirm}
    assert by_id["0010003"].reasons == ("class",)
    assert by_id["0010001"].reasons == ("text",)
    assert by_id["0010003"].class_change is not None and by_id["0010003"].class_change.becomes_mandatory
    assert all(o.renumbered_to is None for o in c.orphaned)
    assert (c.answered.version, c.answered.basis, c.spec.version) == ("第1.0版", "declared", "第1.1版")


def test_blank_answers_are_not_carried(v10: Spec, v11: Spec) -> None:
    c = carry_over(diff(v10, v11), answered_all(v10, declared="第1.0版", blank={"0010001", "0010069"}))
    assert "0010001" not in _ids(c.reconfirm)
    assert "0010069" not in _ids(c.orphaned)


def test_vendor_file_treated_as_answering_the_old_version(v10: Spec, v11: Spec, truth: dict, vendor: Response) -> None:
    # The sample answers 第1.1版 but still carries three rows of requirements removed in it.
    c = carry_over(diff(v10, v11), vendor)
    answered = {i for i, a in first_answers(vendor).items() if a.answer != "blank"}
    changed = {a["id"] for a in truth["text_changed"]} | {a["id"] for a in truth["class_changed"]}
    assert _ids(c.reconfirm) == _in_order(v11, changed & answered)
    assert _ids(c.orphaned) == [a["id"] for a in truth["removed"] if a["id"] in answered]
    assert _ids(c.orphaned) == ["0010069", "0010119", "0010128"]
    assert _ids(c.new_unanswered) == [a["id"] for a in truth["added"] if a["id"] not in answered]
    assert c.reconfirm[0].answer.cell.startswith("機能要件回答!")


def test_detect_from_option_declaration_and_ids(v10: Spec, v11: Spec, vendor: Response) -> None:
    assert vendor.declared_version == "第1.1版"
    assert detect_answered_version(vendor, v11, stored=[v10, v11]) is None  # declared = checked version
    assert detect_answered_version(vendor, v11, explicit="1.0") == AnsweredVersion("第1.0版", "option")
    assert detect_answered_version(vendor, v11, explicit="第1.1版") is None
    old = answered_all(v10, declared="第1.0版")
    assert detect_answered_version(old, v11) == AnsweredVersion("第1.0版", "declared")
    # Undeclared: five ids unknown to 第1.1版 and all of them known to the stored 第1.0版.
    undeclared = dataclasses.replace(old, declared_version=None)
    assert detect_answered_version(undeclared, v11, stored=[v10, v11]) == AnsweredVersion("第1.0版", "unknown_ids")
    assert detect_answered_version(undeclared, v11, stored=[v11]) is None  # no older version stored


def test_detect_keeps_current_version_for_a_few_stale_rows(v10: Spec, v11: Spec, vendor: Response) -> None:
    # Three stale rows, but 第1.1版 explains more of the answered ids than 第1.0版 does.
    undeclared = dataclasses.replace(vendor, declared_version=None)
    assert detect_answered_version(undeclared, v11, stored=[v10, v11]) is None
    # A single unknown id is never "many", even when the old version knows it.
    one = answered_all(v11, declared=None)
    one = dataclasses.replace(one, answers=one.answers + (dataclasses.replace(one.answers[0], id="0010069"),))
    assert detect_answered_version(one, v11, stored=[v10, v11]) is None


def test_the_ids_infer_a_version_only_from_two_unknown_ids_and_a_better_fit(v10: Spec, v11: Spec, truth: dict) -> None:
    """docs/spec-diff.md: the stored version explaining more of the answered ids than the checked one, knowing at
    least 2 of the ids it does not."""
    removed, added = [a["id"] for a in truth["removed"]], [a["id"] for a in truth["added"]]
    common = [r.id for r in v11.requirements if r.id not in added]
    # one stray id that 第1.0版 knows: 第1.0版 explains one id more, yet one id is not 「many」
    assert detect_answered_version(answering(common + removed[:1]), v11, stored=[v10, v11]) is None
    assert detect_answered_version(answering(common + removed[:2]), v11, stored=[v10, v11]) == \
        AnsweredVersion("第1.0版", "unknown_ids")
    # 2 ids only 第1.0版 knows and 2 only 第1.1版 knows: 第1.0版 explains no more ids than 第1.1版
    assert detect_answered_version(answering(common + removed[:2] + added[:2]), v11, stored=[v10, v11]) is None


def test_of_several_stored_versions_the_ids_infer_the_one_explaining_most(v10: Spec, v11: Spec, truth: dict) -> None:
    removed = {a["id"] for a in truth["removed"]}
    # 第0.9版: 第1.0版 without one requirement 第1.1版 kept, so it explains one answered id fewer than 第1.0版
    kept = next(r.id for r in v10.requirements if r.id not in removed)
    v09 = dataclasses.replace(v10, version="第0.9版", requirements=tuple(r for r in v10.requirements if r.id != kept))
    old = answered_all(v10, declared=None)
    for stored in ([v09, v10, v11], [v10, v09, v11]):
        assert detect_answered_version(old, v11, stored=stored) == AnsweredVersion("第1.0版", "unknown_ids")


def test_a_version_declared_for_another_area_is_not_the_version_answered(v11: Spec) -> None:
    """A title naming 介護保険 第6.0版 says nothing of which 住民記録 version was answered."""
    sheet = dataclasses.replace(answered_all(v11, declared="第6.0版"), declared_area="介護保険")
    assert detect_answered_version(sheet, v11) is None
    assert detect_answered_version(dataclasses.replace(sheet, declared_area="住民記録"), v11) == \
        AnsweredVersion("第6.0版", "declared")


def test_the_first_row_of_an_id_is_re_confirmed_and_a_blank_new_row_is_unanswered(v10: Spec, v11: Spec,
                                                                                   truth: dict) -> None:
    """semantics.md §3 (the first row of an id counts) and docs/spec-diff.md (a blank answer is no answer)."""
    added = [a["id"] for a in truth["added"]]
    old = answered_all(v10, declared="第1.0版")
    again = dataclasses.replace(old.answers[0], raw_answer="×", answer="no", cell="機能要件!D999")
    blank_new = Answer(id=added[0], raw_answer="", answer="blank", timing="", alternative="", comment="",
                       cell="機能要件!D1000", id_cell="機能要件!B1000")
    c = carry_over(diff(v10, v11), dataclasses.replace(old, answers=(*old.answers, again, blank_new)), "declared")
    first = {r.id: r for r in c.reconfirm}[old.answers[0].id]
    assert (first.answer.cell, first.answer.raw_answer) == (old.answers[0].cell, "○")
    assert _ids(c.new_unanswered) == added


def test_parse_version() -> None:
    assert parse_version("1.0") == "第1.0版"
    assert parse_version("第６．１版") == "第6.1版"
    with pytest.raises(UsageError, match="第1.0版"):
        parse_version("最新")


def test_carryover_dict_and_partial(v10: Spec, v11: Spec, vendor: Response) -> None:
    c = carry_over(diff(v10, v11), vendor, "option")
    doc = carryover_dict(c)
    assert doc["answered_version"] == "第1.0版" and doc["spec_version"] == "第1.1版" and doc["basis"] == "option"
    assert doc["counts"] == {"reconfirm": len(c.reconfirm), "orphaned": 3, "new_unanswered": len(c.new_unanswered)}
    first = {r["id"]: r for r in doc["reconfirm"]}
    assert first["0010003"]["reasons"] == ["class"]
    assert (first["0010003"]["class_from"], first["0010003"]["class_to"]) == ("optional", "mandatory")
    assert [o["id"] for o in doc["orphaned"]] == ["0010069", "0010119", "0010128"]
    assert all(o["renumbered_to"] is None for o in doc["orphaned"])

    html = render("_carryover.html", carryover=carryover_view(c))
    assert "版の違いによる再確認" in html
    assert html.count('<tr class="row-alert">') == 4  # the three optional → mandatory changes, 0010169 → prohibited
    assert "<ins><span class=\"chardiff__label\">追加</span>" in html
    assert "<del><span class=\"chardiff__label\">削除</span>" in html
    table = carryover_view(c).table()
    rows = list(table.rows)
    assert [r[0] for r in rows].count("削除された要件への回答") == 3


# --- integration into the gap check (check_run / gap JSON / HTML / Excel) -----------------------


def test_a_check_with_answered_version_adds_carryover(home: Path, v10: Spec) -> None:
    save_spec(v10)
    run_batch([CheckTask((str(JUMIN_V11),), (VENDOR,), home / "out", answered_version="第1.0版")])
    doc = json.loads((home / "out" / f"{VENDOR.stem}.json").read_text("utf-8"))
    validate(doc, "result", source="test")
    assert doc["carryover"]["answered_version"] == "第1.0版" and doc["carryover"]["basis"] == "option"
    assert [o["id"] for o in doc["carryover"]["orphaned"]] == ["0010069", "0010119", "0010128"]
    assert "版の違いによる再確認" in (home / "out" / f"{VENDOR.stem}.html").read_text("utf-8")
    assert openpyxl.load_workbook(home / "out" / f"{VENDOR.stem}.xlsx").sheetnames[-1] == "版の違いによる再確認"

    # Answers made against the checked version: no carry-over key, no section, no sheet.
    run_batch([CheckTask((str(JUMIN_V11),), (VENDOR,), home / "plain")])
    doc = json.loads((home / "plain" / f"{VENDOR.stem}.json").read_text("utf-8"))
    validate(doc, "result", source="test")
    assert "carryover" not in doc
    assert "版の違いによる再確認" not in (home / "plain" / f"{VENDOR.stem}.html").read_text("utf-8")


def test_carryover_for_declared_inferred_and_not_stored(home: Path, v10: Spec, v11: Spec) -> None:
    declared = check(v11, answered_all(v10, declared="第1.0版"))
    result, carry, answered = carryover_for(declared)
    assert carry is None and answered == AnsweredVersion("第1.0版", "declared")
    added = result.lint[len(declared.lint):]
    assert [f.code for f in added] == ["answered-version-not-stored"]
    assert added[0].level == "warning" and "第1.0版" in added[0].message
    with pytest.raises(InputError, match="第1.0版"):
        carryover_for(declared, "第1.0版")
    with pytest.raises(InputError, match="^マニフェストの answered_version（第1.0版）: "):  # not 「--answered-version」
        carryover_for(declared, "第1.0版", "manifest")
    # only the file name gives the version: the warning says so (a 回答_第2版.xlsx may be the document's revision)
    named = dataclasses.replace(declared, response=dataclasses.replace(declared.response, version_in_name=True))
    result, _, answered = carryover_for(named)
    assert answered == AnsweredVersion("第1.0版", "file_name")
    assert "（回答ファイル名に書かれた版）" in result.lint[-1].message

    save_spec(v10)
    save_spec(v11)
    result, carry, _ = carryover_for(declared)
    assert carry is not None and carry.answered.basis == "declared"
    # The unknown ids are the ids 第1.1版 removed: their findings say so instead of guessing another version.
    unknown = [f for f in result.lint if f.code == "unknown-id"]
    assert [f.cell for f in unknown] == [f.cell for f in declared.lint if f.code == "unknown-id"]
    assert len(unknown) == len(carry.orphaned) == 5
    assert all("第1.1版 で削除された機能IDです" in f.message and "別の版" not in f.message for f in unknown)
    # a removed 帳票 is called by its 帳票ID
    form = v10.requirements.index(carry.orphaned[0].requirement)
    forms_v10 = dataclasses.replace(v10, requirements=(*v10.requirements[:form], dataclasses.replace(
        v10.requirements[form], kind="form"), *v10.requirements[form + 1:]))
    explained = _explain_unknown_ids(result, carry_over(diff(forms_v10, v11), declared.response), list)
    told = {f.cell: f.message for f in explained.lint}
    assert f"{carry.orphaned[0].id} は 第1.0版 にあり、第1.1版 で削除された帳票IDです" in told[carry.orphaned[0].answer.id_cell]
    assert [f for f in result.lint if f.code != "unknown-id"] == [f for f in declared.lint if f.code != "unknown-id"]
    inferred = check(v11, answered_all(v10, declared=None))
    _, carry, _ = carryover_for(inferred)
    assert carry is not None and carry.answered == AnsweredVersion("第1.0版", "unknown_ids")
    assert _ids(carry.new_unanswered) == [r.id for r in carry.diff.added]


def test_an_id_in_neither_version_is_said_to_be_so_once_the_answered_version_is_known(home: Path, v10: Spec,
                                                                                      v11: Spec) -> None:
    """Not 「別の版への回答の可能性」: the answered version is known and lacks it too (the vendor reads this)."""
    stray = Answer(id="0019999", raw_answer="○", answer="yes", timing="", alternative="", comment="",
                   cell="機能要件!D999", id_cell="機能要件!B999")

    def told(spec: Spec, answered: Spec, declared: str) -> str:
        response = answered_all(answered, declared=declared)
        result, _, _ = carryover_for(check(spec, dataclasses.replace(response, answers=(*response.answers, stray))))
        [message] = [f.message for f in result.lint if f.code == "unknown-id" and f.id == stray.id]
        return message

    guess = "0019999 は 住民記録 第1.1版 にないIDです（別の版への回答の可能性があります）"
    neither = "0019999 は 第1.0版 にも 第1.1版 にもないIDです（誤記の可能性があります。IDを確かめてください）"
    assert told(v11, v10, "第1.0版") == guess  # the answered version is not stored: nothing to compare with
    save_spec(v10)
    save_spec(v11)
    assert told(v11, v10, "第1.0版") == neither
    assert told(v10, v11, "第1.1版") == neither  # answers to the newer checked against the older: oldest first still
    assert told(v11, v11, "第1.1版") == guess  # answers to the checked version: no other version to look in


def test_an_unknown_id_is_said_gone_in_the_version_that_removed_it_or_of_the_stored_version_that_has_it(
        home: Path, v10: Spec, v11: Spec) -> None:
    """Review "chain", findings 3 and 7: answers to 第1.0版 checked against 第2.1版 said of an id 第1.1版 removed
    「第2.1版 で削除された」, and of an id only 第2.0版 had 「誤記の可能性があります」 (the vendor reads both)."""
    kept, added, newest = "0010002", "0010198", "0010299"  # in 第1.0版 and 第1.1版; added in 第1.1版; only in 第3.0版
    form = "0010128"  # removed in 第1.1版, a 帳票 of the 第1.0版 stored: 第1.1版 has no 帳票要件 to tell of it
    v10 = dataclasses.replace(v10, requirements=tuple(dataclasses.replace(r, kind="form") if r.id == form else r
                                                      for r in v10.requirements))
    v20 = with_digest(dataclasses.replace(v11, version="第2.0版", requirements=tuple(
        r for r in v11.requirements if r.id not in (kept, added))))
    v30 = dataclasses.replace(v20, version="第3.0版", requirements=(
        *v20.requirements, dataclasses.replace(v20.requirements[-1], id=newest)))
    for spec in (v10, v11, v30):  # not the checked 第2.0版: one read from its workbook is no stored version
        save_spec(with_digest(spec))
    result, carry, _ = carryover_for(check(v20, answering(
        [*(r.id for r in v10.requirements), added, newest, "0019999"], declared="第1.0版")))
    assert carry is not None
    told = {f.id: f.message for f in result.lint if f.code == "unknown-id"}
    answered = "です（回答は 第1.0版 に対するもの）"
    mixed = "です（別の版の回答の行が混じっていないか確かめてください）"
    assert told == {
        "0010069": f"0010069 は 第1.0版 にあり、第1.1版 で削除された機能ID{answered}",
        "0010119": f"0010119 は 第1.0版 にあり、第1.1版 で削除された機能ID{answered}",
        "0010157": f"0010157 は 第1.0版 にあり、第1.1版 で削除された機能ID{answered}",
        "0010161": f"0010161 は 第1.0版 にあり、第1.1版 で削除された機能ID{answered}",
        form: f"{form} は 第1.0版 にあり、第2.0版 で削除された帳票ID{answered}",
        kept: f"{kept} は 第1.0版 にあり、第2.0版 で削除された機能ID{answered}",
        added: f"{added} は 第1.0版 にも 第2.0版 にもない、第1.1版 の機能ID{mixed}",
        newest: f"{newest} は 第1.0版 にも 第2.0版 にもない、第3.0版 の機能ID{mixed}",
        "0019999": "0019999 は 第1.0版 にも 第2.0版 にもないIDです（誤記の可能性があります。IDを確かめてください）",
    }
    # answers to 第3.0版 checked against 第1.0版: the ids it added are not said to be removed, nor where
    result, _, _ = carryover_for(check(v10, answering([r.id for r in v30.requirements], declared="第3.0版")))
    assert {f.id: f.message for f in result.lint if f.code == "unknown-id"}[newest] == (
        f"{newest} は 第3.0版 にあり、第1.0版 にない機能IDです（回答は 第3.0版 に対するもの）")


def test_an_unknown_id_is_said_gone_after_the_answered_version_and_of_every_other_version_that_has_it(
        home: Path, v10: Spec, v11: Spec) -> None:
    """An older version than the one answered lacking an id tells nothing of where it went; an id of two other
    versions names both, a 帳票ID as such; a finding of another kind on an unknown id's cell (a hidden row) keeps its
    own message."""
    kept, both, form = "0010002", "0010297", "0010296"  # in 第1.0版 and 第1.1版; in 第0.9版 and 第1.1版; a 帳票 of 第1.1版
    extra = dataclasses.replace(v10.requirements[-1], id=both)
    v09 = dataclasses.replace(v10, version="第0.9版", requirements=(
        *(r for r in v10.requirements if r.id != kept), extra))
    v11 = dataclasses.replace(v11, requirements=(*v11.requirements, extra, dataclasses.replace(
        v11.requirements[-1], id=form, kind="form", section=(), number="")))
    v20 = with_digest(dataclasses.replace(v10, version="第2.0版", requirements=tuple(
        r for r in v10.requirements if r.id != kept)))
    for spec in (v09, v10, v11):
        save_spec(with_digest(spec))
    response = answering([*(r.id for r in v10.requirements), both, form], declared="第1.0版")
    hidden = LintFinding("warning", "hidden-row", response.answers[1].id_cell, "非表示の行です", kept)
    assert response.answers[1].id == kept
    result, _, _ = carryover_for(check(v20, dataclasses.replace(response, lint=(hidden,))))
    mixed = "です（別の版の回答の行が混じっていないか確かめてください）"
    assert {f.id: f.message for f in result.lint if f.code == "unknown-id"} == {
        kept: f"{kept} は 第1.0版 にあり、第2.0版 で削除された機能IDです（回答は 第1.0版 に対するもの）",
        both: f"{both} は 第1.0版 にも 第2.0版 にもない、第0.9版・第1.1版 の機能ID{mixed}",
        form: f"{form} は 第1.0版 にも 第2.0版 にもない、第1.1版 の帳票ID{mixed}"}
    assert hidden in result.lint


def test_name_and_kind_changes_are_re_confirmed(v10: Spec) -> None:
    first, second = v10.requirements[0], v10.requirements[1]
    new = dataclasses.replace(v10, version="第1.1版", requirements=(
        dataclasses.replace(first, name=first.name + "（廃止予定）"),
        dataclasses.replace(second, kind="form", section=(), number=""), *v10.requirements[2:]))
    c = carry_over(diff(v10, new), answered_all(v10, declared="第1.0版"), "declared")
    assert [(r.id, r.reasons) for r in c.reconfirm] == [(first.id, ("name",)), (second.id, ("kind",))]
    view = carryover_view(c)
    details = [row[-1] for row in view.table().rows if row[0] == "再確認"]
    assert details == [f"名称: {first.name}→{first.name}（廃止予定）", "種別: 機能要件→帳票要件"]
    html = render("_carryover.html", carryover=view)
    assert "種別: 機能要件→帳票要件" in html and "（廃止予定）" in html


def test_the_re_confirmation_sheet_keeps_the_class_change_beside_the_text_change(v10: Spec) -> None:
    first = v10.requirements[0]
    cls = "optional" if first.cls == "mandatory" else "mandatory"
    new = dataclasses.replace(v10, version="第1.1版", requirements=(
        dataclasses.replace(first, text=first.text + "また、履歴を残すこと。", cls=cls), *v10.requirements[1:]))
    c = carry_over(diff(v10, new), answered_all(v10, declared="第1.0版"), "declared")
    row = next(row for row in carryover_view(c).table().rows if row[1] == first.id)
    assert row[4] == "本文変更・区分変更"
    assert row[-1].splitlines()[0].startswith("区分: ") and "【追加:また、履歴を残すこと。】" in row[-1]


def test_the_batch_summary_names_the_version_answered_and_the_answers_to_re_confirm(home: Path, v10: Spec) -> None:
    import csv

    from checker.report.batch_writers import write_batch_index

    save_spec(v10)
    out = home / "out"
    summaries = run_batch([CheckTask((str(JUMIN_V11),), (VENDOR,), out, answered_version="第1.0版"),
                           CheckTask((str(JUMIN_V11),), (FIXTURES / "vendor" / "住民記録_第1.1版_回答_見本ソリューションズ.xls",),
                                     out)])
    assert summaries[0].answered == AnsweredVersion("第1.0版", "option") and summaries[1].answered is None
    # as given, for the lint command the console suggests (which must read the answers as check did)
    assert (summaries[0].answered_given, summaries[1].answered_given) == ("第1.0版", None)
    doc = json.loads((out / f"{VENDOR.stem}.json").read_text("utf-8"))
    write_batch_index(out, summaries, "t", "m.yaml", "2026-01-01T00:00:00+09:00")
    with open(out / "check_summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["回答の版"], r["再確認が必要な回答"]) for r in rows] == [
        ("第1.0版", str(doc["carryover"]["counts"]["reconfirm"])), ("第1.1版", "0")]
    assert f"再確認 {doc['carryover']['counts']['reconfirm']} 件" in (out / "index.html").read_text("utf-8")


def test_the_batch_summarys_count_of_answers_to_re_confirm_stays_a_number_without_a_list(home: Path, v11: Spec) -> None:
    """「一覧なし（その版が未取り込み）」 stood among the counts: a script read the column as text, Excel's SUM skipped it."""
    import csv

    from checker.report.batch_writers import write_batch_index

    save_spec(v11)  # and not 第1.0版: no list of the answers to re-confirm
    old = home / "住民記録_第1.0版_回答_架空システムズ.xlsx"  # answered to 第1.0版, as its name says
    old.write_bytes(VENDOR.read_bytes())
    out = home / "out"
    summaries = run_batch([CheckTask((str(JUMIN_V11),), (old,), out),
                           CheckTask((str(JUMIN_V11),), (FIXTURES / "vendor" / "住民記録_第1.1版_回答_見本ソリューションズ.xls",),
                                     out)])
    write_batch_index(out, summaries, "t", "m.yaml", "2026-01-01T00:00:00+09:00")
    with open(out / "check_summary.csv", encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert reader.fieldnames is not None and reader.fieldnames[-3:] == ["再確認が必要な回答", "再確認が必要な回答の注記", "出力"]
    assert [(r["回答の版"], r["再確認が必要な回答"], r["再確認が必要な回答の注記"]) for r in rows] == [
        ("第1.0版", "", "一覧なし（その版が未取り込み）"), ("第1.1版", "0", "")]
    assert "その版が取り込まれていないため、再確認の一覧は作れません" in (out / "index.html").read_text("utf-8")


def test_answers_to_a_newer_version_checked_against_an_older_one_are_not_called_removed(home: Path, v10: Spec,
                                                                                         v11: Spec) -> None:
    from checker.batch_run import CheckSummary
    from checker.report.batch_writers import carryover_line

    save_spec(v10)
    save_spec(v11)
    newer = check(v10, answered_all(v11, declared="第1.1版"))
    result, carry, answered = carryover_for(newer)
    assert carry is not None
    unknown = [f.message for f in result.lint if f.code == "unknown-id"]
    assert unknown and all("第1.1版 にあり、第1.0版 にない機能IDです" in m for m in unknown)
    line = carryover_line(CheckSummary.of((Path("a.xlsx"),), result, (), (), answered, carry))
    assert "第1.0版 にない要件への回答" in line and "第1.1版 にない要件（未回答）" in line and "削除された" not in line
    from checker.report.specdiff_view import carryover_view

    kinds = {row[0] for row in carryover_view(carry).table().rows}  # the Excel sheet says the same
    from checker.report.gap_view import gap_view

    # each row's 再確認 column: a requirement 第1.1版 lacks is not a 新しい要件
    labels = {r.id: r.reconfirm for r in gap_view(result, "2026-01-01T00:00:00+09:00", carry).rows if r.reconfirm}
    assert {labels[r.id] for r in carry.new_unanswered} == {"第1.1版 にない要件"}
    assert "第1.0版 にない要件への回答" in kinds and kinds <= {"再確認", "第1.0版 にない要件への回答", "第1.1版 にない要件（未回答）"}


def test_a_transitional_measure_added_or_ended_is_re_confirmed_with_its_wording(v10: Spec) -> None:
    # ending a 経過措置 is what makes an answer of 移行後対応 unacceptable: the class word alone did not change
    first, second = [r for r in v10.requirements if r.cls == "mandatory"][:2]
    annotated = {first.id: "経過措置"}
    old = dataclasses.replace(v10, requirements=tuple(dataclasses.replace(r, class_note=annotated.get(r.id, ""))
                                                      for r in v10.requirements))
    annotated = {second.id: "経過措置"}
    new = dataclasses.replace(v10, version="第1.1版", requirements=tuple(
        dataclasses.replace(r, class_note=annotated.get(r.id, "")) for r in v10.requirements))
    c = carry_over(diff(old, new), answered_all(old, declared="第1.0版"), "declared")
    assert sorted((r.id, r.reasons) for r in c.reconfirm) == sorted([(first.id, ("class",)), (second.id, ("class",))])
    details = {row[1]: row[-1] for row in carryover_view(c).table().rows if row[0] == "再確認"}
    assert details == {first.id: "区分: 実装必須機能（経過措置）→実装必須機能", second.id: "区分: 実装必須機能→実装必須機能（経過措置）"}
    doc = {r["id"]: r for r in carryover_dict(c)["reconfirm"]}
    assert [doc[first.id][k] for k in ("class_from", "class_note_from", "class_to", "class_note_to")] == [
        "mandatory", "経過措置", "mandatory", ""]
    assert "実装必須機能（経過措置）" in render("_carryover.html", carryover=carryover_view(c))


def test_the_sheet_sent_back_says_which_version_was_answered_as_the_console_does(home: Path, v10: Spec, v11: Spec) -> None:
    from checker.batch_run import CheckSummary
    from checker.report.batch_writers import carryover_line
    from checker.report.lint_view import lint_summary_table

    save_spec(v10)
    save_spec(v11)
    result, carry, answered = carryover_for(check(v11, answered_all(v10, declared=None)))
    assert answered == AnsweredVersion("第1.0版", "unknown_ids")
    assert answered.text == "回答は 第1.0版 に対するもの（仕様書にないIDが旧版の要件と一致）"
    assert carryover_line(CheckSummary.of((Path("a.xlsx"),), result, (), (), answered, carry)).startswith(f"{answered.text}: 再確認 ")
    cover = dict(lint_summary_table(result.response, "住民記録 第1.1版", result.lint, "2026-01-01T00:00:00+09:00", answered).rows)
    assert cover["回答した版"] == "第1.0版（仕様書にないIDが旧版の要件と一致）"
    assert list(cover).index("回答した版") == list(cover).index("仕様書") + 1
    plain = dict(lint_summary_table(result.response, "住民記録 第1.1版", result.lint, "2026-01-01T00:00:00+09:00").rows)
    assert "回答した版" not in plain


def test_a_version_declared_of_another_area_leaves_the_ids_to_tell_the_version(home: Path, v10: Spec, v11: Spec) -> None:
    """A 住民記録 sheet whose title names 介護保険 第6.0版 (another area's template) said nothing of its version, and no
    stored version was looked at: answers to 第1.0版 went without their re-confirmation list."""
    save_spec(v10)
    save_spec(v11)
    sheet = dataclasses.replace(answered_all(v10, declared="第6.0版"), declared_area="介護保険")
    _, carry, answered = carryover_for(check(v11, sheet))
    assert answered is not None and answered.version == "第1.0版" and answered.basis != "declared"
    assert carry is not None and len(carry.orphaned) == 5


def test_a_pool_diffs_an_answered_version_once_before_its_workers_start(home: Path, v10: Spec) -> None:
    """Every worker searched the same renumberings at once (≈ 11 s CPU each after a mass renumbering): the batch
    diffs the pair here first, and the workers inherit it (forked) or read its pairs from the store (spawned)."""
    save_spec(v10)
    diff_cache._diffs.clear()
    second = FIXTURES / "vendor" / "住民記録_第1.1版_回答_見本ソリューションズ.xls"
    summaries = run_batch([CheckTask((str(JUMIN_V11),), (f,), home / "out", answered_version="1.0") for f in (VENDOR, second)],
                          jobs=2)
    assert [s.carried is not None for s in summaries] == [True, True]
    assert [key[0] for key in diff_cache._diffs] == [v10.sha256]  # diffed in this process, not only in the workers
    assert diff_cache.cache_path(v10.sha256, next(iter(diff_cache._diffs))[1]).is_file()


def test_a_pool_diffs_the_version_a_file_name_declares_before_its_workers_start(home: Path, v10: Spec,
                                                                               tmp_path: Path) -> None:
    """A version known from the file names (固定資産税_第10.0版_回答_….xlsx, no --answered-version) was searched by
    every worker at once on a first run; one the spec itself has needs no diff."""
    save_spec(v10)
    diff_cache._diffs.clear()
    files = [tmp_path / "住民記録_第1.0版_回答_甲社.xlsx", tmp_path / "住民記録_第1.1版_回答_乙社.xlsx"]
    for f in files:
        f.write_bytes(VENDOR.read_bytes())
    run_batch([CheckTask((str(JUMIN_V11),), (f,), home / "out") for f in files], jobs=2)
    assert [key[0] for key in diff_cache._diffs] == [v10.sha256]


def test_a_new_requirement_unanswered_keeps_its_transitional_note(v10: Spec, v11: Spec) -> None:
    """new_unanswered gave the class alone: a new 実装必須機能（経過措置） read as a plain mandatory requirement in the JSON,
    while every other output (and the diff's class changes) names the note as part of the class."""
    new_req = dataclasses.replace(v11.requirements[0], id="0019999", class_note="経過措置")
    v11n = dataclasses.replace(v11, requirements=(*v11.requirements, new_req))
    doc = carryover_dict(carry_over(diff(v10, v11n), answered_all(v10, declared="第1.0版"), "declared"))
    noted = {r["id"]: r for r in doc["new_unanswered"]}
    assert noted["0019999"] == {"id": "0019999", "class": new_req.cls, "class_note": "経過措置"}
    assert {r["class_note"] for i, r in noted.items() if i != "0019999"} == {""}


def test_a_right_answer_to_a_requirement_become_prohibited_is_flagged_beside_the_verdict_and_in_the_tables(
        v10: Spec) -> None:
    """The difforacle review: ○ to every 実装必須機能 of 第1.0版, checked against a 第1.1版 where two of them became
    実装不可機能, read 「不適合 — 実装不可機能の実装 2 件」 with nothing saying they were right answers to 第1.0版, and
    only 標準オプション→実装必須 was 要注意 in the 再確認 and 区分変更 tables."""
    from checker.report.gap_view import gap_view
    from checker.report.specdiff_view import specdiff_view

    gone = [r.id for r in v10.requirements if r.cls == "mandatory" and not r.class_note][:2]
    new = dataclasses.replace(v10, version="第1.1版", requirements=tuple(
        dataclasses.replace(r, cls="prohibited") if r.id in gone else r for r in v10.requirements))
    old = answering([r.id for r in v10.requirements if r.cls != "prohibited"], declared="第1.0版")
    d = diff(v10, new)
    c = carry_over(d, old, "declared")
    view = gap_view(check(new, old), "2026-01-01T00:00:00+09:00", c)
    assert view.verdict == "non_conformant"
    # per status, its ids named: 「必須機能の未対応 7 件・実装不可機能の実装 1 件のうち 1 件」 read as the one 実装不可機能の実装
    # (it was one of the 7), and 47 実装不可機能の実装 beside a 必須機能の未対応 never found as one sum of both
    assert view.verdict_note == (f"実装不可機能の実装 2 件のうち 2 件（{gone[0]}・{gone[1]}）は、第1.0版 から実装区分が変わった"
                                 "要件への回答です（再確認が必要）。")
    refused = next(r.id for r in v10.requirements if r.cls == "mandatory" and r.id not in gone)
    raised = next(r.id for r in v10.requirements if r.cls == "optional")  # 標準オプション → 実装必須, answered ×
    raised_new = dataclasses.replace(new, requirements=tuple(dataclasses.replace(r, cls="mandatory") if r.id == raised
                                                             else r for r in new.requirements))
    crossed = dataclasses.replace(old, answers=tuple(dataclasses.replace(a, raw_answer="×", answer="no")
                                                     if a.id in (refused, raised) else a for a in old.answers))
    noted = gap_view(check(raised_new, crossed), "2026-01-01T00:00:00+09:00",
                     carry_over(diff(v10, raised_new), crossed, "declared")).verdict_note
    assert noted == (f"必須機能の未対応 2 件のうち 1 件（{raised}）、実装不可機能の実装 2 件のうち 2 件（{gone[0]}・{gone[1]}）は、"
                     "第1.0版 から実装区分が変わった要件への回答です（再確認が必要）。")
    assert ["判定の注記", view.verdict_note] in list(view.summary_table().rows)
    assert f'<p class="banner__reason">{view.verdict_note}</p>' in render(
        "_gap_banner.html", view=view)
    # the same answers checked against their own version: nothing to note
    assert gap_view(check(v10, old), "2026-01-01T00:00:00+09:00").verdict_note == ""

    html = render("_carryover.html", carryover=carryover_view(c))
    assert html.count('<tr class="row-alert">') == 2 and html.count("要注意: 実装必須機能→実装不可機能") == 2
    table = carryover_view(c).table()
    assert table.header[5] == "要注意" and [r[5] for r in table.rows] == ["実装必須機能→実装不可機能"] * 2
    changes = specdiff_view(d, "2026-01-01T00:00:00+09:00", ())
    assert [(r.req.id, r.tone, r.alert) for r in changes.class_changed] == [
        (i, "bad", "要注意: 実装必須機能→実装不可機能") for i in gone]
    sheet = next(t for t in changes.tables() if t.name == "区分変更")
    assert sheet.header[-1] == "実装不可機能への変更" and [r[-1] for r in sheet.rows] == ["該当"] * 2


def test_a_failing_answer_to_a_requirement_whose_text_alone_changed_is_not_noted_beside_the_verdict(v10: Spec) -> None:
    """Only a class change makes a right answer to the earlier version fail: a × to a requirement whose text changed is
    the vendor's own answer, and the verdict gets no note (nor the summary sheet a 「判定の注記」 row)."""
    from checker.report.gap_view import gap_view

    edited = next(r.id for r in v10.requirements if r.cls == "mandatory" and not r.class_note)
    new = dataclasses.replace(v10, version="第1.1版", requirements=tuple(
        dataclasses.replace(r, text=r.text + "（一括処理を含む。）") if r.id == edited else r for r in v10.requirements))
    old = answering([r.id for r in v10.requirements if r.cls != "prohibited"], declared="第1.0版")
    crossed = dataclasses.replace(old, answers=tuple(dataclasses.replace(a, raw_answer="×", answer="no") if a.id == edited
                                                     else a for a in old.answers))
    c = carry_over(diff(v10, new), crossed, "declared")
    view = gap_view(check(new, crossed), "2026-01-01T00:00:00+09:00", c)
    assert (view.verdict, [r.id for r in c.reconfirm], view.verdict_note) == ("non_conformant", [edited], "")
    assert "判定の注記" not in [row[0] for row in view.summary_table().rows]


def test_the_reconfirm_filter_offers_each_change_once_in_the_order_the_changes_are_named(v10: Spec) -> None:
    """A row re-confirmed for 本文変更・区分変更 was an option of its own beside 区分変更: every combination had to be ticked
    to see each 区分変更. Each change is one option (本文変更, 区分変更 …, then 新しい要件), a row's value split by the
    facet's separator."""
    from checker.report.gap_view import gap_view

    mandatory = [r for r in v10.requirements if r.cls == "mandatory" and not r.class_note]
    classed, both = mandatory[0].id, mandatory[1].id  # the class alone first: not the order options are given in
    changed = {classed: {"cls": "optional"}, both: {"cls": "optional", "text": mandatory[1].text + "（一括処理を含む。）"}}
    added = dataclasses.replace(v10.requirements[0], id="0019999")
    new = dataclasses.replace(v10, version="第1.1版", requirements=(added, *(
        dataclasses.replace(r, **changed.get(r.id, {})) for r in v10.requirements)))
    old = answered_all(v10, declared="第1.0版")
    view = gap_view(check(new, old), "2026-01-01T00:00:00+09:00", carry_over(diff(v10, new), old, "declared"))
    assert {r.id: r.reconfirm for r in view.rows if r.id in (classed, both)} == {classed: "区分変更", both: "本文変更・区分変更"}
    facet = next(f for f in view.table_config()["facets"] if f["field"] == "reconfirm")
    assert (facet["separator"], facet["options"]) == (
        "・", [["", "変更なし"], ["本文変更", "本文変更"], ["区分変更", "区分変更"], ["新しい要件", "新しい要件"]])
