"""The canonical bytes a stored spec's sha256 is taken of must not change between versions of hyojun, and specs
stored by earlier versions read as they did."""

import dataclasses
import json
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.analysis.specdiff import diff
from checker.errors import InputError
from checker.schemas import validate
from checker.spec_store import _canonical, _digest, save_spec, spec_from_json, spec_to_json

# what a spec document holds: strings of any kind (controls, separators, astral), counts, lists, dicts
_VALUES = st.recursive(st.one_of(st.text(), st.integers(-2**63, 2**63 - 1), st.none(), st.booleans()),
                       lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4)),
                       max_leaves=20)


@given(st.dictionaries(st.text(), _VALUES, max_size=6))
def test_canonical_bytes_are_those_earlier_stores_were_hashed_with(doc):
    # earlier versions hashed json.dumps(sort_keys, no spaces, UTF-8); specs stored then must still verify
    assert _canonical(doc) == json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _annotated(spec):  # type: ignore[no-untyped-def]
    """*spec* with its first requirement 実装必須機能（経過措置）, as spec_reader reads such a cell."""
    first = spec.requirements[0]
    return dataclasses.replace(spec, requirements=(
        dataclasses.replace(first, cls="mandatory", class_note="経過措置", note="実装区分「実装必須機能（経過措置）」"),
        *spec.requirements[1:]))


def test_the_class_annotation_is_stored_only_where_there_is_one(v11, tmp_path):
    # a spec without annotations keeps the format, bytes and sha256 of earlier stores; one with annotations is
    # hyojun-spec/2, which a hyojun that would drop them refuses
    assert "class_note" not in spec_to_json(v11) and json.loads(spec_to_json(v11))["format"] == "hyojun-spec/1"
    spec = _annotated(v11)
    path, changed = save_spec(spec, tmp_path)
    assert changed and spec_to_json(spec).count('"class_note"') == 1
    doc = json.loads(path.read_text("utf-8"))
    validate(doc, "spec", source="test")
    assert doc["format"] == "hyojun-spec/2" and spec_from_json(path).requirements == spec.requirements


def _stored(doc, tmp_path):  # type: ignore[no-untyped-def]
    """*doc* as the store file of its area and version, with its digest."""
    doc["sha256"] = _digest(doc)
    path = tmp_path / doc["area"] / f"{doc['version']}.json"
    path.parent.mkdir()
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    return path


def test_annotations_hyojun_0_1_0_stored_under_hyojun_spec_1_read_and_replace_rewrites_them(v11, tmp_path):
    spec = _annotated(v11)
    doc = json.loads(spec_to_json(spec))
    doc["format"] = "hyojun-spec/1"
    path = _stored(doc, tmp_path)
    before = path.read_bytes()
    assert spec_from_json(path).requirements == spec.requirements
    notes: list[str] = []
    assert save_spec(spec, tmp_path, warnings=notes) == (path, False) and path.read_bytes() == before
    assert notes and "実装区分の注記（経過措置など）の保存のしかたが今と違います" in notes[0]
    assert save_spec(spec, tmp_path, replace=True) == (path, True)
    assert path.read_text("utf-8") == spec_to_json(spec) and json.loads(spec_to_json(spec))["format"] == "hyojun-spec/2"


@pytest.mark.parametrize("field, value", [("id", "ID-1"), ("kind", "screen")])
def test_a_stored_spec_whose_requirements_are_no_requirements_is_not_trusted_for_its_digest(v11, tmp_path, field, value):
    """A digest vouches for the bytes, not that they are a spec: a file written by hand with its digest computed."""
    doc = json.loads(spec_to_json(v11))
    doc["requirements"][0][field] = value
    with pytest.raises(InputError, match=value):
        spec_from_json(_stored(doc, tmp_path))


def test_a_store_an_earlier_hyojun_wrote_is_what_this_one_writes_and_a_reimport_says_nothing(tmp_path):
    """The bytes of a store are hyojun's own: written otherwise (another indent), every re-import of an intact store
    was told it is in an older form."""
    from tests.conftest import FIXTURES

    path = tmp_path / "住民記録" / "第1.0版.json"
    path.parent.mkdir()
    shutil.copyfile(FIXTURES / "stores" / "住民記録_第1.0版_866d8cf.json", path)
    spec = spec_from_json(path)
    assert spec_to_json(spec) == path.read_text("utf-8")
    notes: list[str] = []
    assert save_spec(spec, tmp_path, warnings=notes) == (path, False) and notes == []


