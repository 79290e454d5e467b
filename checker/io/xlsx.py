"""A minimal SpreadsheetML (.xlsx) writer for the report tables: one plain table per sheet.

Why not XlsxWriter: its per-cell Python overhead (argument checks, a cell tuple, a format lookup,
then one XML-writer call per cell) was ~75 % of the time of writing every report format, ~0.5 s
per 4,500-row gap report (18 columns). Here a cell costs one type check, one dict lookup in the
shared-string table and one f-string, and the distinct texts are escaped together in one pass:
`python benchmarks/xlsx_bench.py` measures ~8x less time than XlsxWriter on the same rows.

The parts and the element order follow what XlsxWriter wrote for the same tables, which is the
order ECMA-376 requires (sheetPr, dimension, sheetViews, sheetFormatPr, cols, sheetData, autoFilter,
printOptions, pageMargins, pageSetup, headerFooter, ignoredErrors). There is no theme part: the styles name their
font and colours directly.

Every sheet prints on A4, all its columns one page wide (as many pages down as it takes), its header
row repeated on each page, the workbook's title and the sheet's name at the top of each page and when
it was made and the page number at the bottom: printed reports of several vendors stay apart and in order.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from itertools import zip_longest
from pathlib import Path
from typing import Any, Protocol

from ..errors import OutputError
from .cells import column_letter
from .formulas import FORMULA_START, looks_like_formula

MAX_ROWS = 1_048_576
MAX_COLS = 16_384
MAX_TEXT = 32_767  # Excel's cell limit, in UTF-16 code units
_NAME_MAX = 31  # sheet name limit, in UTF-16 code units
# zlib level 1, not the default 6: on the 4,500 × 18 benchmark sheet level 6 makes the whole write
# ~50 % slower (0.18 s vs 0.12 s) for a file ~25 % smaller (333 KB vs 439 KB). Reports stay local.
_COMPRESSLEVEL = 1
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed member timestamps: the same tables give the same zip members

# Cell styles (indexes into cellXfs of _STYLES). Every data cell wraps: a column is widened to its text, so
# only text longer than _WIDEN_TO (or than a column declared wider) wraps, rather than being cut off.
# A text that looks like a formula gets the same style with quotePrefix: Excel's own mark of a text typed after an
# apostrophe, invisible, which keeps the cell text when a user edits it (a text cell is never evaluated as it is).
_WRAP, _HEADER, _PERCENT, _WRAP_QUOTED, _HEADER_QUOTED, _DATETIME, _HUNDREDTHS, _GROUPED, _GROUPED_FRACTION = range(1, 10)
_EXCEL_EPOCH = datetime(1899, 12, 30)  # day 0 of Excel's date serial numbers (for days from 1900-03-01 on)
_DEFAULT_WIDTH = 8.43  # Excel's, for a column the table gives no width
_WIDEN_TO = 40  # characters: a narrower column is widened up to this to show its longest text on one line
# Widths are measured on the first rows only (~1.5 ms for 2,000 rows of 19 columns, 3 % of writing 4,500): a large
# sheet costs no more. Further down, a longer text wraps; a column of the tool's own labels is declared wide
# enough for all of them (export.label_width).
_MEASURED_ROWS = 2000
# Text width as Japanese software has always counted it: the text's bytes in CP932 (全角 2, 半角 1: 漢字, かな,
# ○ × ※ ① and Greek letters 2, ｱｲｳ 1), a character CP932 lacks (😀, é) 2. One encoding in C, ~15x faster than
# a regular expression of the East Asian wide ranges on a report's texts.
_WIDTH_CODEC, _WIDTH_ERRORS = "cp932", "hyojun.wide"


def _two_columns(e: UnicodeError) -> tuple[str, int]:
    assert isinstance(e, UnicodeEncodeError)  # the handler is named by encodes only
    return "  " * (e.end - e.start), e.end


codecs.register_error(_WIDTH_ERRORS, _two_columns)
# A4 upright holds ~100 characters of Calibri 11 between the margins: a sheet up to this wide (a label | value
# sheet such as 概要) prints upright at nearly full size, a wider table landscape.
_UPRIGHT_WIDTH = 110
# A4 landscape holds ~150 characters: a sheet wider than this would print below 70 % fitted to one page wide (要件別結果
# of 19 columns at 32 %, unreadable). It prints at 70 % over as many pages across as it takes, each row's pages in
# turn, its ID (and 名称: the frozen columns) repeated on each.
_FIT_WIDTH = 215
WIDE_SCALE = 70
_HEADER_FOOTER_MAX = 255  # Excel's limit for a page header or footer, its codes included

# Not allowed in XML 1.0 text, written as Excel's _xHHHH_ escape. CR is allowed but an XML parser
# turns it into LF, so it is escaped too (as Excel and XlsxWriter do).
_NOT_XML = re.compile(r"[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_XML_BUT_NUL = re.compile(r"[\x01-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
# Literal text that reads as an escape keeps its meaning by escaping its "_" (XlsxWriter's rule).
_LOOKS_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")
_NOT_PAGE_TEXT = re.compile(r"[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
_BAD_NAME = re.compile(r"[\[\]:*?/\\\x00-\x1f\ud800-\udfff\ufffe\uffff]")


class Percent(float):
    """A fraction written as a number that Excel shows as a percentage to 0.1 (0.94 → 94.0%)."""

    __slots__ = ()


class Hundredths(float):
    """A number Excel shows with two decimals (89.1 → 89.10): a score in percent as the HTML report prints it."""

    __slots__ = ()


class Grouped(float):
    """A number Excel shows with its thousands grouped and its decimals as they are (2055 → 2,055; 137.008)."""

    __slots__ = ()


class SheetSource(Protocol):
    """What one sheet is made of (export.Table): rows may be a one-shot iterator."""

    @property
    def name(self) -> str: ...
    @property
    def header(self) -> Sequence[str]: ...
    @property
    def rows(self) -> Iterable[Sequence[Any]]: ...
    @property
    def widths(self) -> Sequence[float]: ...
    @property
    def freeze_cols(self) -> int: ...


def write_workbook(target: Path, sheets: Sequence[SheetSource], title: str = "", stamp: str = "",
                   created: str = "") -> None:
    """Write *sheets* to *target*: bold header in row 1 (frozen, autofilter), then the rows.

    Cells: None and "" are left empty, bool and finite int/float are typed (a Percent shown as one, a
    datetime as a date and time), everything else is a text cell of str(value) (non-finite floats too:
    "nan", "inf"), as it is but marked quotePrefix when a spreadsheet could take it for a formula.
    Every printed page is headed by *title* and the sheet's name, and its foot shows *stamp* (when
    the workbook was made) and the page number. *created*: the report's ISO time, the file's 作成日時 property
    (else now), so that the workbook says the time its report's other formats say.
    """
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    strings = _SharedStrings()
    names = unique_sheet_names([s.name for s in sheets])
    filter_ends: list[tuple[str, int]] = []
    repeated: list[int] = []  # per sheet, the first columns printed on every page (a sheet printed pages across)
    header_footer = (f"<headerFooter><oddHeader>{_escape(page_header(title))}</oddHeader>"
                     f"<oddFooter>{_escape(page_footer(stamp))}</oddFooter></headerFooter>")
    with zipfile.ZipFile(target, "w") as zf:
        _put(zf, "[Content_Types].xml", _content_types(len(sheets)))
        _put(zf, "_rels/.rels", _ROOT_RELS)
        _put(zf, "docProps/app.xml", _app(names))
        _put(zf, "docProps/core.xml", _core(created))
        for i, sheet in enumerate(sheets):
            xml, filter_end, columns = _worksheet(sheet, strings, header_footer, selected=i == 0)
            _put(zf, f"xl/worksheets/sheet{i + 1}.xml", xml)
            filter_ends.append(filter_end)
            repeated.append(columns)
        _put(zf, "xl/workbook.xml", _workbook(names, filter_ends, [bool(s.header) for s in sheets], repeated))
        _put(zf, "xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        _put(zf, "xl/styles.xml", _STYLES)
        _put(zf, "xl/sharedStrings.xml", strings.xml())


def sheet_name(name: str) -> str:
    """A name Excel accepts: no []:*?/\\ or control characters, no apostrophe at either end, ≤ 31 units."""
    name = _BAD_NAME.sub("_", name)
    if name.startswith("'"):
        name = "_" + name[1:]
    name = _utf16_prefix(name, _NAME_MAX)
    if name.endswith("'"):
        name = name[:-1] + "_"
    return name or "Sheet"


def unique_sheet_names(names: Iterable[str]) -> list[str]:
    """Sanitized names, made unique the way Excel compares them (ignoring case): "名前 (2)", …"""
    result: list[str] = []
    seen: set[str] = set()
    for raw in names:
        name = base = sheet_name(raw)
        k = 1
        while name.casefold() in seen:
            k += 1
            suffix = f" ({k})"
            name = _utf16_prefix(base, _NAME_MAX - len(suffix)) + suffix
        seen.add(name.casefold())
        result.append(name)
    return result


def landscape(widths: Sequence[float]) -> bool:
    """Whether a sheet with columns this wide (in characters) prints landscape rather than upright."""
    return sum(widths) > _UPRIGHT_WIDTH


def printed_across(widths: Sequence[float]) -> bool:
    """Whether a sheet with columns this wide (in characters) prints at WIDE_SCALE over pages across, its first
    columns repeated on each, rather than fitted to one page wide (which would print it below WIDE_SCALE)."""
    return sum(widths) > _FIT_WIDTH


def page_header(title: str) -> str:
    """A page header in Excel's codes: *title* in the middle, the sheet's name (&A) on the right."""
    return f"&C{_page_text(title, _HEADER_FOOTER_MAX - 6)}&R&A"


def page_footer(stamp: str) -> str:
    """A page footer in Excel's codes: *stamp* on the left, 「ページ 2 / 5」 on the right."""
    number = "&Rページ &P / &N"
    return (f"&L{_page_text(stamp, _HEADER_FOOTER_MAX - 2 - len(number))}" if stamp else "") + number


