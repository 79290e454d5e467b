"""Read migration-progress workbooks: 総務省's published workbook and the 自己記入シート.

総務省's workbook has 「令和N年M月_進捗状況」 (完了率 and 20 業務別完了率 per municipality) and
「業務別ステップ別進捗一覧」 (one row per municipality × area, 40 step columns). The self-filled
sheet is the one `hyojun readiness template` writes (docs/readiness.md). Every problem of a sheet
is collected, each naming file, sheet and cell, before one InputError is raised.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..catalog import Catalog, load_catalog
from ..errors import InputError, at_most, joined_at_most
from ..model import town_label
from ..normalize import header, plain, quoted, text
from ..readiness_model import (CIRCLE_HINT, CIRCLES, FILLED_MARKS, NOT_STARTED, PREFECTURE_ORDER, PREFECTURES, STATUS_HINT,
                               STATUS_WORDS, STEP_COUNT, MunicipalityKey, ReadinessImport, count_done, not_a_prefecture,
                               step_index_by_key, step_key, steps, town_key)
from .cells import address, column_letter
from .headers import merged_fill
from .workbook import Sheet, Workbook, read_workbook

# A year as 2026, 令和8 / R8 or 平成31 / H31 (元年 = 1): groups western, era, era year
_YEAR = r"(?:(\d{4})|(令和|R|平成|H)\s*(元|\d{1,2}))\s*"
_ERA_BASE = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}
# Anchored, with 年 or a separator between the year and the month: a search read 「令和11年」 (a year) as 令和1年1月
_MONTH = re.compile(rf"^{_YEAR}(?:年|[-/.])\s*(\d{{1,2}})\s*月?(?:\s*[-/.]?\s*\d{{1,2}}\s*日?)?\s*[分度末]?\s*(?:時点|現在)?$")
# 年 and 月 both written: a month among other words (令和8年6月分（速報）, 報告月：令和8年1月), as a 報告月 cell may hold
_MONTH_IN_TEXT = re.compile(rf"(?<![\d元]){_YEAR}年\s*(\d{{1,2}})\s*月")
_DATE = re.compile(rf"^{_YEAR}(?:年|[-/.])\s*(\d{{1,2}})\s*(?:月|[-/.])\s*(\d{{1,2}})\s*日?$")
_FISCAL_YEAR_END = re.compile(rf"^{_YEAR}年度末$")  # 令和12年度末: the way the law and 総務省 write a deadline
_MONTH_END = re.compile(rf"^{_YEAR}年\s*(\d{{1,2}})\s*月末$")  # 令和9年3月末: how a notice of an extension writes one
# the time a date cell gets in a CSV export or a paste (2026/03/31 0:00:00)
_MIDNIGHT = re.compile(r"(?:\s+|T)0?0:00(?::00(?:\.0+)?)?$")
_PROGRESS_SHEET = re.compile(r"((?:令和|R)\s*(?:元|\d{1,2})\s*年\s*\d{1,2}\s*月).*進捗状況")
_MAX_LISTED = 50
_CELLS_NAMED = 5  # cells a line about many names before 「ほか N セル」
_TOWNS_NAMED = 10  # municipalities a line names before 「ほか N 団体」, as the import's other lists
# what a rate cell may hold: 総務省's sheet is 0–1, a staff-made one often in percent
_RATE_HINT = "0〜1 の数値（0.75）か % を付けた値（75%）で、1/40（2.5%）刻みで書いてください"
_DATE_HINT = "2031-03-31 の形で書いてください。2031/3/31・2031年3月31日・令和13年3月31日・R13.3.31・平成31年3月31日・H31.3.31 も可"
DEADLINE_HINT = _DATE_HINT.replace(" も可", "・令和12年度末・令和9年3月末 も可")
SELF_SHEET = "進捗入力"
SELF_FIELDS = ("都道府県", "市区町村", "団体コード", "報告月")
SELF_COLUMNS = ("業務", "ステップ", "ステップ名", "状況", "日付", "備考")
# The fast path of the step sheet: a ● or ◐ misses it, so the slow path sees that the sheet uses the legend's symbols
_FAST_WORDS = {word: code for word, code in STATUS_WORDS.items() if word not in FILLED_MARKS}


def parse_month(value: Any) -> str | None:
    """'令和8年1月' / 'R8.1' / 'R8/1' / '2026-01' / '2026年1月分' / '令和8年6月分（速報）' / a date → '2026-01'; None if not
    a month (「令和11年」, a year, is none)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    shown = _date_text(value)
    m = _MONTH.match(shown) or _MONTH_IN_TEXT.search(shown)
    if m is None:
        return None
    month = int(m.group(4))
    return f"{_year(m):04d}-{month:02d}" if 1 <= month <= 12 else None


