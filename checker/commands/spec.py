"""`hyojun spec import|list|show`: the spec store."""

from __future__ import annotations

from pathlib import Path

import click

from ..analysis.prefill import Prefill, prefill
from ..catalog import load_catalog
from ..errors import HyojunError, InputError, OutputError, TimeLimitError, UsageError, raise_all, too_long
from ..io.output_lock import output_lock
from ..io.overwrite import refuse_overwriting
from ..io.spec_reader import read_spec
from ..model import KIND_LABELS, Spec
from ..normalize import Vocabulary
from ..bidi import inline
from ..spec_store import list_specs, load_stored, resolve_spec, save_spec, spec_from_json, spec_to_json, with_digest
from .base import echo_json, echo_notes, lint_command, require_xlsx
from .options import answered_version_option
from .spec_diff import counts_text, diff_command, history_command


@click.group("spec")
def spec_group() -> None:
    """標準仕様書（機能・帳票要件）の取り込みと表示。"""


@spec_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--area", help="業務（別名可）。機能IDの業務コードや表題から判定できないときに指定。")
@click.option("--version", "version", help="版（例: 第6.0版、6.0）。表題・ファイル名から判定できないとき、表題が複数の版に触れているときに指定。")
@click.option("--replace", is_flag=True, help="同じ業務・版が別の内容で取り込み済みなら置き換える（府省が同じ版を修正公表した場合など）。")
@click.option("--class-column", "class_column", metavar="LABEL",
              help="実装区分の列が複数ある表で読む列（見出し「実装区分(一般市区町村)」、その括弧の中の「一般市区町村」、または列の文字 G）。"
                   "その列のあるシートすべてで使い、どのシートにもなければエラー。")
@click.option("--skip-sheet", "skip_sheets", multiple=True, metavar="NAME",
              help="読まないシートの名前（繰り返し指定可）。要件の表でないのに ID が並ぶため取り込みを止めたシート"
                   "（関連機能の一覧・変更一覧など）に。どのファイルにもない名前ならエラー。")
def import_command(files: tuple[Path, ...], area: str | None, version: str | None, replace: bool,
                   class_column: str | None, skip_sheets: tuple[str, ...]) -> None:
    """要件一覧の Excel を取り込み、specs/<業務>/<版>.json に保存する。

    機能要件と帳票要件が別ファイルなら両方を並べて指定する。同じ内容の再取り込みでは何も変わらない。
    """
    notes: list[str] = []
    spec = with_digest(read_spec(list(files), area=area, version=version, class_column=class_column, warnings=notes,
                                 skip_sheets=skip_sheets))
    echo_notes(notes)
    dropped: list[str] = []
    path, changed = save_spec(spec, replace=replace, given=files, warnings=dropped,
                              chosen=class_column is not None or bool(skip_sheets))
    echo_notes(dropped)
    state = "保存しました" if changed else "変更なし（同じ内容が取り込み済みです）"
    click.echo(f"{spec.area} {spec.version}: {counts_text(spec.counts())}")
    click.echo(f"{path}: {state}")


@spec_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力する。")
def list_command(as_json: bool) -> None:
    """取り込み済みの仕様書を一覧表示する。"""
    specs, damaged = [], []
    for path in list_specs():
        try:
            specs.append(spec_from_json(path))
        except InputError as exc:  # one damaged file hid every other area: the readable ones are listed, then it
            damaged.append(exc)
    if as_json:
        echo_json([{"area": s.area, "version": s.version, **s.counts(), "sha256": s.sha256} for s in specs])
    elif specs or damaged:
        for s in specs:
            click.echo(f"{s.area}\t{s.version}\t{counts_text(s.counts())}")
    else:
        click.echo("取り込み済みの仕様書はありません。`hyojun spec import 仕様書.xlsx` で取り込めます。")
    raise_all(damaged, "読めない仕様書は一覧に含めていません")


@spec_group.command("show")
@click.argument("ref", metavar="AREA[@VERSION]")
@click.option("--json", "as_json", is_flag=True, help="正規化済み仕様書（JSON）をそのまま出力する。")
def show_command(ref: str, as_json: bool) -> None:
    """取り込み済みの仕様書を表示する（版を省略すると最新版）。"""
    spec = load_stored(ref)
    if as_json:
        click.echo(spec_to_json(spec), nl=False)
        return
    area = load_catalog().resolve(spec.area)
    click.echo(f"{spec.area} {spec.version}（所管: {area.ministry}）: {counts_text(spec.counts())}")
    click.echo(f"sha256: {spec.sha256}")
    for src in spec.sources:
        click.echo(f"出典: {src.file}（sha256 {src.sha256}）")
    for r in spec.requirements:  # one line each, for grep and Excel: line breaks inside a cell become spaces
        section, name = (" ".join(s.split()) for s in (" / ".join(r.section) or r.number, r.name))
        click.echo(f"{r.id}\t{KIND_LABELS[r.kind]}\t{r.class_label}\t{section}\t{name}")


