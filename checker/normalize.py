"""Text normalisation, id parsing and the vocabularies of semantics.md §2."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Sequence
from itertools import accumulate
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import InputError

ID_RE = re.compile(r"^\d{7}$", re.ASCII)  # not ٠١٢ or other Unicode digits that NFKC keeps
# semantics.md §2's separators, and the dashes and long vowel mark Japanese input methods type for a hyphen
# (− U+2212, ― U+2015, ー U+30FC: NFKC keeps them), as decisions.md records.
_ID_SEPARATORS = str.maketrans("", "", " -‐_−―ー")
_WS_RUN = re.compile(r"\s+")
_CSV_NUMERIC = re.compile(r"^(\d{1,6}|\d+\.0+)$", re.ASCII)
# How Excel users keep leading zeros in a CSV: '0230101 (typed text) and ="0230101" (a formula Excel shows as text).
_CSV_TEXT = re.compile(r"'(.*)|=\"(.*)\"")

CLASSES = ("mandatory", "optional", "prohibited")
AnswerClass = Literal["yes", "partial", "planned", "no", "na", "blank", "invalid"]
ANSWERS: tuple[AnswerClass, ...] = ("yes", "partial", "planned", "no", "na")

CLASS_WORDS: dict[str, tuple[str, ...]] = {
    "mandatory": ("実装必須機能", "実装必須", "必須", "実装すべき機能"),
    "optional": ("標準オプション機能", "標準オプション", "オプション", "実装してもしなくても良い機能"),
    "prohibited": ("実装不可機能", "実装不可", "不可", "実装しない機能"),
}
CLASS_LABELS = {"mandatory": "実装必須機能", "optional": "標準オプション機能", "prohibited": "実装不可機能"}

DEFAULT_ANSWER_WORDS: dict[str, tuple[str, ...]] = {
    "yes": ("○", "〇", "◯", "◎", "対応", "対応可", "標準対応", "実装済", "可", "有", "Y", "YES", "はい"),
    "partial": ("△", "▲", "一部対応", "代替", "代替案", "運用対応", "カスタマイズ", "要カスタマイズ"),
    "planned": ("予定", "対応予定", "移行後", "移行後対応", "経過措置", "次期", "次期対応"),
    "no": ("×", "✕", "✖", "☓", "X", "非対応", "対応不可", "不可", "無", "N", "NO", "いいえ", "未対応"),
    # − (U+2212, the full-width minus of macOS input) and – (U+2013): hyphens typed for －, as in ids
    "na": ("－", "-", "―", "ー", "‐", "—", "−", "–", "対象外", "該当なし", "非該当", "N/A", "NA"),
}
ANSWER_LABELS = {
    "yes": "対応", "partial": "一部対応・代替", "planned": "移行後対応", "no": "非対応",
    "na": "対象外", "blank": "未回答", "invalid": "回答不正",
}


# The legal forms a company's or a foundation's name carries, as NFKC reads them in a cell (㈱ and （株） are
# (株)), longest first so that 一般財団法人 goes whole: what the mask strips to find a name written without it.
COMPANY_FORMS = tuple(sorted((
    "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "株式會社",
    "一般財団法人", "一般社団法人", "公益財団法人", "公益社団法人", "財団法人", "社団法人", "特定非営利活動法人",
    "(株)", "(有)", "(同)", "(資)", "(名)", "(財)", "(社)", "（株）", "（有）", "㈱", "㈲", "㈶", "㈳",
    "Co.,Ltd.", "Co., Ltd.", "Inc.", "Corporation", "Corp.", "K.K."), key=len, reverse=True))


def plain(value: Any) -> str:
    """A cell as the text it shows: None is empty, whole numbers print without '.0', a date, a time and TRUE as
    Japanese Excel shows them by default (2027/4/1, 9:30), not as Python does (2027-04-01, True).

    The cell's own number format is not read: 「2027年4月」 typed into 対応時期 (a date Excel formats so) shows
    as 2027/4/1, the day Excel stored.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    elif isinstance(value, dt.datetime):
        return _day(value) + (f" {_time(value)}" if value.time() != dt.time() else "")
    elif isinstance(value, dt.date):
        return _day(value)
    elif isinstance(value, dt.time):
        return _time(value)
    return str(value)


def _day(d: dt.date) -> str:
    return f"{d.year}/{d.month}/{d.day}"