def _year(m: re.Match[str]) -> int:
    """The western year of a match of `_YEAR`: 令和 N is 2018 + N, 平成 N 1988 + N (元年 = 1)."""
    if m.group(1):
        return int(m.group(1))
    return _ERA_BASE[m.group(2)] + (1 if m.group(3) == "元" else int(m.group(3)))


def _date_text(value: Any) -> str:
    """*value* as text, without the midnight time of a date cell exported as text."""
    return _MIDNIGHT.sub("", text(value))


def _sheet_month(sheet: Sheet) -> str | None:
    """The month of 総務省's 「令和N年M月_進捗状況」 sheet, from its name."""
    m = _PROGRESS_SHEET.search(text(sheet.name))
    return parse_month(m.group(1)) if m else None


def read_progress(path: str | Path, catalog: Catalog | None = None) -> ReadinessImport:
    """Read a progress workbook of either kind (detected from its sheets)."""
    wb = read_workbook(path)  # with its hidden rows: a row filtered out or hidden is read all the same, and said so
    catalog = catalog or load_catalog()
    progress = _only_one(wb, [s for s in wb.sheets if _PROGRESS_SHEET.search(text(s.name))], "進捗状況のシート",
                         _sheet_month)
    steps = _only_one(wb, [s for s in wb.sheets if "ステップ別進捗" in text(s.name)], "ステップ別進捗のシート")
    if progress is not None or steps is not None:
        return _with_every_area(_read_soumu(wb, progress, steps, catalog), catalog)
    own = _only_one(wb, [s for s in wb.sheets if _find_label_rows(s, SELF_FIELDS)], "自己記入シート", _self_month)
    if own is not None:
        return _with_every_area(_read_self(wb, own, catalog), catalog)
    if wb.format == "csv":  # its one sheet is named for the file, cut at 31 characters: no name to list
        raise InputError(f"{wb.path}: 自己記入シートの CSV ではありません。総務省の進捗状況のブックはシート名（「令和N年M月_進捗状況」"
                         "「業務別ステップ別進捗一覧」）で見分けるため、CSV では読めません。元の Excel ブック（.xlsx）を指定してください"
                         "（CSV で読めるのは hyojun readiness template で作った自己記入シートだけです）")
    names = "、".join(f"「{s.name}」" for s in wb.sheets)
    raise InputError(f"{wb.path}: 進捗状況のブックではありません（シート: {names}）。総務省の「令和N年M月_進捗状況」"
                     f"「業務別ステップ別進捗一覧」のブックか、hyojun readiness template で作った自己記入シートを指定してください")


def _only_one(wb: Workbook, sheets: list[Sheet], what: str,
              month: Callable[[Sheet], str | None] | None = None) -> Sheet | None:
    """The one sheet of its kind, or None. A file is one snapshot of one month (the store knows it by its sha256):
    a second sheet (last month's copied as 「進捗入力 (2)」, 「令和7年12月_進捗状況」 beside 「令和8年1月_…」) is an
    error naming each with its month, not a month silently dropped."""
    if len(sheets) <= 1:
        return sheets[0] if sheets else None
    named = []
    for s in sheets:
        about = ([month(s) or "月を読めません"] if month else []) + (["非表示"] if s.hidden or s.very_hidden else [])
        named.append(f"「{s.name}」" + (f"（{'・'.join(about)}）" if about else ""))
    listed = "、".join(named)
    raise InputError(f"{wb.path}: {what}が {len(sheets)} 枚あります: {listed}。1 つのブックから取り込めるのは 1 か月分の 1 枚だけです。"
                     "取り込むシートだけを残したブックにするか、月ごとに別のブックに分けてください")


def _self_month(sheet: Sheet) -> str | None:
    """The 報告月 of a self-filled sheet, for naming it."""
    r, c = _find_label_rows(sheet, SELF_FIELDS)["報告月"]
    return parse_month(_cell(sheet.rows[r], c))


def _with_every_area(data: ReadinessImport, catalog: Catalog) -> ReadinessImport:
    """Every municipality with every one of the 20 areas: an area without a row or a column counts as
    未着手 (0/40) with a warning, as a step without a row does, so the overall rate stays out of 800
    (a sheet with three areas' rows deleted read 660/680 = 97% instead of 660/800)."""
    present: dict[int, set[str]] = {}
    for i, area, *_ in data.rows:
        present.setdefault(i, set()).add(area)
    missing: dict[str, int] = {}
    for i in range(len(data.municipalities)):
        for area in (a.name for a in catalog.areas if a.name not in present.get(i, ())):
            data.rows.append((i, area, 0, 0, None))  # no step recorded: shown as such ("?"), not as 40 steps not started
            data.filled.add((i, area))
            missing[area] = missing.get(area, 0) + 1
    if missing:
        listed = "、".join(f"{area}（{n:,} 団体）" for area, n in missing.items())
        data.warnings.append(f"{data.source}: 次の業務は記録がないため未着手（0/40）とみなしました: {listed}")
    return data


