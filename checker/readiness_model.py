"""The readiness vocabulary (40 steps, four statuses) and the records readers hand to the store.

Step statuses are kept as one character per step ("D" 完了済み, "W" 作業中, "N" 未着手,
"X" 対象外), so an area's 40 steps are one short string: a national workbook is 34,820
strings, not 1.4 million Python objects.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path

from .normalize import header, text

DONE, WORKING, NOT_STARTED, NOT_APPLICABLE = "D", "W", "N", "X"
STEP_COUNT = 40
# JIS X 0401 order: a prefecture's code is its place (北海道 01 … 沖縄県 47), the first two digits of a 団体コード
PREFECTURE_ORDER = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県",
    "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県",
    "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)
PREFECTURES = frozenset(PREFECTURE_ORDER)
_PLACES = {p: i for i, p in enumerate(PREFECTURE_ORDER)}
STATUS_LABELS = {DONE: "完了済み", WORKING: "作業中", NOT_STARTED: "未着手", NOT_APPLICABLE: "対象外"}
STATUS_SYMBOLS = {DONE: "●", WORKING: "◐", NOT_STARTED: "○", NOT_APPLICABLE: "－"}
# ○ (and what looks like it: 〇 ◯ ⚪ ⭕; NFKC makes ￮ ○) means 対応/済 in office use and on hyojun's answer sheets, and
# 未着手 only in the legend's set ● ◐ ○ －: the readers take it as 未着手 on a sheet that also has ● or ◐ and refuse it on
# any other (a clerk marking finished steps with ○ read 0 %).
CIRCLES = frozenset("○〇◯⚪⭕")
FILLED_MARKS = frozenset((STATUS_SYMBOLS[DONE], STATUS_SYMBOLS[WORKING]))
# Every other spelling a sheet may use (keys after NFKC); 総務省's published sheets write 未着手 as 「未」. The other
# legend symbols (● ◐ －, － being "-" after NFKC) and its ✓ mean what they mean there. × stays refused.
STATUS_WORDS = {"完了済み": DONE, "完了済": DONE, "完了": DONE, "済": DONE, "済み": DONE, "作業中": WORKING,
                "対応中": WORKING, "未着手": NOT_STARTED, "未": NOT_STARTED, "対象外": NOT_APPLICABLE,
                **{mark: code for code, mark in STATUS_SYMBOLS.items() if mark not in CIRCLES}, "-": NOT_APPLICABLE,
                "ー": NOT_APPLICABLE, "―": NOT_APPLICABLE, "✓": DONE, "✔": DONE}
STATUS_HINT = "完了済み・作業中・未着手・対象外（記号なら ●・◐・○・－）"
CIRCLE_HINT = ("は完了とも未着手とも読めるため取り込みません。完了済み・作業中・未着手・対象外 のいずれかで書いてください"
               "（記号なら ●・◐・○・－ を組み合わせて使えば、○ は未着手と読みます）")
_STEP_ID = re.compile(r"^\s*(\d+)\s*[-‐－ー]\s*(\d+)")


@dataclass(frozen=True)
class Step:
    number: int  # 1-based position among the 40
    id: str  # ①-1
    name: str

    @property
    def label(self) -> str:
        return f"{self.id} {self.name}"


@cache
def steps() -> tuple[Step, ...]:
    """The 40 steps of 総務省's 業務別ステップ別進捗一覧, in order."""
    raw = json.loads(resources.files("checker").joinpath("data", "readiness_steps.json").read_text("utf-8"))
    return tuple(Step(i + 1, s["id"], s["name"]) for i, s in enumerate(raw["steps"]))


def step_key(label: object) -> str | None:
    """'①-1 推進体制案の作成' (or '1-1', '①－1') → '1-1'; None when the label has no step id."""
    m = _STEP_ID.match(text(label))  # NFKC turns ① into 1
    return f"{int(m.group(1))}-{int(m.group(2))}" if m else None


@cache
def step_index_by_key() -> dict[str, int]:
    """'1-1' → 0 … '18-1' → 39."""
    return {step_key(s.id) or "": i for i, s in enumerate(steps())}


def count_done(codes: str) -> int:
    """完了済み + 対象外: what 総務省 counts as done."""
    return codes.count(DONE) + codes.count(NOT_APPLICABLE)


@dataclass(frozen=True)
class MunicipalityKey:
    prefecture: str
    name: str
    code: str | None = None  # 団体コード, where the source has it


