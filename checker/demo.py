"""`hyojun demo`: the whole chain on the bundled sample data, with an index page linking every report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .analysis.gap import VERDICT_LABELS
from .check_run import CheckOptions, run_check
from .io import atomic
from .io.spec_reader import read_spec
from .model import Spec
from .report.html import render
from .report.provenance import Provenance, now_iso
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


# (spec workbooks, vendor sheets, profile) per sample area, all bundled in the repository.
_SAMPLES: tuple[tuple[tuple[str, ...], tuple[str, ...], str | None], ...] = (
    (("介護保険_第6.0版_機能・帳票要件.xlsx",),
     ("介護保険_第6.0版_回答_架空システムズ.xlsx", "介護保険_第6.0版_回答_見本ソリューションズ.csv",
      "介護保険_第6.0版_回答_テスト情報サービス.xlsx"), "介護保険_profile.yaml"),
    (("住民記録_第1.1版_機能要件.xlsx",),
     ("住民記録_第1.1版_回答_架空システムズ.xlsx", "住民記録_第1.1版_回答_見本ソリューションズ.xls"), None),
    (("就学_第4.0版_機能要件.xlsx", "就学_第4.0版_帳票要件.xlsx"), ("就学_第4.0版_回答_テスト情報サービス.xlsx",), None),
)


def _rel(path: Path, base: Path) -> str:
    return path.relative_to(base).as_posix()


def run_demo(out_dir: Path) -> DemoRun:
    home = paths.home()
    sources, samples = home / "specs" / "sources", home / "vendor_docs" / "samples"
    run = DemoRun(out_dir)
    for spec_files, vendor_files, profile in _SAMPLES:
        spec: Spec = with_digest(read_spec([sources / f for f in spec_files]))
        stored, changed = save_spec(spec)
        run.log.append(f"取り込み: {spec.area} {spec.version}（{len(spec.requirements)} 件）→ {stored}"
                       + ("" if changed else "（変更なし）"))
        opts = CheckOptions(profile=samples / profile if profile else None, out_dir=out_dir / "check")
        for o in run_check(spec, [samples / f for f in vendor_files], opts):
            r = o.result
            html = next(p for p in o.outputs if p.suffix == ".html")
            run.links.append(DemoLink(
                "適合チェック（ベンダ別）", f"{spec.area} {spec.version} — {r.response.vendor}", _rel(html, out_dir),
                f"判定 {VERDICT_LABELS[r.verdict]}／必須機能の適合率 {r.mandatory_coverage:.1%}"))
            errors = sum(1 for x in r.lint if x.level == "error")
            run.log.append(f"チェック: {o.vendor_file.name} — 判定 {VERDICT_LABELS[r.verdict]}、"
                           f"回答ファイルの指摘 エラー {errors} 件・警告等 {len(r.lint) - errors} 件")
    write_index(run)
    return run


def write_index(run: DemoRun) -> None:
    sections: dict[str, list[DemoLink]] = {}
    for link in run.links:
        sections.setdefault(link.section, []).append(link)
    prov = Provenance((("作成日時", now_iso()), ("データ", "同梱のサンプル（架空のベンダ・団体を含む。vendor_docs/samples/README.md 参照）")))
    atomic.write_text(run.index, render("demo_index.html", sections=sections, provenance=prov))
