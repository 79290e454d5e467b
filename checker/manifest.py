"""The manifest of a batch check or a comparison: areas, each with its spec, profile and vendor files.

Its own module so that `hyojun check --manifest` need not import the comparison.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .io.answer_files import are_parts, in_reading_order
from .io.yaml_file import load_marked_yaml
from .io.yaml_errors import BACKSLASH_HINT
from .normalize import BIDI_CONTROLS, quoted, version_arg
from .paths import DEVICE_NAME, file_name_part
from .schemas import validate
from .spec_store import SPEC_SUFFIXES, names_file


@dataclass(frozen=True)
class AreaInput:
    """One area to check or compare: the SPEC argument(s), an optional profile, and (name, files) per vendor: its
    answer file, or its files read as one (機能 and 帳票 apart).

    A name of None means "the vendor name the file declares" (single-area mode).
    """

    specs: tuple[str, ...]
    vendors: tuple[tuple[str | None, tuple[Path, ...]], ...]
    profile: Path | None = None
    answered: tuple[str | None, ...] = ()  # per vendor, the version its answers were made against (check only)
    where: str = ""  # its entry in the manifest (areas[2]), for messages; "" when not from a manifest
    out: str = ""  # check only: the folder of its outputs under --out (利府町/住民記録); "" for the area's name
    # the town of a joint procurement it is compared for ("" for its profile's); for check, with no out:, the folder
    # its outputs go to is <town>/<area>
    town: str = ""

    def answered_version(self, i: int) -> str | None:
        return self.answered[i] if i < len(self.answered) else None


def vendor_entry(where: str, number: int) -> str:
    """The manifest entry of an area's *number*-th vendor (from 1): areas[2]/vendors[1]; "" when not from a manifest."""
    return f"{where}/vendors[{number}]" if where else ""


# The index of a batch check (report/batch_writers), beside the areas' folders in --out: no out: may begin with them
INDEX_NAMES = ("index.html", "check_summary.csv")
_SEPARATOR = re.compile(r"[\\/]")


def _out_folder(value: str, where: str) -> str:
    """An area's `out:` as a folder inside --out (`利府町/住民記録`, `利府町\\住民記録` on Windows), each name fit for a
    folder's (file_name_part); a path that would leave --out is refused, as the outputs would land anywhere, and so is
    a name Windows would not keep as written: two areas' outputs met in one folder there, one town's replacing the
    other's (`介護保険.` is `介護保険`), or none could be made (NUL, `?`)."""
    parts = [p.strip() for p in _SEPARATOR.split(value)]
    if any(p in ("", ".", "..") or ":" in p for p in parts):  # C:\調達 (Explorer's パスのコピー) is a drive, not a folder
        raise InputError(f"{where} の out「{value}」: --out の中のフォルダを「利府町/住民記録」の形で書いてください"
                         "（絶対パス・ドライブ（C: など）・「..」・空の名前は使えません）")
    for p in parts:
        if problem := _not_a_folder_name(p):
            raise InputError(f"{where} の out「{value}」: {problem}")
    if problem := _index_name(parts[0], "out の最初のフォルダの名前"):
        raise InputError(f"{where} の out「{value}」: {problem}")
    return "/".join(file_name_part(p) for p in parts)


_CONTROLS = re.compile(rf"[\x00-\x1f\x7f{BIDI_CONTROLS}]")


def refuse_town_controls(town: str, where: str) -> None:
    """Refuse a *town* (a manifest's town:, a scoring file's town_weights key; *where* names it: 「m.yaml: areas[1] の
    town」) holding a control character: a line break or an RLO splits or reorders the console's line that names it,
    and in a folder's name it became _ (松島町\u202e met another town's 松島町_). Shown as codes (quoted)."""
    if _CONTROLS.search(town):
        raise InputError(f"{where}「{quoted(town)}」に制御文字（改行や、文字の向きを変える U+202E など）があります。"
                         "団体の名前だけを書いてください")


def _town_folder(town: str, where: str) -> None:
    """Refuse a *town* that check --manifest could not take for the folder of the area's outputs (<town>/<area>, when
    no out: is written) as out:'s names are refused (_out_folder); it is one folder: no separator. Refused for compare
    too, as out: is: the manifest is one for both commands."""
    why = "（out: のない業務では、town が check --manifest の出力のフォルダ「<town>/<業務名>」の名前になります。別のフォルダにするなら out: を書いてください）"
    if _SEPARATOR.search(town) or ":" in town or town in (".", ".."):
        raise InputError(f"{where} の town「{town}」: 団体の名前を 1 つ書いてください（「/」「\\」「:」や「.」「..」だけの名前は使えません）{why}")
    if problem := _not_a_folder_name(town) or _index_name(town, "town の名前"):
        raise InputError(f"{where} の town「{town}」: {problem}{why}")


def _index_name(name: str, what: str) -> str | None:
    """Why *name* cannot be the first folder in --out, as *what* (out の最初のフォルダの名前); None when it can."""
    if name.casefold() in INDEX_NAMES:  # the index could not be written, and an empty folder was left behind
        return f"「{name}」は --out の直下に書く一覧（{'・'.join(INDEX_NAMES)}）の名前のため、{what}には使えません"
    return None


