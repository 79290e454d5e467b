"""The index of a batch check (`hyojun check --manifest`): one row per answer sheet, as HTML and CSV.

The HTML links every report of the batch, so a DX office opens one page; the CSV is the same table
for Excel.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .. import TOOL_NAME, __version__
from ..analysis.gap import VERDICT_LABELS, coverage_points
from ..batch_run import CheckSummary
from ..io import atomic
from ..io.export import Table, write_csv
from ..manifest import INDEX_NAMES
from ..model import town_label
from .html import render
from .provenance import CREATED, Provenance
from .gap_view import VERDICT_REASONS
from .specdiff_view import carryover_labels

VERDICT_TONES = {"conformant": "good", "conditional": "warn", "non_conformant": "bad"}
_FORMAT_LABELS = {".html": "HTML", ".xlsx": "Excel", ".csv": "CSV", ".json": "JSON"}  # the order of the links


@dataclass(frozen=True)
class IndexRow:
    municipality: str  # the profile's; "" without a profile
    prefecture: str  # the profile's; "" when it names none (美里町 is a town of three prefectures)
    area: str
    version: str
    vendor: str
    file: str
    verdict: str
    verdict_label: str
    tone: str
    coverage: float
    violations: int
    optional_gap: int
    required_options: int | None  # None without a profile: no option is required, none can be missing
    errors: int
    warnings: int
    outputs: tuple[tuple[str, str], ...]  # label, path relative to the index (posix)
    answered_version: str  # "" when the answers were made against the checked version
    reconfirm: int | None  # answers to re-confirm; None when the version answered is not stored (no list)
    carryover: str  # carryover_line, or ""

    @property
    def town(self) -> str:
        return town_label(self.prefecture, self.municipality)

    @property
    def links(self) -> tuple[tuple[str, str], ...]:
        """(label, href): hrefs are percent-encoded, so a file name with # or % still links to itself."""
        return tuple((label, quote(rel)) for label, rel in self.outputs)


def carryover_line(s: CheckSummary) -> str:
    """Which version the answers were made against and what of them to re-confirm ("" if the checked one)."""
    if s.answered is None:
        return ""
    head = s.answered.text
    if s.carried is None:
        return f"{head}。その版が取り込まれていないため、再確認の一覧は作れません"
    reconfirm, orphaned, new = s.carried
    orphaned_label, new_label = carryover_labels(s.answered.version, s.version)
    return f"{head}: 再確認 {reconfirm} 件、{orphaned_label} {orphaned} 件、{new_label} {new} 件"


def index_rows(out_dir: Path, summaries: list[CheckSummary]) -> list[IndexRow]:
    return [IndexRow(s.municipality or "", s.prefecture or "", s.area, s.version, s.vendor, s.names, s.verdict, VERDICT_LABELS[s.verdict],
                     VERDICT_TONES[s.verdict], s.mandatory_coverage, s.prohibited_violations, s.optional_gap,
                     s.required_options, s.errors, s.warnings,
                     tuple((_FORMAT_LABELS[p.suffix], p.relative_to(out_dir).as_posix())
                           for p in sorted(s.outputs, key=lambda p: list(_FORMAT_LABELS).index(p.suffix))),
                     s.answered.version if s.answered else "",
                     s.carried[0] if s.carried else (None if s.answered else 0),
                     carryover_line(s))
            for s in summaries]


def write_batch_index(out_dir: Path, summaries: list[CheckSummary], title: str, manifest: str,
                      generated_at: str) -> list[Path]:
    """OUT/index.html and OUT/check_summary.csv; returns their paths."""
    rows = index_rows(out_dir, summaries)
    html, csv = (out_dir / n for n in INDEX_NAMES)
    # 団体 first: a joint procurement's manifest lists each town's areas, and a prefecture sorts its workbook by town;
    # its 都道府県 tells apart the towns of one name. The two option columns are blank without a profile (nothing
    # required), as 団体 is. 判定コード beside 判定: a script reads the code, as the per-vendor CSV's 状態コード.
    write_csv(csv, Table("適合チェック一覧", ["団体", "都道府県", "業務", "版", "ベンダ", "回答ファイル", "判定",
                                       "判定コード", "必須機能の適合率(%)", "実装不可機能の実装", "要求オプションの未対応", "求めるオプション数",
                                       "回答ファイルの指摘(エラー)", "回答ファイルの指摘(警告)", "回答の版", "再確認が必要な回答",
                                       "再確認が必要な回答の注記", "出力"],
                         ([r.municipality, r.prefecture, r.area, r.version, r.vendor, r.file, r.verdict_label, r.verdict,
                           coverage_points(r.coverage),
                           r.violations, "" if r.required_options is None else r.optional_gap,
                           "" if r.required_options is None else r.required_options, r.errors, r.warnings,
                           r.answered_version or r.version,
                           # the count stays a number for a script or Excel's SUM, and why there is none beside it
                           *(("", "一覧なし（その版が未取り込み）") if r.reconfirm is None else (r.reconfirm, "")),
                           "／".join(rel for _, rel in r.outputs)]
                          for r in rows)))
    prov = Provenance((("ツール", f"{TOOL_NAME} {__version__}"), ("マニフェスト", manifest), (CREATED, generated_at)))
    counts = {v: sum(r.verdict == v for r in rows) for v in VERDICT_LABELS}
    atomic.write_text(html, render("batch_index.html", title=title or "適合チェック一覧", rows=rows,
                                   areas=len({r.area for r in rows}), counts=counts, labels=VERDICT_LABELS, reasons=VERDICT_REASONS,
                                   tones=VERDICT_TONES, provenance=prov))
    return [html, csv]