class _Problems:
    """Problems of one sheet, raised together."""

    def __init__(self, wb: Workbook, sheet: Sheet) -> None:
        self.wb, self.sheet, self.items, self.cells = wb, sheet, [], 0  # type: Workbook, Sheet, list[str], int

    def add(self, row: int, col: int, message: str) -> None:
        self.add_cells([(row, col)], message)

    def add_cells(self, cells: list[tuple[int, int]], message: str) -> None:
        """One line for the cells of one problem (a sheet's blanks, a sheet in percent), not 700 of the same line."""
        if not cells:
            return
        first = address(self.sheet.name, *cells[0])
        rest = [f"{column_letter(c)}{r + 1}" for r, c in cells[1:_CELLS_NAMED]]
        more = f" ほか {len(cells) - _CELLS_NAMED:,} セル" if len(cells) > _CELLS_NAMED else ""
        self.items.append(f"{'、'.join([first, *rest])}{more}: {message}")
        self.cells += len(cells)

    def raise_if_any(self) -> None:
        if not self.items:
            return
        raise InputError(f"{self.wb.path}: シート「{self.sheet.name}」に {self.cells:,} 件の問題があります",
                         details=at_most(self.items, _MAX_LISTED))


class _Circles:
    """The ○ cells of one sheet: 未着手 if the sheet also has ● or ◐ (the legend's set ● ◐ ○ －), else each refused,
    as a ○ alone may as well mean 完了."""

    def __init__(self) -> None:
        self.cells: list[tuple[int, int, Any]] = []
        self.in_set = False

    def code(self, status: str, row: int, col: int, value: Any) -> str | None:
        """The code of a status cell (*status* its normalised text); a ○ is 未着手 until `check` says otherwise."""
        if status in CIRCLES:
            self.cells.append((row, col, value))
            return NOT_STARTED
        self.in_set = self.in_set or status in FILLED_MARKS
        return STATUS_WORDS.get(status)

    def check(self, problems: _Problems, what: str) -> None:
        if not self.in_set:
            for r, c, value in self.cells:
                problems.add(r, c, f"{what}「{typed(value)}」{CIRCLE_HINT}")


def _cell(row: list[Any], col: int) -> Any:
    return row[col] if col < len(row) else None


def _first_at(sheet: Sheet, row: int, col: int) -> str:
    """Where the first of two rows of one thing is, said after 「…が重複しています」: which of them is wrong is the user's call."""
    return f"（最初は {address(sheet.name, row, col)}）"


class _Municipalities:
    """Municipalities in first-seen order, keyed by prefecture + name as towns are matched (town_key: a row of
    七ケ浜町 is one more of 七ヶ浜町), each under the name first met."""

    def __init__(self) -> None:
        self.keys: list[MunicipalityKey] = []
        self.index: dict[tuple[str, str], int] = {}

    def get(self, prefecture: str, name: str, code: str | None = None) -> int:
        i = self.index.get((prefecture, town_key(name)))
        if i is None:
            i = self.index[(prefecture, town_key(name))] = len(self.keys)
            self.keys.append(MunicipalityKey(prefecture, name, code))
        elif code and not self.keys[i].code:
            self.keys[i] = MunicipalityKey(prefecture, name, code)
        return i


def _code(value: Any, prefecture: str) -> str | None:
    """団体コード as text: 6 digits (with check digit) or 5. A code typed as a number lost its leading zero (北海道 to
    茨城県, 01–09: 札幌市 011002 read 11002, a 埼玉県 code); the row's prefecture tells which it was: the 6-digit
    code starting with the prefecture's two digits if its check digit holds, else the 5-digit one."""
    s = text(value)
    if not s.isdigit() or len(s) >= 6:
        return s or None
    six = s.zfill(6)
    if prefecture in PREFECTURES and six[:2] == f"{PREFECTURE_ORDER.index(prefecture) + 1:02d}" and _check_digit_holds(six):
        return six
    return s.zfill(5)


def _check_digit_holds(code: str) -> bool:
    """The 6th digit of a 団体コード is 11 − (Σ of the first five × 6, 5, 4, 3, 2) mod 11, its last digit."""
    return (11 - sum(int(d) * w for d, w in zip(code, (6, 5, 4, 3, 2))) % 11) % 10 == int(code[5])


def _area_resolver(catalog: Catalog) -> Callable[[Any], str | None]:
    cache: dict[Any, str | None] = {}

    def resolve(value: Any) -> str | None:
        if value not in cache:
            area = catalog.find(text(value)) if text(value) else None
            cache[value] = area.name if area else None
        return cache[value]
    return resolve