def test_other_content_of_a_two_file_spec_with_both_kinds_is_refused_pointing_to_spec_diff(tmp_path):
    """Stored from the 機能要件 and the 帳票要件 file and imported again from both with a change: no kind is missing,
    and the refusal says how to see the difference, not that a kind is."""
    from checker.io.spec_reader import read_spec
    from checker.spec_store import with_digest
    from tests.conftest import SHUGAKU_FORM, SHUGAKU_FUNC

    spec = with_digest(read_spec([SHUGAKU_FUNC, SHUGAKU_FORM]))
    save_spec(spec, tmp_path)
    first, *rest = spec.requirements
    changed = dataclasses.replace(spec, requirements=(dataclasses.replace(first, text=first.text + "（改）"), *rest))
    with pytest.raises(InputError) as err:
        save_spec(changed, tmp_path)
    assert "追加 0 件、削除 0 件、変更 1 件" in err.value.message
    assert "違いは `hyojun spec diff --old 就学@第4.0版" in err.value.message and "1 件もありません" not in err.value.message


def test_a_spec_stored_by_a_newer_hyojun_is_refused_with_the_versions(v11, tmp_path):
    """A format this hyojun does not know: no schema dump, no advice to import over it (that would drop what the
    newer hyojun stored), even with --replace."""
    from checker import __version__

    doc = json.loads(spec_to_json(v11))
    doc["format"] = "hyojun-spec/9"
    path = _stored(doc, tmp_path)
    said = (f"{path}: 新しい版の hyojun で保存された仕様書です（形式 hyojun-spec/9、この hyojun {__version__} が読めるのは "
            "hyojun-spec/2 まで）。hyojun を更新してください")
    with pytest.raises(InputError) as refused:
        spec_from_json(path)
    assert refused.value.message == said and not refused.value.details
    with pytest.raises(InputError) as refused:
        save_spec(v11, tmp_path, replace=True)
    assert refused.value.message == said


def test_a_spec_stored_before_the_class_annotation_was_kept_reads_it_from_the_note(v11, tmp_path):
    spec = _annotated(v11)
    doc = json.loads(spec_to_json(spec))
    del doc["requirements"][0]["class_note"]
    doc["sha256"] = _digest(doc)
    path = tmp_path / spec.area / f"{spec.version}.json"
    path.parent.mkdir()
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    before = path.read_bytes()
    assert spec_from_json(path).requirements == spec.requirements  # so it differs in nothing from a new import
    assert diff(spec_from_json(path), spec).class_changed == ()
    assert save_spec(spec, tmp_path) == (path, False) and path.read_bytes() == before  # a re-import: 変更なし


def test_the_same_spec_is_the_same_requirements_of_each_kind_in_order(tmp_path):
    """Which kind comes first is no change (the two files of a spec given in either order, stores from before that
    order was fixed); the order within a kind is the spec's, and a change."""
    from checker.io.spec_reader import read_spec
    from checker.spec_store import with_digest
    from tests.conftest import FIXTURES, SHUGAKU_FORM, SHUGAKU_FUNC

    path = tmp_path / "就学" / "第4.0版.json"
    path.parent.mkdir()
    shutil.copyfile(FIXTURES / "stores" / "就学_第4.0版_4578489.json", path)
    spec = with_digest(read_spec([SHUGAKU_FUNC, SHUGAKU_FORM]))
    assert spec_from_json(path).requirements[0].kind == "form" and spec.requirements[0].kind == "function"
    notes: list[str] = []
    assert save_spec(spec, tmp_path, warnings=notes) == (path, False) and len(notes) == 1
    first, second, *rest = spec.requirements
    with pytest.raises(InputError, match="別の内容で取り込み済み"):
        save_spec(dataclasses.replace(spec, requirements=(second, first, *rest)), tmp_path)