def _time(t: dt.time | dt.datetime) -> str:
    return f"{t.hour}:{t.minute:02d}" + (f":{t.second:02d}" if t.second else "")


def written(value: Any) -> str:
    """A cell's text as written, for showing it: plain(), without surrounding whitespace (U+3000 included), not NFKC.
    A requirement's ①②, （） and ４ are the ministry's wording (「③ ②を４世代」 folded read 「3 2を4世代」), a vendor's
    「①から③の順に～（別紙）」 its own; text() is what ids, headers, classes and marks are matched by, and spec diff
    compares texts as text() gives them."""
    return plain(value).strip()


def written_all(values: Sequence[Any]) -> list[str]:
    """written() of every value of a column, in one comprehension (no NFKC pass, unlike texts())."""
    if values.count("") == len(values):
        return [""] * len(values)  # an absent or empty column
    return [v.strip() if type(v) is str else plain(v).strip() for v in values]


@dataclass(frozen=True)
class Reading:
    """A text as written and as text() reads it (NFKC, not stripped), with where each written character starts in
    both: what a position of the text as read is in the text as written."""
    read: str
    written_at: list[int]  # each character (with the combining marks after it) starts here as written, then the end
    read_at: list[int]  # and here as read

    @classmethod
    def of(cls, s: str) -> Reading:
        # a character with the combining marks after it is one: ｶﾞ reads ガ, as NFKC composes them
        written_at = [i for i, c in enumerate(s) if not i or not unicodedata.combining(unicodedata.normalize("NFKC", c)[0])]
        written_at.append(len(s))
        pieces = [unicodedata.normalize("NFKC", s[a:b]) for a, b in zip(written_at, written_at[1:])]
        return cls("".join(pieces), written_at, list(accumulate(map(len, pieces), initial=0)))

    def floor(self, at: int) -> int:
        """Where the written character whose reading holds position *at* of the text as read starts (㈱ of 株 in (株))."""
        return self.written_at[bisect_right(self.read_at, at) - 1]

    def ceil(self, at: int) -> int:
        """Where the written character whose reading holds position *at* - 1 ends: *at* as an end, rounded out."""
        return self.written_at[bisect_left(self.read_at, at)]


def sub_as_read(pattern: re.Pattern[str], repl: Callable[[re.Match[str], str], str], s: str) -> str:
    """*s* with each match of *pattern* in *s* as text() reads it (NFKC: ＡＢＣ is ABC, ㈱ is (株)) replaced by
    repl(match, the characters of *s* as written that it covers): a text kept as written, searched as it is read.
    A match that begins or ends inside what one character reads as (株 of ㈱) covers that whole character."""
    read = unicodedata.normalize("NFKC", s) if s and not s.isascii() else s
    if read == s:
        return pattern.sub(lambda m: repl(m, m.group()), s)
    if not pattern.search(read):
        return s  # most texts: no need to know where each character went
    as_read = Reading.of(s)
    out: list[str] = []
    end = 0
    for m in pattern.finditer(as_read.read):
        a, b = as_read.floor(m.start()), as_read.ceil(m.end())
        if m.end() > m.start() and a >= end:  # not inside a character a match before covered
            out += (s[end:a], repl(m, s[a:b]))
            end = b
    return "".join(out) + s[end:]


def text(value: Any) -> str:
    """NFKC, strip surrounding whitespace (U+3000 included). Numbers print without '.0'."""
    if value is None or value == "":
        return ""  # most cells of a sheet are empty: skip the normalisation for them
    s = value if type(value) is str else plain(value)
    if s.isascii():
        return s.strip()  # ASCII text is already NFKC: skip the (costlier) normalisation
    return unicodedata.normalize("NFKC", s).strip()


