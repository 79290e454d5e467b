"""`hyojun compare`: several vendors side by side, for one area or for several (manifest), scored."""

from __future__ import annotations

from pathlib import Path

import click
import orjson

from ..analysis.bid import answer_cautions
from ..analysis.scoring import knockout_reasons, rank_label
from ..compare_run import CompareOptions, run_compare
from ..errors import UsageError
from ..manifest import AreaInput, load_manifest
from ..paths import file_name_part
from ..report.bid_writers import FORMATS, mask_key_names
from ..bidi import inline, isolate
from .base import echo_notes, vendor_groups
from .options import format_option, out_option, parse_formats

# Existence is checked by the readers, which say so in Japanese and name the file.
_EXISTING = click.Path(dir_okay=False, path_type=Path)


@click.command("compare")
@click.option("--spec", "specs", multiple=True, metavar="SPEC",
              help="仕様書: 要件一覧の Excel（機能・帳票が別ファイルなら --spec を2回）、取り込み済み JSON、"
                   "または 業務名[@版]。--manifest と同時には使えません。")
@click.argument("vendor_files", nargs=-1, type=_EXISTING, metavar="VENDOR_FILE...")
@click.option("--manifest", type=_EXISTING, metavar="M.yaml",
              help="複数業務の比較: 業務ごとに仕様書・プロファイル・各ベンダの回答ファイルを並べた YAML。")
@click.option("--profile", type=_EXISTING, help="団体プロファイル（求める標準オプション機能）の YAML。--spec と使う。")
@click.option("--vocabulary", type=_EXISTING, help="回答記号の定義 YAML（団体独自の記号を使う場合）。")
@click.option("--scoring", type=_EXISTING, metavar="S.yaml",
              help="採点設定の YAML（配点・重み・失格条件）。書いた項目だけ既定値を置き換える。")
@click.option("--mask", is_flag=True, help="ベンダ名を A社・B社… で表示する（評価委員会向け。ベンダの名前が A社 などなら、取り違えないよう 提案者1・提案者2… など）。対応表は mask_key.json/.csv（--manifest では "
                                          "mask_key_<マニフェスト名>.json/.csv）に別に書く。")
@click.option("--mask-seed", metavar="TEXT",
              help="表示名（A社・B社…）の割り当てを決める種（同じ種なら同じベンダ名に同じ表示名）。省略時は回答ファイルのハッシュから"
                   "決まり、再提出でファイルが変わると表示名も変わる（前回の mask_key.json の seed を指定すれば前回と同じ。"
                   "出力先の前回の対応表は、種か表示名が変わるときは mask_key.前回_<作成日時>.json/.csv に残す）。")
@click.option("--previous", type=_EXISTING, metavar="前回.json",
              help="前回の比較の JSON（compare.json、--manifest では compare_<名>.json。--mask なしで作ったもの）。"
                   "再提出の後に、ベンダごとの順位・得点と、変わった回答（回答の変更・行の追加・行の削除・仕様書の版の変更）を示す。")