def _read_soumu(wb: Workbook, progress: Sheet | None, steps: Sheet | None, catalog: Catalog) -> ReadinessImport:
    if progress is None:
        raise InputError(f"{wb.path}: シート「令和N年M月_進捗状況」がありません。月はこのシート名から読み取ります")
    month = _sheet_month(progress)
    if month is None:
        raise InputError(f"{wb.path}: シート名「{progress.name}」から年月を読み取れません")
    munis = _Municipalities()
    warnings: list[str] = []
    rates = _read_rates(wb, progress, catalog, munis, warnings)
    rows: list[tuple[int, str, int, int, str | None]] = []
    if steps is None:
        warnings.append(f"{wb.path}: シート「業務別ステップ別進捗一覧」がないため、業務別完了率だけを取り込みます")
        found: dict[tuple[int, str], tuple[int, int, str]] = {}
    else:
        found = _read_steps(wb, steps, catalog, munis, warnings)
    for (i, area), (done, wip, codes) in found.items():
        published = rates.get((i, area))
        if published is not None and published[0] != done:
            warnings.append(f"{address(progress.name, published[1], published[2])}: {munis.keys[i].name} {area} の"
                            f"業務別完了率（{published[0]}/40）とステップ別の完了数（{done}/40）が一致しません。ステップ別を採ります")
        rows.append((i, area, done, wip, codes))
    for (i, area), (done, _row, _col) in rates.items():
        if (i, area) not in found:
            rows.append((i, area, done, 0, None))
    if steps is not None and len(found) < len(rates):
        warnings.append(f"{wb.path}: {len(rates) - len(found)} 件の業務はステップ別の行がなく、業務別完了率だけを取り込みました")
    return ReadinessImport(wb.path, wb.sha256, "soumu", month, munis.keys, rows, [], warnings,
                           cells={"報告月": f"シート名「{progress.name}」"})


def _header_columns(sheet: Sheet) -> tuple[int, dict[int, str]]:
    """The last header row and a label per column, for headers stacked over two rows.

    The header starts at the row holding 都道府県; following rows whose 都道府県 cell is empty
    (merged over both rows) continue it, and their labels (the area names under 「業務別完了率」) win.
    """
    first = next((r for r, row in enumerate(sheet.rows[:10]) if any(header(v).startswith("都道府県") for v in row)), None)
    if first is None:
        return -1, {}
    pref_col = next(c for c, v in enumerate(sheet.rows[first]) if header(v).startswith("都道府県"))
    labels: dict[int, str] = {}
    last = first
    while last < len(sheet.rows) and (last == first or not text(_cell(sheet.rows[last], pref_col))):
        labels.update({c: header(v) for c, v in enumerate(sheet.rows[last]) if header(v)})
        last += 1
    return last - 1, labels


def _find(labels: dict[int, str], *prefixes: str) -> int | None:
    return next((c for c, label in sorted(labels.items()) if label.startswith(prefixes)), None)


def _read_rates(wb: Workbook, sheet: Sheet, catalog: Catalog, munis: _Municipalities,
                warnings: list[str]) -> dict[tuple[int, str], tuple[int, int, int]]:
    """(municipality, area) → (done steps, row, col), from the 業務別完了率 columns."""
    problems = _Problems(wb, sheet)
    last, labels = _header_columns(sheet)
    pref_col, name_col = _find(labels, "都道府県"), _find(labels, "市区町村", "団体名")
    code_col = _find(labels, "団体コード", "地方公共団体コード")
    area_cols = {c: a.name for c, label in labels.items() if (a := catalog.find(label))}
    if last < 0 or pref_col is None or name_col is None or not area_cols:
        raise InputError(f"{wb.path}: シート「{sheet.name}」に見出し（都道府県・市区町村・業務名）が見つかりません")
    result: dict[tuple[int, str], tuple[int, int, int]] = {}
    first_row: dict[int, int] = {}  # municipality → its row: a second row would silently replace the first
    blanks: list[tuple[int, int]] = []
    percents: list[tuple[int, int, Any, float]] = []  # (row, col, cell, number): 75 meant as 75%
    between = False  # a rate strictly between 0 and 1 read: the sheet is in 0–1, whatever a few cells say
    for r in range(last + 1, len(sheet.rows)):
        row = sheet.rows[r]
        pref, name = text(_cell(row, pref_col)), text(_cell(row, name_col))

        if not pref and not name:
            continue
        if not pref or not name:
            problems.add(r, pref_col if not pref else name_col, "都道府県または市区町村が空欄です")
            continue
        if why := not_a_prefecture(pref):
            problems.add(r, pref_col, why)
            continue
        i = munis.get(pref, name, _code(_cell(row, code_col), pref) if code_col is not None else None)
        if i in first_row:
            problems.add(r, name_col, f"{pref} {name} の行が重複しています{_first_at(sheet, first_row[i], name_col)}")
            continue
        first_row[i] = r
        for c, area in area_cols.items():
            value = _cell(row, c)
            done = _done_from_rate(value)
            if done is not None:
                result[(i, area)] = (done, r, c)
                between = between or 0 < done < STEP_COUNT
            elif not text(value):
                blanks.append((r, c))
            elif (number := _percent_number(value)) is not None:
                percents.append((r, c, value, number))
            else:
                problems.add(r, c, f"業務別完了率「{typed(value)}」を読めません（{_RATE_HINT}）")
    problems.add_cells(blanks, f"業務別完了率が空欄です（{_RATE_HINT}）")
    if percents and not between:  # the whole sheet in percent numbers: one line, not one per cell
        example = percents[0][3]
        problems.add_cells([(r, c) for r, c, _v, _n in percents],
                           f"業務別完了率が 0〜100 の数値（{example:g} など）で書かれています。0〜1 の数値（{example / 100:g}）か、"
                           f"% を付けた値（{example:g}%）で書いてください")
    for r, c, value, number in percents if between else []:
        problems.add(r, c, f"業務別完了率「{typed(value)}」は 0〜1 の数値ではありません。百分率なら {number:g}% と % を付けるか "
                           f"{number / 100:g} と書いてください")
    problems.raise_if_any()
    warnings += _hidden_read(wb, sheet, first_row.items(), munis)
    warnings += _hidden_columns_read(wb, sheet, last, (pref_col, name_col, code_col, *area_cols))
    return result


