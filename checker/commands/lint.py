"""`hyojun lint`: every problem in a vendor sheet, with its cell address."""

from __future__ import annotations

from pathlib import Path

import click

from ..analysis.gap import check
from ..check_run import carryover_for, ensure_same_area, vocabulary_of
from ..clock import now_iso
from ..errors import UsageError
from ..exitcodes import ExitCode
from ..io.output_lock import output_lock
from ..io.overwrite import refuse_overwriting
from ..io.export import write_xlsx
from ..io.vendor_reader import NoAnswerTable, read_response
from ..report.lint_view import LINT_COLUMNS, in_sheet_order, lint_rows, lint_summary_table, lint_table, lint_title
from ..report.provenance import spec_info, tool_info
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
    if answered_version and not specs:
        raise UsageError("--answered-version は --spec と一緒に指定してください（回答した版はチェックする仕様書と比べます）")
    files = one_vendor_files(vendor_files, "hyojun lint ")  # not two vendors' bids as one, before any is read
    if xlsx_out:
        require_xlsx(xlsx_out, "差し戻し用の指摘事項", "--xlsx")  # before the files are read
    vocab = vocabulary_of(vocabulary)
    notes: list[str] = []
    spec = resolve_spec(list(specs), warnings=notes) if specs else None
    try:
        response = read_response(*files, vocabulary=vocab, spec_ids=spec.by_id() if spec else None,
                                 area=spec.area if spec else None)
    except NoAnswerTable as exc:  # a finding to send back like any other: listed, in --json and in the --xlsx
        assert exc.response is not None
        response = exc.response
    lint, carry, answered = response.lint, None, None
    if spec is not None and not any(f.code == "no-table" for f in lint):  # not a missing-row for each requirement
        ensure_same_area(spec, response)  # not hundreds of findings for a file of another area
        # as check does: an id the checked version removed is said to be removed, not to answer another version
        result, carry, answered = carryover_for(check(spec, response), answered_version)
        lint = result.lint
    findings = in_sheet_order(lint, response.sheets)
    echo_notes(notes)
    rows = lint_rows(findings)
    errors = sum(1 for f in findings if f.level == "error")
    generated_at = now_iso()
    if xlsx_out:
        spec_label = f"{spec.area} {spec.version}" if spec else ""
        with output_lock(xlsx_out.parent):
            refuse_overwriting([xlsx_out], [*vendor_files, *map(Path, specs), *([vocabulary] if vocabulary else [])], "--xlsx")
            write_xlsx(xlsx_out, [lint_summary_table(response, spec_label, findings, generated_at, answered), lint_table(rows)],
                       title=lint_title(response, spec_label), generated_at=generated_at)
    if as_json:
        # schemas/lint.schema.json
        echo_json({"format": "hyojun-lint/1", "tool": tool_info(), "generated_at": generated_at,
                   "spec": spec_info(spec) if spec else None,
                   "file": response.file, "sha256": response.sha256, "files": [f.to_dict() for f in response.sources],
                   "vendor": response.vendor,
                   "answers": len(response.answers), "errors": errors,
                   "answered_version": {"version": answered.version, "basis": answered.basis} if answered else None,
                   "findings": [f.to_dict() for f in findings]})
    else:
        if rows:
            click.echo("\t".join(LINT_COLUMNS))
        for _, no, label, code_label, code, cell, rid, msg in rows:
            click.echo(f"{no}\t{label}\t{code_label}\t{code}\t{cell or '-'}\t{rid or '-'}\t{msg}")
        if answered:  # for the office: the finding, also sent to the vendor, names no command
            click.echo(f"{answered.text}。版の違いによる再確認の一覧は"
                       + (" hyojun check で作れます" if carry else
                          f"、hyojun spec import で {answered.version} を取り込むと hyojun check で作れます"))
        warnings = sum(1 for f in findings if f.level == "warning")
        click.echo(f"{response.file}: 回答 {len(response.answers)} 行、エラー {errors} 件、警告 {warnings} 件"
                   + (f"（{xlsx_out} に書き出しました）" if xlsx_out else ""))
    ctx.exit(int(ExitCode.INPUT_ERROR if errors else ExitCode.OK))