@spec_group.command("template")
@click.argument("refs", nargs=-1, required=True, metavar="SPEC...")
@click.option("--profile", type=click.Path(dir_okay=False, path_type=Path),
              help="団体のプロファイル YAML: 求める標準オプション機能（要求オプション）を列「要求オプション（優先度）」に示す。")
@click.option("--vocabulary", type=click.Path(dir_okay=False, path_type=Path),
              help="回答記号の定義 YAML: 「対応可否」の一覧は既定の記号（○ △ 予定 × －）、語彙で別の区分にした記号の区分は語彙の最初の記号。")
@click.option("--answers", multiple=True, type=click.Path(path_type=Path), metavar="VENDOR_FILE",
              help="ベンダの以前の回答（機能・帳票が別ファイルなら --answers を2回）: そのまま当てはまる回答を記入済みにし、"
                   "再確認・新しい要件・未回答・回答不正・回答重複の行に理由を示す（改版時の再回答の依頼）。")
@answered_version_option("--answers と一緒に指定する。")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="書き出す .xlsx ファイル（既定: 業務_版_回答様式.xlsx。--answers では後ろにベンダ名）。")
@click.option("--force", is_flag=True, help="--out のファイルが既にあっても上書きする。")
@click.option("--no-protect", "no_protect", is_flag=True,
              help="シートを保護しない（既定では、ベンダが記入する欄のほか ID・要件・実装区分などを変更できないよう、"
                   "パスワードなしで保護する）。")
def template_command(refs: tuple[str, ...], profile: Path | None, vocabulary: Path | None, answers: tuple[Path, ...],
                     answered_version: str | None, out: Path | None, force: bool, no_protect: bool) -> None:
    """ベンダに送る回答様式（Excel）を書き出す: 仕様書の要件ごとに対応可否・対応時期・代替案・備考を記入する表。

    SPEC は取り込み済みの 業務名[@版]、仕様書の Excel（機能・帳票が別ファイルなら2つ）、または取り込み済み JSON。
    記入された様式は hyojun check・lint でそのまま読めます（表題の版・ベンダ名の欄を読みます）。
    --answers でベンダの以前の回答を引き継ぎます（回答した版は check と同じく判定）。
    シートはベンダが記入する欄のほかを保護します（パスワードなし。--no-protect で保護しない）。
    """
    from ..check_run import vocabulary_of
    from ..io.answer_template import default_name, listable, write_answer_template
    from ..io.config import load_profile
    from ..io.answer_files import answers_stem

    if answered_version and not answers:
        raise UsageError("--answered-version は --answers と一緒に指定してください（引き継ぐ回答が作られた版です）")
    if out is not None:
        require_xlsx(out, "回答様式", "--out")
    notes: list[str] = []
    spec = resolve_spec(list(refs), warnings=notes, option="SPEC")
    town = load_profile(profile, spec, notes) if profile else None
    vocab = vocabulary_of(vocabulary)
    # the lint command that finds what the answers' findings are, as check suggests it
    lint = lint_command(answers, refs, vocabulary, answered_version)
    carried = _carried(spec, answers, vocab, answered_version, lint, notes) if answers else None
    echo_notes(notes)
    # with --answers the name is made of the vendor's (or its file's): a name the office did not choose
    made_of = ("ベンダ名" if carried.vendor else "回答ファイルの名前") if carried and out is None else ""
    out = out or Path(default_name(spec, (carried.vendor or answers_stem(answers)) if carried else ""))
    # an input first: --force would not help (the sheet carried back again is named as the one it came from)
    with output_lock(out.parent):
        refuse_overwriting([out], [*map(Path, refs), *answers, *filter(None, (profile, vocabulary))], "--out", foreign=True)
        if made_of and _path_too_long(out):  # said as advice to shorten or move the vendor's name
            raise OutputError(f"{out}: 名前が長すぎます（{made_of}から付けた名前です）。--out で短い名前を指定してください")
        if out.exists() and not force:  # a filled-in sheet of the same name is a vendor's answers
            raise UsageError(f"{out} は既にあります（記入済みの様式を上書きしないため中止しました）。"
                             + (_another_vendors(out, carried.vendor, vocab) if carried and made_of else "")
                             + "別の --out を指定するか、上書きしてよければ --force を付けてください")
        write_answer_template(out, spec, vocab, town, carried, protect=not no_protect)
    click.echo(f"{spec.area} {spec.version}: {counts_text(spec.counts())}")
    if carried is not None:
        counts, asked = carried.counts(), carried.asked_text()
        left = [f"{what} {n} 件" for what, n in (("削除された要件への回答", carried.orphaned),
                                                   ("仕様書にないIDへの回答", carried.unknown)) if n]
        click.echo(f"{inline(carried.vendor) if carried.vendor else 'ベンダ名のない回答'}: {carried.answered}。記入済み {counts['']} 件、"
                   f"回答を求める {carried.asked} 件" + (f"（{asked}）" if asked else "")
                   + (f"。{'、'.join(left)}は載せていません" if left else ""))
    if not listable(vocab.offered_marks()):
        click.echo("注意: 回答記号に Excel の一覧にできないもの（カンマ・引用符を含む、合わせて 255 文字を超える）があるため、"
                   "対応可否の一覧（入力規則）は付けていません。記入方法のシートに記号を示しています", err=True)
    click.echo(f"回答様式を書き出しました: {out}")


