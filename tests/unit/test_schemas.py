"""Schema errors as a user who edits YAML reads them: Japanese, with the path of the value."""

import pytest

from checker.errors import InputError
from checker.schemas import validate


def _details(doc: object, name: str) -> list[str]:
    with pytest.raises(InputError, match=f"x.yaml: 形式が正しくありません（{name} スキーマ）") as err:
        validate(doc, name, source="x.yaml")
    return err.value.details


def test_profile_errors_in_japanese():
    assert _details({"municipality": "見本町", "area": "介護保険", "required_options": [{"id": "0230101", "priority": "最高"}],
                     "extra": 1}, "profile") == [
        "(最上位): 使えないキー「extra」があります（書き間違いでないか確かめてください）",
        "required_options[1]/priority: 「最高」は使えません（使える値: 「高」「中」「低」）"]
    assert _details({"municipality": "見本町"}, "profile") == ["(最上位): 必要なキー「area」「required_options」がありません"]


def test_scoring_errors_in_japanese():
    details = _details({"points": {"mandatory": {"conformant": "x"}}, "priority_weights": {"高": -1}}, "scoring")
    assert details == ["points/mandatory/conformant: 「x」は数ではありません",
                       "priority_weights/高: 「-1」は 0 以上である必要があります"]
    assert not [d for d in details if any(w in d for w in ("is not", "required property", "Additional"))]


def test_paths_count_list_items_from_1_as_the_manifests_own_messages_do(tmp_path):
    from checker.manifest import load_manifest
    m = tmp_path / "m.yaml"
    m.write_text("areas:\n  - spec: 介護保険\n    vendors: [{name: A, file: a.xlsx}]\n"
                 "  - spec: 就学\n    vendors: [{name: B, file: b.xlsx, typo: 1}]\n", "utf-8")
    with pytest.raises(InputError) as e:
        load_manifest(m, same_vendors=False)
    assert e.value.details[0].startswith("5 行目: areas[2]/vendors[1]: 使えないキー「typo」があります")


def test_an_entry_needing_one_key_of_several_names_them_all():
    """An entry fitting none of anyOf's forms was jsonschema's English dump of the whole entry, then 「必要なキー
    「deadline」がありません」 as if areas would not do."""
    with pytest.raises(InputError) as e:
        validate({"municipalities": [{"prefecture": "宮城県", "municipality": "利府町", "note": "ノートだけ"}]},
                 "deadlines", source="d.yaml")
    assert e.value.details == ["municipalities[1]: キー「deadline」か「areas」のどちらかが必要です"]


def test_a_key_left_empty_says_so_and_how_to_write_nothing():
    """`required_options:` with nothing after it (YAML's null) was 「null」はリストではありません."""
    with pytest.raises(InputError) as err:
        validate({"municipality": "見本市", "area": "介護保険", "required_options": None}, "profile", source="p.yaml")
    assert err.value.details == ["required_options: 値がありません（リストを書いてください。空のリストなら [] と書きます）"]
    with pytest.raises(InputError) as err:
        validate({"municipality": None, "area": "介護保険", "required_options": []}, "profile", source="p.yaml")
    assert err.value.details == ["municipality: 値がありません（文字列を書いてください）"]


def test_the_schemas_of_spec_list_history_and_the_mask_key_hold_their_outputs_to_their_shape():
    """spec list/history --json and mask_key.json had no schema: a script reading them had only the prose."""
    entry = {"area": "住民記録", "version": "第1.1版", "requirements": 2, "function": 2, "form": 0, "mandatory": 1,
             "optional": 1, "prohibited": 0, "sha256": "0" * 64}
    validate([entry, {**entry, "previous": None, "changes": None, "warnings": []}], "spec_list", source="x.yaml")
    assert _details([{**entry, "previous": "第1.0版"}], "spec_list") == ["[1]: 必要なキー「changes」「warnings」がありません"]
    assert _details([{**entry, "version": "1.1"}], "spec_list")[0].startswith("[1]/version: ")
    vendor = {"label": "A社", "vendor": "架空システムズ", "files": [{"area": "介護保険", "file": "a.xlsx", "sha256": "f" * 64}]}
    key = {"format": "hyojun-mask-key/1", "generated_at": "2026-12-07T12:00:00+09:00",
           "report": {"name": "compare", "title": "t", "files": ["compare.json"]}, "seed": "a" * 64,
           "vendors": [vendor], "replacements": []}
    validate(key, "mask_key", source="x.yaml")
    assert _details({**key, "vendors": [{**vendor, "files": []}]}, "mask_key")[0].startswith("vendors[1]/files: ")