def test_a_store_of_words_an_earlier_hyojun_folded_is_the_same_spec_and_its_changes_are_counted_without_them(v10, tmp_path):
    """hyojun 866d8cf stored the texts NFKC-folded (③ ②を４世代（※） as 3 2を4世代(※)): the same workbook imported again
    is the same spec, left as stored (--replace rewrites it), and a real change is one change, not every folded text."""
    from tests.conftest import FIXTURES

    path = tmp_path / "住民記録" / "第1.0版.json"
    path.parent.mkdir()
    shutil.copyfile(FIXTURES / "stores" / "住民記録_第1.0版_866d8cf.json", path)
    before = path.read_bytes()
    old = spec_from_json(path)
    assert "\n3 2を4世代(※)まで" in old.by_id()["0010014"].text and "\n③ ②を４世代（※）まで" in v10.by_id()["0010014"].text
    notes: list[str] = []
    assert save_spec(v10, tmp_path, warnings=notes) == (path, False) and path.read_bytes() == before
    assert notes and "要件の本文・名称・備考・大項目の文字（以前の hyojun は ①②・全角の（）などを" in notes[0]
    edited = dataclasses.replace(v10, requirements=(dataclasses.replace(v10.requirements[0], text="変更した本文"),
                                                    *v10.requirements[1:]))
    with pytest.raises(InputError, match="追加 0 件、削除 0 件、変更 1 件）"):
        save_spec(edited, tmp_path)
    assert save_spec(v10, tmp_path, replace=True) == (path, True)
    assert spec_from_json(path).requirements == v10.requirements and save_spec(v10, tmp_path, warnings=notes[1:]) == (path, False)


def test_a_file_whose_wording_differs_from_a_store_of_this_hyojun_only_in_width_is_not_blamed_on_an_older_hyojun(v10, tmp_path):
    """A store holding （ was written as written (0.4.0 on): a file with ( instead is the file's wording (a ministry
    correction of widths alone), not a store an older hyojun folded, which the note said."""
    first = v10.requirements[0]
    wide = dataclasses.replace(v10, requirements=(dataclasses.replace(first, text=first.text + "（原票）"), *v10.requirements[1:]))
    narrow = dataclasses.replace(v10, requirements=(dataclasses.replace(first, text=first.text + "(原票)"), *v10.requirements[1:]))
    path, _ = save_spec(wide, tmp_path)
    notes: list[str] = []
    assert save_spec(narrow, tmp_path, warnings=notes) == (path, False) and spec_from_json(path).requirements == wide.requirements
    assert len(notes) == 1 and "以前の hyojun" not in notes[0]
    assert notes[0].startswith(f"{path} の要件の本文・名称・備考・大項目は、今回のファイルと文字の幅（全角・半角）や空白だけが違います")
    assert save_spec(narrow, tmp_path, replace=True) == (path, True) and spec_from_json(path).requirements == narrow.requirements


@pytest.mark.parametrize("same", [True, False])
def test_an_import_that_another_import_of_the_version_overtakes_compares_with_it(v11, tmp_path, monkeypatch, same):
    """Another `spec import` stores the version between this one's check and its write: this one must not replace it
    (both said 保存しました, and one was lost), but compare as if it had come second."""
    from checker.io import atomic

    edited = dataclasses.replace(v11, requirements=(dataclasses.replace(v11.requirements[0], name="（修正）"),
                                                    *v11.requirements[1:]))
    theirs = spec_to_json(v11 if same else edited)
    real = atomic._temp_beside

    def overtaken(target, suffix):  # type: ignore[no-untyped-def]
        tmp = real(target, suffix)  # makes the area's folder
        if not target.exists():
            target.write_text(theirs, "utf-8")
        return tmp

    monkeypatch.setattr(atomic, "_temp_beside", overtaken)
    if same:
        path, changed = save_spec(v11, tmp_path)
        assert not changed
    else:
        with pytest.raises(InputError, match="は別の内容で取り込み済みです"):
            save_spec(v11, tmp_path)
        [path] = tmp_path.glob("*/*.json")
    assert path.read_text("utf-8") == theirs and [p.name for p in path.parent.iterdir()] == [path.name]