@dataclass
class ReadinessImport:
    """One progress workbook, read. `rows` are (municipality index, area, done, in_progress, steps)."""

    source: Path
    sha256: str
    kind: str  # "soumu" (総務省's published workbook) or "self" (自己記入シート)
    month: str  # YYYY-MM
    municipalities: list[MunicipalityKey]
    rows: list[tuple[int, str, int, int, str | None]]
    notes: list[tuple[int, str, int, str | None, str]] = field(default_factory=list)  # (muni, area, step 1-40, date, note)
    warnings: list[str] = field(default_factory=list)
    filled: set[tuple[int, str]] = field(default_factory=set)  # (muni, area) rows without a record: 0/40 fillers
    cells: dict[str, str] = field(default_factory=dict)  # where the self sheet's 市区町村 and 報告月 stand ("進捗入力!B4")


# 七ヶ浜町, 七ケ浜町 and 七ヵ浜町 (ｹ is ケ after NFKC): one town, as official documents spell it either way
_KE = str.maketrans("ヶヵ", "ケケ")


@cache  # of a few thousand towns' names, met for each of their records and deadlines
def town_key(name: str) -> str:
    """A town's name as towns are matched (compare's, the readiness store's, the deadlines'): without spaces
    (「利府町　」 pasted from a cell is 利府町), and the small ヶ/ヵ as the ケ they stand for."""
    return header(name).translate(_KE)


def not_a_prefecture(pref: str) -> str | None:
    """Why *pref* is not one of the 47 (a typo such as 宮城 made a 48th prefecture), or None."""
    if pref in PREFECTURES:
        return None
    key = header(pref)  # 「宮城 県」
    guess = key if key in PREFECTURES else next((p for p in PREFECTURES if p[:-1] == key), None)  # 宮城 → 宮城県
    return f"都道府県「{pref}」は47都道府県の名前ではありません" + (f"（{guess} のことですか）" if guess else "（例: 宮城県）")


def prefecture_place(prefecture: str) -> tuple[int, str]:
    """Where *prefecture* stands in 都道府県コード順; a name that is none of the 47 (stored before the readers refused
    one) goes last."""
    return _PLACES.get(prefecture, len(_PLACES)), prefecture


def in_code_order(prefectures: Iterable[str]) -> list[str]:
    """The distinct *prefectures* in 都道府県コード順 (北海道・青森県 … 沖縄県), as staff list them, not in code-point
    order (岐阜県 before 福井県 and 長野県)."""
    return sorted(set(prefectures), key=prefecture_place)


def closest_names(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The known names a mistyped *name* likely means: those it begins or ends (利府 → 利府町, 宮城郡利府町 →
    利府町), then similar spellings."""
    names = list(dict.fromkeys(known))
    around = [k for k in names if k.startswith(name) or name.endswith(k)] if name else []
    return list(dict.fromkeys(around + difflib.get_close_matches(name, names, n, 0.6)))[:n]


def did_you_mean(names: list[str]) -> str:
    return f"（{'・'.join(names)} のことですか）" if names else ""


def days_text(days: int) -> str:
    """Days to a deadline as people say them: 残り 58 日, 今日が期限, 250 日超過 (not 残り -250 日)."""
    if days > 0:
        return f"残り {days:,} 日"
    return "今日が期限" if days == 0 else f"{-days:,} 日超過"


def month_number(month: str) -> int:
    """'2026-01' → year × 12 + month: months apart are numbers apart."""
    year, mo = month.split("-")
    return int(year) * 12 + int(mo)


def month_of(number: int) -> str:
    """The month of a `month_number`: 24313 → '2026-01'."""
    year, mo = divmod(number - 1, 12)
    return f"{year:04d}-{mo + 1:02d}"


def pct(rate: float | Fraction | None) -> str:
    """0.93875 → '93.875%', 0.850625 → '85.0625%': exact for multiples of 1/1600 (a rate is one of 1/800, the median
    of an even number of them one of 1/1600), no trailing zeros ("—" for none)."""
    if rate is None:
        return "—"
    return f"{float(rate) * 100:.4f}".rstrip("0").rstrip(".") + "%"


def points(delta: float | Fraction) -> str:
    """A change of rate in percentage points, exact as `pct`: '+3.375 ポイント', '−2.5 ポイント', '±0 ポイント'
    (a 「%」 read as a relative change, and the dashboard rounded to three digits)."""
    if delta == 0:
        return "±0 ポイント"
    return f"{'+' if delta > 0 else '−'}{pct(delta if delta > 0 else -delta)[:-1]} ポイント"
