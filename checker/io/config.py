"""YAML inputs written by users: the municipality profile and the answer vocabulary."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..catalog import load_catalog
from ..diff_cache import version_diff
from ..errors import InputError
from ..model import Profile, RequiredOption, Spec
from ..normalize import Vocabulary, header, parse_id, version_arg, version_key
from ..readiness_model import not_a_prefecture
from ..schemas import validate
from ..spec_store import NotStoredError, load_stored
from .yaml_file import load_marked_yaml


def load_profile(path: Path, spec: Spec | None = None, warnings: list[str] | None = None) -> Profile:
    """The profile at *path*; with *spec*, checked against it too, every problem in one error (check_profile). Its
    notes go to *warnings*, or, when it has problems, into the error after them."""
    doc, digest, marks = load_marked_yaml(path, "--profile", as_written=("spec_version",))
    validate(doc, "profile", source=str(path), marks=marks)
    version = doc.get("spec_version")
    if version and not version_arg(version):
        raise InputError(f"{path}: spec_version「{version}」: 版は「第6.0版」または「6.0」の形で書いてください")
    if not header(doc["municipality"]):  # 「　」: no name, and none to record under (check --record)
        raise InputError(f"{path}: municipality: 団体名を書いてください")
    prefecture = header(doc["prefecture"]) if "prefecture" in doc else None
    if prefecture is not None and (why := not_a_prefecture(prefecture)):
        raise InputError(f"{path}: prefecture: {why}")
    area = load_catalog().resolve(doc["area"], f"{path}: area: ").name
    for o in doc["required_options"]:  # 「０２３００１０」 (an IME's digits) passes the schema's \d: the id it means
        o["id"] = parse_id(o["id"]) or o["id"]
    priorities: dict[str, list[str]] = {}
    for o in doc["required_options"]:
        priorities.setdefault(o["id"], []).append(o.get("priority", "中（省略）"))
    # the last one won silently, and with it its weight in compare's scores
    problems = [f"{i}: {len(p)} 回あります（優先度 {'・'.join(p)}）。1 つの機能IDは 1 回だけ書いてください"
                for i, p in priorities.items() if len(p) > 1]
    profile = Profile(
        municipality=doc["municipality"], area=area,
        spec_version=version_arg(version) if version else None,
        required_options=tuple(RequiredOption(o["id"], o.get("priority", "中"), o.get("note", ""))
                               for o in doc["required_options"]),
        file=path.name, sha256=digest, prefecture=prefecture,
    )
    notes: list[str] = []
    if spec is not None:
        profile, wrong, notes = check_profile(profile, spec)
        problems += wrong
    if problems:  # with the notes: that the profile was written for another version may be why
        raise InputError(f"{path}: 求める標準オプション機能に誤りが {len(problems)} 件あります",
                         details=problems + [f"注意: {n}" for n in notes])
    if warnings is not None:
        warnings += [f"{profile.file}: {n}" for n in notes]
    return profile


def check_profile(profile: Profile, spec: Spec) -> tuple[Profile, list[str], list[str]]:
    """The profile for *spec*, what is wrong with its ids (every required id must be a 標準オプション機能 of it),
    and notes of what does not stop the check.

    A profile written for another version of the spec (its spec_version) is a note: its ids may still all be
    options. When that version is stored, an id it had as an option is said to have changed (removed: with the
    id it may have been renumbered to); one the spec made 実装必須 is dropped with a note (the check requires it
    anyway: the town has nothing to correct)."""
    if profile.area != spec.area:
        raise InputError(f"{profile.file}: 業務が仕様書と違います（プロファイル: {profile.area}、仕様書: {spec.area}）")
    other_version = profile.spec_version is not None and version_key(profile.spec_version) != version_key(spec.version)
    known = spec.by_id()
    odd = [o for o in profile.required_options if (r := known.get(o.id)) is None or r.cls != "optional"]
    written_for = _stored(f"{spec.area}@{profile.spec_version}") if odd and other_version else None
    notes = []
    if other_version:
        notes.append(f"プロファイルは {profile.spec_version} に対するものです（仕様書は {spec.version}）。"
                     "求める標準オプション機能が新しい版でも同じか確かめてください"
                     + (f"（{profile.spec_version} は取り込まれていないため、誤りが版の変更によるものかは示せません）"
                        if odd and written_for is None else ""))
    options = {r.id for r in written_for.requirements if r.cls == "optional"} if written_for else set()
    # only when an id went: the diff searches renumberings, the costliest part of it
    changes = version_diff(written_for, spec) if written_for and any(o.id not in known for o in odd) else None
    problems, dropped = [], set()
    for o in odd:
        req = known.get(o.id)
        was = f"{profile.spec_version} では標準オプション機能" if o.id in options else ""
        if req is None:
            why = [*filter(None, [was, changes.renumbering_hint(o.id) if changes else ""])]
            problems.append(f"{o.id}: {spec.area} {spec.version} にない機能IDです" + (f"（{'。'.join(why)}）" if why else ""))
        elif was and req.cls == "mandatory":
            dropped.add(o.id)
            notes.append(f"{o.id}（{req.name}）は {was}、{spec.version} では{req.class_label}です。"
                         "必須機能として扱うため、求める標準オプション機能から外しました")
        else:
            problems.append(f"{o.id}（{req.name}）: 標準オプション機能ではありません（"
                            + (f"{was}、{spec.version} では" if was else "") + f"{req.class_label}）")
    kept = tuple(o for o in profile.required_options if o.id not in dropped)
    return (replace(profile, required_options=kept) if dropped else profile), problems, notes


def _stored(ref: str) -> Spec | None:
    """The stored spec *ref* (AREA@VERSION); None when it is not stored."""
    try:
        return load_stored(ref)
    except NotStoredError:
        return None


def load_vocabulary(path: Path) -> Vocabulary:
    doc, _, marks = load_marked_yaml(path, "--vocabulary")
    validate(doc, "vocabulary", source=str(path), marks=marks)
    return Vocabulary.from_mapping({k: [str(m) for m in v] for k, v in doc["answers"].items()},
                                   replace=doc.get("mode", "extend") == "replace", source=str(path))