def test_the_same_workbook_an_older_hyojun_read_otherwise_is_refused_saying_so(tmp_path):
    """機能ID（旧）| 機能ID（新）: hyojun before 0.10.0 stored the old ids. The same file (same sha256) imported again was
    refused as any other content, with nothing saying an older hyojun read it otherwise, and the old ids stayed in use."""
    from checker.io.spec_reader import read_spec
    from checker.spec_store import with_digest
    from tests.conftest import write_book

    book = write_book(tmp_path / "住民記録_第2.0版_機能要件.xlsx", {"機能要件": [
        ["機能ID（旧）", "機能ID（新）", "機能名称", "実装区分"], ["0010001", "0010101", "a", "実装必須機能"],
        ["0010002", "0010102", "b", "標準オプション機能"]]})
    spec = with_digest(read_spec([book], warnings=[]))
    assert [r.id for r in spec.requirements] == ["0010101", "0010102"]
    doc = json.loads(spec_to_json(spec))  # as hyojun 0.9.0 stored it: the same sources, the old ids
    for r, old_id in zip(doc["requirements"], ("0010001", "0010002")):
        r["id"] = old_id
    (tmp_path / "specs").mkdir()
    path = _stored(doc, tmp_path / "specs")
    before = path.read_bytes()
    said = ("追加 2 件、削除 2 件、変更 0 件）。同じファイル（sha256 が同じ）を以前の hyojun が別の読み方で取り込んでいます"
            "（--class-column・--skip-sheet の指定を前回と変えたのでなければ）。今の hyojun の読み方にするには --replace を付けて"
            f"取り込み直してください。違いは `hyojun spec diff --old 住民記録@第2.0版 --new {book}` で確かめられます")
    with pytest.raises(InputError) as refused:
        save_spec(spec, tmp_path / "specs", given=[book])
    assert refused.value.message.startswith("住民記録 第2.0版 は別の内容で取り込み済みです（取り込み済み: 2 件")
    assert refused.value.message.endswith(said) and path.read_bytes() == before
    with pytest.raises(InputError) as refused:  # told what to read: spec diff, which cannot be, is not suggested
        save_spec(spec, tmp_path / "specs", given=[book], chosen=True)
    assert refused.value.message.endswith("--replace を付けて取り込み直してください") and "spec diff" not in refused.value.message
    # another file (its sha256) with other content is another list, not another reading
    other = dataclasses.replace(spec, sources=(dataclasses.replace(spec.sources[0], sha256="0" * 64),))
    with pytest.raises(InputError) as refused:
        save_spec(other, tmp_path / "specs", given=[book])
    assert "以前の hyojun" not in refused.value.message
    assert save_spec(spec, tmp_path / "specs", replace=True) == (path, True)
    assert [r.id for r in spec_from_json(path).requirements] == ["0010101", "0010102"]


def test_a_kind_the_same_files_no_longer_give_is_not_blamed_on_a_file_left_out(tmp_path):
    """The 機能要件 and 帳票要件 files stored before, read again (both given) without any 帳票要件: the advice to give
    both files is what was done; the refusal says the reading changed and what --replace drops."""
    from checker.io.spec_reader import read_spec
    from checker.spec_store import with_digest
    from tests.conftest import SHUGAKU_FORM, SHUGAKU_FUNC

    spec = with_digest(read_spec([SHUGAKU_FUNC, SHUGAKU_FORM]))
    path, _ = save_spec(spec, tmp_path)
    forms = spec.count(kind="form")
    functions = dataclasses.replace(spec, requirements=tuple(r for r in spec.requirements if r.kind == "function"))
    with pytest.raises(InputError) as refused:
        save_spec(functions, tmp_path, given=[SHUGAKU_FUNC, SHUGAKU_FORM])
    assert ("同じファイル（sha256 が同じ）を以前の hyojun が別の読み方で取り込んでいます" in refused.value.message
            and f"--replace を付けて取り込み直してください（帳票要件 {forms} 件はなくなります）。違いは" in refused.value.message)
    assert "指定し忘れていませんか" not in refused.value.message
    notes: list[str] = []
    assert save_spec(functions, tmp_path, replace=True, given=[SHUGAKU_FUNC, SHUGAKU_FORM], warnings=notes) == (path, True)
    assert notes == [f"今回の取り込みに帳票要件が 1 件もないため、取り込み済みの帳票要件 {forms} 件はなくなりました"]