# The bidi controls (marks, embeddings, overrides, isolates), as the inside of a regex's []: invisible, they reorder
# the text around them (an RLO shows 回答\u202exslx.exe as 回答exe.xlsx).
BIDI_CONTROLS = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# The variation selectors, as the inside of a regex's []: an emoji palette or an input method types ✖ as ✖️ (U+FE0F,
# its emoji style); they change how a character looks, not what it means.
_VARIATION_SELECTORS = r"\ufe00-\ufe0f"
_DROP_VARIATION = re.compile(f"[{_VARIATION_SELECTORS}]")
# Characters a cell may hold that show as nothing (zero-width space, BOM, bidi controls, controls; variation
# selectors, shown as nothing of their own: 「✖️」 quoted beside the mark 「✖」), and dashes
# that look like - or － but are other characters (‐ ‒ – — ― ⁃ ⁻ ₋ − ➖ ⸺ ⸻ ﹘ ﹣): a message quoting 「−」 beside
# the mark 「－」 must show that they differ.
_SHOWN_AS_CODE = re.compile(rf"[\x00-\x1f\x7f\u00ad\u200b-\u200d{BIDI_CONTROLS}\u2060-\u2064\ufeff{_VARIATION_SELECTORS}"
                            r"\u2010-\u2015\u2043\u207b\u208b\u2212\u2796\u2e3a\u2e3b\ufe58\ufe63]")


_QUOTED_CHARS = 50


def as_codes(chars: re.Pattern[str], s: str) -> str:
    """*s* with each character *chars* matches written as its code: <U+200B>."""
    return chars.sub(lambda m: f"<U+{ord(m.group()):04X}>", s)


def quoted(s: str) -> str:
    """A cell's text as a message quotes it: its invisible characters and look-alike dashes written as <U+200B>,
    <U+2212> (a message must show what to fix), and cut after 50 characters with its length (a 30 MB cell would be
    a 30 MB message)."""
    shown = as_codes(_SHOWN_AS_CODE, s[:_QUOTED_CHARS])
    return shown if len(s) <= _QUOTED_CHARS else f"{shown}…（{len(s):,} 文字）"


_SEP = "\x1f"  # a starter that no character composes with, so NFKC never joins it to a neighbour


def texts(values: Sequence[Any]) -> list[str]:
    """text() of every value of a column, with one NFKC pass over the whole column.

    Normalising a column cell by cell costs a Python call per cell; joined by a separator that
    NFKC leaves alone and never merges with its neighbours, the column normalises in one C call
    and splits back into the same cells.
    """
    if values.count("") == len(values):
        return [""] * len(values)  # an absent or empty column
    joined = _SEP.join([v if type(v) is str else plain(v) for v in values])
    if joined.count(_SEP) != len(values) - 1:
        return [text(v) for v in values]  # a cell holds the separator itself
    if not joined.isascii():
        joined = unicodedata.normalize("NFKC", joined)
    return [s.strip() for s in joined.split(_SEP)]


def header(value: Any) -> str:
    """Header label for alias matching: normalised text with all whitespace removed."""
    return _WS_RUN.sub("", text(value))


def parse_id(value: Any, *, from_csv: bool = False) -> str | None:
    """Return the 7-digit id in *value*, or None when it is not an id (semantics.md §2)."""
    return parse_ids((value,), from_csv=from_csv)[0]


def padded_id(raw: str, codes: Collection[str] | None = None) -> str | None:
    """*raw*, a text of fewer than 7 digits (10001 typed as text for 0010001: its leading zeros lost, which parse_id
    puts back for a number cell alone), as the id it would be, for a hint; given *codes*, only an id of one of those
    業務コード (a 項番 or another number is no lost id)."""
    if not (raw.isascii() and raw.isdigit() and len(raw) < 7):
        return None
    padded = raw.zfill(7)
    return padded if codes is None or padded[:3] in codes else None


# A text in brackets, as they stand after NFKC (（）［］＜＞ are ASCII then; 【】〔〕〈〉 stay): an id in a cell (（0230103）),
# a note after a header (対応可否〈必須〉: headers)
BRACKETED = r"\(.*\)|\[.*\]|【.*】|〔.*〕|〈.*〉|<.*>"
_ENCLOSED = re.compile(BRACKETED)


def unmarked_id(s: str) -> str | None:
    """The id left in the text *s* without its invisible characters, look-alike dashes, ※ marks and the brackets
    around it (「<U+200B>0230106」, 「0230107※」, 「(0230108)」, 「〔0230108〕」): the id a cell that is none most likely
    meant."""
    s = _SHOWN_AS_CODE.sub("", s).replace("※", "")
    return parse_id(s[1:-1] if _ENCLOSED.fullmatch(s) else s)


