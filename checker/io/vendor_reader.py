"""Read a vendor answer sheet (ベンダ回答) into a Response, collecting every problem with its cell."""

from __future__ import annotations

import re
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..catalog import load_catalog
from ..errors import InputError
from ..model import Answer, LintFinding, Response
from ..normalize import DEFAULT_VOCABULARY, Vocabulary, find_version, header, parse_ids, plain, text, texts, visible
from .cells import address, column_letter
from .headers import find_header, merged_fill
from .workbook import Sheet, formula_note, read_workbook

VENDOR_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("機能ID", "帳票ID", "要件ID", "要件番号", "機能番号", "ID"),
    "answer": ("対応可否", "対応状況", "対応有無", "回答", "ベンダ回答", "適合状況", "実装状況", "可否", "対応"),
    "timing": ("対応時期", "対応予定時期", "実装時期", "提供時期"),
    "alternative": ("代替案", "代替方法", "代替手段", "運用回避"),
    "comment": ("備考", "コメント", "補足", "説明"),
    "name": ("機能名称", "帳票名称", "要件名称", "名称"),
}
_VENDOR_LABELS = ("ベンダ名", "ベンダー名", "事業者名", "会社名", "回答者", "回答事業者")
_VENDOR_INLINE = re.compile(r"(?:ベンダー?名|事業者名|会社名|回答者|回答事業者)\s*[:：]\s*(\S+)")
_STEM_VENDOR = re.compile(r"_回答_(.+)$")


def _vendor_from_titles(sheet: Sheet, upto: int) -> str | None:
    for row in sheet.rows[:upto]:
        cells = [text(v) for v in row]
        for i, value in enumerate(cells):
            if header(value) in _VENDOR_LABELS:
                following = next((v for v in cells[i + 1:] if v), "")
                if following:
                    return following
            if m := _VENDOR_INLINE.search(value):
                return m.group(1)
    return None


def _column(rows: list[list[Any]], col: int | None) -> list[Any]:
    """One column of *rows* (all "" when the sheet has no such column)."""
    return [""] * len(rows) if col is None else list(map(itemgetter(col), rows))