def _path_too_long(path: Path) -> bool:
    """Whether the system refuses *path* for its length (errors.too_long of what a stat of it raises)."""
    try:
        path.stat()
    except OSError as exc:
        return too_long(exc)
    return False


def _another_vendors(form: Path, vendor: str, vocabulary: Vocabulary) -> str:
    """That the existing *form*, named as *vendor*'s new one would be, names another vendor inside (as check reads
    it): two vendors' names made one file name (アルファ:電算 and アルファ?電算; ABC社 and abc社 on Windows), and --force
    alone was suggested. "" when that cannot be told."""
    from ..analysis.bid import same_vendor
    from ..check_run import read_answers

    try:
        response = read_answers((form,), vocabulary)
    except TimeLimitError:
        raise  # the run's (HYOJUN_MAX_SECONDS), not the form's: it was told as 「既にあります」
    except (HyojunError, OSError):  # no form check reads
        return ""
    if not vendor or not response.named_inside or same_vendor(vendor, response.own_names):
        return ""
    return f"その様式は別のベンダ「{inline(response.own_names[0])}」のものです（ベンダ名「{inline(vendor)}」から付けた名前が同じです）。"


def _carried(spec: Spec, files: tuple[Path, ...], vocabulary: Vocabulary, answered_version: str | None, lint: str,
             notes: list[str]) -> Prefill:
    """The vendor's earlier answers in *files*, read and matched as check reads them, for the new sheet of *spec*;
    what the office should know of them goes to *notes* (*lint*: the command that lists the answers' findings)."""
    from ..analysis.bid import same_vendor
    from ..analysis.gap import check
    from ..check_run import carryover_for, ensure_same_area, read_answers
    from ..io.answer_template import asked_before
    from ..io.workbook import Workbook
    from ..report.specdiff_view import REASON_LABELS

    books: list[Workbook] = []  # read once: the answers, then hyojun's own columns of them
    response = read_answers(files, vocabulary, spec=spec, books=books)
    label = " + ".join(map(str, files))
    if any(f.code == "part-vendors-differ" for f in response.lint):  # not two bids' answers on one sheet
        names: list[str] = []
        for name in response.own_names:  # one each: 架空システムズ and 架空システムズ株式会社 are one vendor
            if not names or not same_vendor(name, tuple(names)):
                names.append(name)
        raise InputError(f"{label}: ファイルごとにベンダ名が違います（「{'」「'.join(map(inline, names))}」）。--answers には"
                         " 1 つのベンダの回答（1 つ、または機能・帳票の 2 つのファイル）を指定してください")
    ensure_same_area(spec, response, given="SPEC と --answers")
    result, carry, found = carryover_for(check(spec, response), answered_version)
    if found is not None and carry is None:  # carried as they are, another version's answers would pass for this one's
        raise InputError(f"{label}: {found.text}。その版の仕様書が取り込まれていないため、{spec.version} で変わった要件を示せません。"
                         "`hyojun spec import` でその版の要件一覧を取り込んでください（判定した版が誤りなら --answered-version で"
                         "回答した版を指定できます）")
    shown = [f for f in result.lint if f.level != "info"]
    notes += [f.message for f in shown if f.code in ("answered-version-differs", "part-versions-differ")]
    if errors := sum(f.level == "error" for f in shown):
        notes.append(f"回答ファイルの指摘 エラー {errors} 件・警告 {len(shown) - errors} 件（ID重複・回答不正の行は回答を求めます。"
                     f"{lint} で確かめられます）")
    if not response.own_names:
        notes.append("回答ファイルにベンダ名がありません（ベンダ名の欄・ファイル名の「_回答_ベンダ名」「_回答様式_ベンダ名」）。"
                     "新しい様式のベンダ名の欄は空欄にしました")
    return prefill(spec, response, carry, REASON_LABELS, asked_before(books))


spec_group.add_command(diff_command)
spec_group.add_command(history_command)