def parse_ids(values: Sequence[Any], *, from_csv: bool = False) -> list[str | None]:
    """parse_id() of a column: canonical text ids and whole-number cells inline, other texts
    (full-width digits, separators) normalised together in one texts() pass."""
    ids = [v if type(v) is str and len(v) == 7 and v.isascii() and v.isdigit()
           else f"{int(v):07d}" if type(v) is float and v.is_integer() and 0 <= v <= 9_999_999
           else _UNPARSED for v in values]
    rest = [i for i, x in enumerate(ids) if x is _UNPARSED]
    texts_at = [i for i in rest if type(values[i]) is str]
    for i, s in zip(texts_at, texts([values[i] for i in texts_at])):
        # most are full-width ids (０２３０１０１), canonical once normalised: only the others need _text_id
        ids[i] = s if len(s) == 7 and s.isascii() and s.isdigit() else _text_id(s, from_csv)
    for i in rest:
        if ids[i] is _UNPARSED:
            ids[i] = _other_id(values[i], from_csv)
    return ids  # type: ignore[return-value]


def csv_text(s: str) -> str | None:
    """What a CSV field *s* marked as text holds ('0230101, ="0230101"), or None when it carries no such mark."""
    if s[:1] in ("'", "=") and (m := _CSV_TEXT.fullmatch(s)):
        return m.group(1) if m.group(1) is not None else m.group(2)
    return None


def _text_id(s: str, from_csv: bool) -> str | None:
    """The id in an already normalised text cell."""
    if from_csv and (typed := csv_text(s)) is not None:
        s = typed.translate(_ID_SEPARATORS)
        return s if ID_RE.match(s) else None  # marked as text, so not padded: a text cell in a workbook is not
    s = s.translate(_ID_SEPARATORS)
    if from_csv and _CSV_NUMERIC.match(s):
        s = f"{int(float(s)):07d}"
    return s if ID_RE.match(s) else None