def _page_text(text: str, limit: int) -> str:
    """*text* as literal header/footer text: "&" doubled (a single one starts a code), control characters as
    spaces, cut to *limit* characters without leaving half of a doubled "&"."""
    text = _utf16_prefix(_NOT_PAGE_TEXT.sub(" ", text).replace("&", "&&"), limit)
    return text[:-1] if (len(text) - len(text.rstrip("&"))) % 2 else text


def text_width(text: str) -> int:
    """The width of *text* in digits (Excel's unit of column width): a wide character (漢字, かな, ○) counts 2."""
    return len(text.encode(_WIDTH_CODEC, _WIDTH_ERRORS))


def _widen(widths: list[float], header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> None:
    """Widen each column narrower than _WIDEN_TO to the widest text of *rows* in it (+ 2 digits: a wide character
    is a little over two digits wide), and to half its *header* label (+ 2): the label wraps to two lines at most,
    not to eight (「テスト情報サービス株式会社 得点」 in an 8-wide column) in the header row printed on every page.
    Up to _WIDEN_TO.

    Per column: its distinct texts, joined and measured in one encoding (numbers are left out: Excel fits a
    number to its column itself).
    """
    for c, (label, values) in zip(range(len(widths)), zip_longest(header, zip_longest(*rows))):
        if widths[c] >= _WIDEN_TO:
            continue
        if label is not None and (label := str(label)):
            widths[c] = min(max(widths[c], (text_width(label) + 1) // 2 + 2), _WIDEN_TO)
        distinct = set(values or ())
        distinct.discard(None)
        try:
            joined = "\0".join(distinct)
        except TypeError:  # not all texts
            joined = "\0".join([v for v in distinct if isinstance(v, str)])
        if joined:
            texts = joined.split("\0") if joined.isascii() else joined.encode(_WIDTH_CODEC, _WIDTH_ERRORS).split(b"\0")
            widths[c] = min(max(widths[c], max(map(len, texts)) + 2), _WIDEN_TO)


def column_width(width: float) -> float:
    """The stored <col> width for a width in characters, as XlsxWriter's set_column computed it.

    Excel stores whole pixels (Calibri 11: 7 px per digit plus 5 px of padding) as a character count.
    """
    pixels = int(width * 12 + 0.5) if width < 1 else int(width * 7 + 0.5) + 5
    return pixels * 256 // 7 / 256


class _SharedStrings(dict[str, str]):
    """The shared-string table, as a map from a data cell's text to the end of its cell after ' s="': its style
    (quoted when it looks like a formula) and index, '1" t="s"><v>7</v></c>'.

    A cell is then one lookup and one f-string; each distinct text is checked once, and escaped with all
    the others when the table is written.
    """

    def __init__(self) -> None:
        super().__init__()
        self.count = 0  # cells referring to the table (the sst's count attribute)

    def __missing__(self, text: str) -> str:
        quoted = text[:1] in FORMULA_START and looks_like_formula(text)
        end = self[text] = f'{_WRAP_QUOTED if quoted else _WRAP}" t="s"><v>{len(self)}</v></c>'  # in index order
        return end

    def header(self, text: str) -> str:
        """The end of a header cell of *text* after ' s="' (the header's style)."""
        style, quote, rest = self[text].partition('"')
        return f"{_HEADER_QUOTED if style == str(_WRAP_QUOTED) else _HEADER}{quote}{rest}"

    def xml(self) -> str:
        texts = list(self)
        if max(map(len, texts), default=0) > MAX_TEXT // 2:
            texts = [_utf16_prefix(t, MAX_TEXT) for t in texts]
        items = "".join([f"<si><t{_PRESERVE}>{t}</t></si>" if t != t.strip() or "\n" in t
                         else f"<si><t>{t}</t></si>" for t in _escape_texts(texts)])
        return f'{_XML_HEAD}<sst xmlns="{_NS_MAIN}" count="{self.count}" uniqueCount="{len(texts)}">{items}</sst>'


def _escape_texts(texts: list[str]) -> list[str]:
    """Each text escaped for <t>, all in one pass over the texts joined by NUL (a joint no text holds)."""
    joined = "\0".join(texts)
    if joined.count("\0") >= len(texts):  # a text holds a NUL of its own: escape one by one
        return [_escape_text(t, _NOT_XML) for t in texts]
    return _escape_text(joined, _NOT_XML_BUT_NUL).split("\0")


def _escape_text(text: str, not_xml: re.Pattern[str]) -> str:
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub(r"_x005F\1", text)
    return _escape(not_xml.sub(_control_escape, text))


def _control_escape(match: re.Match[str]) -> str:
    return f"_x{ord(match.group()):04X}_"


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attr(value: str) -> str:
    return _escape(value).replace('"', "&quot;")


def _utf16_prefix(value: str, limit: int) -> str:
    """The longest prefix of at most *limit* UTF-16 units that does not split a character."""
    if len(value) <= limit // 2:
        return value  # even all-astral text fits
    units = 0
    for i, ch in enumerate(value):
        units += 2 if ch > "\uffff" else 1
        if units > limit:
            return value[:i]
    return value


def _worksheet(sheet: SheetSource, strings: _SharedStrings, header_footer: str,
               selected: bool) -> tuple[str, tuple[str, int], int]:
    """The sheet's XML, the bottom-right cell (column, row) of its autofilter range from A1, and how many of its
    first columns print on every page (0: it fits one page wide)."""
    ncols = len(sheet.header)
    widths: list[float] = list(sheet.widths)  # the least widths: widened to the text below
    widths += [_DEFAULT_WIDTH] * (ncols - len(widths))
    measured: list[Sequence[Any]] = []  # the first rows, for the widths
    columns: list[str] = []  # per column, the start of its cells: '<c r="B'

    def add_columns(upto: int) -> None:
        if upto > MAX_COLS:
            raise _over_excel(sheet.name, f"列が {MAX_COLS:,} 列")
        columns.extend(f'<c r="{column_letter(c)}' for c in range(len(columns), upto))

    add_columns(max(ncols, len(widths)))
    head = "".join(f'{columns[c]}1" s="{strings.header(str(h))}' if str(h)
                   else f'{columns[c]}1" s="{_HEADER}"/>' for c, h in enumerate(sheet.header))
    parts = [f'<row r="1">{head}</row>'] if ncols else []
    nstrings = sum(1 for h in sheet.header if str(h))
    last_row = 1 if ncols else 0
    last_col = ncols  # 1-based; data beyond the header widens it below
    n = 1
    not_shared = 0  # written cells that do not refer to the shared-string table

    def other_cell(start: str, r: str, v: Any) -> str:
        nonlocal not_shared
        t = type(v)
        if t is int or (t is float and v - v == 0):  # v - v is nan for nan and ±inf
            not_shared += 1
            return f"{start}{r}{_NUMBER}{v!r}</v></c>"
        if t is bool:
            not_shared += 1
            return f"{start}{r}{_BOOLEAN}{v:d}</v></c>"
        if t is Percent or t is Hundredths:
            not_shared += 1
            return f'{start}{r}" s="{_PERCENT if t is Percent else _HUNDREDTHS}"><v>{float(v)!r}</v></c>'
        if t is Grouped and v - v == 0:
            not_shared += 1
            whole = v.is_integer()
            return f'{start}{r}" s="{_GROUPED if whole else _GROUPED_FRACTION}"><v>{int(v) if whole else float(v)!r}</v></c>'
        if t is datetime:  # its own wall-clock time: Excel has no time zones
            not_shared += 1
            days = (v.replace(tzinfo=None) - _EXCEL_EPOCH) / timedelta(days=1)
            return f'{start}{r}" s="{_DATETIME}"><v>{days!r}</v></c>'
        if isinstance(v, (int, float)) and v - v == 0:  # subclasses (IntEnum): repr is no number
            not_shared += 1
            return f"{start}{r}{_NUMBER}{(int(v) if isinstance(v, int) else float(v))!r}</v></c>"
        if s := str(v):
            return f'{start}{r}" s="{strings[s]}'
        not_shared += 1  # nothing written
        return ""

    written = 0
    for n, row in enumerate(sheet.rows, start=2):
        if n > MAX_ROWS:  # stop at once: the rows beyond would only be built to be thrown away
            raise _over_excel(sheet.name, f"行が {MAX_ROWS:,} 行")
        if len(row) > last_col:
            if len(row) > len(columns):
                add_columns(len(row))
            last_col = max(last_col, next((c + 1 for c in range(len(row) - 1, -1, -1)
                                           if row[c] is not None and row[c] != ""), 0))
        r = str(n)
        # One comprehension per row: text cells (nearly all) inline, the rest through other_cell.
        row_cells = [f'{col}{r}" s="{strings[v]}' if type(v) is str else other_cell(col, r, v)
                     for col, v in zip(columns, row) if v is not None and v != ""]
        written += len(row_cells)
        cells = "".join(row_cells)
        if cells:
            parts.append(f'<row r="{r}">{cells}</row>')
            last_row = n
        if n <= _MEASURED_ROWS:
            measured.append(row)
    strings.count += nstrings + written - not_shared
    _widen(widths, sheet.header, measured)

    filter_end = column_letter(max(ncols - 1, 0)), max(n, 2)
    end = f"{column_letter(last_col - 1)}{last_row}" if last_row and last_col else "A1"
    dimension = "A1" if end == "A1" else f"A1:{end}"
    cols = "".join(f'<col min="{c + 1}" max="{c + 1}" width="{column_width(w):.16g}" style="{_WRAP}" customWidth="1"/>'
                   for c, w in enumerate(widths))
    orientation = "landscape" if landscape(widths) else "portrait"
    wide = printed_across(widths)
    xml = "".join((
        f'{_XML_HEAD}<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">',
        "" if wide else '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
        f'<dimension ref="{dimension}"/>',
        f'<sheetViews><sheetView{_SELECTED if selected else ""} workbookViewId="0">',
        _frozen_pane(sheet.freeze_cols), "</sheetView></sheetViews>",
        '<sheetFormatPr defaultRowHeight="15"/>',
        f"<cols>{cols}</cols>" if cols else "",
        "<sheetData>", *parts, "</sheetData>",
        f'<autoFilter ref="A1:{filter_end[0]}{filter_end[1]}"/>',
        # Gridlines: the cells have no borders, and a printed table of 19 columns is unreadable without them.
        '<printOptions gridLines="1"/>',
        '<pageMargins left="0.4" right="0.4" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
        # A4 (9), every column on one page wide, as many pages down as it takes (0); or pages across (_FIT_WIDTH)
        f'<pageSetup paperSize="9" scale="{WIDE_SCALE}" pageOrder="overThenDown" orientation="landscape"/>' if wide
        else f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>',
        header_footer,
        # Ids (0230101) and years (2027) are text on purpose: no green 「数値が文字列として保存されています」 mark
        f'<ignoredErrors><ignoredError sqref="{dimension}" numberStoredAsText="1"/></ignoredErrors>',
        "</worksheet>",
    ))
    return xml, filter_end, max(sheet.freeze_cols, 1) if wide else 0


def _frozen_pane(columns: int) -> str:
    """The header row frozen, and the first *columns* (ID, 名称) too: they stay in view beside any column."""
    if not columns:
        return ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft"/>')
    return (f'<pane xSplit="{columns}" ySplit="1" topLeftCell="{column_letter(columns)}2" activePane="bottomRight" '
            'state="frozen"/><selection pane="topRight"/><selection pane="bottomLeft"/><selection pane="bottomRight"/>')


def _over_excel(sheet: str, limit: str) -> OutputError:
    return OutputError(f"シート「{sheet}」の{limit}（Excel の上限）を超えるため、Excel ファイル（.xlsx）に書き出せません。"
                       "CSV など他の形式で出力してください")


def _put(zf: zipfile.ZipFile, name: str, xml: str) -> None:
    info = zipfile.ZipInfo(name, _ZIP_TIME)
    zf.writestr(info, xml.encode(), zipfile.ZIP_DEFLATED, _COMPRESSLEVEL)


# What follows a cell's row number (its start, e.g. '<c r="B2') for a number and a boolean, in the data cells' style
_NUMBER, _BOOLEAN = f'" s="{_WRAP}"><v>', f'" s="{_WRAP}" t="b"><v>'
_SELECTED = ' tabSelected="1"'
_PRESERVE = ' xml:space="preserve"'
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"

_ROOT_RELS = (
    f'{_XML_HEAD}<Relationships xmlns="{_NS_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_NS_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_NS_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_STYLES = (
    f'{_XML_HEAD}<styleSheet xmlns="{_NS_MAIN}">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="0.0%"/>'
    '<numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot; hh:mm:ss"/>'
    '<numFmt numFmtId="166" formatCode="#,##0.0#########"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFE6E6E6"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>'
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="10"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" '
    'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1">'
    '<alignment vertical="top"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" quotePrefix="1" applyFont="1" applyFill="1" '
    'applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1">'
    '<alignment vertical="top"/></xf>'
    # 0.00 and #,##0 are Excel's built-in formats 2 and 3
    + "".join(f'<xf numFmtId="{n}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1">'
              '<alignment vertical="top"/></xf>' for n in (2, 3, 166))
    + '</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
    'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
)


def _content_types(nsheets: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                     f'ContentType="{_CT}.spreadsheetml.worksheet+xml"/>' for i in range(1, nsheets + 1))
    return (
        f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_CT}.extended-properties+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.spreadsheetml.styles+xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.spreadsheetml.sheet.main+xml"/>'
        f'{sheets}'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    )


# The start of every app.xml written here, signed or not: how io.overwrite knows its workbooks written before the
# dc:creator (CREATOR) was.
APP_SIGNATURE = "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity>"


def _app(names: Sequence[str]) -> str:
    titles = "".join(f"<vt:lpstr>{_escape(n)}</vt:lpstr>" for n in names)
    return (
        f'{_XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{APP_SIGNATURE}<ScaleCrop>false</ScaleCrop>"
        '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>'
        f"<vt:variant><vt:i4>{len(names)}</vt:i4></vt:variant></vt:vector></HeadingPairs>"
        f'<TitlesOfParts><vt:vector size="{len(names)}" baseType="lpstr">{titles}</vt:vector></TitlesOfParts>'
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>"
    )


CREATOR = "hyojun"  # dc:creator: how a later run knows the workbook for its own output (io.overwrite)


def _core(created: str) -> str:
    at = datetime.fromisoformat(created) if created else datetime.now(timezone.utc)
    now = at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'{_XML_HEAD}<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{CREATOR}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>'
    )


def _workbook(names: Sequence[str], filter_ends: Sequence[tuple[str, int]], headed: Sequence[bool],
              repeated: Sequence[int]) -> str:
    sheets = "".join(f'<sheet name="{_escape_attr(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                     for i, n in enumerate(names))
    # Excel keeps each sheet's autofilter range in this hidden name, as an absolute reference.
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{_escape(_quote_sheet(n))}!$A$1:${col}${row}</definedName>"
        for i, (n, (col, row)) in enumerate(zip(names, filter_ends)))
    # The print titles: the header row on every printed page, and the first columns on every page across.
    titles = "".join(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
                     + (f"{ref}!$A:${column_letter(c - 1)}," if c else "") + f"{ref}!$1:$1</definedName>"
                     for i, (n, h, c) in enumerate(zip(names, headed, repeated)) if h
                     for ref in [_escape(_quote_sheet(n))])
    return (
        f'{_XML_HEAD}<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">'
        '<workbookPr/><bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/>'
        f"</bookViews><sheets>{sheets}</sheets><definedNames>{filters}{titles}</definedNames></workbook>"
    )


def _quote_sheet(name: str) -> str:
    """A sheet name as a formula reference: always quoted, which Excel accepts for any name."""
    return "'" + name.replace("'", "''") + "'"


def _workbook_rels(nsheets: int) -> str:
    rels = [f'<Relationship Id="rId{i}" Type="{_NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, nsheets + 1)]
    rels.append(f'<Relationship Id="rId{nsheets + 1}" Type="{_NS_REL}/styles" Target="styles.xml"/>')
    rels.append(f'<Relationship Id="rId{nsheets + 2}" Type="{_NS_REL}/sharedStrings" Target="sharedStrings.xml"/>')
    return f'{_XML_HEAD}<Relationships xmlns="{_NS_PKG_REL}">{"".join(rels)}</Relationships>'