def _not_a_folder_name(name: str) -> str | None:
    """Why Windows would not make a folder *name* as written; None when it would."""
    if name.endswith("."):
        return f"名前の末尾の「.」は使えません（Windows は末尾の「.」を除くため、「{name}」は「{name.rstrip('. ')}」と同じフォルダになります）"
    if DEVICE_NAME.fullmatch(name):  # a folder of that name cannot be made
        return f"「{name}」は Windows の装置名（CON・PRN・AUX・NUL・COM1・LPT1 など。拡張子を付けても同じ）のため、フォルダの名前に使えません"
    if bad := [c for c in dict.fromkeys(name) if c in '<>"|?*']:
        return f"「{'」「'.join(bad)}」は Windows でフォルダの名前に使えない文字です"
    if like := [c for c in dict.fromkeys(name) if _SEPARATOR.search(unicodedata.normalize("NFKC", c))]:  # ／ typed in the IME
        return (f"「{'」「'.join(like)}」は区切りの「/」「\\」と同じに読める文字のため使えません。フォルダを分けるなら半角の「/」で"
                "「利府町/住民記録」のように書いてください")
    return None


def load_manifest(path: Path, same_vendors: bool = True) -> tuple[str, list[AreaInput]]:
    """Read a manifest (schemas/compare_manifest.schema.json); paths are relative to its folder.

    A comparison needs the same vendors in every area (*same_vendors*); a batch check does not.
    """
    doc, _, marks = load_marked_yaml(path, "--manifest", as_written=("answered_version",))
    validate(doc, "compare_manifest", source=str(path), marks=marks)
    base = path.parent
    areas = []
    for i, a in enumerate(doc["areas"], start=1):
        refs = [a["spec"]] if isinstance(a["spec"], str) else a["spec"]
        files = [[v["file"]] if isinstance(v["file"], str) else v["file"] for v in a["vendors"]]
        town = a.get("town", "").strip()
        refuse_town_controls(town, f"{path}: areas[{i}] の town")
        if town and "out" not in a:
            _town_folder(town, f"{path}: areas[{i}]")
        for value in (*refs, a.get("profile") or "", a.get("out") or "", *(f for fs in files for f in fs)):
            if any(c < " " for c in value):  # "D:\new\a.xlsx" is valid YAML: a line break and a BEL
                raise InputError(f"{path}: areas[{i}] のパス {value!r} に改行などの制御文字があります。{BACKSLASH_HINT}")
        # a file's name (国民年金.xlsx) is beside the manifest even when not there: not one of the current folder
        specs = tuple(str(base / r) if Path(r).suffix.lower() in SPEC_SUFFIXES or names_file(r, base) else r
                      for r in refs)  # else AREA[@VERSION]
        names = [v["name"] for v in a["vendors"]]
        if twice := [n for n, k in Counter(names).items() if k > 1]:
            same = [f for v, fs in zip(a["vendors"], files) if v["name"] == twice[0] for f in fs]
            together = (f"1 つのベンダの回答が機能・帳票などいくつかのファイルに分かれているなら、1 つの項目に file: [{', '.join(same)}] "
                        "のようにまとめて書いてください")
            if not are_parts([Path(f) for f in same]):  # two whole answers: a name copied to the next entry and not changed
                together = (f"{'、'.join(same)} が別々のベンダの回答なら、name をそれぞれのベンダの名前に直してください"
                            f"（{together}）")
            raise InputError(f"{path}: areas[{i}] に同じベンダ名が2回あります（{'、'.join(twice)}）。{together}")
        answered = [v.get("answered_version", a.get("answered_version")) for v in a["vendors"]]
        if wrong := [f"areas[{i}]" + (f"/vendors[{j}]" if "answered_version" in v else "") + f" の answered_version「{value}」"
                     for j, (v, value) in enumerate(zip(a["vendors"], answered), start=1) if value and not version_arg(value)]:
            raise InputError(f"{path}: 版は「第1.0版」または「1.0」の形で書いてください", details=list(dict.fromkeys(wrong)))
        # a vendor's files in the order they are read, whatever order they are written in: named so in every output
        areas.append(AreaInput(specs, tuple((v["name"], tuple(in_reading_order(base / f for f in fs)))
                                            for v, fs in zip(a["vendors"], files)),
                               base / a["profile"] if a.get("profile") else None,
                               tuple(value and version_arg(value) for value in answered), f"areas[{i}]",
                               _out_folder(a["out"], f"{path}: areas[{i}]") if "out" in a else "", town))
    first = [v["name"] for v in doc["areas"][0]["vendors"]]
    for i, a in enumerate(doc["areas"][1:] if same_vendors else [], start=2):
        if sorted(names := [v["name"] for v in a["vendors"]]) != sorted(first):
            raise InputError(f"{path}: areas[{i}] のベンダが areas[1] と違います",
                             details=[f"areas[1]: {'、'.join(first)}", f"areas[{i}]: {'、'.join(names)}"])
    return doc.get("title", ""), areas