def _percent_number(value: Any) -> float | None:
    """The number of a rate cell that is no rate but reads as a percentage without its % (75, 「97.5」), else None."""
    s = text(value)
    try:
        number = float(s)
    except ValueError:
        return None
    return number if 1 < number <= 100 else None


def _done_from_rate(value: Any) -> int | None:
    """A rate cell (0.95, '95%', '0.95') → done steps out of 40, or None."""
    if type(value) is float or type(value) is int:
        rate = float(value)
    elif isinstance(value, bool) or value is None:
        return None
    else:
        s = text(value).rstrip("%")
        try:
            rate = float(s) / (100 if text(value).endswith("%") else 1)
        except ValueError:
            return None
    if not math.isfinite(rate * STEP_COUNT):  # nan, inf, 1e999 (and 1e308 × 40): no round() of them
        return None
    done = round(rate * STEP_COUNT)
    return done if 0 <= done <= STEP_COUNT and abs(rate * STEP_COUNT - done) < 1e-6 else None


def _read_steps(wb: Workbook, sheet: Sheet, catalog: Catalog, munis: _Municipalities,
                warnings: list[str]) -> dict[tuple[int, str], tuple[int, int, str]]:
    """(municipality, area) → (done, in progress, 40 status codes), from 業務別ステップ別進捗一覧."""
    problems = _Problems(wb, sheet)
    hdr = next((r for r, row in enumerate(sheet.rows[:10]) if any(header(v).startswith("業務") for v in row)
                and any(step_key(v) for v in row)), None)
    if hdr is None:
        raise InputError(f"{wb.path}: シート「{sheet.name}」に見出し（都道府県名・市区町村名・業務名・40 のステップ）が見つかりません")
    labels = {c: header(v) for c, v in enumerate(sheet.rows[hdr]) if header(v)}
    pref_col, name_col = _find(labels, "都道府県"), _find(labels, "市区町村", "団体名")
    area_col = _find(labels, "業務")
    code_col = _find(labels, "団体コード", "地方公共団体コード")
    index = step_index_by_key()
    step_cols: list[int | None] = [None] * STEP_COUNT
    for c, v in enumerate(sheet.rows[hdr]):
        k = step_key(v)
        if k in index and step_cols[index[k]] is None:
            step_cols[index[k]] = c
    missing = [steps()[i].id for i, c in enumerate(step_cols) if c is None]
    if pref_col is None or name_col is None or area_col is None or missing:
        absent = [what for what, c in (("都道府県名", pref_col), ("市区町村名", name_col), ("業務名", area_col)) if c is None]
        absent += [f"ステップ {'・'.join(missing)}（{len(missing)} 個）"] if missing else []
        raise InputError(f"{wb.path}: シート「{sheet.name}」{hdr + 1} 行目の見出しが足りません"
                         f"（都道府県名・市区町村名・業務名と 40 のステップが必要。ないもの: {'、'.join(absent)}）")
    cols: list[int] = step_cols  # type: ignore[assignment]
    first = cols[0]
    contiguous = cols == list(range(first, first + STEP_COUNT))
    resolve = _area_resolver(catalog)
    norm = _memo(text)
    lookup = _FAST_WORDS.__getitem__
    circles = _Circles()
    result: dict[tuple[int, str], tuple[int, int, str]] = {}
    rows: dict[tuple[int, str], int] = {}  # the row of each municipality and area
    blanks: list[tuple[int, int]] = []

    def status(r: int, k: int, value: Any) -> str | None:
        return circles.code(text(value), r, cols[k], value)

    def unknown(r: int, k: int, value: Any) -> None:
        if text(value):
            problems.add(r, cols[k], f"ステップの状況「{typed(value)}」は {STATUS_HINT} のいずれでもありません")
        else:
            blanks.append((r, cols[k]))  # one line for them all: a row left blank is 40 cells
    for r in range(hdr + 1, len(sheet.rows)):
        row = sheet.rows[r]
        pref, name, area_raw = norm(_cell(row, pref_col)), norm(_cell(row, name_col)), _cell(row, area_col)
        if not pref and not name and not text(area_raw):
            continue
        cells = row[first:first + STEP_COUNT] if contiguous else [_cell(row, c) for c in cols]
        try:
            # The fast path: a published sheet spells every status exactly; only misses are normalised.
            s: str | None = "".join(map(lookup, cells))
        except (KeyError, TypeError):
            s = _slow_codes(cells, functools.partial(status, r), functools.partial(unknown, r))
        area = resolve(area_raw)
        if area is None:
            problems.add(r, area_col, f"業務名「{text(area_raw)}」は標準化対象の 20 業務にありません")
        if not pref or not name:
            problems.add(r, pref_col if not pref else name_col, "都道府県名または市区町村名が空欄です")
        elif why := not_a_prefecture(pref):
            problems.add(r, pref_col, why)
            continue
        if area is None or s is None or not pref or not name:
            continue
        i = munis.get(pref, name, _code(_cell(row, code_col), pref) if code_col is not None else None)
        if (i, area) in result:
            problems.add(r, area_col, f"{name} の {area} の行が重複しています{_first_at(sheet, rows[(i, area)], area_col)}")
            continue
        result[(i, area)] = (count_done(s), s.count("W"), s)
        rows[(i, area)] = r
    circles.check(problems, "ステップの状況")
    problems.add_cells(blanks, f"ステップの状況が空欄です（{STATUS_HINT} のいずれかを書いてください）")
    problems.raise_if_any()
    warnings += _hidden_read(wb, sheet, ((i, r) for (i, _area), r in rows.items()), munis)
    warnings += _hidden_columns_read(wb, sheet, hdr, (pref_col, name_col, area_col, code_col, *cols))
    return result