def _other_id(value: Any, from_csv: bool) -> str | None:
    """The id in a cell that is not plain text: a number, a boolean, an empty cell or another object."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            return None
        n = int(value)
        return f"{n:07d}" if 0 <= n <= 9_999_999 else None
    return _text_id(text(value), from_csv)


_UNPARSED = object()


def parse_class(value: Any) -> str | None:
    """Map a 実装区分 cell to mandatory / optional / prohibited, or None."""
    return _CLASS_LOOKUP.get(header(value))


_CLASS_LOOKUP = {header(w): cls for cls, words in CLASS_WORDS.items() for w in words}


def answer_key(s: str) -> str:
    """A mark as answer cells are compared: NFKC, without variation selectors (✖️ is ✖), Latin letters without case."""
    return _DROP_VARIATION.sub("", text(s)).casefold()


@dataclass(frozen=True)
class Vocabulary:
    """Answer marks → answer class. The default is semantics.md §2; a YAML may extend or replace it."""

    words: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_ANSWER_WORDS))
    _lookup: dict[str, AnswerClass] = field(init=False, repr=False, compare=False)  # a mark's key → its class

    def __post_init__(self) -> None:
        lookup: dict[str, AnswerClass] = {}
        for cls in ANSWERS:
            for w in self.words.get(cls, ()):
                lookup.setdefault(answer_key(w), cls)
        object.__setattr__(self, "_lookup", lookup)

    def classify(self, raw: Any) -> AnswerClass:
        if not text(raw):
            return "blank"
        return self._lookup.get(answer_key(raw), "invalid")

    def examples(self) -> str:
        """The first mark of each class, as a message shows which marks are read (○ △ 予定 × －)."""
        return " ".join(marks[0] for cls in ANSWERS if (marks := self.words.get(cls)))

    def offered_marks(self) -> list[str]:
        """The mark of each class a form offers: the default's (○ △ 予定 × －) where this vocabulary still reads it
        as that class, else its own first. Words a town adds (`mode: extend`, 済) widen what is read, not what is asked."""
        return [default[0] if self.classify(default[0]) == cls else marks[0]
                for cls in ANSWERS if (marks := self.words.get(cls)) and (default := DEFAULT_ANSWER_WORDS[cls])]

    def classify_all(self, raws: Sequence[str]) -> list[AnswerClass]:
        """classify() of a column: a sheet uses a handful of marks, so each is classified once."""
        memo = {raw: self.classify(raw) for raw in set(raws)}
        return [memo[raw] for raw in raws]

    @classmethod
    def from_mapping(cls, words: dict[str, list[str]], *, replace: bool, source: str) -> "Vocabulary":
        """The vocabulary a YAML (*source*) gives: *words* added to the defaults, or *words* alone.

        A mark given for a class moves it there from its default class (`no: [可]`). The same mark
        under two classes of *words* (as the classifier compares marks) is an InputError: no class
        could be chosen for it.
        """
        if clashes := _clashing_marks(words):
            raise InputError(f"{source}: 同じ回答記号が 2 つの区分にあるため、どちらとして読むか決められません。"
                             "1 つの区分だけに書いてください", details=clashes)
        merged: dict[str, tuple[str, ...]] = {} if replace else dict(DEFAULT_ANSWER_WORDS)
        for key, marks in words.items():
            extra = tuple(str(m) for m in marks)
            # Marks given for a class win over the same mark in the defaults.
            merged = {k: tuple(w for w in v if answer_key(w) not in {answer_key(m) for m in extra})
                      for k, v in merged.items()}
            merged[key] = extra + merged.get(key, ())
        return cls(merged)


def _clashing_marks(words: dict[str, list[str]]) -> list[str]:
    """A line for each mark that *words* gives under two classes, compared as classify() compares them."""
    first: dict[str, tuple[str, str]] = {}  # answer key → (class, the mark as written)
    clashes = []
    for key, marks in words.items():
        for mark in map(str, marks):
            cls, seen = first.setdefault(answer_key(mark), (key, mark))
            if cls != key:
                same = f"「{mark}」" if mark == seen else f"「{seen}」と「{mark}」（同じ記号として読みます）"
                clashes.append(f"{same}: {cls}（{ANSWER_LABELS[cls]}）と {key}（{ANSWER_LABELS[key]}）の両方にあります")
    return clashes


DEFAULT_VOCABULARY = Vocabulary()

_VERSION_RE = re.compile(r"第\s*(\d+)\s*[.．]\s*(\d+)\s*版")
# 第6.0版, 第6版, 6.0版 (not 令和6年度版 or 2.1.3版 of a section number), and with *ver* Ver.6.0 / Ver6
_VERSION_WRITTEN = re.compile(r"第\s*(\d+)(?:\s*\.\s*(\d+))?\s*版|(?<![\d.A-Za-z])(\d+)\s*\.\s*(\d+)\s*版")  # not R6.4版 (令和)
_VERSION_VER = re.compile(r"(?<![a-z])ver\s*\.?\s*(\d+)(?:\.(\d+))?(?![\d.])", re.IGNORECASE)


def find_version(s: str, *, ver: bool = False, whole: bool = True) -> str | None:
    """The first version written in *s* (after NFKC) as 第N.M版: 第6.0版, 第6版 and 6.0版, and with
    *ver* also Ver.6.0 (in a spec's title or file name; a vendor's title may give its own document's Ver.).
    Without *whole*, not 第6版 either (a vendor's 回答書 第2版 is its document's revision)."""
    s = text(s)
    found = [(m.start(), major, minor) for m in _VERSION_WRITTEN.finditer(s)
             if _not_a_year(major := m.group(1) or m.group(3)) and ((minor := m.group(2) or m.group(4)) or whole)][:1]
    if ver:
        found += [(m.start(), m.group(1), m.group(2)) for m in _VERSION_VER.finditer(s) if _not_a_year(m.group(1))][:1]
    if not found:
        return None
    _, major, minor = min(found)
    return f"第{int(major)}.{int(minor or 0)}版"


def _not_a_year(major: str) -> bool:
    """2026.1版 and Ver.2026.1 are an edition named for its month: read as 第2026.1版, it sorted above every real
    version and became the one `--spec AREA` chose."""
    return int(major) < 1000


_VERSION_ARG = re.compile(r"(?:第|ver\.?|v)?(\d+)(?:\.(\d+))?版?", re.IGNORECASE)


def version_arg(value: str) -> str | None:
    """A version as typed on the command line, as 第N.M版: 第6.0版, 6.0, v6.0, Ver.6.0 and 第6版 (第6.0版); not 2026.1,
    an edition named for its month."""
    m = _VERSION_ARG.fullmatch(header(value))
    return f"第{int(m.group(1))}.{int(m.group(2) or 0)}版" if m and _not_a_year(m.group(1)) else None


def version_key(version: str) -> tuple[int, ...]:
    """Sort key for 第N.M版 strings (numeric, so 第10.0版 follows 第9.1版)."""
    m = _VERSION_RE.search(version)
    return (int(m.group(1)), int(m.group(2))) if m else (-1, -1)
