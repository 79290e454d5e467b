"""The names of vendor answer files: the vendor and version they declare, one vendor's files grouped and ordered."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import InputError
from ..normalize import find_version, text

# A re-submission's revision after the vendor's name in a file name (…_回答_A社_第2版, A社（再提出）, A社_rev2, a date,
# a download's second copy A社 (2); NFKC: （ is "("): the file's, not the vendor's (it became a fifth vendor in compare
# and in the readiness records). Dates as offices write them: 20260115, 260115, 2026-01-15, 2026.1.15, 2026年1月15日,
# R080115, R8.1.15, 令和8年1月15日 (平成 too), each maybe followed by 提出 or 受付.
_DATE = (r"(?:(?:\d{2})?\d{6}|\d{4}(?:-\d{1,2}-|\.\d{1,2}\.)\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日"
         r"|(?:R|H|令和|平成)\s*(?:\d{6}|\d{1,2}\.\d{1,2}\.\d{1,2}|\d{1,2}年\d{1,2}月\d{1,2}日))(?:提出|受付|受領)?")
# Revision words as offices and vendors write them besides: 再修正版, 修正済(版), 修正後(版), 更新版, 最新版, 確定版,
# 2回目, 第2回目, 3回目提出, 改訂2版, 修正版ver2 (each was part of the vendor's name, a vendor of its own in compare).
_NUMBERED = r"(?:v|ver\.?|rev\.?)\s*\d+(?:\.\d+)*"  # v2, ver.2, rev2: also right after a revision word (修正版ver2)
_REVISION_WORD = (r"(?:第\d+(?:版|回目?(?:提出)?|稿)|\d+回目(?:提出)?|再+提出(?:版)?|再々提出(?:版)?"
                  r"|(?:再[再々]*)?(?:修正|改訂|改定|訂正|差替え?|差し替え)(?:\d*版|済み?版?|後版?)?\d*"
                  rf"|(?:最終|最新|確定|更新)版\d*|最終\d*|{_NUMBERED}|{_DATE})(?:{_NUMBERED})?")
_OPEN, _CLOSE = r"[(\[【（［]", r"[)\]】）］]"  # also as a name is written (grouping reads it so), not NFKC only
_SEPARATOR = r"[_＿\s\-－]+"  # A社_修正版, A社 修正版, A社-修正版 (NFKC: － is "-")
# a bracketed revision, a download's second copy (2), (再), maybe after a separator (A社_(再): its 「_」 was the
# vendor's); a revision word after a separator, maybe with a number after it (A社_修正版_2: a second download, or the
# office's count)
_REVISION_SUFFIX = (rf"(?:{_SEPARATOR})?{_OPEN}\s*(?:{_REVISION_WORD}|\d+|再[再々]*)\s*{_CLOSE}"
                    rf"|(?:^|{_SEPARATOR}){_REVISION_WORD}(?:{_SEPARATOR}\d+)?")
# …_回答_A社.xlsx, and hyojun's own answer sheet carried for a vendor (spec template --answers): …_回答様式_A社.xlsx;
# 回答_A社.xlsx too, as check --help names them (its vendor was 「回答_A社」), and so with a bracketed revision before
# it (【修正版】回答_A社.xlsx: its vendor was 「【修正版】回答_A社」)
STEM_VENDOR = re.compile(rf"(?:^(?:\s*{_OPEN}\s*{_REVISION_WORD}\s*{_CLOSE}\s*)?|_)回答(?:様式)?_(.+)$", re.IGNORECASE)
# The part of a vendor's answers a file holds, after the vendor's name (…_回答_A社_機能, A社（帳票要件）, A社-帳票一覧), as
# the ministries publish some specs as a 機能 file and a 帳票 file: the file's, not the vendor's. Before a revision, if any.
# LibreOffice names the CSV of each sheet <book>-<sheet>: A社-機能要件回答, the answer form's sheet names, too.
_KIND_WORD = r"(?:機能|帳票)(?:要件|一覧)?(?:回答)?"
_KIND_SUFFIX = rf"\s*{_OPEN}\s*{_KIND_WORD}\s*{_CLOSE}|{_SEPARATOR}{_KIND_WORD}"
# The other sheet names of such a CSV's name, after the vendor's name (A社-回答, A社-Sheet1): the file's too.
_SHEET_SUFFIX = r"-(?:回答(?:一覧|表|書)?|sheet\d*)"
_KIND = re.compile(rf"(?:{_KIND_SUFFIX})(?=(?:{_REVISION_SUFFIX})*$)", re.IGNORECASE)
_ANY_KIND = re.compile("機能|帳票")
FILE_SUFFIX = re.compile(rf"(?:{_REVISION_SUFFIX}|{_KIND_SUFFIX}|{_SHEET_SUFFIX})+$", re.IGNORECASE)  # the file's, after the vendor's name


# A version without a minor number right after 仕様書 (標準仕様書 第6版, 仕様書【第6版】): the spec's
_BARE_AFTER_SPEC = re.compile(r"仕様書?\s*[【\[(]?\s*(第\s*\d+\s*版)")


def declared_version(texts: list[str]) -> str | None:
    """The spec version *texts* name: one after 仕様(書) first (標準仕様書【第1.1版】 before 回答書 第1.0版), then any
    with a minor number (【第1.1版】住民記録システム標準仕様書). A version without one (第2版) only right after 仕様書:
    elsewhere (… 対応状況回答（第2版）) it is the vendor's own document's revision."""
    spec_titles = [t[t.index("仕様"):] for t in texts if "仕様" in t]
    return next((v for t in spec_titles if (v := find_version(t, whole=False))), None) \
        or next((find_version(m.group(1)) for t in spec_titles if (m := _BARE_AFTER_SPEC.match(t))), None) \
        or next((v for t in texts if (v := find_version(t, whole=False))), None)


def version_in_file_name(path: Path) -> str | None:
    """The spec version *path*'s name declares (固定資産税_第10.0版_回答_A社.xlsx), before the file is read."""
    return declared_version([path.stem])


