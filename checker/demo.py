"""`hyojun demo`: the whole chain on the bundled sample data, with an index page linking every report."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from . import paths
from .analysis.gap import VERDICT_LABELS, coverage_percent
from .batch_run import manifest_tasks, run_batch
from .check_run import CheckOptions
from .clock import now_iso
from .compare_run import CompareOptions, run_compare
from .errors import InputError, UsageError
from .io import atomic
from .io.output_lock import LOCK_NAME, output_lock
from .io.overwrite import written_by_hyojun
from .io.spec_reader import read_spec
from .manifest import AreaInput, load_manifest
from .model import Spec
from .report.batch_writers import write_batch_index
from .report.html import render
from .report.provenance import Provenance
from .spec_store import save_spec, with_digest


@dataclass(frozen=True)
class DemoLink:
    section: str
    title: str
    href: str  # relative to the index
    detail: str = ""


@dataclass
class DemoRun:
    out_dir: Path
    links: list[DemoLink] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    @property
    def index(self) -> Path:
        return self.out_dir / "index.html"


# Every sample area, its spec workbooks, profile and answer sheets: the bundled example of a batch check.
SAMPLE_MANIFEST = "全業務_check.yaml"


def _rel(path: Path, base: Path) -> str:
    return path.relative_to(base).as_posix()


def run_demo(out_dir: Path) -> DemoRun:
    root = paths.bundled()
    sources, samples = root / "specs" / "sources", root / "vendor_docs" / "samples"
    if not (samples / SAMPLE_MANIFEST).is_file():
        # installed without -e (a wheel, `pip install .`): the samples stay in the source folder, not in the package
        raise InputError(f"同梱サンプル（{samples / SAMPLE_MANIFEST}）が見つかりません。hyojun demo は hyojun のフォルダ"
                         "（git clone または zip を展開したもの）で pip install -e . としてインストールしたときに使えます")
    with output_lock(out_dir):  # a second demo into the folder (a double-click) waits for this one
        _refuse_foreign_folder(out_dir)
        atomic.write_text(out_dir / _MARK, "hyojun demo\n")
        return _demo(out_dir, sources, samples)


def _demo(out_dir: Path, sources: Path, samples: Path) -> DemoRun:
    run = DemoRun(out_dir)
    title, listed = load_manifest(samples / SAMPLE_MANIFEST, same_vendors=False)
    areas = []
    for area in listed:
        spec: Spec = with_digest(read_spec([Path(f) for f in area.specs]))
        # The demo's own store: a user's store may hold the official list of the same version.
        stored, changed = save_spec(spec, out_dir / "specs")
        run.log.append(f"取り込み: {spec.area} {spec.version}（{len(spec.requirements)} 件）→ {stored}"
                       + ("" if changed else "（変更なし）"))
        areas.append(replace(area, specs=(str(stored),)))  # checked against what was imported: no second read
    _demo_template(run, areas[0])
    _demo_check(run, title, areas)
    _demo_compare(run, areas[0])
    _demo_spec_diff(run, sources)
    _demo_readiness(run, samples / "readiness" / "soumu_progress_宮城県_2026-01.xlsx")
    write_index(run)
    return run


def _demo_template(run: DemoRun, area: AreaInput) -> None:
    """The answer sheet the town sends its vendors, as `hyojun spec template AREA --profile P` writes it."""
    from .io.answer_template import default_name, write_answer_template
    from .io.config import load_profile
    from .normalize import DEFAULT_VOCABULARY
    from .spec_store import spec_from_json

    spec = spec_from_json(Path(area.specs[0]))
    profile = load_profile(area.profile, spec) if area.profile else None
    sheet = write_answer_template(run.out_dir / "template" / default_name(spec), spec, DEFAULT_VOCABULARY, profile)
    run.links.append(DemoLink("ベンダに送る回答様式", f"{spec.area} {spec.version} 回答様式（Excel）", _rel(sheet, run.out_dir),
                              f"hyojun spec template {spec.area}" + (f" --profile {area.profile.name}" if area.profile else "")))
    run.log.append(f"回答様式: {spec.area} {spec.version}（{len(spec.requirements)} 件）→ {sheet}")


def _demo_check(run: DemoRun, title: str, areas: list[AreaInput]) -> None:
    """Every sample answer sheet in one batch, as `hyojun check --manifest` checks them."""
    out, at = run.out_dir / "check", now_iso()
    summaries = run_batch(manifest_tasks(areas, CheckOptions(out_dir=out), at))
    index = write_batch_index(out, summaries, title, SAMPLE_MANIFEST, at)[0]
    run.links.append(DemoLink("適合チェック（ベンダ別）", f"一覧（{len(summaries)} 件の回答ファイル）", _rel(index, run.out_dir),
                              f"hyojun check --manifest vendor_docs/samples/{SAMPLE_MANIFEST}"))
    for s in summaries:
        html = next(p for p in s.outputs if p.suffix == ".html")
        run.links.append(DemoLink(
            "適合チェック（ベンダ別）", f"{s.area} {s.version} — {s.vendor}", _rel(html, run.out_dir),
            f"判定 {VERDICT_LABELS[s.verdict]}／必須機能の適合率 {coverage_percent(s.mandatory_coverage)}"))
        run.log.append(f"チェック: {s.names} — 判定 {VERDICT_LABELS[s.verdict]}、"
                       f"回答ファイルの指摘 エラー {s.errors} 件・警告 {s.warnings} 件")


def _demo_compare(run: DemoRun, area: AreaInput) -> None:
    # the manifest's names, as the checks above show them (a sheet's own 「…株式会社」 named one vendor two ways)
    for mask in (False, True):
        out = run.out_dir / ("compare_masked" if mask else "compare")
        outcome = run_compare([area], CompareOptions(mask=mask, out_dir=out))
        spec = outcome.comparison.areas[0].spec
        title = ("同上（評価委員会向け: ベンダ名を A社/B社/C社 に匿名化。対応表は mask_key.json）" if mask
                 else f"{spec.area} {spec.version} — ベンダ {len(area.vendors)} 社の比較・採点")
        html = next(p for p in outcome.outputs if p.suffix == ".html")
        run.links.append(DemoLink("ベンダ比較（評価）", title, _rel(html, run.out_dir)))
    run.log.append(f"比較: {len(area.vendors)} 社を採点（通常版・匿名化版）")


def _demo_spec_diff(run: DemoRun, sources: Path) -> None:
    from .analysis.specdiff import diff
    from .report.specdiff_view import diff_warnings, summary_text
    from .report.specdiff_writers import write_specdiff_outputs

    old = with_digest(read_spec([sources / "住民記録_第1.0版_機能要件.xlsx"]))
    new = with_digest(read_spec([sources / "住民記録_第1.1版_機能要件.xlsx"]))
    d = diff(old, new)
    paths_ = write_specdiff_outputs(d, run.out_dir / "diff", ("html", "xlsx", "json"), now_iso(),
                                    diff_warnings(d, (False, False)))
    html = next(p for p in paths_ if p.suffix == ".html")
    detail = summary_text(d.counts())
    run.links.append(DemoLink("仕様書の版差分", f"住民記録 {old.version} → {new.version}", _rel(html, run.out_dir), detail))
    run.log.append(f"版差分: 住民記録 {old.version} → {new.version}（{detail}）")


def _demo_readiness(run: DemoRun, workbook: Path) -> None:
    import datetime as dt

    from .io.deadlines import load_deadlines
    from .io.readiness_reader import read_progress
    from .readiness_query import load, select
    from .readiness_store import ReadinessStore
    from .report.readiness_view import write_dashboard

    # A database of its own under the demo folder: the demo never touches the user's history.
    store = ReadinessStore(str(run.out_dir / "readiness" / "demo.db"))
    store.import_data(read_progress(workbook))  # a re-run finds the same sha256 and changes nothing
    deadlines = load_deadlines(None)
    today = dt.date(2026, 2, 1)  # the sample data is of 2026-01: show it as it stood then
    for municipality in ("利府町", None):
        data = load(store, select(store, "宮城県", municipality), None)
        page = write_dashboard(store, data, run.out_dir / "readiness", today=today, deadlines=deadlines)
        title = data.selection.label if municipality else f"{data.selection.label}内の全団体"  # 「宮城県 利府町」 as on the page
        run.links.append(DemoLink("移行準備状況（総務省 2026年1月の公表値）", title, _rel(page, run.out_dir),
                                  "完了率は総務省公表値。ステップ別の状況はサンプル用に合成"))
    run.log.append(f"移行準備状況: {workbook.name} を取り込み、ダッシュボードを作成")


# Written first into the demo's folder: a demo stopped before its index.html (Ctrl-C, a full disk) is known by it
_MARK = ".hyojun-demo"


def _refuse_foreign_folder(out_dir: Path) -> None:
    """The demo writes a dozen files under fixed names (index.html, check/, diff/ …): into an empty folder or an
    earlier demo's (also one stopped before its index.html: its mark), never over a work folder's own index.html
    and reports (a folder of the user's own check/ and specs/ is no demo's)."""
    if any(p.name != LOCK_NAME for p in out_dir.iterdir()) and not written_by_hyojun(out_dir / "index.html") \
            and not (out_dir / _MARK).is_file():
        raise UsageError(f"--out {out_dir} には hyojun のデモの出力でないファイルがあります。デモは決まった名前（index.html・check・"
                         "diff など）で書き出すため、空のフォルダか以前のデモの出力先を指定してください")


def write_index(run: DemoRun) -> None:
    sections: dict[str, list[DemoLink]] = {}
    for link in run.links:
        sections.setdefault(link.section, []).append(link)
    prov = Provenance((("作成日時", now_iso()), ("データ", "同梱のサンプル（架空のベンダ・団体を含む。vendor_docs/README.md 参照）")))
    atomic.write_text(run.index, render("demo_index.html", sections=sections, provenance=prov))
