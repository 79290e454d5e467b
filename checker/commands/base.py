"""The click group class that maps library errors to Japanese messages and exit codes."""

from __future__ import annotations

import codecs
import contextlib
import glob
import importlib
import io
import os
import re
import signal
import sys
import threading
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click
import orjson

from ..errors import HyojunError, UsageError, command_arg, joined_at_most, os_reason
from ..exitcodes import ExitCode
from ..io import long_workbooks
from ..io.limits import Limits
from ..io.waits import telling_waits
from ..paths import EXCEL_LOCK_PREFIX
from ..runtime import time_limit


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a scheduler or a wrapper script stopping the job, `kill PID`) stops the run as Ctrl-C does: worker
    processes stopped, staging folders and outputs held back removed. It ended the process at once, leaving them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)  # None: not set from Python


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


class HyojunGroup(click.Group):
    """Catches HyojunError in any subcommand: message on stderr, exit code, no traceback.

    *lazy* maps command names to "module:attribute": such a command's module (and the library behind
    it) is imported only when that command runs or help lists it, so that one command does not pay for
    importing every other (SQLAlchemy, jinja2, the comparison…: about half a second of each start).
    """

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, _, attr = self.lazy[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with (time_limit(Limits.from_env().max_seconds), terminate_as_interrupt(), telling_waits(echo_waiting),
                  long_workbooks.noting() as too_long):
                try:
                    return super().invoke(ctx)
                finally:  # once, whatever the number of workbooks; also when the run failed after writing one
                    if too_long:
                        echo_notes([long_workbooks.note_text(too_long)])
        except click.NoSuchOption as exc:
            raise misplaced_option(exc, ctx.find_root()) or exc
        except HyojunError as exc:
            if (ctx.find_root().obj or {}).get("debug"):
                traceback.print_exc()
            click.echo(f"エラー: {exc}", err=True)
            ctx.exit(int(exc.exit_code))
        except BrokenPipeError:  # `hyojun spec show 介護保険 | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes
            ctx.exit(0)
        except OSError as exc:  # disk full, permission denied while writing outputs
            if (ctx.find_root().obj or {}).get("debug"):
                traceback.print_exc()
            click.echo(f"エラー: {f'{exc.filename}: ' if exc.filename else ''}{os_reason(exc)}", err=True)
            ctx.exit(int(ExitCode.INPUT_ERROR))
        except UnicodeError as exc:
            if not (said := locale_mismatch(exc)):
                raise
            if (ctx.find_root().obj or {}).get("debug"):
                traceback.print_exc()
            click.echo(f"エラー: {said}", err=True)
            ctx.exit(int(ExitCode.INPUT_ERROR))


def locale_mismatch(exc: UnicodeError) -> str:
    """What to say of *exc* when it is a file name this system's encoding cannot hold (names copied in UTF-8 onto a
    system whose locale is EUC-JP: os.stat failed in click's path check, with a traceback); "" for any other."""
    fs = sys.getfilesystemencoding()
    if not isinstance(exc, (UnicodeEncodeError, UnicodeDecodeError)) or codecs.lookup(fs).name == "utf-8" \
            or codecs.lookup(exc.encoding).name != codecs.lookup(fs).name:
        return ""
    return (f"ファイル名を、この環境の文字コード（{fs}: ロケールの LANG・LC_ALL による）で扱えません。ファイル名の文字コードが"
            "ロケールと違うようです。UTF-8 のロケール（LANG=ja_JP.UTF-8 や LC_ALL=C.UTF-8）で実行してください")


def misplaced_option(exc: click.NoSuchOption, root: click.Context) -> click.UsageError | None:
    """The error for an option of `hyojun` itself (--debug, --version) written after a subcommand, which click calls
    unknown there and takes for a mistyped one of the subcommand's (「'--db' のことですか？」 to `check … --debug`)."""
    param = next((p for p in root.command.params if exc.option_name in p.opts), None)
    if param is None or exc.ctx is None or exc.ctx is root:
        return None
    # an eager option (--version) acts alone; the others go before the subcommand they apply to
    where = "" if param.is_eager else exc.ctx.command_path.removeprefix(root.command_path) + " …"
    return click.UsageError(f"{exc.option_name} は {root.command_path} の直後に書きます"
                            f"（{root.command_path} {exc.option_name}{where}）", exc.ctx)


def console() -> Any:
    """A rich console for tables: the terminal's width, or a wide one when output goes to a file or pipe
    (rich would otherwise cut every cell to fit 80 columns). Cells are shown as written: a vendor's name is no rich
    markup (「[/]」 stopped the command) nor emoji code."""
    from rich.console import Console

    return Console(markup=False, emoji=False, width=None if sys.stdout.isatty() else 240)


def console_table(title: str, columns: Iterable[str]) -> Any:
    """A rich table for `console`, each long cell wrapped: rich cut one with 「…」 by default, and a list joined with
    「、」 has no space to break at (要注意の業務 lost 介護保険 through 子ども・子育て支援 without a word)."""
    from rich.table import Table

    table = Table(title=title)
    for col in columns:
        table.add_column(col, overflow="fold")
    return table


def echo_notes(notes: Iterable[str]) -> None:
    """Warnings that did not stop the run, once each, on standard error (standard output may hold JSON)."""
    for note in dict.fromkeys(notes):
        click.echo(f"注意: {note}", err=True)


def vendor_groups(files: Iterable[Path]) -> list[tuple[Path, ...]]:
    """*files* as vendors' answers (answer_files.group_answer_files), saying on standard error which files are read as
    one vendor's: a 機能 file and a 帳票 file would otherwise be two vendors, each missing the other's half."""
    from ..io.answer_files import group_answer_files

    groups = group_answer_files(files)
    for group in groups:
        if len(group) > 1:
            click.echo(f"{'、'.join(f.name for f in group)} を 1 つのベンダの回答として読みます（名前が末尾の機能・帳票の部分だけ"
                       "違うため。別々のベンダなら 1 つずつ指定して実行してください）", err=True)
    return groups


def one_vendor_files(files: Iterable[Path], what: str) -> tuple[Path, ...]:
    """*files* as one vendor's answers, grouped as vendor_groups does, for *what* (「hyojun lint 」) that reads one vendor's:
    refused when they are several vendors' (`lint *.xlsx` read two bids as one, and the workbook sent back to one vendor
    named the other's file)."""
    from ..model import FILES_JOINED

    groups = vendor_groups(files)
    if len(groups) > 1:
        shown = joined_at_most([FILES_JOINED.join(f.name for f in g) for g in groups], 5, "、", " ほか")
        raise UsageError(f"{what}は 1 つのベンダの回答ファイル（1 つ、または名前の末尾の機能・帳票だけが違う 2 つ）を指定したときに"
                         f"使えます。指定したファイルは {len(groups)} つのベンダの回答です（{shown}）。ベンダごとに実行してください")
    return groups[0]


def lint_command(files: Iterable[str | Path], specs: Iterable[str], vocabulary: str | Path | None,
                 answered_version: str | None) -> str:
    """The `hyojun lint` command a message suggests for answer *files*, with the options the run had: a town's own
    marks read as 回答不正, or another version's answers as unknown ids, were a 差し戻し of what was right. Paths are
    shown normalised (a manifest's samples/../../specs/… as specs/…): lexically, as the user would type them."""
    def arg(value: str | Path) -> str:
        return command_arg(os.path.normpath(value))

    return " ".join(["hyojun lint", *map(arg, files), *(f"--spec {arg(s)}" for s in specs),
                     *([f"--vocabulary {arg(vocabulary)}"] if vocabulary else []),
                     *([f"--answered-version {command_arg(answered_version)}"] if answered_version else [])])


def echo_waiting(note: str) -> None:
    """That the run waits (for a database or an output folder another process uses), on standard error: it would seem
    to hang."""
    click.echo(note, err=True)


def require_xlsx(path: Path, what: str, option: str) -> None:
    """Refuse an Excel workbook to be written under another extension: Excel will not open a .xls or .csv holding one
    (「ファイル形式と拡張子が一致しません」, blocked outright by some policies)."""
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"{path}: {what}は Excel ブックです。{option} には .xlsx のファイル名を指定してください")