def _hidden_read(wb: Workbook, sheet: Sheet, rows: Iterable[tuple[int, int]], munis: _Municipalities) -> list[str]:
    """The 「注意:」 for the municipalities of *rows* ((municipality, row) pairs) that *sheet* hides: read like any
    other (a filter narrowed to one prefecture or rows hidden by hand hide no data), but a reader of the sheet did
    not see them (docs/decisions.md hidden-row)."""
    hidden = sorted((r, i) for i, r in rows if r in sheet.hidden_rows)
    if not hidden:
        return []
    towns = list(dict.fromkeys(i for _r, i in hidden))
    named = joined_at_most([town_label(munis.keys[i].prefecture, munis.keys[i].name) for i in towns], _TOWNS_NAMED, "、",
                           f" ほか {len(towns) - _TOWNS_NAMED:,} 団体")
    lines = f"{len(hidden):,} 行・" if len(hidden) > len(towns) else ""  # the step sheet's rows: an area each
    return [f"{wb.path}: シート「{sheet.name}」の非表示の行（フィルターで隠れた行を含む）にある {lines}{len(towns):,} 団体"
            f"（{named}）も取り込みました。再表示して、取り込んでよい団体か確かめてください"]


def _hidden_columns_read(wb: Workbook, sheet: Sheet, last: int, columns: Iterable[int | None]) -> list[str]:
    """The 「注意:」 for the *columns* the import reads that *sheet* hides, once for the sheet, each named by its header
    (the nearest cell with text up from the header's *last* row: 「業務別完了率」's areas are on its second row): read
    as a hidden row is, and as easily overlooked (docs/decisions.md hidden-column)."""
    hidden = sorted({c for c in columns if c is not None and c in sheet.hidden_columns})
    if not hidden:
        return []

    def named(c: int) -> str:
        label = next((typed(v) for r in range(last, -1, -1) if text(v := _cell(sheet.rows[r], c))), "")
        return f"{column_letter(c)} 列" + (f"「{label}」" if label else "")
    listed = joined_at_most([named(c) for c in hidden], _CELLS_NAMED, "、", f" ほか {len(hidden) - _CELLS_NAMED:,} 列")
    return [f"{wb.path}: シート「{sheet.name}」の非表示の列（{listed}）も取り込みました。再表示して確かめてください"]


