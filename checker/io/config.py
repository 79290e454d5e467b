"""YAML inputs written by users: the municipality profile and the answer vocabulary."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

import yaml

from .. import yaml_dialect
from ..catalog import load_catalog
from ..errors import InputError
from ..model import Profile, RequiredOption, Spec
from ..normalize import Vocabulary, find_version, parse_id, version_key
from ..paths import not_found
from ..schemas import validate
from .text import decode_text
from .workbook import binary_document
from .yaml_errors import full_width_indent, yaml_error


# What each option that takes a YAML file wants, for the message when it is given another file (the answer workbook).
YAML_OPTIONS = {
    "--profile": ("団体のプロファイル", "例: vendor_docs/samples/介護保険_profile.yaml"),
    "--vocabulary": ("回答記号の定義", "書き方は docs/formats.md"),
    "--scoring": ("採点設定", "書き方は docs/scoring.md"),
    "--manifest": ("マニフェスト", "例: vendor_docs/samples/全業務_check.yaml"),
    "--deadlines": ("移行期限の設定", "書き方は docs/readiness.md"),
}


def load_yaml(path: str | Path, option: str, *, dates: bool = True) -> tuple[Any, str]:
    """A YAML file a user wrote (checker/yaml_dialect.py) and the sha256 of its bytes; *option*: what it was given as
    (a key of YAML_OPTIONS); dates=False keeps dates as text (the caller checks them and names the entry)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise not_found(path, (".yaml", ".yml")) from None
    if kind := binary_document(data):  # not 「文字コードを判定できません」, which read as "save the workbook as UTF-8"
        what, example = YAML_OPTIONS[option]
        raise InputError(f"{path}: {kind}です。{option} には{what}の YAML ファイルを指定してください（{example}）")
    text, _ = decode_text(path, data)  # Notepad saves CP932 (「ANSI」) or UTF-16 (「Unicode」) too
    try:
        doc = yaml_dialect.parse(text, dates=dates)
    except yaml.MarkedYAMLError as exc:
        raise InputError(yaml_error(path, exc, text)) from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: YAML として読めません（{str(exc).splitlines()[0]}）") from None
    except ValueError as exc:  # PyYAML builds dates itself: 2026-02-30 fails there
        raise InputError(f"{path}: 存在しない日付があります（{exc}）") from None
    except RecursionError:  # a list in a list in a list…, hundreds deep: no file hyojun reads is written so
        raise InputError(f"{path}: YAML として読めません（リストやキーと値の組の入れ子が深すぎます）") from None
    if indented := full_width_indent(path, doc, text):
        raise InputError(indented)
    if bad := _non_finite(doc):
        raise InputError(f"{path}: {bad} の値が有限の数ではありません（.inf・.nan は使えません）")
    return doc, hashlib.sha256(data).hexdigest()


def _non_finite(doc: Any) -> str | None:
    """Where the first infinite or NaN number of a YAML document stands (a points: value of .inf made the
    ranking fail), or None. JSON Schema's number accepts them."""
    return next(((where or "文書") for where, _, v in yaml_dialect.walk(doc)
                 if isinstance(v, float) and not math.isfinite(v)), None)


def load_profile(path: Path, spec: Spec | None = None, warnings: list[str] | None = None) -> Profile:
    """The profile at *path*; with *spec*, checked against it too, every problem in one error (check_profile)."""
    doc, digest = load_yaml(path, "--profile")
    validate(doc, "profile", source=str(path))
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
        spec_version=find_version(doc["spec_version"]) if doc.get("spec_version") else None,
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
            label = {"mandatory": "実装必須機能", "prohibited": "実装不可機能"}[req.cls]
            problems.append(f"{o.id}（{req.name}）: 標準オプション機能ではありません（{label}）")
    return problems


def load_vocabulary(path: Path) -> Vocabulary:
    doc, _ = load_yaml(path, "--vocabulary")
    validate(doc, "vocabulary", source=str(path))
    return Vocabulary.from_mapping({k: [str(m) for m in v] for k, v in doc["answers"].items()},
                                   replace=doc.get("mode", "extend") == "replace", source=str(path))
