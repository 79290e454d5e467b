"""The spec store (specs/<area>/<version>.json) and the SPEC argument every command accepts.

A SPEC is a workbook path (read on the fly; two for separate 機能/帳票 files), a canonical JSON
path, or AREA[@VERSION] from the store (the latest version when omitted).
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from . import __version__, paths
from .analysis.specdiff import comparable
from .paths import SPREADSHEET_SUFFIXES, not_found, with_extension
from .catalog import load_catalog
from .errors import InputError, UsageError, command_arg
from .io import atomic
from .io.input_file import read_input
from .io.limits import Limits
from .io.spec_reader import class_of, read_spec
from .io.text import decode_text
from .model import KIND_LABELS, Requirement, SourceFile, Spec
from .normalize import CLASSES, ID_RE, version_arg, version_key
from .schemas import validate

SPEC_SUFFIXES = (*SPREADSHEET_SUFFIXES, ".json")  # what a SPEC file is named


# The format a stored spec is written in. /2: some requirement has a class_note, which a reader of /1 (hyojun before
# 0.2.0) refuses or silently drops; a spec without annotations stays /1, with the bytes and sha256 it always had.
# A /1 file may hold class_note too: hyojun 0.1.0 wrote it so for a while.
FORMATS = ("hyojun-spec/1", "hyojun-spec/2")


def _document(spec: Spec) -> dict[str, Any]:
    return {
        "format": FORMATS[1] if any(r.class_note for r in spec.requirements) else FORMATS[0],
        "area": spec.area,
        "version": spec.version,
        "sources": [s.to_dict() for s in spec.sources],
        "counts": spec.counts(),
        "requirements": [
            {"id": r.id, "kind": r.kind, "class": r.cls, "section": list(r.section), "number": r.number,
             "name": r.name, "text": r.text, "note": r.note, "source": r.source,
             # only where there is one: a spec without annotations keeps the bytes (and sha256) it was stored with
             **({"class_note": r.class_note} if r.class_note else {})}
            for r in spec.requirements
        ],
    }


def _canonical(doc: dict[str, Any]) -> bytes:
    """The bytes the sha256 is taken of. orjson writes exactly what json.dumps(ensure_ascii=False,
    sort_keys=True, separators=(",", ":")) wrote for earlier stores (tests/unit/test_spec_store.py),
    several times faster on a large spec."""
    return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)


def _digest(doc: dict[str, Any]) -> str:
    """The sha256 of a spec document, leaving out its own "sha256" key."""
    return hashlib.sha256(_canonical({k: v for k, v in doc.items() if k != "sha256"})).hexdigest()


def spec_digest(spec: Spec) -> str:
    return _digest(_document(spec))


def with_digest(spec: Spec) -> Spec:
    return Spec(spec.area, spec.version, spec.requirements, spec.sources, spec_digest(spec))


def spec_to_json(spec: Spec) -> str:
    doc = _document(spec)
    doc["sha256"] = _digest(doc)
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# (path, sha256 of its bytes) → Spec. Checking several answer sheets loads the same stored specs
# again and again (the carry-over looks at every version), and the schema validation of a large
# spec costs ten times its parse; a Spec is immutable, so the same bytes give the same one.
_LOADED: dict[tuple[str, str], Spec] = {}


def spec_from_json(path: Path) -> Spec:
    try:
        data = read_input(path, Limits.from_env())  # --spec X.json is the user's: a link to /dev/zero was read whole
    except FileNotFoundError:
        raise InputError(f"{path}: ファイルが見つかりません") from None
    key = (str(path), hashlib.sha256(data).hexdigest())
    if key not in _LOADED:
        try:
            _LOADED[key] = _parse_spec_json(path, data)
        except NewerFormatError:
            raise  # not to be repaired: importing over it would lose what the newer hyojun stored
        except InputError as exc:  # every command that reads the store stops on it: say how to repair it
            raise InputError(f"{exc.message}。{_reimport(path, data)}", details=exc.details) from None
    return _LOADED[key]


class NewerFormatError(InputError):
    """A stored spec in a format this hyojun does not know: written by a newer one."""


def _parse_spec_json(path: Path, data: bytes) -> Spec:
    """Parse a stored spec. Its recorded sha256 vouches for it: the full JSON Schema validation
    (ten times the cost of the parse on a large spec) runs only when the digest does not match,
    to say precisely what is wrong with a file that was not written by `hyojun spec import`.
    An error says what is wrong, not what to do: reading and importing over it repair it differently."""
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or not _is_utf8(data):
            raise InputError(f"{path}: hyojun が書いた文字コード（BOM なしの UTF-8）ではありません"
                             "（メモ帳などで開いて、別の文字コードで保存し直された可能性があります）") from None
        raise InputError(f"{path}: JSON として読めません（{exc.lineno} 行目 {exc.colno} 文字目。"
                         "途中で切れているか、手で編集された可能性があります）") from None
    spec = _spec_if_intact(doc)
    if spec is None:
        if isinstance(doc, dict) and str(doc.get("format")).startswith("hyojun-spec/") and doc["format"] not in FORMATS:
            raise NewerFormatError(f"{path}: 新しい版の hyojun で保存された仕様書です（形式 {doc['format']}、この hyojun "
                                   f"{__version__} が読めるのは {FORMATS[-1]} まで）。hyojun を更新してください")
        validate(doc, "spec", source=str(path))
        raise InputError(f"{path}: 内容が sha256 と一致しません（手で編集された可能性があります）")
    return spec


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _reimport(path: Path, data: bytes) -> str:
    """How to repair a stored spec that cannot be used: import its workbooks again over it, named as the file names
    them (read in whatever encoding it was saved again)."""
    files = "仕様書.xlsx"
    with contextlib.suppress(InputError, ValueError, KeyError, TypeError):  # too damaged to name them
        files = " ".join(command_arg(s["file"]) for s in orjson.loads(decode_text(path, data)[0])["sources"]) or files
    return f"元の仕様書の Excel から取り込み直してください（hyojun spec import {files} --replace）"


def _spec_if_intact(doc: object) -> Spec | None:
    """The Spec in *doc* when it is well formed and its content matches its recorded sha256."""
    if not isinstance(doc, dict) or doc.get("format") not in FORMATS:
        return None
    try:
        # the digest of the document as read is the digest of the Spec it holds (spec_to_json wrote
        # it canonically), without building the document again from the Spec
        digest = _digest(doc)
        spec = Spec(
            doc["area"], doc["version"],
            tuple(Requirement(id=r["id"], kind=r["kind"], cls=r["class"], section=tuple(r["section"]),
                              number=r["number"], name=r["name"], text=r["text"], note=r["note"], source=r["source"],
                              class_note=r["class_note"] if "class_note" in r else _noted_class(r["note"]))
                  for r in doc["requirements"]),
            tuple(SourceFile(s["file"], s["sha256"]) for s in doc["sources"]),
            digest,
        )
    except (KeyError, TypeError):
        return None
    valid = all(ID_RE.match(r.id) and r.kind in KIND_LABELS and r.cls in CLASSES for r in spec.requirements)
    return spec if valid and spec.sha256 == doc.get("sha256") else None


# Stores written before Requirement.class_note kept a class annotation only at the end of the note, where
# spec_reader still writes the cell as 実装区分「…」: read back, so that such a store does not differ from a new
# import of the same spec (every 経過措置 a class change).
_NOTED_CLASS = "\n実装区分「"


def _noted_class(note: object) -> str:
    if not (isinstance(note, str) and note.endswith("」")) or (start := f"\n{note}".rfind(_NOTED_CLASS)) < 0:
        return ""
    return class_of(note[start + len(_NOTED_CLASS) - 1:-1])[1]


def store_path(area: str, version: str, store: Path | None = None) -> Path:
    return (store or paths.spec_store()) / area / f"{version}.json"


def save_spec(spec: Spec, store: Path | None = None, *, replace: bool = False,
              given: Sequence[Path] = (), warnings: list[str] | None = None, chosen: bool = False) -> tuple[Path, bool]:
    """Write the canonical JSON; returns (path, changed). Identical content is left untouched.

    A stored version with other content is only replaced when asked: importing the wrong file
    (a vendor's answer sheet has 機能ID and 実装区分 too) must not silently overwrite a spec.
    *given*: the files as the user named them, for the commands the refusal suggests. *warnings*: a replacement
    that drops a whole kind of requirement is said there. *chosen*: the read was told what to read (--class-column,
    --skip-sheet), which `spec diff` cannot be told: the refusal does not suggest it.
    """
    target = store_path(spec.area, spec.version, store)
    body = spec_to_json(spec)
    if target.is_file():
        # bytes: a store file saved again by Notepad (「Unicode」, ANSI) is not UTF-8, and is a damaged file
        stored = target.read_bytes()
        if stored == body.encode():
            return target, False
        old: Spec | None
        try:
            old = _parse_spec_json(target, stored)
        except InputError as exc:  # a damaged file: --replace overwrites it
            if isinstance(exc, NewerFormatError):
                raise
            if not replace:
                raise InputError(f"{exc.message}。今回のファイルで置き換えるには --replace を付けてください"
                                 f"（hyojun spec import {' '.join(_files_given(spec, given))} --replace）",
                                 details=exc.details) from None
            old = None
        else:
            if _same_requirements(spec, old):
                # the same spec as an older hyojun stored it is left as it is, sha256 and all, unless asked
                older = _older_form(old, spec, stored)
                # texts as written that differ only as comparable() reads them, in a store an older hyojun cannot have
                # written (it folded every text): the file's wording (a correction of widths alone, another conversion)
                reworded = _by_kind(old) != _by_kind(spec) and not _folded(old)
                if not (replace and (older or reworded)):
                    again = f"hyojun spec import {' '.join(_files_given(spec, given))} --replace。保存内容の sha256 が変わります"
                    if older and warnings is not None:
                        warnings.append(f"{target} は以前の hyojun の形式で保存されています（{older}が今と違います。要件は今回と"
                                        f"同じなので置き換えていません）。今の形式で保存し直すには --replace を付けてください（{again}）")
                    if reworded and warnings is not None:
                        warnings.append(f"{target} の要件の本文・名称・備考・大項目は、今回のファイルと文字の幅（全角・半角）や空白だけが"
                                        "違います（要件は同じなので置き換えず、レポートは保存済みの書き方で示します）。今回のファイルの"
                                        f"書き方で保存するには --replace を付けてください（{again}）")
                    return target, False
            elif not replace:
                raise InputError(_refusal(old, spec, given, chosen))
        if old and (dropped := _dropped_kinds(old, spec)) and warnings is not None:
            warnings.append(f"今回の取り込みに{_kinds(dropped)}が 1 件もないため、取り込み済みの{_lost(old, dropped)}は"
                            "なくなりました" + (f"。{_kinds(dropped)}が別のファイルなら、両方を指定して取り込み直してください"
                                               f"（hyojun spec import {_both_files(old, spec, given, dropped)} --replace）"
                                               if _kinds_apart(old, dropped) and not _same_files(old, spec) else ""))
    if replace:
        atomic.write_text(target, body)
    elif not atomic.create_bytes(target, body.encode()):  # another import stored this version since the check
        # the same → unchanged, another → refused
        return save_spec(spec, store, given=given, warnings=warnings, chosen=chosen)
    return target, True


def _refusal(old: Spec, new: Spec, given: Sequence[Path], chosen: bool) -> str:
    """Why *new* does not replace the stored *old* without --replace, and what to do."""
    dropped = _dropped_kinds(old, new)
    news = "".join(f" --new {f}" for f in _files_given(new, given))
    diff = "" if chosen else f"違いは `hyojun spec diff --old {new.area}@{new.version}{news}` で確かめられます"
    if _same_files(old, new):
        # no file was forgotten or changed: an older hyojun read them otherwise (0.10.0 and 0.11.0 changed the reading
        # of several layouts), or the options that choose what is read were not the same
        advice = ("同じファイル（sha256 が同じ）を以前の hyojun が別の読み方で取り込んでいます（--class-column・--skip-sheet の"
                  "指定を前回と変えたのでなければ）。今の hyojun の読み方にするには --replace を付けて取り込み直してください"
                  + (f"（{_lost(old, dropped)}はなくなります）" if dropped else "") + (f"。{diff}" if diff else ""))
    elif _kinds_apart(old, dropped):
        missing = _kinds(dropped)
        advice = (f"今回の取り込みには{missing}が 1 件もありません。{missing}のファイルを指定し忘れていませんか。"
                  f"機能要件と帳票要件が別のファイルなら、1 回の取り込みで両方を指定してください"
                  f"（hyojun spec import {_both_files(old, new, given, dropped)}）。--replace を付けると取り込み済みの "
                  f"{len(old.requirements):,} 件は今回の {len(new.requirements):,} 件に置き換わり、{_lost(old, dropped)}はなくなります")
    else:
        advice = ((f"{diff}。" if diff else "") + "置き換えるには --replace を付けてください"
                  + (f"（{_lost(old, dropped)}はなくなります）" if dropped else ""))
    return (f"{new.area} {new.version} は別の内容で取り込み済みです（取り込み済み: {len(old.requirements)} 件、"
            f"出典 {_files(old)}／今回: {len(new.requirements)} 件、出典 {_files(new)}。{_differences(old, new)}）。{advice}")


def _same_files(old: Spec, new: Spec) -> bool:
    """Whether *new* was read from the very files (by sha256) *old* was stored from."""
    return bool(old.sources) and {s.sha256 for s in old.sources} == {s.sha256 for s in new.sources}


def _dropped_kinds(old: Spec, new: Spec) -> list[str]:
    """The kinds of requirement *old* has and *new* has none of (as spec diff's one_sided_kinds)."""
    return [k for k in KIND_LABELS if old.count(kind=k) and not new.count(kind=k)]


def _kinds_apart(old: Spec, dropped: list[str]) -> bool:
    """Whether the kinds *dropped* were likely in a file of their own, which the new import left out (機能要件 and
    帳票要件 imported one file at a time, or one of the two files forgotten): not so when one stored workbook held
    every kind (then the new file is another list)."""
    return bool(dropped) and (len(old.sources) > 1 or all(k in dropped for k in KIND_LABELS if old.count(kind=k)))


def _kinds(kinds: list[str]) -> str:
    return "・".join(KIND_LABELS[k] for k in kinds)


def _lost(old: Spec, kinds: list[str]) -> str:
    return "、".join(f"{KIND_LABELS[k]} {old.count(kind=k):,} 件" for k in kinds)


def _files_given(spec: Spec, given: Sequence[Path]) -> list[str]:
    return [command_arg(f) for f in given] or [command_arg(f.file) for f in spec.sources]


def _both_files(old: Spec, new: Spec, given: Sequence[Path], dropped: list[str]) -> str:
    """The arguments of a `hyojun spec import` of the new files and the stored version's other files, the 機能要件
    file first. The stored version knows its files by name: most often they stand beside the new ones."""
    beside = Path(given[0]).parent if given else Path()
    named = {f.file for f in new.sources}
    others = [command_arg(beside / f.file if (beside / f.file).is_file() else f.file)
              for f in old.sources if f.file not in named]
    others = others or [f"{KIND_LABELS[k]}のファイル" for k in dropped]  # every stored file is among the new: none to name
    new_files = _files_given(new, given)
    return " ".join([*others, *new_files] if "function" in dropped else [*new_files, *others])


def _differences(old: Spec, new: Spec) -> str:
    """What a re-import changes, counted by id: added, removed, and changed in any field but the cell it came from."""
    before, after = old.by_id(), new.by_id()
    changed = sum(dataclasses.replace(_compared(r), source="") != dataclasses.replace(_compared(before[i]), source="")
                  for i, r in after.items() if i in before)
    counts = {"追加": len(after.keys() - before.keys()), "削除": len(before.keys() - after.keys()), "変更": changed}
    return "、".join(f"{label} {n:,} 件" for label, n in counts.items()) if any(counts.values()) else "要件の並び順か出典の番地だけが違います"


def _files(spec: Spec) -> str:
    return "、".join(f.file for f in spec.sources)


def _same_requirements(spec: Spec, old: Spec) -> bool:
    """The stored *old* holds *spec*'s requirements, read from other files: renamed, or saved again by Excel (its
    bytes, so its sha256, change with every save), or stored before a field was added (class_note) or before their
    words were kept as written (_compared). The store keeps the files it was first imported from. The order of each
    kind is the spec's; which kind comes first is not (the 機能要件 and 帳票要件 files given in either order: stores
    from before read_spec fixed it kept the order given)."""
    return (old.area, old.version, _compared_by_kind(old)) == (spec.area, spec.version, _compared_by_kind(spec))


def _compared(r: Requirement) -> Requirement:
    """*r* as two imports of a spec are compared: its name, text, note and sections as spec diff compares texts
    (comparable: NFKC, without whitespace). Stores written before they were kept as written hold them NFKC-folded
    (（）as (), ① as 1) and without the blank rows of a text laid out a row per line: the same spec, not another."""
    return dataclasses.replace(r, name=comparable(r.name), text=comparable(r.text), note=comparable(r.note),
                               section=tuple(map(comparable, r.section)))


def _compared_by_kind(spec: Spec) -> list[Requirement]:
    return list(map(_compared, _by_kind(spec)))


def _older_form(old: Spec, spec: Spec, stored: bytes) -> str:
    """How the stored *old*, the same spec as *spec*, is not what this hyojun writes of it ("" if it is): its kinds in
    the order the files were given (before read_spec fixed it), its words NFKC-folded (before they were kept as
    written), or its 実装区分 annotations kept in the note only (before class_note) or under hyojun-spec/1 (before
    hyojun-spec/2)."""
    forms = []
    if list(map(_compared, old.requirements)) != list(map(_compared, spec.requirements)):
        forms.append("要件の並び順（機能要件と帳票要件のどちらが先か）")
    if _by_kind(old) != _by_kind(spec) and _folded(old):  # and the same as compared (_same_requirements)
        forms.append("要件の本文・名称・備考・大項目の文字（以前の hyojun は ①②・全角の（）などを 1 2・半角の () などに置き換え、"
                     "1 行ずつの本文の間の空行を除いて保存していました）")
    if not forms and _by_kind(old) == _by_kind(spec) and spec_to_json(old).encode() != stored:
        forms.append("実装区分の注記（経過措置など）の保存のしかた")
    return "と".join(forms)


def _folded(spec: Spec) -> bool:
    """Whether every text of *spec* is NFKC-folded, as hyojun before 0.4.0 stored them all (the store records no tool
    version): a store holding one character NFKC folds (（, ①) was written by a later one, which keeps them as written."""
    return all(unicodedata.normalize("NFKC", t) == t for r in spec.requirements for t in (r.name, r.text, r.note, *r.section))


def _by_kind(spec: Spec) -> list[Requirement]:
    """*spec*'s requirements kind by kind, each kind in the spec's order."""
    return [r for kind in KIND_LABELS for r in spec.requirements if r.kind == kind]


class NotStoredError(InputError):
    """The area or version asked for has not been imported (as opposed to a stored file that cannot be read)."""


def _is_version_file(path: Path) -> bool:
    """Only <store>/<area>/第N.M版.json is a stored spec: another JSON saved there (a diff, a copy) is not one."""
    return re.fullmatch(r"第\d+\.\d+版", path.stem) is not None  # 第2026.1版 an older hyojun stored too: listed, removable


def list_specs(store: Path | None = None) -> list[Path]:
    """Stored spec files in catalog order, then version order."""
    root = store or paths.spec_store()
    order = {a.name: i for i, a in enumerate(load_catalog().areas)}
    files = [p for p in root.glob("*/*.json") if p.parent.name in order and _is_version_file(p)]
    return sorted(files, key=lambda p: (order[p.parent.name], version_key(p.stem)))


def stored_versions(area: str, store: Path | None = None) -> list[Spec]:
    """Every stored version of *area* (its canonical name), oldest first."""
    return [spec_from_json(p) for p in list_specs(store) if p.parent.name == area]


def _split_ref(ref: str) -> tuple[str, str]:
    """AREA[@VERSION] → (area, version or ""). NFKC first: a Japanese input method types ＠ (業務名＠版)."""
    name, _, version = unicodedata.normalize("NFKC", ref).partition("@")
    return name.strip(), version


def load_stored(ref: str, store: Path | None = None) -> Spec:
    """AREA[@VERSION] → the stored spec (area aliases accepted; latest version by default)."""
    name, version = _split_ref(ref)
    area = load_catalog().resolve(name)
    folder = (store or paths.spec_store()) / area.name
    versions = sorted((p for p in folder.glob("*.json") if _is_version_file(p)),
                      key=lambda p: version_key(p.stem)) if folder.is_dir() else []
    if not versions:
        raise NotStoredError(f"業務「{area.name}」の仕様書が取り込まれていません。先に `hyojun spec import 仕様書.xlsx` を実行してください")
    if not version:
        return spec_from_json(versions[-1])
    # the whole text is the version: 第6.0版のコピー or 第6.0版,第7.0版 found 第6.0版 inside and used it without a word
    typed, wanted = version.strip(), version_arg(version)
    for p in versions:
        if p.stem == typed or wanted and version_key(p.stem) == version_key(wanted):
            return spec_from_json(p)
    raise NotStoredError(f"{area.name} {wanted or typed} は取り込まれていません。取り込み済みの版: {'、'.join(p.stem for p in versions)}")


def refuse_output_in_store(out_dir: Path, store: Path | None = None) -> None:
    """Refuse an output folder inside the spec store: the store reads the JSON files it finds there."""
    root = (store or paths.spec_store()).resolve()
    target = out_dir.resolve()
    if target == root or root in target.parents:
        raise UsageError(f"--out {out_dir}: 仕様書の保管場所（{root}）の中には出力できません。"
                         "取り込み済みの仕様書と混ざり、読めなくなることがあります。別のフォルダを指定してください")


def names_workbooks(refs: Sequence[str]) -> bool:
    """*refs* (a SPEC argument) are spec workbooks, read on the fly: not a stored version or a spec JSON."""
    return all(Path(r).suffix.lower() in SPREADSHEET_SUFFIXES for r in refs)


def names_latest(refs: Sequence[str]) -> bool:
    """Whether the SPEC argument *refs* is one 業務名 without @版: the latest version imported (see load_stored), which
    a version imported since changes. Not a version named, a workbook or a spec JSON."""
    return (len(refs) == 1 and Path(refs[0]).suffix.lower() not in (*SPREADSHEET_SUFFIXES, ".json")
            and not names_file(refs[0]) and not _split_ref(refs[0])[1])


def names_file(ref: str, folder: Path = Path()) -> bool:
    """Whether the SPEC argument *ref* is a file's path (relative to *folder*) rather than 業務名[@版]: it has a folder
    in it, or it names no area and is there, as it is or with an extension (Explorer hides extensions by default). A
    folder named after its area (介護保険/, holding the answers) does not hide the area."""
    if "/" in ref or "\\" in ref:
        return True
    path = folder / ref
    return load_catalog().find(_split_ref(ref)[0]) is None and (path.exists() or bool(with_extension(path, SPEC_SUFFIXES)))


def resolve_spec(refs: list[str], *, warnings: list[str] | None = None, option: str = "--spec", where: str = "") -> Spec:
    """Turn the --spec arguments into one Spec (see module docstring); *warnings* as read_spec's. *option*: what the
    arguments were given as (--spec, or --old / OLD of spec diff), for the messages. *where*: the manifest entry whose
    spec: they are (areas[2]), said instead of the option; a value written in a file is a wrong input, never the
    options' misuse, whatever else is wrong."""
    if where:
        option = f"{where} の spec"
    if not refs:
        raise InputError(f"{option} で仕様書を指定してください（仕様書ファイル、取り込み済み JSON、または 業務名[@版]）")
    files = [Path(r) for r in refs]
    if names_workbooks(refs):
        return with_digest(read_spec(files, warnings=warnings, via_import=True))
    if len(refs) == 1 and files[0].suffix.lower() == ".json":
        return spec_from_json(files[0])
    if len(refs) == 1 and not names_file(refs[0]):
        return load_stored(refs[0])
    for ref, file in zip(refs, files):
        if names_file(ref) and file.is_dir():
            raise InputError(f"{option} {ref}: フォルダです。要件一覧の Excel（.xlsx 等）、取り込み済みの .json、"
                             "または 業務名[@版] を指定してください")
        if names_file(ref) and not file.exists():
            raise not_found(file, SPEC_SUFFIXES)
    several = ("。2つ指定できるのは機能要件と帳票要件の Excel ファイルだけです（取り込み済みの版・.json は1つで指定します）"
               if len(refs) > 1 else "")
    # two given where one is meant is the options' misuse (exit 2); one value that is no spec, a wrong input
    raise (UsageError if several and not where else InputError)(
        f"{option} {' '.join(refs)}: 仕様書として扱えません。"
        "仕様書ファイル（.xlsx 等、機能・帳票の2ファイルまで）、取り込み済みの .json、または 業務名[@版] を指定してください" + several)
