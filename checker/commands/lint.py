"""`hyojun lint`: every problem in a vendor sheet, with its cell address."""

from __future__ import annotations

from pathlib import Path

import click

from ..check_run import vocabulary_of
from ..clock import now_iso
from ..exitcodes import ExitCode
from ..io.output_lock import output_lock
from ..io.overwrite import refuse_overwriting
from ..lint_run import lint_dict, lint_files, write_lint_xlsx
from ..report.lint_view import LINT_COLUMNS, lint_rows
from ..spec_store import resolve_spec
from .base import echo_json, echo_notes, one_vendor_files, require_xlsx
from .options import answered_version_option


@click.command("lint")
@click.argument("vendor_files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="VENDOR_FILE...")
@click.option("--spec", "specs", multiple=True, metavar="SPEC",
              help="仕様書（省略可）。指定すると仕様書にないID・回答行のない要件も指摘する。")
@click.option("--vocabulary", type=click.Path(dir_okay=False, path_type=Path), help="回答記号の定義 YAML（既定の記号に追加・置換）。")
@answered_version_option("違えば、チェックする版で削除された ID への回答をそう示す（check と同じ）。--spec と一緒に指定する。")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力する。")
@click.option("--xlsx", "xlsx_out", type=click.Path(dir_okay=False, path_type=Path),
              help="指摘事項を Excel に書き出す（ベンダへの差し戻し用）。")
@click.pass_context
def lint_command(ctx: click.Context, vendor_files: tuple[Path, ...], specs: tuple[str, ...], vocabulary: Path | None,
                 answered_version: str | None, as_json: bool, xlsx_out: Path | None) -> None:
    """ベンダ回答ファイルを検査し、問題をセル番地つきで一覧表示する（エラーがあれば終了コード 1）。

    回答が作られた版は check と同じく判定し、同じ行を同じように説明する。

    名前の末尾の機能・帳票だけが違う 2 つのファイルは、check と同じく 1 つのベンダの回答として合わせて検査する（ほかのベンダのファイルと一緒には指定できない）。
    """
    files = one_vendor_files(vendor_files, "hyojun lint ")  # not two vendors' bids as one, before any is read
    if xlsx_out:
        require_xlsx(xlsx_out, "差し戻し用の指摘事項", "--xlsx")  # before the files are read
    vocab = vocabulary_of(vocabulary)
    notes: list[str] = []
    spec = resolve_spec(list(specs), warnings=notes) if specs else None
    outcome = lint_files(files, spec, vocab, answered_version)
    echo_notes(notes)
    generated_at = now_iso()
    if xlsx_out:
        with output_lock(xlsx_out.parent):
            refuse_overwriting([xlsx_out], [*vendor_files, *map(Path, specs), *([vocabulary] if vocabulary else [])], "--xlsx")
            write_lint_xlsx(outcome, xlsx_out, generated_at)
    response, answered = outcome.response, outcome.answered
    if as_json:
        echo_json(lint_dict(outcome, generated_at))
    else:
        rows = lint_rows(outcome.findings)
        if rows:
            click.echo("\t".join(LINT_COLUMNS))
        for _, no, label, code_label, code, cell, rid, msg in rows:
            click.echo(f"{no}\t{label}\t{code_label}\t{code}\t{cell or '-'}\t{rid or '-'}\t{msg}")
        if answered:  # for the office: the finding, also sent to the vendor, names no command
            click.echo(f"{answered.text}。版の違いによる再確認の一覧は"
                       + (" hyojun check で作れます" if outcome.carry else
                          f"、hyojun spec import で {answered.version} を取り込むと hyojun check で作れます"))
        click.echo(f"{response.file}: 回答 {len(response.answers)} 行、エラー {outcome.errors} 件、警告 {outcome.warnings} 件"
                   + (f"（{xlsx_out} に書き出しました）" if xlsx_out else ""))
    ctx.exit(int(ExitCode.INPUT_ERROR if outcome.errors else ExitCode.OK))