@click.option("--title", help="レポートの表題（省略時は「業務名 版 ベンダ比較」）。")
@out_option
@format_option(FORMATS)
def compare_command(specs: tuple[str, ...], vendor_files: tuple[Path, ...], manifest: Path | None,
                    profile: Path | None, vocabulary: Path | None, scoring: Path | None, mask: bool,
                    mask_seed: str | None, previous: Path | None, title: str | None, out_dir: Path,
                    formats: str) -> None:
    """複数ベンダの回答を並べて比較・採点する（ベンダ評価、手順書 ⑩-1）。

    \b
    1業務: hyojun compare --spec 仕様書.xlsx A.xlsx B.csv C.xlsx [--profile 団体.yaml]
    複数業務: hyojun compare --manifest 比較.yaml
    出力: 比較表 HTML、Excel 評価表（総合評価・得点内訳・業務ごとのシート）、JSON。
    同じフォルダで名前の末尾の機能・帳票だけが違う 2 つのファイルは、1 社の回答として合わせて読みます。
    """
    fmts = parse_formats(formats, FORMATS)
    if mask_seed is not None and not mask:
        raise UsageError("--mask-seed は --mask と一緒に指定してください")
    if mask_seed is not None and not mask_seed.strip():  # an unset shell variable: letters anyone knowing the names finds
        raise UsageError("--mask-seed が空です。評価委員に知られない文字列を指定してください（省略すると回答ファイルのハッシュから決まります）")
    if manifest:
        if specs or vendor_files or profile:
            raise UsageError("--manifest と --spec・回答ファイル・--profile は同時に指定できません（業務ごとの指定はマニフェストに書きます）")
        doc_title, areas = load_manifest(manifest)
        stem = f"compare_{file_name_part(manifest.stem)}"
        if any(a.out for a in areas):
            echo_notes([f"{manifest}: out は check --manifest が使います（compare は全業務の比較を --out の "
                        f"{stem}.* に書きます）"])
    else:
        if not specs:
            raise UsageError("--spec（1 業務）か --manifest（複数業務）を指定してください")
        groups = vendor_groups(vendor_files)
        if len(groups) < 2:
            raise UsageError("比較には 2 つ以上のベンダの回答ファイルが必要です" if len(vendor_files) > 1
                             else "比較には回答ファイルが2つ以上必要です")
        doc_title, areas = "", [AreaInput(specs, tuple((None, files) for files in groups), profile)]
        stem = "compare"
    # read before it is replaced: since --previous, the real-name JSON is the next round's input
    real_names = mask and _unmasked_json(out_dir / f"{stem}.json")
    outcome = run_compare(areas, CompareOptions(
        scoring=scoring, vocabulary=vocabulary, mask=mask, mask_seed=mask_seed, out_dir=out_dir, formats=fmts,
        stem=stem, title=title or doc_title, previous=previous))
    ranking = outcome.scores.ranking
    # the columns of the lines below (a joint comparison's: a town's each); masked, the names are no vendor's own
    click.echo("\t".join(["順位", "ベンダ（匿名化した表示名）" if mask else "ベンダ", "総合得点",
                          *("団体の得点（順位）" for _ in ranking[0].towns),
                          *(["失格理由"] if any(v.knockouts for v in ranking) else [])]))
    for v in ranking:
        # a joint comparison's towns: each one's subtotal and rank there (失格 in a town is 失格 in the whole)
        towns = "".join(f"\t{isolate(t.town)} {t.percent:.2f}%（{rank_label(t.rank)}）" for t in v.towns)
        click.echo(f"{rank_label(v.rank)}\t{inline(v.vendor)}\t{v.total:.2f}%{towns}" + (f"\t{'／'.join(knockout_reasons(v.knockouts))}"
                                                                     if v.knockouts else ""))
    for line in outcome.changes.lines() if outcome.changes else []:
        click.echo(line)
    echo_notes(outcome.notes)
    # answers the scores rest on although the file contradicts itself: the files a joint comparison scores for several
    # towns said once, 「住民記録（利府町・松島町）」; other files apart, however alike their cautions read
    cautions: dict[tuple[str, tuple[str, ...], str], dict[str, list[str]]] = {}
    for a in outcome.comparison.areas:
        for name, result, version in zip(a.vendors, a.results, a.versions):
            if found := answer_cautions(result, version):
                files = tuple(s.sha256 for s in result.response.sources)
                cautions.setdefault((name, files, "、".join(c.long for c in found)), {}).setdefault(a.spec.area, []).append(a.town)
    echo_notes([f"{_areas_label(areas)}・{inline(name)}: {found}。hyojun lint で回答ファイルを確認してください"
                for (name, _, found), areas in cautions.items()])
    for path in outcome.outputs:
        click.echo(str(path))
    for path in outcome.key_files:
        click.echo(f"{path}（ベンダ名の対応表: 評価委員には配布しないでください）")
    earlier = [p for p in (out_dir / f"{stem}.{fmt}" for fmt in FORMATS) if p not in outcome.outputs and p.exists()]
    if earlier:  # a masked run beside an earlier unmasked one: the folder may still name the vendors
        echo_notes([f"出力先に今回書き出していない {'、'.join(p.name for p in earlier)} があります（以前の実行の結果"
                    f"{'。匿名化していないかもしれません' if mask else ''}）。配布する前に確かめてください"])
    if real_names and out_dir / f"{stem}.json" in outcome.outputs:
        echo_notes([f"出力先の以前の比較（{stem}.json）は匿名化していない（ベンダの実名の）比較で、次の回の --previous に指定する"
                    "ものでした。今回の比較は匿名化しているため、その出力を置き換えました。匿名化した比較は別のフォルダ（--out）に"
                    "出してください"])
    keys = [p.name for p in (out_dir / n for n in mask_key_names(stem)) if not mask and p.exists()]
    if keys:  # an unmasked run over an earlier masked one: the report beside the key now names the vendors
        echo_notes([f"出力先に以前の匿名化した比較の対応表（{'、'.join(keys)}）があります。今回の比較は匿名化していない（ベンダの実名）"
                    "ため、その出力を置き換えました。評価委員に配布する比較は --mask で別のフォルダ（--out）に作り直してください"])


def _unmasked_json(path: Path) -> bool:
    """Whether *path* is a comparison's JSON without --mask (its "masked" false); not one that cannot be read."""
    try:
        return orjson.loads(path.read_bytes()).get("masked") is False  # a national comparison's JSON is 40 MB
    except (OSError, ValueError, AttributeError):  # none, not JSON (orjson's error is a ValueError), or of another shape
        return False


def _areas_label(areas: dict[str, list[str]]) -> str:
    """住民記録, or of a joint comparison 住民記録（利府町・松島町）: area → its towns ("" of one town's comparison)."""
    return "・".join(f"{area}（{'・'.join(map(isolate, towns))}）" if any(towns) else area for area, towns in areas.items())
