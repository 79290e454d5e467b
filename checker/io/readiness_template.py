"""Write the 自己記入シート that a town's DX office fills in (read back by readiness_reader)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..catalog import Catalog, load_catalog
from ..readiness_model import STATUS_LABELS, steps
from .atomic import atomic_path
from .export import label_width
from .fill_in import add_guide, close_book, open_book
from .readiness_reader import SELF_COLUMNS, SELF_FIELDS, SELF_SHEET

_TITLE = "移行準備状況 自己記入シート（hyojun readiness）"
_GUIDE_WIDTH = 110
_HELP = [
    "hyojun 移行準備状況 自己記入シート",
    "",
    "1. シート「進捗入力」の上部に 都道府県・市区町村・団体コード（任意）・報告月（例: 2026-01）を記入します。",
    "2. 業務（20 業務）× ステップ（40）の各行の「状況」を一覧から選びます: 完了済み / 作業中 / 未着手 / 対象外。",
    "   空欄は未着手として取り込みます。",
    "   ○ だけでは完了とも未着手とも読めるため取り込みません。記号で書くなら ●（完了済み）・◐（作業中）・○（未着手）・",
    "   －（対象外）を組み合わせて使ってください。",
    "3. 「日付」には完了日・着手日など（例: 2026-01-15）、「備考」には補足を自由に記入できます。",
    "4. 業務・ステップの列は変更しないでください。行の並べ替えは構いません。",
    "5. 保存したら: hyojun readiness import このファイル.xlsx",
    "",
    "完了率 = (完了済み + 対象外) / 40（総務省と同じ計算）。詳しくは docs/readiness.md。",
]


def write_template(path: str | Path, catalog: Catalog | None = None) -> Path:
    """Write the template to *path* (atomically) and return it."""
    catalog = catalog or load_catalog()
    path = Path(path)
    statuses = list(STATUS_LABELS.values())
    with atomic_path(path) as tmp:
        wb = open_book(tmp)
        bold = wb.add_format({"bold": True})
        head = wb.add_format({"bold": True, "bg_color": "#E6E6E6", "border": 1})
        locked = wb.add_format({"bg_color": "#F2F2F2", "border": 1, "text_wrap": True, "valign": "top"})
        entry = wb.add_format({"border": 1})
        as_text = wb.add_format({"border": 1, "num_format": "@"})  # keeps 団体コード's leading zero
        date = wb.add_format({"border": 1, "num_format": "yyyy-mm-dd"})

        ws = wb.add_worksheet(SELF_SHEET)
        ws.write(0, 0, _TITLE, bold)
        for r, label in enumerate(SELF_FIELDS, start=2):
            ws.write(r, 0, label, head)
            ws.write_blank(r, 1, None, as_text)
        # a 団体コード typed into its text cell is text on purpose: no green 「数値が文字列として保存されています」 mark
        ws.ignore_errors({"number_stored_as_text": f"B3:B{len(SELF_FIELDS) + 2}"})
        ws.write(5, 2, "例: 2026-01（令和8年1月 も可）")
        top = len(SELF_FIELDS) + 3
        for c, label in enumerate(SELF_COLUMNS):
            ws.write(top, c, label, head)
        r = top
        for area in catalog.areas:
            for step in steps():
                r += 1
                ws.write_string(r, 0, area.name, locked)
                ws.write_string(r, 1, step.id, locked)
                ws.write_string(r, 2, step.name, locked)
                ws.write_blank(r, 3, None, entry)
                ws.write_blank(r, 4, None, date)
                ws.write_blank(r, 5, None, entry)
        ws.data_validation(top + 1, 3, r, 3, {
            "validate": "list", "source": statuses, "ignore_blank": True,
            "input_title": "状況", "input_message": "一覧から選んでください（空欄は未着手）",
            "error_title": "状況", "error_message": "完了済み / 作業中 / 未着手 / 対象外 のいずれかを選んでください"})
        ws.data_validation(top + 1, 4, r, 4, {
            "validate": "date", "criteria": ">=", "value": dt.date(2000, 1, 1),
            "error_title": "日付", "error_message": "日付（例: 2026-01-15）を入力してください"})
        ws.freeze_panes(top + 1, 3)
        ws.autofilter(top, 0, r, len(SELF_COLUMNS) - 1)
        # 業務 (「子ども・子育て支援」 whole), ステップ, ステップ名 (wrapped), 状況, 日付, 備考
        widths = (label_width(a.name for a in catalog.areas), 8, 60, 12, 12, 40)
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        ws.repeat_rows(top)  # the table's header on every printed page

        guide = add_guide(wb, "記入方法", _HELP, _GUIDE_WIDTH)
        close_book(wb, ((ws, widths), (guide, (_GUIDE_WIDTH,))), _TITLE)
    return path