def _memo(fn: Callable[[Any], str]) -> Callable[[Any], str]:
    """*fn* cached per cell value: the same few thousand names repeat over 34,820 rows."""
    cache: dict[Any, str] = {}

    def get(value: Any) -> str:
        try:
            return cache[value]
        except KeyError:
            cache[value] = result = fn(value)
            return result
    return get


def _slow_codes(cells: list[Any], status: Callable[[int, Any], str | None], report: Callable[[int, Any], None]) -> str | None:
    """Status codes after normalising each cell; reports every unknown status, None if any."""
    codes = []
    for k, v in enumerate(cells):
        code = status(k, v)
        if code is None:
            report(k, v)
        codes.append(code or "")
    return "".join(codes) if all(codes) else None


def _find_label_rows(sheet: Sheet, labels: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Label → (row, value column) for key/value rows at the top of the self-filled sheet."""
    found: dict[str, tuple[int, int]] = {}
    for r, row in enumerate(sheet.rows[:12]):
        for c, v in enumerate(row[:4]):
            if header(v) in labels and header(v) not in found:
                found[header(v)] = (r, c + 1)
    return found if "報告月" in found and "市区町村" in found else {}


def parse_date(value: Any, *, fiscal_year_end: bool = False) -> dt.date:
    """A date cell, or a date as people type it: 2031-03-31, 2031/3/31, 2031年3月31日, 令和13年3月31日, R13.3.31, 平成31年3月31日
    (as 報告月 may be), with a midnight time (2031/03/31 0:00:00). The one reading of the sheets' 日付, the deadlines YAML
    and --today; a deadline (*fiscal_year_end*) may also be 令和12年度末, 3/31 of the next year, and 令和9年3月末, the
    month's last day. Raises ValueError saying
    why not, to follow what it is (「日付」, 「default の日付」): 「…」を読み取れません（2031-03-31 の形で…）."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = _date_text(value)
    if fiscal_year_end and (m := _FISCAL_YEAR_END.match(s)):
        return dt.date(_year(m) + 1, 3, 31)
    month_end = _MONTH_END.match(s) if fiscal_year_end else None
    if (m := month_end or _DATE.match(s)) is None:
        raise ValueError(f"「{typed(value)}」を読み取れません（{DEADLINE_HINT if fiscal_year_end else _DATE_HINT}）")
    try:
        year, month = _year(m), int(m.group(4))
        return dt.date(year, month, calendar.monthrange(year, month)[1] if month_end else int(m.group(5)))
    except ValueError:  # calendar.IllegalMonthError is one too
        raise ValueError(f"「{typed(value)}」は存在しない日付です") from None


def typed(value: Any) -> str:
    """A cell as the user typed it, for a message: not NFKC'd (「－」 stays 「－」), invisible characters shown."""
    return quoted(plain(value).strip())


def _read_self(wb: Workbook, sheet: Sheet, catalog: Catalog) -> ReadinessImport:
    """The 自己記入シート: key/value rows (都道府県, 市区町村, 団体コード, 報告月), then one row per area × step."""
    problems = _Problems(wb, sheet)
    fields = _find_label_rows(sheet, SELF_FIELDS)
    values = {k: _cell(sheet.rows[r], c) for k, (r, c) in fields.items()}
    pref, name = text(values.get("都道府県")), text(values.get("市区町村"))
    month = parse_month(values.get("報告月"))
    for key, ok in (("都道府県", pref), ("市区町村", name), ("報告月", month)):
        if not ok:
            r, c = fields.get(key, (0, 1))
            raw = typed(values.get(key))
            problems.add(r, c, (f"{key}「{raw}」を読み取れません" if raw else f"{key}が空欄です")
                         + ("（例: 2026-01、令和8年1月、2026年1月分）" if key == "報告月" else ""))
    if pref and (why := not_a_prefecture(pref)):
        problems.add(*fields["都道府県"], why)
    hdr = next((r for r, row in enumerate(sheet.rows[:20]) if {"業務", "ステップ", "状況"} <= {header(v) for v in row}), None)
    if hdr is None:
        raise InputError(f"{wb.path}: シート「{sheet.name}」に見出し（業務・ステップ・状況・日付・備考）が見つかりません")
    labels = {header(v): c for c, v in enumerate(sheet.rows[hdr]) if header(v)}
    area_col, step_col, status_col = labels["業務"], labels["ステップ"], labels["状況"]
    date_col, note_col = labels.get("日付"), labels.get("備考")
    # A cell merged over several rows means its value on each of them, as Excel shows it (業務 merged over an
    # area's 40 rows, 「完了済み」 written once over steps finished together): the anchor gives every row its value.
    fill = merged_fill(sheet, range(hdr + 1, len(sheet.rows)))

    def cell(r: int, c: int | None) -> Any:
        if c is None:
            return None
        r0, c0 = fill.get((r, c), (r, c))
        return _cell(sheet.rows[r0], c0)

    index = step_index_by_key()
    resolve = _area_resolver(catalog)
    codes: dict[str, list[str]] = {}
    step_rows: dict[tuple[str, int], int] = {}  # the row of each area's step
    notes: list[tuple[int, str, int, str | None, str]] = []
    skipped: list[str] = []
    written = 0  # status cells filled in
    circles = _Circles()
    for r in range(hdr + 1, len(sheet.rows)):
        area_raw, step_raw, status_raw = cell(r, area_col), cell(r, step_col), cell(r, status_col)
        if not text(area_raw) and not text(step_raw):
            continue
        area, k = resolve(area_raw), step_key(step_raw)
        if area is None and not text(step_raw):  # a 合計 row or a ※ footnote under the table: not a step
            skipped.append(f"{address(sheet.name, r, area_col)}「{typed(area_raw)}」")
            continue
        status_text = text(status_raw)
        written += bool(status_text)
        if area is None:
            problems.add(r, area_col, f"業務「{typed(area_raw)}」は標準化対象の 20 業務にありません")
        if k not in index:
            problems.add(r, step_col, f"ステップ「{typed(step_raw)}」は 40 のステップ（①-1〜⑱-1）にありません")
        status = circles.code(status_text, r, status_col, status_raw) if status_text else NOT_STARTED
        if status is None:
            problems.add(r, status_col, f"状況「{typed(status_raw)}」は {STATUS_HINT} のいずれでもありません")
        date = None
        if date_col is not None and text(date_raw := cell(r, date_col)):
            try:
                date = parse_date(date_raw).isoformat()
            except ValueError as exc:
                problems.add(r, date_col, f"日付{exc}")
        if area is None or k not in index or status is None:
            continue
        step = index[k]
        if (area, step) in step_rows:
            problems.add(r, step_col, f"{area} のステップ {typed(step_raw)} が重複しています"
                                      + _first_at(sheet, step_rows[(area, step)], step_col))
        step_rows.setdefault((area, step), r)  # a third row's first is the first row still
        codes.setdefault(area, [""] * STEP_COUNT)[step] = status
        note = plain(cell(r, note_col)).strip()  # free text, kept as typed: NFKC turned ①-1 into 1-1 and ㈱ into (株)
        if date or note:
            notes.append((0, area, step + 1, date, note))
    circles.check(problems, "状況")
    if codes and not written:  # the template as written, or the wrong file: it would show the town at 0 %
        problems.add(hdr, status_col, "状況が 1 つも記入されていません。空欄は未着手と読みますが、すべて空欄のシートは記入前のひな形か"
                                      "別のファイルと考えられるため取り込みません（すべて未着手なら「未着手」と記入してください）")
    problems.raise_if_any()
    warnings = [f"{wb.path}: 20 業務の名前もステップもない行を表の外の行（合計・注記）とみなして読み飛ばしました: "
                + joined_at_most(skipped, 3, "、", " ほか")] if skipped else []
    if hidden := [area for (area, _step), r in step_rows.items() if r in sheet.hidden_rows]:
        named = "、".join(f"{area}（{n} ステップ）" for area, n in Counter(hidden).items())
        warnings.append(f"{wb.path}: シート「{sheet.name}」の非表示の行（フィルターで隠れた行を含む）にある {len(hidden):,} ステップ"
                        f"（{named}）の状況も取り込みました。再表示して確かめてください")
    # the table's columns read, and those of the values of 都道府県, 市区町村, 団体コード and 報告月 above it
    warnings += _hidden_columns_read(wb, sheet, hdr, (area_col, step_col, status_col, date_col, note_col,
                                                      *(c for _r, c in fields.values())))
    rows: list[tuple[int, str, int, int, str | None]] = []
    for area, area_codes in codes.items():
        blank = area_codes.count("")
        if blank:
            warnings.append(f"{wb.path}: {area} の {blank} ステップは行がないため未着手とみなしました")
        s = "".join(c or NOT_STARTED for c in area_codes)
        rows.append((0, area, count_done(s), s.count("W"), s))
    if not rows:
        raise InputError(f"{wb.path}: シート「{sheet.name}」にステップの行がありません")
    code = _code(values.get("団体コード"), pref)
    cells = {key: address(sheet.name, *fields[key]) for key in ("市区町村", "報告月")}
    return ReadinessImport(wb.path, wb.sha256, "self", month or "", [MunicipalityKey(pref, name, code)], rows, notes,
                           warnings, cells=cells)