def test_the_finding_codes_of_lint_and_check_are_the_closed_list_that_names_them():
    from checker.model import CODE_LABELS
    from checker.schemas import load_schema

    lint, result = load_schema("lint"), load_schema("result")
    assert lint["properties"]["findings"]["items"]["properties"]["code"]["enum"] == list(CODE_LABELS)
    assert result["properties"]["lint"]["items"]["properties"]["code"]["enum"] == list(CODE_LABELS)


def test_a_value_written_twice_in_a_list_is_named():
    """`statuses: [unanswered, unanswered]` was only 「同じ値が重複しています」, leaving the user to find which."""
    doc = {"knockouts": [{"statuses": ["mandatory_gap"]}, {"statuses": ["unanswered", "optional_gap", "unanswered"]}]}
    assert _details(doc, "scoring") == ["knockouts[2]/statuses: 同じ値が重複しています（「unanswered」が 2 回あります）"]


@pytest.mark.parametrize(("spec", "said"), [
    ([], "リストが空です（1 個以上の要素が必要です）"),
    (["a.xlsx", "b.xlsx", "c.xlsx"], "3 個ありますが、2 個までです"),
    (3, "「3」は文字列またはリストではありません"),
    (None, "値がありません（文字列またはリストを書いてください。空のリストなら [] と書きます）")])
def test_a_manifest_spec_of_the_wrong_form_says_what_is_wrong_with_it_and_what_it_holds(spec, said):
    """`spec: []` was 「「[]」は文字列ではありません」: the error of the string form, though a list was written."""
    doc = {"areas": [{"spec": spec, "vendors": [{"name": "A", "file": "a.xlsx"}]}]}
    assert _details(doc, "compare_manifest") == [
        f"areas[1]/spec: {said}。spec には仕様書を 1 つか 2 つ（機能と帳票が別のファイルなら [機能.xlsx, 帳票.xlsx]）、"
        "または 業務名@版（介護保険@第1.2版 など）を書きます"]


def test_a_value_of_several_forms_is_judged_by_the_form_of_its_type():
    """A vendor's `file: []` was 「「[]」は文字列ではありません」, as spec's was."""
    doc = {"areas": [{"spec": "介護保険", "vendors": [{"name": "A", "file": []}]}]}
    assert _details(doc, "compare_manifest") == ["areas[1]/vendors[1]/file: リストが空です（1 個以上の要素が必要です）"]


def test_the_schema_errors_of_the_files_a_user_writes_name_their_lines_in_the_order_of_the_file(tmp_path):
    """A profile's, a manifest's, a scoring file's or a vocabulary's schema errors named only the path
    (areas[1]/spec): the deadlines file named the line already."""
    from checker.compare_run import load_scoring
    from checker.io.config import load_profile, load_vocabulary
    from checker.manifest import load_manifest

    def details(load, text):
        (f := tmp_path / "x.yaml").write_text(text, "utf-8")
        with pytest.raises(InputError) as e:
            load(f)
        return e.value.details

    assert details(load_manifest, "title: 調達\nareas:\n  - spec: []\n    vendors: [{name: A, file: a.xlsx}]\n")[0] \
        .startswith("3 行目: areas[1]/spec: リストが空です")
    assert details(load_profile, "municipality: 見本町\narea: 介護保険\nrequired_options:\n  - id: '0230101'\n"
                   "    priority: 最高\nextra: 1\n") == [
        "5 行目: required_options[1]/priority: 「最高」は使えません（使える値: 「高」「中」「低」）",
        "6 行目: (最上位): 使えないキー「extra」があります（書き間違いでないか確かめてください）"]
    assert details(load_scoring, "points:\n  mandatory:\n    conformant: x\n") == [
        "3 行目: points/mandatory/conformant: 「x」は数ではありません"]
    assert details(load_vocabulary, "answers:\n  yes: 済\n") == ["2 行目: answers/yes: 「済」はリストではありません"]
    assert details(load_profile, "municipality: 見本町\n") == ["(最上位): 必要なキー「area」「required_options」がありません"]
