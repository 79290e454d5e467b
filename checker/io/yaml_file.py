"""A YAML file a user wrote (a profile, a vocabulary, a scoring, a manifest, deadlines, the area catalog): read in
any of Notepad's encodings, parsed in hyojun's dialect (checker/yaml_dialect.py), its problems said in Japanese."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

import yaml

from .. import yaml_dialect
from ..errors import InputError
from ..paths import not_found
from ..schemas import key_path
from .text import decode_text
from .filetype import binary_document
from .input_file import read_input
from .limits import Limits
from .yaml_errors import full_width_indent, reader_error, yaml_error


# What each YAML file wants, by the option it was given as (or the catalog, by its name), for the message when it is
# another file (the answer workbook).
YAML_OPTIONS = {
    "--profile": ("団体のプロファイル", "例: vendor_docs/samples/介護保険_profile.yaml"),
    "--vocabulary": ("回答記号の定義", "書き方は docs/formats.md"),
    "--scoring": ("採点設定", "書き方は docs/scoring.md"),
    "--manifest": ("マニフェスト", "例: vendor_docs/samples/全業務_check.yaml"),
    "--deadlines": ("移行期限の設定", "書き方は docs/readiness.md"),
    "areas.yaml": ("業務カタログ", "パッケージの checker/data/areas.yaml を写して編集してください"),
}


def load_yaml(path: str | Path, option: str, *, dates: bool = True,
              as_written: tuple[str, ...] = ()) -> tuple[Any, str]:
    """A YAML file a user wrote (checker/yaml_dialect.py) and the sha256 of its bytes; *option*: what it was given as
    (a key of YAML_OPTIONS); dates=False keeps dates as text (the caller checks them and names the entry); a plain
    number under a key of *as_written* is the text written (a version: 1.0, 1.10)."""
    doc, digest, _ = load_marked_yaml(path, option, dates=dates, as_written=as_written)
    return doc, digest


def load_marked_yaml(path: str | Path, option: str, *, dates: bool = True,
                     as_written: tuple[str, ...] = ()) -> tuple[Any, str, yaml_dialect.Marks]:
    """`load_yaml`, with where each value was written: for a reader that names the line of each problem."""
    path = Path(path)
    try:
        data = read_input(path, Limits.from_env())
    except FileNotFoundError:
        raise not_found(path, (".yaml", ".yml")) from None
    if kind := binary_document(data):  # not 「文字コードを判定できません」, which read as "save the workbook as UTF-8"
        what, example = YAML_OPTIONS[option]
        wanted = f"{option} には{what}の YAML ファイルを指定してください" if option.startswith("--") else f"{what}は YAML ファイルです"
        raise InputError(f"{path}: {kind}です。{wanted}（{example}）")
    text, _ = decode_text(path, data)  # Notepad saves CP932 (「ANSI」) or UTF-16 (「Unicode」) too
    try:
        with yaml_dialect.as_written(*as_written):
            doc, marks = yaml_dialect.parse_marked(text, dates=dates)
    except yaml.MarkedYAMLError as exc:
        raise InputError(yaml_error(path, exc, text)) from None
    except yaml.reader.ReaderError as exc:
        raise InputError(reader_error(path, exc, text)) from None
    except ValueError as exc:  # PyYAML builds dates itself: 2026-02-30 fails there
        raise InputError(f"{path}: 存在しない日付があります（{exc}）") from None
    except RecursionError:  # a list in a list in a list…, hundreds deep: no file hyojun reads is written so
        raise InputError(f"{path}: YAML として読めません（リストやキーと値の組の入れ子が深すぎます）") from None
    if indented := full_width_indent(path, doc, text):
        raise InputError(indented)
    if bad := _non_finite(doc):
        raise InputError(f"{path}: {bad} の値が有限の数ではありません（.inf・.nan は使えません）")
    return doc, hashlib.sha256(data).hexdigest(), marks


def _non_finite(doc: Any) -> str | None:
    """Where the first infinite or NaN number of a YAML document stands (a points: value of .inf made the
    ranking fail), or None. JSON Schema's number accepts them."""
    return next(((key_path(where) or "文書") for where, _, v in yaml_dialect.walk(doc)
                 if isinstance(v, float) and not math.isfinite(v)), None)
