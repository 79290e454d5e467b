"""What makes a workbook a vendor's answers, or hyojun's own output: the vendor reader reads by it, the spec
reader refuses by it (an answer sheet has 機能ID and often a copied 実装区分, and read as the spec)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..normalize import COMPANY_FORMS, header, text
from .headers import HeaderMatch
from .workbook import Sheet, Workbook

# Answer labels of municipal forms that name the answer column only where no other label does (the vendor reader
# drops them then): beside 対応可否, a 対応区分 or 回答欄 is a column of the vendor's own, read as before they named it
ANSWER_FALLBACKS = ("回答欄", "ご回答", "対応区分")
VENDOR_ALIASES: dict[str, tuple[str, ...]] = {
    # as the spec reader's (the ministry's list copied with answer columns added): not 機能No. or 帳票No., as often a
    # running number as the id (a No. column is one)
    "id": ("機能ID", "帳票ID", "要件ID", "機能要件ID", "帳票要件ID", "要件番号", "機能番号", "帳票番号", "ID"),
    # 回答欄・ご回答・対応区分: titles of municipal forms (a 財務会計 form's 回答欄 of ○ △ ×, a form's 対応区分 of A–E). Not
    # 対応方法 or 実現方法: they title the vendor's account of how (a column of text beside 対応可否, which would then
    # be refused as a second answer column), nor the vaguer ベンダ記入欄 (a group over 対応可否 | 備考) or 適合性.
    "answer": ("対応可否", "対応状況", "対応有無", "回答", "ベンダ回答", "ベンダー回答", "適合状況", "実装状況", "可否", "対応",
               *ANSWER_FALLBACKS),
    "timing": ("対応時期", "対応予定時期", "実装時期", "提供時期"),
    "alternative": ("代替案", "代替方法", "代替手段", "運用回避"),
    "comment": ("備考", "コメント", "補足", "説明"),
    "name": ("機能名称", "帳票名称", "要件名称", "名称"),
}
# The answer labels as header() writes them, for a label looked up in a header
ANSWER_HEADERS = frozenset(map(header, VENDOR_ALIASES["answer"]))
_VENDOR_LABELS = ("ベンダ名", "ベンダー名", "事業者名", "会社名", "回答者", "回答事業者")
# The label's whole value, to the cell's end or a clear separator (two spaces, a line break, / | 、 , ; or a next label
# after a space or an opening bracket: 「会社名：株式会社 アルファ電算　担当：山田」, 「…アルファ電算（担当：山田）」). A name
# holds spaces (株式会社 アルファ電算, Omega Systems Inc.): its first word alone named the vendor 「株式会社」, and the mask
# left アルファ電算 in its texts. A next label is a few characters without brackets: 「アルファ電算（担当：」 was one.
_VENDOR_INLINE = re.compile(r"(?:ベンダー?名|事業者名|会社名|回答者|回答事業者)\s*[:：]\s*(.+?)\s*"
                            r"(?=\s\s|[\n/|、,;]|(?:\s|[(（【\[])[^\s:：()（）【】\[\]]{1,12}\s*[:：]|$)")
# A title naming the vendor in brackets after 回答: 「機能要件 回答（カッパ株式会社）」. A company form inside, so that
# 「回答（記入例）」 or 「回答（第6.0版）」 is no vendor.
_VENDOR_IN_TITLE = re.compile(r"回答[書表]?\s*[(（]([^()（）]*(?:{})[^()（）]*)[)）]".format(
    "|".join(re.escape(f) for f in COMPANY_FORMS if "(" not in f and "（" not in f)))

# The header labels of hyojun's own outputs, that no answer sheet or spec has: check's 要件別結果 (Excel and CSV;
# report.gap_view.ROW_COLUMNS), compare's 得点内訳, a batch's check_summary.csv, compare --mask's key, spec diff's
# 本文変更 (its 追加 and 削除 read as a spec: report.specdiff_view) and lint --xlsx's 指摘事項 (report.lint_view). Each
# set is in every layout hyojun has written (spec diff's with and without 種別, lint's with and without No.・指摘・ID):
# the readers refuse, and the overwrite guard replaces, the outputs of older versions too.
OWN_OUTPUTS = (({"状態コード", "回答区分", "回答セル"}, "適合チェックの結果"), ({"状態コード", "配点", "満点小計"}, "ベンダ比較の評価表"),
               ({"回答ファイル", "判定", "必須機能の適合率(%)"}, "適合チェックの一覧"),
               ({"表示名", "回答ファイル", "sha256"}, "匿名化の対応表"),
               ({"類似度", "差分", "旧本文", "新本文"}, "仕様書の版の差分"), ({"レベル", "コード", "セル", "内容"}, "回答ファイルの指摘事項"))


def vendor_from_titles(sheet: Sheet, table: HeaderMatch) -> str | None:
    """The vendor's name written above the header of *table* (ベンダ名 | 架空システムズ, 事業者名：架空システムズ), or None."""
    return vendor_field(sheet, table)[0]


def vendor_field(sheet: Sheet, table: HeaderMatch) -> tuple[str | None, tuple[int, int] | None]:
    """The vendor's name written above the header of *table*, or None with the cell (row, column) of a ベンダ名 label
    there with nothing written after it (a form's field the vendor left blank), else None. Above its first row: a
    column 「回答者」 in the upper row of a two-row header is the table's, its right neighbour no name (blank, or the
    label 「備考」)."""
    blank: tuple[int, int] | None = None
    for name, cell in _vendor_fields(sheet, table.top):
        if name:
            return name, None
        blank = blank or cell
    return None, blank


def _vendor_fields(sheet: Sheet, upto: int) -> Iterator[tuple[str, tuple[int, int]]]:
    """Each vendor's name field above row *upto*: the name written ("" for none) and the label's cell."""
    for r, row in enumerate(sheet.rows[:upto]):
        cells = [text(v) for v in row]
        for i, value in enumerate(cells):
            if header(value) in _VENDOR_LABELS:
                yield next((v for v in cells[i + 1:] if v), ""), (r, i)
            elif m := _VENDOR_INLINE.search(value):
                yield m.group(1), (r, i)


def vendors_in_titles(titles: Iterable[str]) -> list[str]:
    """The companies titles name as the ones answering (…機能要件 回答（カッパ株式会社）): names the file gives itself
    after its ベンダ名 and its file name's, that the mask must know (a file renamed 提案書4 before the committee)."""
    return [m.group(1).strip() for t in titles if (m := _VENDOR_IN_TITLE.search(t))]


def own_output(book: Workbook) -> tuple[str, str] | None:
    """(what, sheet name) when *book* is one of hyojun's Excel or CSV outputs (OWN_OUTPUTS), else None."""
    for sheet in book.sheets:
        if sheet.rows and (what := own_header([text(v) for v in sheet.rows[0]])):
            return what, sheet.name
    return None


def own_header(labels: Iterable[str]) -> str | None:
    """What hyojun output a table with the header *labels* is (適合チェックの結果 …), or None."""
    found = set(labels)
    return next((what for own, what in OWN_OUTPUTS if own <= found), None)