def version_in_file_names(paths: Iterable[Path]) -> str | None:
    """The version the names of one vendor's files declare: the first one's that declares one."""
    return next(filter(None, map(version_in_file_name, paths)), None)


def group_answer_files(paths: Iterable[Path]) -> list[tuple[Path, ...]]:
    """*paths* with the files of one vendor together, each group where its first file is: a 機能 file and a 帳票 file of
    one folder (however written) whose names differ only by the kind word after the vendor's name and a revision
    (A社_機能.xlsx, A社_帳票_第2版.xlsx: only the 帳票 re-submitted), its 機能 file first. A file without a kind word, or
    without a partner of the other kind, is alone, and so is a file given twice (run_batch refuses it). More files of
    one vendor (A社_機能.xlsx beside A社_機能_第2版.xlsx, or a workbook and its CSV export) are refused: which of them is
    the vendor's answer is not known, and read apart each was one more bidder of that vendor's name."""
    paths = list(paths)
    keys: list[object] = []
    kinds: dict[object, list[Path]] = {}  # per name without its kind word and revision, its files
    for i, path in enumerate(paths):
        # the folder itself: C:\入札\A社_機能.xlsx and A社_帳票.xlsx given in C:\入札 are of one
        keys.append((path.parent.resolve(), text(FILE_SUFFIX.sub("", path.stem))) if _kind_in(path.stem) else i)
        kinds.setdefault(keys[-1], []).append(path)
    paired = {key for key, files in kinds.items() if are_parts(files)}
    for key, files in kinds.items():
        if len(files) > 1 and key not in paired and len({p.resolve() for p in files}) == len(files):
            raise InputError(f"{'、'.join(p.name for p in in_reading_order(files))}: 1 つのベンダの回答ファイルが {len(files)} つあり、"
                             "機能・帳票の組になりません。機能の回答と帳票の回答を 1 つずつ指定してください（再提出の新しいファイルが"
                             "あれば古いファイルを、Excel から書き出した CSV があればどちらかを除いて指定します）")
    groups: dict[object, list[Path]] = {}
    for i, (key, path) in enumerate(zip(keys, paths)):
        groups.setdefault(key if key in paired else i, []).append(path)
    return [tuple(in_reading_order(g)) for g in groups.values()]


def in_reading_order(files: Iterable[Path]) -> list[Path]:
    """One vendor's *files* in the one order they are read in, whatever order they are given in (a shell sorts 帳 before
    機, a manifest keeps its own): the 機能 file before the 帳票 file, as read_spec orders a spec's, then by name. One
    set of files has one vendor.file and one sha256, and an id answered in both files one first row, from every command."""
    return sorted(files, key=lambda p: (_is_form_part(p), text(p.name)))


def are_parts(files: Sequence[Path]) -> bool:
    """Whether *files* are, by their names, a 機能 file and a 帳票 file: one vendor's answers in two parts."""
    return len(files) == 2 and sorted(map(_is_form_part, files)) == [False, True]


def _is_form_part(path: Path) -> bool:
    """A 帳票 file by its name: the kind word after the vendor's name (A社_帳票.xlsx), else its first kind word (a
    manifest's 帳票回答.xlsx)."""
    return (m := _kind_in(path.stem) or _ANY_KIND.search(path.stem)) is not None and "帳票" in m.group()


def answers_stem(files: Sequence[Path]) -> str:
    """The name of the outputs of one vendor's answers in *files*: its file's name without its suffix; of several files,
    the first read's (in_reading_order) without its kind word (A社_機能.xlsx and A社_帳票.xlsx: A社)."""
    stem = in_reading_order(files)[0].stem
    if len(files) > 1 and (m := _kind_in(stem)):
        return stem[:m.start()] + stem[m.end():]
    return stem


def _kind_in(stem: str) -> re.Match[str] | None:
    """The kind word after a vendor's name in a file's name (…_回答_A社_機能: _機能)."""
    m = _KIND.search(stem)
    return m if m and m.start() > 0 else None
