"""What a run may write over: never a file it reads, nor a file of the same name that hyojun did not write.

Reports take their answer file's name (回答_A社.xlsx → 回答_A社.html, .json …), so a report can land on a vendor's
own file: the .xlsx beside a checked .csv of the same bid, or the answers themselves when --out is their folder.
"""

from __future__ import annotations

import contextlib
import csv
import re
import stat
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from ..analysis.bid import Town as ProfileTown, same_town, same_vendor
from ..errors import InputError, TimeLimitError, UsageError, at_most, joined_at_most
from ..model import town_label
from ..bidi import inline
from .answer_sheets import own_header, own_output
from .workbook import read_workbook
from .xlsx import APP_SIGNATURE, CREATOR
from .xlsx_guard import ZIP_DAMAGE

_HEAD_BYTES = 8192  # the JSON's tool or format, the HTML's generator, a CSV's header are all in the file's start
_OWN_HEAD = {
    ".json": re.compile(rb'"tool"\s*:\s*\{\s*"name"\s*:\s*"hyojun"|"format"\s*:\s*"hyojun-'),
    ".html": re.compile(rb'<meta name="generator" content="hyojun[ "]'),
}
_CREATOR = f"<dc:creator>{CREATOR}</dc:creator>".encode()
# io.xlsx before its workbooks were signed: core.xml with neither author (Excel, openpyxl and XlsxWriter all write
# one) and app.xml as io.xlsx writes it. Known without reading the workbook: a re-run sniffs every file in its folders.
_UNSIGNED_APP = APP_SIGNATURE.encode()
# An author named: Excel writes the user's, openpyxl its own. XlsxWriter, hyojun's writer before io.xlsx, left it empty.
_AUTHOR = re.compile(rb"<dc:creator\b[^>]*>[^<]")
# The largest earlier JSON read for what it was made for: far above hyojun's own (a national comparison is tens of MB);
# a bigger one (a file of that name, not hyojun's) is not read whole into memory, as a file not hyojun's is not read
_RECORDED_BYTES = 256 * 1024 * 1024
# The areas or towns a refusal names per report, then how many more (an earlier JSON of 200,000 areas made a 2 MB line)
_LISTED = 5


def written_by_hyojun(path: Path) -> bool:
    """Whether the existing file *path* is one of hyojun's outputs, which a new run may replace and an old one may
    be called stale: by the JSON's tool or format, the HTML's generator, the workbook's creator, the CSV's header.
    A workbook naming no author may be an older hyojun's (XlsxWriter): that one is read, and known by its layout as
    the readers know hyojun's outputs (answer_sheets.own_output). A vendor's, naming its author, is never read."""
    suffix = path.suffix.lower()
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False  # a FIFO's open waits for a writer: the run hung (a folder or a device is no output either)
        if suffix in _OWN_HEAD or suffix == ".csv":
            with path.open("rb") as f:
                head = f.read(_HEAD_BYTES)
            if suffix == ".csv":  # as hyojun wrote it, or saved again by Excel (CP932)
                first = head.split(b"\n", 1)[0].rstrip(b"\r")
                for encoding in ("utf-8-sig", "cp932"):
                    with contextlib.suppress(UnicodeDecodeError):
                        return own_header(next(csv.reader([first.decode(encoding)]), [])) is not None
                return False
            return bool(_OWN_HEAD[suffix].search(head))
        if suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                core, app = (_head(z, name) for name in ("docProps/core.xml", "docProps/app.xml"))
            return _CREATOR in core or (b"<dc:creator" not in core and b"lastModifiedBy" not in core
                                         and _UNSIGNED_APP in app) or (not _AUTHOR.search(core) and _own_layout(path))
    except (KeyError, *ZIP_DAMAGE):  # no such part, a damaged zip (or file): not hyojun's
        pass
    return False


def _own_layout(path: Path) -> bool:
    try:
        return own_output(read_workbook(path, hidden_rows=False)) is not None
    except TimeLimitError:
        raise  # the run's, not this file's
    except InputError:  # unreadable (damaged, too large): not a workbook hyojun wrote
        return False


def _head(z: zipfile.ZipFile, name: str) -> bytes:
    with z.open(name) as member:
        return member.read(_HEAD_BYTES)  # at most: a part is not trusted to inflate to its stated size


