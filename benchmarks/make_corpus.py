"""Generate the national-scale benchmark corpus, deterministically (fixed seed).

    python benchmarks/make_corpus.py --scale full|small --out DIR

DIR/specs/    20 areas of 機能・帳票要件, in the official-like layouts A/B/C of
              docs/formats.md (総務省 → A, 文科省 → C, the other ministries → B);
              ≥ 40,000 requirements at full scale, sized roughly like the real lists.
DIR/vendor/   5 vendors × 20 areas of answer sheets in the styles S1–S5, rotated so every area
              has every style. S3 is a CP932 CSV. S5 is the .xls layout (title rows, header in
              row 3, some ids typed as numbers) saved as .xlsx, because nothing in our
              dependencies writes .xls.
DIR/readiness/ the national progress workbook (copied from tests/fixtures/readiness); the small
              corpus takes the 宮城県 one.
DIR/manifest.json  which file is which (areas, vendors, styles, requirement counts).

Invented data only: every id, name, text and answer is synthetic.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.catalog import load_catalog  # noqa: E402

SEED = 20260201
# Requirements per area at full scale (機能 + 帳票): the tax and welfare areas are the big ones.
FULL_SIZES = {
    "住民記録": 2400, "印鑑登録": 500, "戸籍": 1800, "戸籍附票": 600, "選挙人名簿管理": 1500,
    "個人住民税": 4500, "法人住民税": 1500, "固定資産税": 3500, "軽自動車税": 1200, "就学": 1600,
    "健康管理": 3000, "児童扶養手当": 1200, "生活保護": 2500, "障害者福祉": 3000, "介護保険": 3800,
    "国民健康保険": 3000, "後期高齢者医療": 1800, "国民年金": 800, "児童手当": 1000, "子ども・子育て支援": 2200,
}
SMALL_DIVISOR = 20
FORM_SHARE = 0.12
VENDORS = ("架空システムズ株式会社", "見本ソリューションズ株式会社", "テスト情報サービス株式会社",
           "模擬データ株式会社", "試験計算センター株式会社")
STYLES = ("S1", "S2", "S3", "S4", "S5")
# The national workbook (1,741 municipalities); the small corpus takes 宮城県's (35) to stay quick.
READINESS = {"full": "soumu_progress_全国_2026-01.xlsx", "small": "soumu_progress_宮城県_2026-01.xlsx"}
READINESS_DIR = ROOT / "tests" / "fixtures" / "readiness"  # the project stands alone: bundled copies

CLASS_WORDS = {"mandatory": "実装必須機能", "optional": "標準オプション機能", "prohibited": "実装不可機能"}
_L1 = ("共通", "資格管理", "賦課", "収納", "給付", "審査", "通知", "照会", "統計・報告", "連携")
_L2 = ("基本情報", "異動処理", "履歴管理", "一括処理", "帳票出力", "検索", "外部連携", "権限管理")
_L3 = ("登録", "修正", "削除", "照会", "一覧", "出力", "取込", "抽出")
_OBJ = ("宛名情報", "資格情報", "賦課情報", "口座情報", "送付先情報", "異動履歴", "申請情報", "決定情報",
        "通知書", "台帳", "世帯情報", "給付実績", "収納履歴", "減免情報", "証明書", "統計データ")
_VERB = ("登録", "修正", "削除", "照会", "出力", "管理", "一括更新", "抽出", "取込", "確認")
_COND = ("", "被保険者番号、氏名（カナ）又は生年月日を条件として", "異動日を指定して", "世帯単位で",
         "職員の権限に応じて", "基準日時点の内容で", "複数の条件を組み合わせて")
_NOTE = ("", "", "", "帳票詳細要件を参照", "第{v}で追加", "第{v}で修正", "機能要件の考え方を参照")


@dataclass(frozen=True)
class Req:
    id: str
    kind: str  # function / form
    cls: str
    l1: str
    l2: str
    l3: str
    number: str
    name: str
    text: str
    note: str


def make_requirements(rng: random.Random, code: str, n: int, version: str) -> list[Req]:
    forms = max(1, int(n * FORM_SHARE))
    out: list[Req] = []
    for i in range(n):
        kind = "form" if i >= n - forms else "function"
        serial = i + 1
        l1 = _L1[min(i * len(_L1) // n, len(_L1) - 1)]
        l2 = _L2[(i // 40) % len(_L2)]
        l3 = _L3[(i // 8) % len(_L3)]
        obj, verb = rng.choice(_OBJ), rng.choice(_VERB)
        cls = rng.choices(("mandatory", "optional", "prohibited"), (70, 22, 8))[0]
        name = f"{obj}の{verb}" if kind == "function" else f"{obj}（{rng.choice(_L3)}用）"
        body = f"{rng.choice(_COND)}{obj}を{verb}できること。"
        if rng.random() < 0.4:
            body += f"\nなお、{rng.choice(_OBJ)}との整合性を確認し、不整合がある場合は警告を表示すること。"
        out.append(Req(f"{code}{serial:04d}", kind, cls, l1, l2, l3,
                       f"{1 + i * len(_L1) // n}.{1 + (i // 40) % 8}.{1 + (i // 8) % 5}",
                       name, body, rng.choice(_NOTE).format(v=version)))
    return out


def _write_layout_a(path: Path, area: str, version: str, reqs: list[Req]) -> None:
    """総務省 style: title row, blank row, header in row 3; 項番/機能名称 merged vertically per section."""
    wb = xlsxwriter.Workbook(str(path))
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    for sheet_name, kind, head in (("機能要件", "function", ("項番", "機能名称", "機能ID", "機能要件", "実装区分", "備考")),
                                   ("帳票要件", "form", ("項番", "帳票名称", "帳票ID", "帳票概要", "実装区分", "備考"))):
        ws = wb.add_worksheet(sheet_name)
        ws.merge_range(0, 0, 0, 5, f"{area}システム標準仕様書【{version}】 {sheet_name}")
        ws.write_row(2, 0, head)
        rows = [r for r in reqs if r.kind == kind]
        r = 3
        i = 0
        while i < len(rows):
            # Every third section spans two or three requirement rows sharing 項番 and 名称.
            span = 1 + (i % 3 == 0) + (i % 9 == 0)
            block = rows[i:i + span]
            for k, q in enumerate(block):
                ws.write_string(r + k, 2, q.id)
                ws.write_string(r + k, 3, q.text, wrap)
                ws.write_string(r + k, 4, CLASS_WORDS[q.cls])
                ws.write_string(r + k, 5, q.note)
            if len(block) > 1:
                ws.merge_range(r, 0, r + len(block) - 1, 0, block[0].number)
                ws.merge_range(r, 1, r + len(block) - 1, 1, block[0].name)
            else:
                ws.write_string(r, 0, block[0].number)
                ws.write_string(r, 1, block[0].name)
            r += len(block)
            i += span
    wb.close()


def _write_layout_b(path: Path, area: str, version: str, reqs: list[Req]) -> None:
    """厚労省 style: grouped two-row header, 大項目 merged vertically, 帳票 and 改定履歴 sheets."""
    wb = xlsxwriter.Workbook(str(path))
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    ws = wb.add_worksheet("機能要件")
    ws.merge_range(0, 0, 0, 2, "機能分類")
    ws.merge_range(0, 3, 0, 6, "機能要件")
    ws.merge_range(0, 7, 1, 7, "備考")
    ws.write_row(1, 0, ("大項目", "中項目", "小項目", "機能ID", "機能名称", "機能要件", "実装区分"))
    funcs = [q for q in reqs if q.kind == "function"]
    r, start = 2, 0
    for i, q in enumerate(funcs):
        ws.write_row(r + i, 1, (q.l2, q.l3, q.id, q.name))
        ws.write_string(r + i, 5, q.text, wrap)
        ws.write_row(r + i, 6, (CLASS_WORDS[q.cls], q.note))
        if i + 1 == len(funcs) or funcs[i + 1].l1 != q.l1:
            if i > start:
                ws.merge_range(r + start, 0, r + i, 0, q.l1)
            else:
                ws.write_string(r + i, 0, q.l1)
            start = i + 1
    fs = wb.add_worksheet("帳票要件")
    fs.merge_range(0, 0, 0, 4, f"{area}システム標準仕様書【{version}】 帳票要件")
    fs.write_row(1, 0, ("帳票ID", "帳票名称", "帳票概要", "実装区分", "備考"))
    for i, q in enumerate(q for q in reqs if q.kind == "form"):
        fs.write_row(2 + i, 0, (q.id, q.name, q.text, CLASS_WORDS[q.cls], q.note))
    hs = wb.add_worksheet("改定履歴")
    hs.write_row(0, 0, ("版数", "改定年月", "機能ID", "改定内容"))
    for i, q in enumerate(reqs[:: max(1, len(reqs) // 25)]):
        hs.write_row(1 + i, 0, (version, "令和7年10月", q.id, f"修正：{q.name}"))
    wb.close()


def _write_layout_c(folder: Path, area: str, version: str, reqs: list[Req]) -> list[Path]:
    """文科省 style: separate 機能 and 帳票 files, header in row 1, 項番 on every row, 「機能ＩＤ」."""
    paths = []
    for suffix, kind, head in (("機能要件", "function", ("項番", "機能名称", "機能ＩＤ", "機能要件", "実装区分", "備考")),
                               ("帳票要件", "form", ("項番", "帳票ID", "帳票名称", "帳票概要", "実装区分", "備考"))):
        path = folder / f"{area}_{version}_{suffix}.xlsx"
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet(suffix)
        ws.write_row(0, 0, head)
        for i, q in enumerate(q for q in reqs if q.kind == kind):
            cells = (q.number, q.name, q.id) if kind == "function" else (q.number, q.id, q.name)
            ws.write_row(1 + i, 0, (*cells, q.text, CLASS_WORDS[q.cls], q.note))
        wb.close()
        paths.append(path)
    return paths


def _answers(rng: random.Random, reqs: list[Req], style: str) -> list[tuple[str, str, str, str]]:
    """(id, name, mark, comment) rows with the realistic mix of semantics.md: mostly yes, a few
    partial / planned / no / n.a., blanks, missing rows, unknown ids, one duplicate, one invalid."""
    marks = {"S1": ("○", "△", "予定", "×", "－"), "S2": ("対応", "一部対応", "対応予定", "非対応", "対象外"),
             "S3": ("◯", "▲", "移行後", "×", "－"), "S4": ("○", "△", "予定", "×", "－"),
             "S5": ("○", "△", "経過措置", "×", "―")}[style]
    rows = []
    for q in reqs:
        if rng.random() < 0.002:
            continue  # the vendor left the requirement out
        k = rng.choices(range(6), (86, 5, 3, 3, 2, 1))[0]
        mark = marks[k] if k < 5 else ""
        rows.append((q.id, q.name, mark, "標準機能で対応" if rng.random() < 0.3 else ""))
    code = reqs[0].id[:3]
    rows.insert(len(rows) // 2, (rows[3][0], rows[3][1], marks[0], "重複して回答"))
    rows.append((f"{code}9901", "旧版の要件", marks[0], ""))
    rows.append((f"{code}9902", "旧版の要件", marks[3], ""))
    rows[len(rows) // 3] = (*rows[len(rows) // 3][:2], "要確認", "")
    return rows


def _write_vendor(path: Path, style: str, area: str, version: str, vendor: str,
                  rows: list[tuple[str, str, str, str]]) -> None:
    if style == "S3":
        with path.open("w", encoding="cp932", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(("機能ID", "機能名称", "対応可否", "対応時期", "備考"))
            for rid, name, mark, comment in rows:
                w.writerow((str(int(rid)), name, mark, "", comment))
        return
    wb = xlsxwriter.Workbook(str(path))
    title = f"{area}システム標準仕様書【{version}】 機能・帳票要件 回答書"
    if style == "S1":
        ws = wb.add_worksheet("機能要件回答")
        ws.write_row(0, 0, ("機能ID", "機能名称", "対応可否", "対応時期", "代替案", "備考"))
        for i, (rid, name, mark, comment) in enumerate(rows):
            ws.write_row(1 + i, 0, (rid, name, mark, "", "", comment))
    elif style == "S2":
        ws = wb.add_worksheet("回答書")
        ws.merge_range(0, 0, 0, 4, title)
        for r, (label, value) in enumerate((("ベンダ名", vendor), ("回答日", "2026年2月16日"), ("製品名", f"{area}システム Ver.5")), 1):
            ws.write_string(r, 0, label)
            ws.merge_range(r, 1, r, 3, value)
        for c, label in ((0, "機能ID"), (1, "機能名称"), (2, "実装区分")):
            ws.merge_range(5, c, 6, c, label)
        ws.merge_range(5, 3, 5, 4, "ベンダ回答")
        ws.write_row(6, 3, ("対応状況", "備考"))
        wide = str.maketrans("0123456789", "０１２３４５６７８９")
        for i, (rid, name, mark, comment) in enumerate(rows):
            ws.write_row(7 + i, 0, (rid.translate(wide), name, "", mark, comment))
    elif style == "S4":
        ws = wb.add_worksheet("機能")
        ws.merge_range(0, 0, 0, 5, title)
        ws.write_row(1, 0, ("機能ID", "機能名称", "対応可否", "対応時期", "代替案", "備考"))
        r = 2
        for i, (rid, name, mark, comment) in enumerate(rows):
            if i % 200 == 0:
                ws.merge_range(r, 0, r, 5, f"■ ブロック{i // 200 + 1}")
                r += 1
            ws.write_row(r, 0, (rid, name, mark, "", "", comment))
            if i % 997 == 500:
                ws.set_row(r, None, None, {"hidden": True})
            r += 1
    else:  # S5 layout (the .xls one), saved as .xlsx
        ws = wb.add_worksheet("回答一覧")
        ws.write_string(0, 0, title)
        ws.write_string(1, 0, f"回答者：{vendor}")
        ws.write_row(2, 0, ("No.", "要件ID", "項番", "機能名称", "回答", "対応時期", "備考"))
        for i, (rid, name, mark, comment) in enumerate(rows):
            ws.write_number(3 + i, 0, i + 1)
            if i % 7 == 6:
                ws.write_number(3 + i, 1, int(rid))
            else:
                ws.write_string(3 + i, 1, rid)
            ws.write_row(3 + i, 2, ("", name, mark, "", comment))
    wb.close()


def build(scale: str, out: Path) -> dict[str, object]:
    rng = random.Random(SEED)
    catalog = load_catalog()
    specs_dir, vendor_dir, ready_dir = out / "specs", out / "vendor", out / "readiness"
    for d in (specs_dir, vendor_dir, ready_dir):
        d.mkdir(parents=True, exist_ok=True)
    areas = []
    for index, area in enumerate(catalog.areas):
        n = FULL_SIZES[area.name] // (SMALL_DIVISOR if scale == "small" else 1)
        version = area.latest_version or "第1.0版"
        reqs = make_requirements(rng, area.business_codes[0], n, version)
        if area.ministry == "総務省":
            layout, spec_paths = "A", [specs_dir / f"{area.name}_{version}_機能要件.xlsx"]
            _write_layout_a(spec_paths[0], area.name, version, reqs)
        elif area.ministry == "文部科学省":
            layout, spec_paths = "C", _write_layout_c(specs_dir, area.name, version, reqs)
        else:
            layout, spec_paths = "B", [specs_dir / f"{area.name}_{version}_機能・帳票要件.xlsx"]
            _write_layout_b(spec_paths[0], area.name, version, reqs)
        vendors = []
        for v, vendor in enumerate(VENDORS):
            style = STYLES[(v + index) % len(STYLES)]
            short = vendor.removesuffix("株式会社")
            path = vendor_dir / f"{area.name}_{version}_回答_{short}.{'csv' if style == 'S3' else 'xlsx'}"
            _write_vendor(path, style, area.name, version, vendor, _answers(rng, reqs, style))
            vendors.append({"vendor": vendor, "style": style, "file": str(path.relative_to(out))})
        areas.append({"area": area.name, "version": version, "layout": layout, "requirements": n,
                      "spec_files": [str(p.relative_to(out)) for p in spec_paths], "vendors": vendors})
    source = READINESS_DIR / READINESS[scale]
    readiness = ready_dir / source.name
    shutil.copyfile(source, readiness)
    manifest = {"scale": scale, "seed": SEED, "requirements": sum(a["requirements"] for a in areas),
                "areas": areas, "readiness": str(readiness.relative_to(out))}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", choices=("full", "small"), default="full")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        if not (args.out / "manifest.json").is_file():
            sys.exit(f"{args.out}: 空でないフォルダで、以前のコーパスでもありません。別の --out を指定してください")
        shutil.rmtree(args.out)  # stale files from another scale would skew the measurement
    manifest = build(args.scale, args.out)
    files = sum(len(a["spec_files"]) + len(a["vendors"]) for a in manifest["areas"])  # type: ignore[union-attr]
    print(f"{args.out}: {manifest['requirements']:,} requirements, {files} files ({args.scale})")


if __name__ == "__main__":
    main()
