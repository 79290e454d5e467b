"""YAML inputs written by users: the municipality profile and the answer vocabulary."""

from __future__ import annotations

from pathlib import Path

from ..catalog import load_catalog
from ..errors import InputError
from ..model import Profile, RequiredOption, Spec
from ..normalize import Vocabulary, parse_id, version_arg, version_key
from ..schemas import validate
from .yaml_file import load_yaml


def load_profile(path: Path, spec: Spec | None = None, warnings: list[str] | None = None) -> Profile:
    """The profile at *path*; with *spec*, checked against it too, every problem in one error (check_profile)."""
    doc, digest = load_yaml(path, "--profile", as_written=("spec_version",))
    validate(doc, "profile", source=str(path))
    version = doc.get("spec_version")
    if version and not version_arg(version):
        raise InputError(f"{path}: spec_version「{version}」: 版は「第6.0版」または「6.0」の形で書いてください")
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
        file=path.name, sha256=digest,
    )
    if spec is not None:
        problems += check_profile(profile, spec, warnings)
    if problems:
        raise InputError(f"{path}: 求める標準オプション機能に誤りが {len(problems)} 件あります", details=problems)
    return profile


def check_profile(profile: Profile, spec: Spec, warnings: list[str] | None = None) -> list[str]:
    """What is wrong with the profile's ids for *spec*: every required id must be a 標準オプション機能 of it. A
    profile written for another version of the spec (its spec_version) is a warning: its ids may still all be options."""
    if profile.area != spec.area:
        raise InputError(f"{profile.file}: 業務が仕様書と違います（プロファイル: {profile.area}、仕様書: {spec.area}）")
    if warnings is not None and profile.spec_version and version_key(profile.spec_version) != version_key(spec.version):
        warnings.append(f"{profile.file}: プロファイルは {profile.spec_version} に対するものです（仕様書は {spec.version}）。"
                        "求める標準オプション機能が新しい版でも同じか確かめてください")
    known = spec.by_id()
    problems = []
    for o in profile.required_options:
        req = known.get(o.id)
        if req is None:
            problems.append(f"{o.id}: {spec.area} {spec.version} にない機能IDです")
        elif req.cls != "optional":
            problems.append(f"{o.id}（{req.name}）: 標準オプション機能ではありません（{req.class_label}）")
    return problems


def load_vocabulary(path: Path) -> Vocabulary:
    doc, _ = load_yaml(path, "--vocabulary")
    validate(doc, "vocabulary", source=str(path))
    return Vocabulary.from_mapping({k: [str(m) for m in v] for k, v in doc["answers"].items()},
                                   replace=doc.get("mode", "extend") == "replace", source=str(path))