def refuse_overwriting(outputs: Iterable[Path], inputs: Iterable[Path], option: str = "--out", *,
                       foreign: bool = False) -> None:
    """Refuse, before anything is written, a run whose outputs would replace a file it reads (say, --out is the
    folder of the answer files and a report takes an answer file's name) or, unless *foreign* (the user said --force),
    another file hyojun did not write: the original would be lost. *option*: where the outputs were named."""
    sources: dict[tuple[int, int], Path] = {}  # (device, inode) → file: one stat each, compared as os.path.samefile does
    for p in inputs:
        with contextlib.suppress(OSError):
            if stat.S_ISREG((st := p.stat()).st_mode):
                sources[st.st_dev, st.st_ino] = p
    for out in outputs:
        try:
            st = out.stat()
        except OSError:
            continue  # not written yet: nothing to lose
        if (src := sources.get((st.st_dev, st.st_ino))) is not None:
            raise UsageError(f"出力 {out} は入力ファイル {src} と同じファイルです。書き出すと元のファイルが失われるため、"
                             f"何も書かずに中止しました。{option} で別の出力先を指定してください")
        if not foreign and stat.S_ISREG(st.st_mode) and not written_by_hyojun(out):
            raise UsageError(f"出力 {out} と同じ名前の、hyojun の出力でないファイルがあります（ベンダの回答ファイルなど）。"
                             f"書き出すと元のファイルが失われるため、何も書かずに中止しました。{option} で別の出力先を"
                             "指定するか、そのファイルを別のフォルダに移してください")


# A town as (prefecture, municipality) of a profile: None for a run without a profile
Town = ProfileTown | None


@dataclass(frozen=True)
class MadeFor:
    """What a report was made for, as refuse_other_reports tells an earlier report from this run's of the same name:
    the areas, the towns of the profiles (None: no profile), a check result's vendor (None: a comparison, whose
    vendors may change from run to run of it), the spec version of each area ((area, version); none recorded by an
    older hyojun), a check result's answer files (their names) and, of this run's, the areas whose spec was named
    without a version (the latest imported; not recorded)."""

    areas: tuple[str, ...]
    towns: tuple[Town, ...]
    vendor: str | None = None
    versions: tuple[tuple[str, str], ...] = ()
    files: tuple[str, ...] = ()
    latest: tuple[str, ...] = ()


def refuse_other_reports(reports: Iterable[tuple[Path, MadeFor]], option: str = "--out") -> dict[Path, str]:
    """Refuse, before anything is written, a run that would replace reports hyojun made for another area, municipality
    or vendor: reports take the answer file's name, so a second vendor's 回答様式.xlsx (hyojun's own blank form, sent
    back under its name), a town-by-town run into one --out or a second area's comparison (compare.*, the name of every
    comparison without a manifest) replaced the previous one without a word, and a notice would come once it was gone.
    An earlier report is lost when it has an area or a town this run's have not (a comparison of one more area keeps
    what it compared), or another vendor. *reports*: (the JSON an earlier run wrote beside the outputs to come, what
    this run's are made for). Towns are told apart as check --record does: by the name without spaces (「利府町　」
    pasted from a cell is 利府町) and, where both give one, the prefecture (北海道 伊達市 is not 福島県 伊達市); vendors
    as a manifest's name is matched to a file's (same_vendor: a resubmitted file of 株式会社A is A's). A report made
    without a profile is replaced as before; so is one whose run wrote no JSON (nothing records what it was made for).

    Returns, by the earlier JSON, the notice of each report replaced though made for another spec version of one of
    its areas (one notice for the reports of one change): an area named without its version is the latest imported
    (said only for such an area), so a version imported between two rounds of a bid changed the basis of an unchanged
    command without a word."""
    lost, kinds = [], []
    versions: dict[tuple[Path, str, tuple[str, ...], tuple[str, ...], bool], list[Path]] = {}
    for json_path, now in reports:
        if not (earlier := recorded(json_path)):
            continue
        if differ := _differences(earlier, now):
            kinds += [kind for kind, _, _ in differ]
            lost.append(f"{json_path.with_suffix('')}.*: {'、'.join(e for _, e, _ in differ)}で作ったレポート"
                        f"（今回は {'、'.join(n for _, _, n in differ)}）")
        for area, before, after in _other_versions(earlier, now):
            versions.setdefault((json_path.parent, area, before, after, area in now.latest), []).append(json_path)
    if lost:
        what = "・".join(k for k in ("業務", "団体", "ベンダ") if k in kinds)
        raise UsageError(f"以前の出力に、別の{what}のレポートがあります（{len(lost)} 件）。置き換えるとその{what}の結果が失われるため、"
                         f"何も書かずに中止しました。{what}ごとに {option} を分けるか、以前のレポートが不要なら削除してから実行してください",
                         details=at_most(lost, 5))
    notices = {}
    for (folder, area, before, after, latest), paths in versions.items():
        notice = (f"{folder} の以前の出力（{_names([f'{p.stem}.*' for p in paths])}）は {_names([area])} {_names(before)} で"
                  f"作ったもので、今回の {_names(after)} の出力で置き換えました"
                  f"{'（業務名だけの指定は取り込み済みの最新版です）' if latest else ''}。"
                  f"前回と同じ版で作るには {_names([f'{area}@{v}' for v in before])} を指定します。"
                  f"回ごとに {option} を分けると以前の出力も残ります")
        notices.update(dict.fromkeys(paths, notice))
    return notices