def echo_json(data: Any) -> None:
    """*data* as JSON on standard output, always UTF-8 whatever the console's encoding (cp932 on Japanese Windows)."""
    # orjson: json's indenting encoder is pure Python (2 s of a national `readiness status --json`)
    click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS))  # bytes: written as they are


def tolerate_console_encoding() -> None:
    """Print a character the console's encoding lacks as "?" rather than fail with a traceback.

    On Japanese Windows, output redirected to a file or a pipe (`> log.txt`, a .bat, Task Scheduler)
    is encoded as cp932, strictly: it has no "—" or "⚠", nor a vendor's emoji that lint quotes.
    """
    for stream in (sys.stdout, sys.stderr):
        if (isinstance(stream, io.TextIOWrapper) and stream.errors == "strict"
                and not codecs.lookup(stream.encoding).name.startswith("utf")):
            stream.reconfigure(errors="replace")


def expand_wildcards(args: Iterable[str]) -> tuple[list[str], list[str]]:
    """The arguments with wildcards expanded as click does on Windows (cmd.exe and PowerShell leave that to the
    program), each pattern's matches sorted by name, and apart, the lock files of workbooks open in Excel
    (~$回答.xlsx) they matched, left out.

    `hyojun check *.xlsx` with one answer open in Excel would otherwise fail on its lock file.
    Unlike click, an argument naming an existing file is kept as it is (a downloaded `回答[1].xlsx` is not the
    glob `回答1.xlsx`), and only a leading `~` alone is the home folder: `~$回答.xlsx` is a lock file, not the
    home of a user "$回答.xlsx", and cmd.exe has already expanded `%VAR%` (a vendor name may hold a `%`).
    """
    kept: list[str] = []
    skipped: list[str] = []
    for arg in args:
        if arg == "~" or arg.startswith(("~/", "~\\")):
            arg = os.path.expanduser(arg)
        try:
            # by name, as a POSIX shell: glob keeps the folder's own order (on FAT/exFAT, the order files came in)
            matches = sorted(glob.glob(arg, recursive=True)) if glob.has_magic(arg) and not os.path.lexists(arg) else []
        except re.error:
            matches = []
        for match in matches:
            (skipped if os.path.basename(match).startswith(EXCEL_LOCK_PREFIX) else kept).append(match)
        if not matches:
            kept.append(arg)
    return kept, skipped