def read_response(path: str | Path, *, vocabulary: Vocabulary = DEFAULT_VOCABULARY,
                  vendor_name: str | None = None) -> Response:
    """Every row with a valid id, in file order, and every finding (semantics.md §6)."""
    book = read_workbook(path)
    from_csv = book.format == "csv"
    answers: list[Answer] = []
    lint: list[LintFinding] = []
    first_seen: dict[str, str] = {}
    titles: list[str] = [book.path.stem]
    own: list[str] = []  # vendor names the file gives (whatever name the caller gives it)
    no_header: list[str] = []
    tables: list[str] = []  # the id header cell of each sheet with a header row
    for sheet in book.sheets:
        if not any(text(v) for row in sheet.rows for v in row):
            lint.append(LintFinding("info", "empty-sheet", f"{sheet.name}!A1", f"シート「{sheet.name}」は空です（読み飛ばしました）"))
            continue
        match = find_header(sheet, VENDOR_ALIASES, key="id")
        if match is None:
            no_header.append(sheet.name)
            continue
        cols = match.columns
        tables.append(address(sheet.name, match.row, cols["id"]))
        if sheet.hidden:
            lint.append(LintFinding("warning", "hidden-sheet", f"{sheet.name}!A1",
                                    f"シート「{sheet.name}」は非表示です（回答として読み込みました）"))
        titles.extend(text(v) for row in sheet.rows[: match.row] for v in row if text(v))
        if name := _vendor_from_titles(sheet, match.row):
            own.append(name)
        id_col, ans_col = cols["id"], cols.get("answer")
        if ans_col is None:
            lint.append(LintFinding("error", "no-answer-column", tables[-1],
                                    f"シート「{sheet.name}」の見出し行（{match.row + 1}行目: {match.shown_labels()}）に回答の列がありません"
                                    "（見出し「対応可否」「対応状況」「回答」等が必要です）"))
        # Column by column: each step is one comprehension or one C call over the whole column,
        # which keeps a large sheet close to the cost of reading its cells (benchmarks/RESULTS.md).
        start = match.row + 1
        body = sheet.rows[start:]
        raw_ids = _column(body, id_col)
        for (r, _), (r0, c0) in merged_fill(sheet, range(start, len(sheet.rows)), range(id_col, id_col + 1)).items():
            if not text(raw_ids[r - start]):
                raw_ids[r - start] = sheet.rows[r0][c0]  # a merged id cell gives its id to each row it spans
        ids = parse_ids(raw_ids, from_csv=from_csv)
        raw_answers = [v.strip() if type(v) is str else plain(v).strip() for v in _column(body, ans_col)]
        classes = vocabulary.classify_all(raw_answers)
        timing, alternative, comment, name = (texts(_column(body, cols.get(k)))
                                              for k in ("timing", "alternative", "comment", "name"))
        id_prefix = f"{sheet.name}!{column_letter(id_col)}"
        ans_prefix = f"{sheet.name}!{column_letter(ans_col)}" if ans_col is not None else id_prefix
        lines = range(start + 1, start + 1 + len(ids))  # 1-based row numbers
        id_cells = [f"{id_prefix}{n}" for n in lines]
        cells = [f"{ans_prefix}{n}" for n in lines] if ans_col is not None else id_cells
        valid = [rid is not None for rid in ids]
        # Findings concern a few rows; find them with whole-column scans, then report in row order.
        for rid, c in zip(ids, id_cells):
            if rid is not None:
                first_seen.setdefault(rid, c)
        notable = sorted({i for i, (rid, raw) in enumerate(zip(ids, raw_answers)) if rid is None and raw}
                         | {r - start for r in sheet.hidden_rows if start <= r < start + len(ids)}
                         | {i for i, a in enumerate(classes) if a == "invalid" or (a == "blank" and ans_col is not None)}
                         | {i for i, (rid, c) in enumerate(zip(ids, id_cells))
                            if rid is not None and first_seen[rid] != c})
        for i in notable:
            rid, raw_answer, answer, id_cell, cell = ids[i], raw_answers[i], classes[i], id_cells[i], cells[i]
            if rid is None:
                if raw_answer:
                    raw_id = text(raw_ids[i])
                    lint.append(LintFinding("error", "bad-id", id_cell,
                                            f"「{visible(raw_id)}」は機能ID/帳票ID（7桁の数字）ではありません"
                                            f"{formula_note(raw_id, book.format)}。この行の回答「{visible(raw_answer)}」は集計していません"))
                continue
            if start + i in sheet.hidden_rows:
                lint.append(LintFinding("warning", "hidden-row", id_cell, f"{rid} の行は非表示です（回答として読み込みました）"))
            if first_seen[rid] != id_cell:
                lint.append(LintFinding("error", "duplicate-id", id_cell,
                                        f"{rid} は {first_seen[rid]} にもあります。最初の行の回答を採用し、この行は集計していません"))
            elif answer == "invalid":
                lint.append(LintFinding("error", "invalid-answer", cell,
                                        f"{rid} の回答「{visible(raw_answer)}」は回答記号として解釈できません（○ △ × － 等）"
                                        + formula_note(raw_answer, book.format)))
            elif answer == "blank" and ans_col is not None:
                lint.append(LintFinding("warning", "blank-answer", cell, f"{rid} の回答が空欄です"))
        columns = (ids, raw_answers, classes, timing, alternative, comment, cells, id_cells, name)
        answers.extend(map(Answer, *(columns if all(valid) else (list(compress(c, valid)) for c in columns))))
    if not tables:
        # an empty file has no table either: a report for it would just say nothing was answered
        raise InputError(
            f"{book.path}: 回答の表が見つかりません。先頭30行以内に「機能ID」（または帳票ID・要件ID）の見出しが必要です",
            details=[f"シート「{name}」: 見出し行が見つかりません" for name in no_header]
            + [f"シート「{s.name}」: 空です" for s in book.sheets if not no_header])
    if not first_seen:
        lint.append(LintFinding("error", "no-id-rows", tables[0],
                                f"回答の表（{'、'.join(tables)} の見出しの下）に機能ID/帳票ID（7桁の数字。例: 0230101）の行が1つもありません"))
    for name in no_header:
        lint.append(LintFinding("info", "no-header", f"{name}!A1",
                                f"シート「{name}」に機能IDの見出しがないため読み飛ばしました（表紙・注記等）"))
    if m := _STEM_VENDOR.search(book.path.stem):
        own.append(m.group(1))
    vendor = vendor_name or next(iter(own), None)
    declared = next((v for t in titles if (v := find_version(t))), None)
    catalog = load_catalog()
    area = next((a.name for t in titles if (a := catalog.in_text(t))), None)
    return Response(vendor=vendor or book.path.stem, file=book.file_name, sha256=book.sha256,
                    answers=tuple(answers), lint=tuple(lint), declared_version=declared, declared_area=area,
                    own_names=tuple(dict.fromkeys(own)))