def _other_versions(earlier: MadeFor, now: MadeFor) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(area, its earlier versions, this run's) of each area both were made for at other spec versions; none for a
    report whose run recorded no version (an older hyojun's)."""
    found = []
    for area in dict.fromkeys(a for a, _ in earlier.versions):
        before, after = (tuple(dict.fromkeys(v for a, v in m.versions if a == area)) for m in (earlier, now))
        if after and set(before) != set(after):
            found.append((area, before, after))
    return found


def _differences(earlier: MadeFor, now: MadeFor) -> list[tuple[str, str, str]]:
    """(kind, what the earlier report was made for, what this run's is) of each way that report would be lost."""
    found = []
    if gone := [a for a in earlier.areas if a not in now.areas]:
        found.append(("業務", f"業務「{_names(gone)}」", f"業務「{_names(now.areas)}」"))
    if gone_towns := [t for t in earlier.towns if t is not None and not any(_same_town(t, n) for n in now.towns)]:
        found.append(("団体", f"{_names([profile_town_label(t) for t in gone_towns])} のプロファイル",
                      _names([profile_town_label(t) for t in dict.fromkeys(now.towns)])))
    if earlier.vendor is not None and now.vendor is not None and not _same_vendor(earlier.vendor, now.vendor):
        found.append(("ベンダ", f"ベンダ「{_names([earlier.vendor])}」の回答", f"ベンダ「{_names([now.vendor])}」"))
    return found


def _names(names: Sequence[str]) -> str:
    """Names read from files (the earlier report's JSON, the vendor's sheet) as a refusal lists them: each on the
    console's line, isolated (bidi.inline), as every line naming a vendor; the first _LISTED, then how many more."""
    return joined_at_most([inline(n) for n in names[:_LISTED + 1]], _LISTED, "・", f" ほか {len(names) - _LISTED:,} 件")


def _same_town(a: Town, b: Town) -> bool:
    return a is b if a is None or b is None else same_town(a, b)


def _same_vendor(a: str, b: str) -> bool:
    """Whether two vendor names are one vendor's, as same_vendor tells a manifest's name from a file's."""
    return a == b or same_vendor(a, (b,))  # a name that is all company form (株式会社) has no key to contain


def profile_town_label(t: Town) -> str:
    """The town of a profile as the outputs name it (`town_label`), or that there was no profile."""
    return "プロファイルなし" if t is None else town_label(*t)


def recorded(json_path: Path) -> MadeFor | None:
    """What an earlier JSON output of hyojun (a check result or a comparison) records it was made for: its areas and
    the towns of its profiles in its order (None for an area checked without a profile), a check result's vendor,
    the areas' spec versions, a check result's answer files;
    None if there is no such output (nor one larger than _RECORDED_BYTES)."""
    try:
        if json_path.stat().st_size > _RECORDED_BYTES or not written_by_hyojun(json_path):  # a regular file only
            return None
        with json_path.open("rb") as f:
            data = f.read(_RECORDED_BYTES + 1)  # at most: it may have grown since
        doc = orjson.loads(data) if len(data) <= _RECORDED_BYTES else None
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(doc, dict):
        return None
    areas = doc.get("areas")
    files: list[object] = []
    if isinstance(areas, list):  # a comparison: the area of each of its sections
        sections = [a for a in areas if isinstance(a, dict)]
        names, profiles, vendor = [a.get("area") for a in sections], [a.get("profile") for a in sections], None
        versions = [(a.get("area"), a.get("version")) for a in sections]
    else:
        names, profiles = [_text_at(doc, "spec", "area")], [doc.get("profile")]
        vendor = _text_at(doc, "vendor", "name")
        versions = [(names[0], _text_at(doc, "spec", "version"))]
        if isinstance(own := doc.get("vendor"), dict):  # vendor.files: the files of a bid read as one (機能・帳票)
            listed = own.get("files")
            files = [f.get("file") for f in listed if isinstance(f, dict)] if isinstance(listed, list) else [own.get("file")]
    towns: list[Town] = []
    for p in (p if isinstance(p, dict) else {} for p in profiles):
        town, prefecture = p.get("municipality"), p.get("prefecture")
        towns.append((prefecture if isinstance(prefecture, str) else None, town) if isinstance(town, str) else None)
    return MadeFor(tuple(dict.fromkeys(a for a in names if isinstance(a, str))), tuple(dict.fromkeys(towns)), vendor,
                   tuple(dict.fromkeys((a, v) for a, v in versions if isinstance(a, str) and isinstance(v, str))),
                   tuple(f for f in files if isinstance(f, str)))


def _text_at(doc: dict[str, object], key: str, inner: str) -> str | None:
    value = doc.get(key)
    text = value.get(inner) if isinstance(value, dict) else None
    return text if isinstance(text, str) else None
