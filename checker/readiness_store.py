"""The readiness history: SQLAlchemy Core over SQLite (default) or any server (e.g. PostgreSQL).

Default database: `<hyojun home>/data/readiness.db`; `HYOJUN_DB` or `--db` give a path or any
SQLAlchemy URL. The schema is versioned (`schema_version`) and migrated by `MIGRATIONS` when the
store is opened, or, for a writer that opened it with migrate=False, in the transaction of its write
(`transaction`: a run that fails leaves an older hyojun's store as it was); a town a hyojun before 0.8.0 stored under
two spellings is merged then too (`_merge_towns`), without a schema version. Writes are serialised: SQLite
takes its write lock at BEGIN (BEGIN IMMEDIATE), PostgreSQL a transaction-level advisory lock, so two imports
at once queue instead of racing. A lock another process holds is waited for up to HYOJUN_DB_WAIT seconds,
and said once: SQLite's in Python (`_run_waiting`), PostgreSQL's by lock_timeout after a try that does not wait.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import importlib.util
import os
import re
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from . import __version__, clock, paths
from .analysis.readiness import AreaProgress, CheckRecord, MunicipalityProgress, StepNote, overall_rate
from .dates_ja import shown_month, shown_time
from .errors import BUSY, DISK_FULL, InputError, joined_at_most, os_reason
from .io.atomic import make_folder, remove_made
from .io.limits import env_int
from .io.waits import LockWait, hearer
from .readiness_model import ReadinessImport, prefecture_place, town_key

_LOCK_KEY = 0x6879_6A75  # "hyju": the PostgreSQL advisory lock held by every write

metadata = sa.MetaData()
schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", sa.String(32), nullable=False),
    # the hyojun that applied it (NULL: one before 0.2.0), named when an older hyojun refuses the store
    sa.Column("hyojun", sa.String(32)),
)
municipalities = sa.Table(
    "municipalities", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("prefecture", sa.String(16), nullable=False),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("code", sa.String(8)),  # 団体コード, where a source had it
    sa.UniqueConstraint("prefecture", "name", name="uq_municipality"),
)
snapshots = sa.Table(
    "snapshots", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("month", sa.String(7), nullable=False, index=True),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("source_name", sa.String(255), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("imported_at", sa.String(32), nullable=False),
    sa.Column("municipality_count", sa.Integer, nullable=False),
    sa.Column("scope", sa.String(80)),  # what the file covers (_scope): a later file of the month and scope replaces it
)
area_progress = sa.Table(
    "area_progress", metadata,
    sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("municipality_id", sa.Integer, sa.ForeignKey("municipalities.id"), primary_key=True, index=True),
    sa.Column("area", sa.String(32), primary_key=True),
    sa.Column("done", sa.SmallInteger, nullable=False),
    sa.Column("in_progress", sa.SmallInteger, nullable=False),
    sa.Column("steps", sa.String(40)),  # one status code per step (readiness_model); NULL without the step sheet
    # 0: the file had no row or column for the area, stored as 0/40 so the overall rate stays out of 800
    sa.Column("recorded", sa.SmallInteger, nullable=False, server_default="1"),
    # the municipality's place in a 総務省 workbook (0-based, the order of its rows): the order views list towns in.
    # NULL: a self sheet (one town, no order of its own), or imported before schema 6
    sa.Column("file_row", sa.Integer),
)
step_notes = sa.Table(
    "step_notes", metadata,
    sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("municipality_id", sa.Integer, sa.ForeignKey("municipalities.id"), primary_key=True),
    sa.Column("area", sa.String(32), primary_key=True),
    sa.Column("step", sa.SmallInteger, primary_key=True),
    sa.Column("date", sa.String(10)),
    sa.Column("note", sa.Text, nullable=False),
)
check_records = sa.Table(
    "check_records", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("area", sa.String(32), nullable=False, index=True),
    sa.Column("prefecture", sa.String(16)),
    sa.Column("municipality", sa.String(64)),  # NULL: a check not tied to one municipality
    sa.Column("spec_version", sa.String(32), nullable=False),
    sa.Column("vendor", sa.String(255), nullable=False),
    sa.Column("mandatory_coverage", sa.Float, nullable=False),
    sa.Column("verdict", sa.String(32), nullable=False),
    sa.Column("checked_at", sa.String(32), nullable=False),  # JST to the second, as the check's generated_at
    # the coverage's counts (semantics.md §4); NULL: recorded before schema 4, by hyojun 0.2.0 or earlier
    sa.Column("mandatory_conformant", sa.Integer),
    sa.Column("mandatory", sa.Integer),
    # tells apart two runs of one second (a script's): `check --record` gives all the records of a run one
    sa.Column("run", sa.String(40), nullable=False, server_default=""),
)


def _v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=[municipalities, snapshots, area_progress, step_notes, check_records])


def _add_columns(conn: Connection, *columns: tuple[str, str, str]) -> None:
    """(table, column, DDL type) added where missing: _v1 creates the tables as defined now, so a new store already
    has them."""
    for table, column, ddl in columns:
        if column not in {c["name"] for c in sa.inspect(conn).get_columns(table)}:
            conn.execute(sa.text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))


def _v2(conn: Connection) -> None:
    _add_columns(conn, ("snapshots", "scope", "VARCHAR(80)"), ("area_progress", "recorded", "SMALLINT NOT NULL DEFAULT 1"))
    _rescope(conn, snapshots.c.scope.is_(None))


def _v3(conn: Connection) -> None:
    # a schema-2 store written before the extract scope stored an extract of several prefectures as 全国: taken for
    # the national workbook (a whole-country month, the lists of its prefectures)
    _rescope(conn, snapshots.c.scope == NATIONAL_SCOPE)


def _v4(conn: Connection) -> None:
    _add_columns(conn, ("check_records", "mandatory_conformant", "INTEGER"), ("check_records", "mandatory", "INTEGER"))


def _v5(conn: Connection) -> None:
    # checked_at was UTC to the microsecond, the run's key; it is JST to the second now, as the outputs' generated_at,
    # and the old value keeps the runs apart
    _add_columns(conn, ("check_records", "run", "VARCHAR(40) NOT NULL DEFAULT ''"))
    # one statement per run, not per record (a run records every vendor of a batch at one checked_at): 20,000
    # records one by one took 69 s with a 2 ms round trip to a PostgreSQL server
    c = check_records.c
    conn.execute(check_records.update().values(run=c.checked_at))
    runs = conn.execute(sa.select(c.run).distinct()).scalars().all()
    if changed := [{"old": at, "new": new} for at in runs if (new := _jst(at)) != at]:
        conn.execute(check_records.update().where(c.run == sa.bindparam("old")).values(checked_at=sa.bindparam("new")),
                     changed)


def _v6(conn: Connection) -> None:
    _add_columns(conn, ("area_progress", "file_row", "INTEGER"))


def _rescope(conn: Connection, where: sa.ColumnElement[bool]) -> None:
    """Give the snapshots matching *where* the scope `_scope` gives the municipalities they hold."""
    m, a = municipalities.c, area_progress.c
    for sid, kind in conn.execute(sa.select(snapshots.c.id, snapshots.c.kind).where(where)).all():
        keys = conn.execute(sa.select(m.prefecture, m.name).distinct()
                            .select_from(area_progress.join(municipalities, m.id == a.municipality_id))
                            .where(a.snapshot_id == sid)).all()
        conn.execute(snapshots.update().where(snapshots.c.id == sid).values(scope=_scope(kind, [tuple(k) for k in keys])))


_Town = tuple[int, str, str, str | None]  # a municipalities row: id, prefecture, name, code


def _split_towns(conn: Connection) -> list[list[_Town]]:
    """The towns stored under several names of one town_key, each as its rows, first stored first: a hyojun before
    0.8.0 took 七ケ浜町 for a town beside 七ヶ浜町, and every query goes by id, so each spelling stayed a town of its own
    months (七ケ浜町's status showed January only, 宮城県 counted 36 towns). Read on every open, in Python (town_key is
    none of SQL's): the 1,741 names of a national store take 3 ms."""
    m = municipalities.c
    towns: dict[tuple[str, str], list[_Town]] = {}
    for mid, prefecture, name, code in conn.execute(sa.select(m.id, m.prefecture, m.name, m.code).order_by(m.id)):
        towns.setdefault((prefecture, town_key(name)), []).append((mid, prefecture, name, code))
    return [rows for rows in towns.values() if len(rows) > 1]


def _merge_towns(conn: Connection, split: list[list[_Town]]) -> list[str]:
    """Make each town of *split* its first stored row, named as `_kept_name` says, with the progress and notes of every
    spelling re-pointed to it; returns what to tell of each. The first row keeps the town's place where no workbook
    row (`file_row`) gives one (`_workbook_order`). Each file keeps its values: the views show, of a month, the latest
    file holding the town, as for any two files of a month. A file holding two of the spellings (a workbook 0.7.0 read
    with a row of each) keeps the first stored one's row.

    Not a migration: the schema stays, so the hyojun 0.5.0-0.11.0 sharing a store read it as before (a new schema
    version would lock them out), and this repairs what a hyojun before 0.8.0 sharing it may store again."""
    a = area_progress.c
    lists = {p: _rosters(conn, p).get(p, {}) for p in {rows[0][1] for rows in split}}
    told = []
    for (keep, prefecture, first_name, code), *others in split:
        held = sa.select(a.snapshot_id).where(a.municipality_id == keep)
        both: list[str] = []
        for mid, _prefecture, _name, _code in others:
            both += conn.execute(sa.select(snapshots.c.source_name).where(
                snapshots.c.id.in_(held), snapshots.c.id.in_(sa.select(a.snapshot_id).where(a.municipality_id == mid)))
                .order_by(snapshots.c.id)).scalars()
            for table in (step_notes, area_progress):
                conn.execute(table.delete().where(table.c.municipality_id == mid, table.c.snapshot_id.in_(held)))
                conn.execute(table.update().where(table.c.municipality_id == mid).values(municipality_id=keep))
        conn.execute(municipalities.delete().where(municipalities.c.id.in_([o[0] for o in others])))
        rows = [(keep, prefecture, first_name, code), *others]
        name = _kept_name(rows, lists[prefecture])
        conn.execute(municipalities.update().where(municipalities.c.id == keep).values(
            name=name, code=code or next((c for *_r, c in others if c), None)))
        # a town's own sheets, of the scope of the name they were stored with: replaced by the town's next sheet
        _rescope(conn, sa.and_(snapshots.c.kind == "self", snapshots.c.id.in_(held)))
        in_both = f"（{'、'.join(dict.fromkeys(both))} には両方の行があり、{first_name} の行を使います）" if both else ""
        told.append(f"{prefecture} {'・'.join(r[2] for r in rows)} → {name}{in_both}")
    return told


def _kept_name(rows: list[_Town], lists: dict[str, frozenset[str]]) -> str:
    """The name a split town keeps: as the latest 総務省 list of its prefecture (`rosters`) holding any of *rows* names
    it, else as first stored (the name `_as_stored` gives the town's new files)."""
    for month in reversed(lists):
        if named := [name for _mid, _p, name, _code in rows if name in lists[month]]:
            return named[0]
    return rows[0][2]


# (version, what it does, how). Append only: a released migration never changes; a schema change is a
# new entry with its ALTER statements, plus the edit of the Table definitions above.
MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "municipalities, snapshots, area_progress, step_notes, check_records", _v1),
    (2, "snapshots.scope (a later file of the same month and scope replaces it), area_progress.recorded", _v2),
    (3, "snapshots.scope of an extract of several prefectures stored as 全国 before it had a scope of its own", _v3),
    (4, "check_records.mandatory_conformant and mandatory: the counts the coverage is computed from", _v4),
    (5, "check_records.checked_at in JST to the second, as generated_at; check_records.run", _v5),
    (6, "area_progress.file_row: a municipality's place in its 総務省 workbook, the order towns are listed in", _v6),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]
NATIONAL_SCOPE = "全国"
PREFECTURES = 47


def is_extract(count: int, of: int) -> bool:
    """Whether a file of *count* municipalities is an extract beside one of *of*: it holds at most half as many. One
    threshold for all its uses: an extract replaces no file of its month and scope (a corrected workbook withdraws a
    few towns; 2 towns replaced the 4 of the month), is no list of a prefecture's towns (`rosters`), a file it
    partly covers is no file it corrects (`_shadowed`), and a workbook of several prefectures that is none is a national
    workbook short of some (`readiness_query.missing_prefectures`)."""
    return count * 2 <= of


def _scope(kind: str, keys: list[tuple[str, str]]) -> str:
    """What a file covers, for replacing it: a self sheet its municipality, a 総務省 workbook its prefecture, or
    「全国」 when it spans several (the national workbook, or an extract of it)."""
    if kind == "self" and len(keys) == 1:
        return f"{keys[0][0]} {keys[0][1]}"
    prefectures = sorted({p for p, _n in keys})
    if len(prefectures) == 1:
        return prefectures[0]
    if len(prefectures) >= PREFECTURES:
        return NATIONAL_SCOPE
    # an extract of several prefectures replaces the same extract only, never the national workbook
    digest = hashlib.sha256("・".join(prefectures).encode()).hexdigest()[:8]
    return f"{prefectures[0]} ほか {len(prefectures) - 1} 都道府県（{digest}）"


def database_url(db: str | None = None) -> str:
    """`--db`, else $HYOJUN_DB, else the SQLite file `<home>/data/readiness.db`. A plain path means SQLite."""
    path = _plain_file(db)
    if path is None:
        return _given(db)
    # made, not written out: in "sqlite:///{path}" a folder 「h?x」 began a query (the database went to h) and 「h%41」
    # was decoded (hA, a folder that is not there)
    return sa.engine.URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def _given(db: str | None) -> str:
    return db or os.environ.get("HYOJUN_DB") or str(paths.home() / "data" / "readiness.db")


def _plain_file(db: str | None) -> Path | None:
    """The SQLite file of a database given as a path, not an URL (the store makes its folders)."""
    value = _given(db)
    return None if "://" in value else Path(value).expanduser().resolve()


# The databases the store is written for: it serialises writes with SQLite's file lock or PostgreSQL's advisory lock
_SUPPORTED_URLS = ("--db（または環境変数 HYOJUN_DB）には、SQLite のファイルのパス（または sqlite:///パス）か、"
                   "PostgreSQL の URL（postgresql://ユーザー:パスワード@ホスト/データベース名）を指定してください")
# The password of an URL SQLAlchemy cannot read, hidden as it hides those of the URLs it reads
_PASSWORD = re.compile(r"(://[^:/@]*:).*@")


def _backend(url: str) -> str:
    """The kind of database *url* names (sqlite, postgresql); for any other, or for no URL at all, an InputError
    saying which --db hyojun takes (mysql:// gave its missing driver's English and advice to install psycopg2)."""
    try:
        parsed = sa.engine.make_url(url)
    except (sa.exc.ArgumentError, ValueError):  # no scheme, a port that is no number
        shown = _PASSWORD.sub(r"\1***@", url)
        raise StoreError(f"データベース {shown} を URL として読めません。{_SUPPORTED_URLS}") from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(f"データベース {parsed.render_as_string(hide_password=True)} は使えません"
                         f"（「{parsed.drivername}://」には対応していません）。{_SUPPORTED_URLS}")
    return backend


@dataclass(frozen=True)
class Snapshot:
    """One imported file."""

    id: int
    month: str
    kind: str
    source_name: str
    imported_at: str
    municipality_count: int
    scope: str | None
    sha256: str = ""

    @property
    def label(self) -> str:
        return (f"{self.source_name}（{shown_month(self.month)}、{self.scope or '範囲不明'}、{self.municipality_count:,} 団体、"
                f"取り込み {shown_time(self.imported_at)}）")

    def covers(self, prefecture: str) -> bool:
        """Whether this is a 総務省 workbook whose scope is all of *prefecture*: the prefecture's own or the national
        (the whole-country months; whether a workbook of several prefectures holds all of one is `rosters`' to say)."""
        return self.kind == "soumu" and self.scope in (prefecture, NATIONAL_SCOPE)


@dataclass(frozen=True)
class CheckEntry:
    """A gap check to record: its mandatory coverage with *counts*, the conformant and all mandatory requirements it is
    computed from (None: not known)."""

    area: str
    municipality: str | None  # None: a check not tied to one municipality
    spec_version: str
    vendor: str
    mandatory_coverage: float
    verdict: str
    prefecture: str | None = None
    counts: tuple[int, int] | None = None


@dataclass(frozen=True)
class Shadowed:
    """An earlier file of the month some of whose municipalities now show the imported file's values."""

    snapshot: Snapshot
    count: int  # its municipalities the new file holds
    left: tuple[tuple[str, str], ...] = ()  # (prefecture, name) still showing its values, when the new file took most


@dataclass(frozen=True)
class ImportResult:
    snapshot_id: int
    month: str
    municipalities: int
    areas: int  # (municipality, area) values imported: 35 towns × 20 areas = 700
    skipped: bool  # the same file (sha256) was imported before and is what the month shows
    replaced: tuple[Snapshot, ...] = ()  # earlier files of the same month and scope, removed by this import
    kept: tuple[Snapshot, ...] = ()  # earlier files of the same month and scope, this one an extract of them: not replaced
    shadowed: tuple[Shadowed, ...] = ()  # other files of the month holding towns of this one
    # (prefecture, name) of the replaced files' municipalities the month no longer has: not in this file nor in another
    withdrawn: tuple[tuple[str, str], ...] = ()
    rows_filled: bool = False  # skipped, but the rows (file_row) of the file, stored before schema 6, filled in
    overridden: bool = False  # rows filled in, and a later file of the month shows some of its towns still


def _jst(stamp: str) -> str:
    """A stored time (UTC before schema 5, or written since by an older hyojun sharing the store) in JST, as hyojun
    writes times now; any other text as it is."""
    if len(stamp) == 25 and stamp.endswith("+09:00"):  # as written now: most of a large store's records
        return stamp
    try:
        return clock.iso(stamp)
    except ValueError:
        return stamp


# The databases' own words for a file that is not (or no longer) a SQLite database, cannot be opened or written, or
# is locked (PostgreSQL: a lock not had within HYOJUN_DB_WAIT), and for a full disk
_DB_REASONS = (("file is not a database", "SQLite のデータベースのファイルではありません。--db にほかのファイルを指定していないか確かめてください"),
               ("malformed", "ファイルが壊れています。バックアップから戻すか、別の --db を指定してください"),
               ("unable to open database file", "開けません。フォルダを指定したか、書き込めない場所です"),
               ("database is locked", BUSY),
               ("due to lock timeout", BUSY),  # PostgreSQL's, after HYOJUN_DB_WAIT
               ("database or disk is full", DISK_FULL),
               ("attempt to write a readonly database",
                "読み取り専用です（書き込む権限がないか、読み取り専用のドライブや共有フォルダです）。"
                "書き込める場所を --db（または環境変数 HYOJUN_DB）に指定してください"))


def _reason(exc: sa.exc.DBAPIError) -> str:
    if isinstance(exc.orig, sqlite3.Error) and exc.orig.sqlite_errorcode == sqlite3.SQLITE_READONLY_DBMOVED:
        # its file removed meanwhile by the hyojun that made it, for the run failed with nothing in it (not the
        # permissions 「attempt to write a readonly database」 sent the user to)
        return ("ほかの hyojun の実行が、作ったばかりで何も入っていないこのデータベースを、その実行が失敗したため削除しました。"
                "もう一度実行してください")
    said = str(exc.orig).strip()
    return next((ja for en, ja in _DB_REASONS if en in said), said)


def _insert_many(conn: Connection, table: sa.Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """INSERT many rows through the driver's executemany: SQLAlchemy's per-row parameter
    processing was a third of a national import (36,000 rows). Plain values only (no type
    processing is applied): every column written this way is an int or a string."""
    compiled = table.insert().compile(dialect=conn.dialect, column_keys=list(columns))
    if compiled.positional:
        order = [columns.index(k) for k in compiled.positiontup or ()]
        params: list[Any] = [tuple(row[j] for j in order) for row in rows]
    else:
        params = [dict(zip(columns, row)) for row in rows]
    conn.exec_driver_sql(str(compiled), params)


def _unmakeable(file: Path, folders: bool) -> str | None:
    """Why the SQLite *file*, not there as a file, cannot be made, looked at with nothing made; None if nothing
    seen stands in the way. *folders*: its missing folders would be made (a path given, not an URL)."""
    there = next(p for p in (file, *file.parents) if os.path.exists(p))  # the root at least
    if there == file:
        return os_reason(OSError(errno.EISDIR, "", str(file))) if file.is_dir() else None
    if not there.is_dir():  # a folder of the path is a file: named, as make_folder's error named it
        return os_reason(OSError(errno.ENOTDIR, "", str(file)))
    if there != file.parent and not folders:  # sqlite:///…: SQLite makes no folder
        return f"フォルダ {file.parent} がありません"
    if not os.access(there, os.W_OK | os.X_OK):
        return f"フォルダ {there} に書き込めません（書き込む権限がないか、読み取り専用のドライブや共有フォルダです）"
    return None


class StoreError(InputError):
    """The database cannot be used (opened, made, written): the run's, not one input file's, so a run of many files
    stops at it (no later file would get past it)."""


class _NoStore(StoreError):
    """No store where a reader looks for one (`ReadinessStore.existing` takes it for None)."""


class ReadinessStore:
    """Open (and migrate) the database at *url*.

    create=False for a reader (status, dashboard, remove): a database that is not there, or holds no hyojun tables,
    is an error rather than made (a mistyped --db became a new database, an empty 進捗.xlsx a SQLite file).
    """

    def __init__(self, url: str | None = None, *, create: bool = True, writer: bool | None = None, migrate: bool = True,
                 on_wait: Callable[[str], None] | None = None) -> None:
        """*on_wait* (by default the run's: `io.waits.telling_waits`) is told when the run waits: once, when the store
        first waits for a lock another process holds (SQLite's, or PostgreSQL's advisory lock of writes), and when it
        updates a store an older hyojun made (which may take seconds on a large one). *writer* (by default *create*):
        the run writes, so its errors say it cannot write, and a SQLite file that is not there must be one it can
        make (`existing`: the import reads its files only then). migrate=False: a store an older hyojun made is
        migrated by the first `transaction`, with the run's write, not now (a store of a newer one is refused now)."""
        self.url = database_url(url)
        self._conn: Connection | None = None  # the open `transaction`'s
        backend = _backend(self.url)
        self.on_wait = hearer(on_wait)
        writer = create if writer is None else writer
        # what a store that cannot be opened says: a writer's command (import, check --record) that it cannot write
        self._open_refused = "に書き込めません" if writer else "を読めません"
        folders = _plain_file(url) is not None
        if writer and (file := self._file_to_make()) and not file.is_file() and (why := _unmakeable(file, folders)):
            raise StoreError(f"データベース {self.display_url} に書き込めません（{why}）")
        if not create and (file := self._sqlite_file()) is not None and not file.is_file():
            raise self._absent("がありません")  # SQLite would make it on connecting
        self._lock_wait = _db_lock_wait(self.display_url, self.on_wait)
        try:  # before the SQLite file is made: a driver not installed leaves no empty file behind
            self.engine = _engine(self.url, self._lock_wait)
        except ImportError as exc:  # a driver not installed
            hint = "PostgreSQL には psycopg2 が必要です: pip install psycopg2-binary" if backend == "postgresql" else _SUPPORTED_URLS
            raise StoreError(f"データベース {self.display_url} を使えません（Python のモジュール {exc.name} がありません）。{hint}") from None
        except sa.exc.NoSuchModuleError:  # a driver SQLAlchemy has none of (postgresql+foo://)
            raise StoreError(f"データベース {self.display_url} を使えません（SQLAlchemy に「{sa.engine.make_url(self.url).drivername}」"
                             f"のドライバがありません）。{_SUPPORTED_URLS}") from None
        self._made_folders: list[Path] = []  # made for the SQLite file, parents first
        self._made_file = self._make_file(folders) if create else None
        with self.removed_if_failed():  # a migration on a full disk left an empty database
            if not create:
                with self._read(self._open_refused) as conn:
                    if not sa.inspect(conn).has_table(schema_version.name):
                        raise self._absent("には hyojun のデータがありません" + ("（空のファイルか、ほかの用途のデータベースです）"
                                                                            if self._sqlite_file() else ""))
            if migrate:
                self.migrate()
            else:
                self.current()  # a store of a newer hyojun is refused at once, before any input is read

    @classmethod
    def existing(cls, url: str | None = None, *, on_wait: Callable[[str], None] | None = None) -> ReadinessStore | None:
        """The store at *url* if it holds hyojun's tables, else None, with nothing made (no file, folder or table):
        an import reads its files before it makes a store for them. A writer's: a store that cannot be opened says
        the run cannot write, and a StoreError at once if no SQLite file can be made at *url* (a folder of the path is
        a file), not after every file was read. Not migrated (to read it, `migrate` it or read in a `transaction`): the
        import of a file does it in its `transaction`, with the file's write."""
        try:
            return cls(url, create=False, writer=True, migrate=False, on_wait=on_wait)
        except _NoStore:
            return None

    def _make_file(self, folders: bool) -> Path | None:
        """Make the SQLite file (an empty one is a new database to SQLite), and its missing folders if *folders* (a
        path given, not an URL), unless there: the file if this store made it, to remove if the run fails
        (`removed_if_failed`). Made at once (O_EXCL): a file another process makes meanwhile is never this run's."""
        if (file := self._file_to_make()) is None:
            return None
        try:
            if folders:
                make_folder(file.parent, self._made_folders)
        except OSError as exc:  # one made meanwhile as a file, say (`_unmakeable` looked before)
            remove_made(self._made_folders)
            raise StoreError(f"データベース {self.display_url} に書き込めません（{os_reason(exc)}）") from None
        try:
            os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        except OSError:  # there already (a database, or a folder); or SQLite says in Japanese why it cannot open it
            remove_made(self._made_folders)
            return None
        return file

    @contextmanager
    def removed_if_failed(self) -> Iterator[None]:
        """If the block fails, remove the SQLite file this store made and the folders made for it, unless some data
        went in (this run's earlier files, or another process's): a failed run leaves nothing behind."""
        try:
            yield
        except BaseException:
            self._remove_if_unused()
            raise

    def _remove_if_unused(self) -> None:
        file = self._made_file
        if file is None:
            return
        removed = False
        try:
            # under the write lock, that no other process writes in between; the tables dropped in the same
            # transaction, that one which opened the file meanwhile fails (no such table) rather than writes into a
            # removed file
            with self._write() as conn:
                tables = set(sa.inspect(conn).get_table_names())
                if tables - set(metadata.tables) or any(
                        conn.execute(sa.select(t).limit(1)).first() for t in metadata.sorted_tables
                        if t.name in tables and t is not schema_version):
                    return
                metadata.drop_all(conn)
                try:
                    file.unlink()
                    removed = True
                except OSError:
                    pass  # Windows: not while open (below; refused there too if another process has it open)
        except (InputError, OSError):
            return  # a lock held too long, a full disk: the file stays as it is
        self.engine.dispose()
        if not removed:
            try:
                file.unlink()
            except OSError:
                return
        self._made_file = None
        remove_made(self._made_folders)

    def _file_to_make(self) -> Path | None:
        """The SQLite file, unless the URL asks SQLite how to open it (?mode=ro&uri=true: SQLite's to open as asked)."""
        return None if sa.engine.make_url(self.url).query else self._sqlite_file()

    def _sqlite_file(self) -> Path | None:
        url = sa.engine.make_url(self.url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            if url.query.get("uri") == "true" and url.database.startswith("file:"):
                # SQLite's URI (file:/share/readiness.db?mode=ro): its file, not one named 「file:…」 (never there)
                return Path(urllib.parse.unquote(urllib.parse.urlsplit(url.database).path))
            return Path(url.database)
        return None

    def _absent(self, what: str) -> InputError:
        return _NoStore(f"データベース {self.display_url} {what}。--db（または環境変数 HYOJUN_DB）の指定を確かめるか、"
                          "先に hyojun readiness import で進捗データを取り込んでください")

    @property
    def display_url(self) -> str:
        """The database as the user names it: a SQLite file by its path (an URL would percent-encode Japanese
        folder names), any other with its password hidden."""
        file = self._sqlite_file()
        return str(file) if file is not None else sa.engine.make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """The block's reads and writes of the store in one write transaction, after the migration of a store an older
        hyojun made: all or none of them. A run that fails on its input, even on a fault only the store tells (a
        town not on 総務省's list, a name of several prefectures), leaves such a store as it was, not upgraded: the
        older hyojun of another PC sharing it could no longer have opened it."""
        if self._conn is not None:
            yield
            return
        with self._write() as conn:
            self._conn = conn
            try:
                self._migrate(conn)
                yield
            finally:
                self._conn = None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One serialised write transaction; rolled back on any error (or when the process dies). In a `transaction`,
        its connection."""
        if self._conn is not None:
            yield self._conn
            return
        try:
            with self.engine.connect().execution_options(hyojun_write=True) as conn, conn.begin():
                if conn.dialect.name == "postgresql":
                    if not conn.execute(sa.text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": _LOCK_KEY}).scalar():
                        self._lock_wait.tell()  # then waits in the server, up to lock_timeout
                        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
                yield conn
        except sa.exc.DatabaseError as exc:
            raise self._refused(exc, "に書き込めません") from None

    @contextmanager
    def _read(self, refused: str = "を読めません") -> Iterator[Connection]:
        if self._conn is not None:  # a `transaction`'s, whose errors say the run cannot write
            yield self._conn
            return
        try:
            with self.engine.connect() as conn:
                yield conn
        except sa.exc.DatabaseError as exc:
            raise self._refused(exc, refused) from None

    def _refused(self, exc: sa.exc.DatabaseError, what: str) -> BaseException:
        """The user's error for a database that cannot be opened or is not one (OperationalError, or the bare
        DatabaseError of a file that is no SQLite database); *exc* itself for a constraint or SQL error, a defect;
        the interrupt it was for a statement Ctrl+C cancelled (PostgreSQL's query_canceled)."""
        if getattr(exc.orig, "pgcode", None) == _QUERY_CANCELED:
            return KeyboardInterrupt()
        if type(exc) not in (sa.exc.OperationalError, sa.exc.DatabaseError):
            return exc
        return StoreError(f"データベース {self.display_url} {what}（{_reason(exc)}）")

    def migrate(self) -> int:
        """Apply the missing migrations (and merge split towns, `_merge_towns`); returns the schema version. A current
        store is only read: the write lock (taken by every open) kept status and dashboard waiting for any import, and
        said 「書き込めません」 of them."""
        if not self.current():
            with self._write() as conn:
                self._migrate(conn)
        return SCHEMA_VERSION

    def current(self) -> bool:
        """Whether the store needs no migration, nor a town stored under two names merged (`_split_towns`), read
        without the write lock. A store of a newer hyojun is an error."""
        with self._read(self._open_refused) as conn:
            return self._schema(conn) == (SCHEMA_VERSION, True) and not _split_towns(conn)

    def _migrate(self, conn: Connection) -> None:
        """Apply the missing migrations in *conn*'s write transaction, then merge the towns stored under two names."""
        schema_version.create(conn, checkfirst=True)
        current, named = self._schema(conn)  # again under the lock: another process may have migrated meanwhile
        if not named:  # a store of a hyojun before 0.2.0
            conn.execute(sa.text(f"ALTER TABLE {schema_version.name} ADD COLUMN hyojun VARCHAR(32)"))
        if current and current < SCHEMA_VERSION and self.on_wait:
            self.on_wait(f"データベース {self.display_url} を hyojun {__version__} の形式に更新しています（スキーマ版 {current} → "
                         f"{SCHEMA_VERSION}。記録が多いと時間がかかります。中断しても次の実行でやり直します）")
        for version, _what, apply in MIGRATIONS:
            if version > current:
                apply(conn)
                conn.execute(schema_version.insert().values(version=version, applied_at=clock.now_iso(), hyojun=__version__))
        if (split := _split_towns(conn)) and (told := _merge_towns(conn, split)) and self.on_wait:
            self.on_wait(f"データベース {self.display_url} で、以前の hyojun（0.7.0 まで）が別の団体として保存した同じ団体の"
                         f"書き方を 1 つにまとめています: {joined_at_most(told, 10, '、', ' ほか')}")

    def _schema(self, conn: Connection) -> tuple[int, bool]:
        """(the store's schema version, 0 without one; whether schema_version names the hyojun that applied it). A
        store of a newer hyojun is an error."""
        if not sa.inspect(conn).has_table(schema_version.name):
            return 0, True  # made with the column
        v = schema_version.c
        # the version table's own column, outside MIGRATIONS: an older hyojun reads it to name the newer one
        named = "hyojun" in {c["name"] for c in sa.inspect(conn).get_columns(schema_version.name)}
        current = conn.execute(sa.select(sa.func.max(v.version))).scalar() or 0
        if current > SCHEMA_VERSION:
            by = conn.execute(sa.select(v.hyojun).where(v.version == current)).scalar() if named else None
            raise StoreError(f"データベース {self.display_url} は新しい版の hyojun{f'（{by}）' if by else ' '}で作られています"
                             f"（スキーマ版 {current}、この hyojun {__version__} はスキーマ版 {SCHEMA_VERSION} まで）。"
                             f"hyojun を{f' {by} 以降に' if by else ''}更新してください")
        return current, named

    def snapshot_for(self, sha256: str) -> tuple[int, str, bool] | None:
        """(id, month, current) of the snapshot imported from a file with this sha256, if any. Not current: a later
        file of its month holds some of its municipalities, so importing it again makes it current again; or a
        総務省 workbook stored without its rows (before schema 6), which importing it again fills in."""
        with self._read() as conn:
            row = conn.execute(sa.select(snapshots.c.id, snapshots.c.month).where(snapshots.c.sha256 == sha256)).first()
            return None if row is None else (row.id, row.month, not _overridden(conn, row.id, row.month)
                                             and not _without_rows(conn, row.id))

    def import_data(self, data: ReadinessImport) -> ImportResult:
        """Store one read workbook as a snapshot, all or nothing, replacing the earlier files of the same month,
        kind and scope (a corrected workbook withdraws what it leaves out). The same file again is skipped while it
        is what the month shows (of a 総務省 workbook stored before schema 6, its rows are filled in); otherwise it is
        imported again, as the latest.

        It checks nothing of *data*: readiness_query.import_file refuses what `hyojun readiness import` refuses (a
        future month, a town not on 総務省's list of its prefecture) before calling it."""
        with self._write() as conn:
            data = self._as_stored(conn, data)
            scope = _scope(data.kind, [(m.prefecture, m.name) for m in data.municipalities])
            existing = conn.execute(sa.select(snapshots.c.id, snapshots.c.month)
                                    .where(snapshots.c.sha256 == data.sha256)).first()
            if existing is not None and _without_rows(conn, existing.id):
                # the same file, stored before schema 6: its towns' rows filled in, and nothing else (imported again as
                # the latest, a workbook a town's own sheet overrode would have hidden the sheet)
                ids = self._municipality_ids(conn, data)
                conn.execute(area_progress.update().where(area_progress.c.snapshot_id == existing.id,
                                                          area_progress.c.municipality_id == sa.bindparam("mid"))
                             .values(file_row=sa.bindparam("row")), [{"mid": mid, "row": i} for i, mid in enumerate(ids)])
                return ImportResult(existing.id, existing.month, len(data.municipalities), len(data.rows), True,
                                    rows_filled=True, overridden=_overridden(conn, existing.id, existing.month))
            if existing is not None and not _overridden(conn, existing.id, existing.month):
                return ImportResult(existing.id, existing.month, len(data.municipalities), len(data.rows), True)
            s = snapshots.c
            same = [Snapshot(*r) for r in conn.execute(sa.select(*_SNAPSHOT_COLUMNS).where(
                s.month == data.month, s.kind == data.kind, s.scope == scope, s.sha256 != data.sha256))]
            # an extract of a few towns does not replace a whole prefecture's workbook (it still wins for its towns)
            kept = [k for k in same if is_extract(len(data.municipalities), k.municipality_count)]
            gone = [k.id for k in same if k not in kept] + ([] if existing is None else [existing.id])
            withdrawn = _withdrawn(conn, gone, data)
            replaced = _delete(conn, s.id.in_(gone))
            ids = self._municipality_ids(conn, data)
            inserted = conn.execute(snapshots.insert().values(
                month=data.month, kind=data.kind, source_name=data.source.name, sha256=data.sha256, scope=scope,
                imported_at=clock.now_iso(), municipality_count=len(data.municipalities))).inserted_primary_key
            assert inserted is not None  # None only for an insert of several rows
            snapshot_id = inserted[0]
            ordered = data.kind == "soumu"  # a self sheet's one town has no place among others
            _insert_many(conn, area_progress,
                         ("snapshot_id", "municipality_id", "area", "done", "in_progress", "steps", "recorded", "file_row"),
                         [(snapshot_id, ids[i], area, done, wip, codes, 0 if (i, area) in data.filled else 1,
                           i if ordered else None)
                          for i, area, done, wip, codes in data.rows])
            if data.notes:
                _insert_many(conn, step_notes, ("snapshot_id", "municipality_id", "area", "step", "date", "note"),
                             [(snapshot_id, ids[i], area, step, date, note) for i, area, step, date, note in data.notes])
            shadowed = _shadowed(conn, snapshot_id, data.month, {k.id for k in kept})
        return ImportResult(snapshot_id, data.month, len(data.municipalities), len(data.rows), False,
                            tuple(r for r in replaced if existing is None or r.id != existing.id), tuple(kept), shadowed,
                            withdrawn)

    def remove(self, month: str, source: str | None = None, sha256: str | None = None) -> list[Snapshot]:
        """Delete the snapshots of *month* (only those imported from a file named *source*, or from the file of
        this *sha256*, if given); returns them."""
        with self._write() as conn:
            where = snapshots.c.month == month
            if source is not None:
                where = sa.and_(where, snapshots.c.source_name == source)
            if sha256 is not None:
                where = sa.and_(where, snapshots.c.sha256 == sha256)
            return _delete(conn, where)

    def snapshots(self, month: str | None = None) -> list[Snapshot]:
        """The imported files (of *month*), in import order."""
        with self._read() as conn:
            query = sa.select(*_SNAPSHOT_COLUMNS).order_by(snapshots.c.id)
            return [Snapshot(*r) for r in conn.execute(query if month is None else query.where(snapshots.c.month == month))]

    def rosters(self, prefecture: str | None = None) -> dict[str, dict[str, frozenset[str]]]:
        """Prefecture → month → the names of its municipalities in that month's 総務省 workbooks holding the whole
        prefecture; of *prefecture* only, if given. A town missing from the list of a month is gone from then on
        (merged or renamed), not a town without data.

        A workbook holding at most half of the largest of them (`_extract`) is an extract, no list. A workbook of
        several prefectures (an extract of the national one by prefecture) counts for a prefecture as its own or the
        national workbook does, but only while one of those is a list too: a few towns of several prefectures, the
        only workbook of a prefecture, became its list, and its other towns' sheets were refused. Its towns count
        towards the largest in any case, so that a 1-town extract beside it stays an extract."""
        with self._read() as conn:
            return _rosters(conn, prefecture)

    @staticmethod
    def _as_stored(conn: Connection, data: ReadinessImport) -> ReadinessImport:
        """*data* with each town named as the store has it: a town is the one of its prefecture of the same name as
        towns are matched (town_key), kept under the name it was first stored with. 七ケ浜町's own sheet became a second
        town beside 総務省's 七ヶ浜町, and replaced no earlier sheet of 七ヶ浜町 (its scope)."""
        m = municipalities.c
        stored: dict[tuple[str, str], str] = {}
        for prefecture, name in conn.execute(sa.select(m.prefecture, m.name).order_by(m.id).where(
                m.prefecture.in_(sorted({k.prefecture for k in data.municipalities})))):
            stored.setdefault((prefecture, town_key(name)), name)
        keys = [k if (name := stored.get((k.prefecture, town_key(k.name)), k.name)) == k.name else replace(k, name=name)
                for k in data.municipalities]
        return data if keys == data.municipalities else replace(data, municipalities=keys)

    @staticmethod
    def _municipality_ids(conn: Connection, data: ReadinessImport) -> list[int]:
        """Ids of the file's municipalities, inserting new ones and filling in missing 団体コード."""
        prefectures = sorted({m.prefecture for m in data.municipalities})
        known = {(r.prefecture, r.name): (r.id, r.code) for r in conn.execute(
            sa.select(municipalities).where(municipalities.c.prefecture.in_(prefectures)))}
        new = [(m.prefecture, m.name, m.code) for m in data.municipalities if (m.prefecture, m.name) not in known]
        if new:
            _insert_many(conn, municipalities, ("prefecture", "name", "code"), new)
            known = {(r.prefecture, r.name): (r.id, r.code) for r in conn.execute(
                sa.select(municipalities).where(municipalities.c.prefecture.in_(prefectures)))}
        for m in data.municipalities:
            mid, code = known[(m.prefecture, m.name)]
            if m.code and not code:
                conn.execute(municipalities.update().where(municipalities.c.id == mid).values(code=m.code))
        return [known[(m.prefecture, m.name)][0] for m in data.municipalities]

    def record_check(self, area: str, municipality: str | None, spec_version: str, vendor: str,
                     mandatory_coverage: float, verdict: str, checked_at: dt.datetime | str | None = None,
                     *, prefecture: str | None = None, counts: tuple[int, int] | None = None, run: str = "") -> None:
        """Record one gap check (`record_checks` of one)."""
        self.record_checks([CheckEntry(area, municipality, spec_version, vendor, mandatory_coverage, verdict,
                                       prefecture, counts)], checked_at, run=run)

    def record_checks(self, checks: Iterable[CheckEntry], checked_at: dt.datetime | str | None = None, *,
                      run: str = "") -> None:
        """Record the gap checks of one run (`hyojun check --record`) at *checked_at* (now if None; written in JST to
        the second) with *run*, all or none: one transaction per record left the first vendors of an interrupted
        run recorded, which status then showed as the town's latest run."""
        at = clock.now_iso() if checked_at is None else clock.iso(checked_at)
        rows = [{"area": c.area, "prefecture": c.prefecture, "municipality": c.municipality,
                 "spec_version": c.spec_version, "vendor": c.vendor, "mandatory_coverage": c.mandatory_coverage,
                 "verdict": c.verdict, "checked_at": at, "mandatory_conformant": c.counts[0] if c.counts else None,
                 "mandatory": c.counts[1] if c.counts else None, "run": run} for c in checks]
        if rows:
            with self._write() as conn:
                conn.execute(check_records.insert(), rows)

    def check_rows(self, *, prefecture: str | None = None, municipality: str | None = None) -> list[CheckRecord]:
        """The recorded gap checks that may be those of *prefecture*'s towns or of *municipality* (with no prefecture
        as well: `latest_coverage` decides); every one without either. A town's as towns are matched (town_key): a
        check recorded as 七ケ浜町 before 総務省's 七ヶ浜町 came is that town's."""
        c = check_records.c
        query = sa.select(check_records)
        if prefecture:
            query = query.where(sa.or_(c.prefecture == prefecture, c.prefecture.is_(None)))
        with self._read() as conn:
            rows = [CheckRecord(r.id, r.area, r.prefecture, r.municipality, r.spec_version, r.vendor,
                                r.mandatory_coverage, r.verdict, _jst(r.checked_at), r.mandatory_conformant, r.mandatory,
                                r.run)
                    for r in conn.execute(query)]
        return [r for r in rows if r.municipality and town_key(r.municipality) == town_key(municipality)] \
            if municipality else rows

    def months(self, *, prefecture: str | None = None, municipality: str | None = None) -> list[str]:
        """The months with data, of *prefecture* and *municipality* if given."""
        query = sa.select(snapshots.c.month).distinct().order_by(snapshots.c.month)
        if prefecture or municipality:
            m, a = municipalities.c, area_progress.c
            held = sa.select(a.snapshot_id).join(municipalities, m.id == a.municipality_id)
            query = query.where(snapshots.c.id.in_(_selected(held, prefecture, municipality)))
        with self._read() as conn:
            return list(conn.execute(query).scalars())

    def shown_snapshots(self, month: str, *, prefecture: str | None = None,
                        municipality: str | None = None) -> list[tuple[Snapshot, int]]:
        """The files whose values the views of *month* show (of *prefecture* and *municipality*, if given): each
        municipality's latest file of the month holding it, as `progress` reads it, with how many of the selected
        municipalities each gives, in import order."""
        m, s = municipalities.c, snapshots.c
        latest = _latest_snapshots(_held([month]))
        query = (sa.select(*_SNAPSHOT_COLUMNS, sa.func.count())
                 .select_from(latest.join(snapshots, s.id == latest.c.snapshot_id)
                              .join(municipalities, m.id == latest.c.municipality_id))
                 .group_by(*_SNAPSHOT_COLUMNS).order_by(s.id))
        with self._read() as conn:
            return [(Snapshot(*r[:-1]), r[-1]) for r in conn.execute(_selected(query, prefecture, municipality))]

    def town_places(self, towns: Mapping[tuple[str, str], str | None], *,
                    prefecture: str | None = None) -> dict[tuple[str, str], tuple[Any, ...]]:
        """(prefecture, name) → where each of *towns* (of *prefecture*, if given) stands in the views
        (`_workbook_order`), by its row in the largest 総務省 workbook of the month given for it (a month it has data
        in; None: by its code, else the order of first import): a sort key, as `progress` orders a month's towns."""
        m = municipalities.c
        query = sa.select(m.id, m.prefecture, m.name, m.code)
        with self._read() as conn:
            known = {(p, n): (mid, code) for mid, p, n, code in conn.execute(_selected(query, prefecture, None))
                     if (p, n) in towns}
            rows = _workbook_rows(conn, [(mo, mid) for t, (mid, _code) in known.items() if (mo := towns[t])])
        return {t: _workbook_order((t[0], t[1], code), rows.get((towns[t] or "", mid)), mid)
                for t, (mid, code) in known.items()}

    def town_counts(self, *, months: Iterable[str], prefecture: str | None = None) -> dict[str, int]:
        """Month → how many municipalities (of *prefecture*, if given) have data in it, of *months*."""
        m, s = municipalities.c, snapshots.c
        held = _held(months)
        query = (sa.select(s.month, sa.func.count(sa.distinct(held.c.municipality_id)))
                 .select_from(held.join(snapshots, s.id == held.c.snapshot_id)
                              .join(municipalities, m.id == held.c.municipality_id))
                 .group_by(s.month).order_by(s.month))
        with self._read() as conn:
            return {mo: n for mo, n in conn.execute(_selected(query, prefecture, None))}

    def progress(self, *, months: Iterable[str] | None = None, prefecture: str | None = None,
                 municipality: str | None = None) -> dict[str, list[MunicipalityProgress]]:
        """Month → municipalities' progress, each from the latest snapshot of that month holding it, in the workbook's
        order (`_workbook_order`)."""
        m, a = municipalities.c, area_progress.c
        latest = _latest_snapshots(_held(months))
        query = (sa.select(latest.c.month, m.id, m.prefecture, m.name, m.code, a.area, a.done, a.in_progress, a.steps,
                           a.recorded)
                 .select_from(area_progress.join(latest, sa.and_(a.snapshot_id == latest.c.snapshot_id,
                                                                 a.municipality_id == latest.c.municipality_id))
                              .join(municipalities, m.id == a.municipality_id)))
        query = _selected(query, prefecture, municipality)
        grouped: dict[tuple[str, int], tuple[tuple[str, str, str | None], dict[str, AreaProgress]]] = {}
        with self._read() as conn:
            # Rows unpacked as tuples: a Row's attribute access cost more than the query itself on a
            # national month (35,000 rows).
            for month, mid, prefecture, name, code, area, done, wip, steps, recorded in conn.execute(query):
                group = grouped.get((month, mid))
                if group is None:
                    group = grouped[(month, mid)] = ((prefecture, name, code), {})
                group[1][area] = AreaProgress(area, done, wip, steps, bool(recorded))
            # the row of the largest workbook holding the town, not the shown file's own: an extract's 女川町 is its
            # row 0, and came before 仙台市 of the national workbook's row 1
            rows = _workbook_rows(conn, list(grouped))
        result: dict[str, list[MunicipalityProgress]] = {}
        for (month, mid), ((prefecture, name, code), areas) in sorted(
                grouped.items(), key=lambda g: _workbook_order(g[1][0], rows.get(g[0]), g[0][1])):
            result.setdefault(month, []).append(MunicipalityProgress(prefecture, name, code, month, areas))
        return {k: result[k] for k in sorted(result)}

    def overall_rates(self, *, months: Iterable[str], prefecture: str | None = None,
                      municipality: str | None = None) -> dict[str, dict[tuple[str, str], Fraction]]:
        """Month → (prefecture, name) → overall 完了率 of each municipality (as `progress` gives it), summed by the
        database: a trend over years of national months without 35,000 area records a month (36 national months of
        records cost a dashboard 9 s and 550 MB)."""
        m, a = municipalities.c, area_progress.c
        # summed per file and municipality in one pass over the rows, each month's latest file picked among the sums
        sums = (sa.select(a.snapshot_id, a.municipality_id, sa.func.sum(a.done).label("done"),
                          sa.func.count().label("areas"))
                .where(_in_months(months),
                       a.municipality_id.in_(_selected(sa.select(m.id), prefecture, municipality)))
                .group_by(a.snapshot_id, a.municipality_id).cte("sums"))
        latest = _latest_snapshots(sums)
        query = (sa.select(latest.c.month, m.prefecture, m.name, sums.c.done, sums.c.areas)
                 .select_from(latest.join(sums, sa.and_(sums.c.snapshot_id == latest.c.snapshot_id,
                                                        sums.c.municipality_id == latest.c.municipality_id))
                              .join(municipalities, m.id == latest.c.municipality_id)))
        result: dict[str, dict[tuple[str, str], Fraction]] = {}
        with self._read() as conn:
            for month, prefecture, name, done, areas in conn.execute(query):
                result.setdefault(month, {})[(prefecture, name)] = overall_rate(done, areas)
        return {k: result[k] for k in sorted(result)}

    def previous_months(self, month: str, *, prefecture: str | None = None,
                        municipality: str | None = None) -> dict[tuple[str, str], str | None]:
        """(prefecture, name) → its latest month before *month* with data (None: none), of every municipality with
        data up to *month*, in the order a reading of `progress` month by month meets them (its first month, then
        import order). What a view of *month* needs of the earlier months, without loading them."""
        m, s, held = municipalities.c, snapshots.c, _held()
        query = (sa.select(m.prefecture, m.name, sa.func.max(sa.case((s.month < month, s.month))))
                 .select_from(held.join(snapshots, s.id == held.c.snapshot_id)
                              .join(municipalities, m.id == held.c.municipality_id))
                 .where(s.month <= month).group_by(m.id, m.prefecture, m.name).order_by(sa.func.min(s.month), m.id))
        with self._read() as conn:
            return {(p, n): before for p, n, before in conn.execute(_selected(query, prefecture, municipality))}

    def step_notes(self, month: str, *, prefecture: str | None = None,
                   municipality: str | None = None) -> dict[tuple[str, str], dict[str, list[StepNote]]]:
        """(prefecture, name) → area → dated notes of the self-filled sheet, each municipality's from the
        snapshot that gives its progress in *month* (as `progress`: the latest holding it). One query for
        the whole selection: one per municipality cost seconds on a national status."""
        m, n = municipalities.c, step_notes.c
        latest = _latest_snapshots(_held([month]))
        query = (sa.select(m.prefecture, m.name, n.area, n.step, n.date, n.note)
                 .select_from(step_notes.join(latest, sa.and_(n.snapshot_id == latest.c.snapshot_id,
                                                              n.municipality_id == latest.c.municipality_id))
                              .join(municipalities, m.id == n.municipality_id))
                 .order_by(m.id, n.area, n.step))
        query = _selected(query, prefecture, municipality)
        notes: dict[tuple[str, str], dict[str, list[StepNote]]] = {}
        with self._read() as conn:
            for pref, name, area, step, date, note in conn.execute(query):
                notes.setdefault((pref, name), {}).setdefault(area, []).append(StepNote(step, date, note))
        return notes

    def prefecture_counts(self, snapshot_id: int) -> dict[str, int]:
        """Prefecture → how many municipalities of it the file *snapshot_id* holds."""
        m, a = municipalities.c, area_progress.c
        query = (sa.select(m.prefecture, sa.func.count(sa.distinct(a.municipality_id)))
                 .select_from(area_progress.join(municipalities, m.id == a.municipality_id))
                 .where(a.snapshot_id == snapshot_id).group_by(m.prefecture))
        with self._read() as conn:
            return {p: n for p, n in conn.execute(query)}

    def municipality_keys(self) -> list[tuple[str, str]]:
        """(prefecture, name) of every municipality with progress in some month."""
        m = municipalities.c
        with self._read() as conn:
            return [(r.prefecture, r.name) for r in conn.execute(
                sa.select(m.prefecture, m.name).where(m.id.in_(sa.select(area_progress.c.municipality_id))).order_by(m.id))]

    def shared_names(self) -> set[str]:
        """The names of municipalities with progress in some month that several prefectures have (美里町, 府中市)."""
        m = municipalities.c
        with self._read() as conn:
            return set(conn.execute(sa.select(m.name).where(m.id.in_(sa.select(area_progress.c.municipality_id)))
                                    .group_by(m.name).having(sa.func.count() > 1)).scalars())

    def municipality_names(self, name: str) -> list[tuple[str, str]]:
        """(prefecture, name as stored) of every municipality called *name*, as towns are matched (town_key: 七ケ浜町
        is 七ヶ浜町), with progress in some month (one whose files were all removed or replaced is no candidate: 利府町
        stayed ambiguous with 福島県's data gone)."""
        key = town_key(name)
        return [(p, n) for p, n in self.municipality_keys() if town_key(n) == key]


def _rosters(conn: Connection, prefecture: str | None) -> dict[str, dict[str, frozenset[str]]]:
    """`ReadinessStore.rosters`, read in *conn*."""
    m, a, s = municipalities.c, area_progress.c, snapshots.c
    query = (sa.select(s.id, s.month, s.scope, m.prefecture, m.name).distinct()
             .select_from(area_progress.join(snapshots).join(municipalities, m.id == a.municipality_id))
             .where(s.kind == "soumu"))
    if prefecture:
        query = query.where(m.prefecture == prefecture)
    files: dict[tuple[str, int], tuple[str, bool, set[str]]] = {}  # (prefecture, file) → month, whole?, names
    for sid, month, scope, pref, name in conn.execute(query):
        files.setdefault((pref, sid), (month, scope in (pref, NATIONAL_SCOPE), set()))[2].add(name)
    largest: dict[str, int] = {}
    for (pref, _sid), (_month, _own, names) in files.items():
        largest[pref] = max(largest.get(pref, 0), len(names))
    lists = {key: v for key, v in files.items() if not is_extract(len(v[2]), largest[key[0]])}
    anchored = {pref for (pref, _sid), (_month, own, _names) in lists.items() if own}
    result: dict[str, dict[str, set[str]]] = {}
    for (pref, _sid), (month, _own, names) in lists.items():
        if pref in anchored:
            result.setdefault(pref, {}).setdefault(month, set()).update(names)
    return {p: {mo: frozenset(result[p][mo]) for mo in sorted(result[p])} for p in result}


def _workbook_rows(conn: Connection, keys: list[tuple[str, int]]) -> dict[tuple[str, int], int]:
    """(month, municipality_id) → the municipality's row in the largest 総務省 workbook of the month holding it, for
    each of *keys* any workbook of the month holds with a row (not one imported before schema 6)."""
    if not keys:
        return {}
    a, s = area_progress.c, snapshots.c
    query = (sa.select(s.month, a.municipality_id, a.file_row, s.municipality_count, s.id).distinct()
             .select_from(area_progress.join(snapshots))
             .where(s.kind == "soumu", a.file_row.is_not(None), s.month.in_({mo for mo, _ in keys}),
                    a.municipality_id.in_({mid for _, mid in keys}))
             .order_by(s.municipality_count, s.id))
    wanted = set(keys)
    return {(mo, mid): row for mo, mid, row, _count, _id in conn.execute(query) if (mo, mid) in wanted}  # largest last


def _workbook_order(town: tuple[str, str, str | None], row: int | None, mid: int) -> tuple[Any, ...]:
    """Where a town of a month stands in the views: its prefecture's place (都道府県コード順), then its row in the
    総務省 workbook (which lists towns by 団体コード), then, for a town no workbook of the month holds (its own sheet
    only), its 団体コード, else the order towns were first imported. Listed in the order of first import, a renamed or
    merged town came after 沖縄県 与那国町 in the national table, and after 南三陸町 in 宮城県's."""
    prefecture, _name, code = town
    return (prefecture_place(prefecture), row is None, row or 0, code is None, code or "", mid)


_SNAPSHOT_COLUMNS = (snapshots.c.id, snapshots.c.month, snapshots.c.kind, snapshots.c.source_name, snapshots.c.imported_at,
                     snapshots.c.municipality_count, snapshots.c.scope, snapshots.c.sha256)


def _delete(conn: Connection, where: Any) -> list[Snapshot]:
    """Delete the snapshots matching *where* with their rows (explicitly: SQLite enforces ON DELETE CASCADE only
    with foreign keys on); returns them."""
    rows = [Snapshot(*r) for r in conn.execute(sa.select(*_SNAPSHOT_COLUMNS).where(where).order_by(snapshots.c.id))]
    ids = [r.id for r in rows]
    if ids:
        for table in (step_notes, area_progress):
            conn.execute(table.delete().where(table.c.snapshot_id.in_(ids)))
        conn.execute(snapshots.delete().where(snapshots.c.id.in_(ids)))
    return rows


def _withdrawn(conn: Connection, replaced: list[int], data: ReadinessImport) -> tuple[tuple[str, str], ...]:
    """(prefecture, name) of the municipalities of the snapshots *replaced* that neither *data* nor another file of its
    month holds: the month loses them with the replaced files, said rather than silent (2 of 4 towns went without a
    word)."""
    if not replaced:
        return ()
    a, s, m = area_progress.c, snapshots.c, municipalities.c
    old = sa.select(a.municipality_id).where(a.snapshot_id.in_(replaced))
    others = (sa.select(a.municipality_id).select_from(area_progress.join(snapshots))
              .where(s.month == data.month, s.id.not_in(replaced)))
    new = {(d.prefecture, d.name) for d in data.municipalities}
    rows = conn.execute(sa.select(m.prefecture, m.name).where(m.id.in_(old), m.id.not_in(others)).order_by(m.id))
    return tuple((p, n) for p, n in rows if (p, n) not in new)


def _shadowed(conn: Connection, snapshot_id: int, month: str, told: set[int]) -> tuple[Shadowed, ...]:
    """The other files of *month* holding municipalities of *snapshot_id* (which now shows for them), with how many;
    not those in *told*. A national workbook imported after a town's own sheet hid the sheet without a word. Of a
    file the new one mostly covers (a workbook with a mistyped prefecture, then the corrected one), the towns still
    showing its values: a correction that leaves them is no correction."""
    a, s, m = area_progress.c, snapshots.c, municipalities.c
    if conn.execute(sa.select(s.id).where(s.month == month, s.id != snapshot_id).limit(1)).first() is None:
        return ()  # the month's only file (a national month: no grouping over its 35,000 rows)
    mine = sa.select(a.municipality_id).where(a.snapshot_id == snapshot_id)
    rows = conn.execute(sa.select(*_SNAPSHOT_COLUMNS, sa.func.count(sa.distinct(a.municipality_id)))
                        .select_from(area_progress.join(snapshots))
                        .where(s.month == month, s.id != snapshot_id, a.municipality_id.in_(mine))
                        .group_by(*_SNAPSHOT_COLUMNS).order_by(s.id)).all()
    result = []
    for r in rows:
        old, count = Snapshot(*r[:-1]), r[-1]
        if old.id in told:
            continue
        left: tuple[tuple[str, str], ...] = ()
        if old.municipality_count > count and not is_extract(count, old.municipality_count):
            later = (sa.select(a.municipality_id).select_from(area_progress.join(snapshots))
                     .where(s.month == month, s.id > old.id))
            still = sa.select(a.municipality_id).where(a.snapshot_id == old.id, a.municipality_id.not_in(later))
            left = tuple((p, n) for p, n in conn.execute(
                sa.select(m.prefecture, m.name).where(m.id.in_(still)).order_by(m.id)))
        result.append(Shadowed(old, count, left))
    return tuple(result)


def _without_rows(conn: Connection, snapshot_id: int) -> bool:
    """Whether *snapshot_id* is a 総務省 workbook stored before schema 6, without its towns' rows (`file_row`)."""
    a, s = area_progress.c, snapshots.c
    return conn.execute(sa.select(a.snapshot_id).select_from(area_progress.join(snapshots))
                        .where(a.snapshot_id == snapshot_id, s.kind == "soumu", a.file_row.is_(None)).limit(1)).first() is not None


def _overridden(conn: Connection, snapshot_id: int, month: str) -> bool:
    """Whether a later snapshot of *month* holds one of the municipalities of *snapshot_id*."""
    a, s = area_progress.c, snapshots.c
    own = sa.select(a.municipality_id).where(a.snapshot_id == snapshot_id)
    later = (sa.select(a.snapshot_id).select_from(area_progress.join(snapshots))
             .where(s.month == month, s.id > snapshot_id, a.municipality_id.in_(own)).limit(1))
    return conn.execute(later).first() is not None


_Query = TypeVar("_Query", bound=sa.Select[Any])  # a query keeps its columns' types through _selected


def _selected(query: _Query, prefecture: str | None, municipality: str | None) -> _Query:
    """*query*, joined with municipalities, of the selection's only: one prefecture or municipality, if given."""
    m = municipalities.c
    if prefecture:
        query = query.where(m.prefecture == prefecture)
    if municipality:
        query = query.where(m.name == municipality)
    return query


def _held(months: Iterable[str] | None = None) -> sa.Subquery:
    """(snapshot_id, municipality_id) of each file and municipality in it (of *months*): a row per municipality, not
    per area, read from the primary key alone."""
    a = area_progress.c
    query = sa.select(a.snapshot_id, a.municipality_id).distinct()
    if months is not None:
        query = query.where(_in_months(months))
    return query.subquery()


def _in_months(months: Iterable[str]) -> sa.ColumnElement[bool]:
    """An area row of a file of one of *months*."""
    return area_progress.c.snapshot_id.in_(sa.select(snapshots.c.id).where(snapshots.c.month.in_(list(months))))


def _latest_snapshots(held: sa.Subquery | sa.CTE) -> sa.Subquery:
    """(month, municipality_id, snapshot_id): per month, each municipality's latest snapshot holding it (a later
    import of the same month replaces an earlier one for the municipalities it holds), among the (snapshot_id,
    municipality_id) rows of *held*."""
    s = snapshots.c
    return (sa.select(s.month, held.c.municipality_id, sa.func.max(held.c.snapshot_id).label("snapshot_id"))
            .select_from(held.join(snapshots, s.id == held.c.snapshot_id))
            .group_by(s.month, held.c.municipality_id).subquery())


_DB_WAIT_SECONDS = 300  # HYOJUN_DB_WAIT's default: a national import holds the lock for seconds


def _db_wait() -> int:
    """HYOJUN_DB_WAIT: the seconds a write waits for another process's (0: not at all)."""
    return max(env_int("HYOJUN_DB_WAIT", _DB_WAIT_SECONDS), 0)


_QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE of a statement cancelled (by Ctrl+C: hyojun sets no statement_timeout)


def _db_lock_wait(place: str, on_wait: Callable[[str], None] | None) -> LockWait:
    """The waits of the database *place* for another process's lock, said once."""
    return LockWait(lambda: f"ほかの hyojun（または別のプログラム）がデータベース {place} を使用中のため、終わるまで待っています"
                            f"（最長 {_db_wait():,} 秒。HYOJUN_DB_WAIT で変更できます。Ctrl+C で中止できます）", on_wait)


def _run_waiting(wait: LockWait, conn: Connection, sql: str) -> None:
    """Run *sql*, a statement that takes a SQLite lock (BEGIN IMMEDIATE, a reader's first read, COMMIT), again while
    another connection holds it, up to HYOJUN_DB_WAIT seconds. SQLite's own busy timeout waited silently in C, where
    Ctrl-C and SIGTERM go unseen until it returns (300 s); *wait* sleeps in Python, which they interrupt."""
    deadline = time.monotonic() + _db_wait()
    while True:
        try:
            conn.exec_driver_sql(sql).close()
            return
        except sa.exc.OperationalError as exc:
            busy = isinstance(exc.orig, sqlite3.Error) and exc.orig.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY
            if not busy or time.monotonic() >= deadline:
                raise
        wait.pause()


def _engine(url: str, lock_wait: LockWait | None = None) -> Engine:
    if not url.startswith("sqlite"):
        parsed = sa.engine.make_url(url)
        # postgresql:// means psycopg 3 to SQLAlchemy 2.1; the driver installed for hyojun is psycopg2
        if parsed.drivername == "postgresql" and not importlib.util.find_spec("psycopg") \
                and importlib.util.find_spec("psycopg2"):
            parsed = parsed.set(drivername="postgresql+psycopg2")
        if parsed.drivername == "postgresql+psycopg2":
            import psycopg2.extensions
            import psycopg2.extras

            # libpq's own wait for an answer (a lock another hyojun holds) ignores Ctrl+C until lock_timeout ends;
            # psycopg2's wait in Python hears it and cancels the statement. The callback is psycopg2's for every
            # connection of the process: one a library caller installed (gevent's, say) is left as it is
            if psycopg2.extensions.get_wait_callback() is None:
                psycopg2.extensions.set_wait_callback(psycopg2.extras.wait_select)
        # another hyojun's write (the advisory lock every write takes) is waited for up to HYOJUN_DB_WAIT seconds, as
        # SQLite's is, then said in Japanese (it waited without end); 0 in lock_timeout would mean no limit at all
        timeout_ms = max(_db_wait() * 1000, 1)
        return sa.create_engine(parsed, pool_pre_ping=True, connect_args={"options": f"-c lock_timeout={timeout_ms}"})
    wait = lock_wait or _db_lock_wait(url, None)
    # no busy timeout: SQLite answers "locked" at once, and _run_waiting waits (a cache spill that finds a reader
    # holding the file is simply not done then)
    engine = sa.create_engine(url, connect_args={"timeout": 0})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let the "begin" hook below issue BEGIN itself
        dbapi_conn.execute("PRAGMA foreign_keys = ON")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if conn.get_execution_options().get("hyojun_write"):
            _run_waiting(wait, conn, "BEGIN IMMEDIATE")
            return
        conn.exec_driver_sql("BEGIN")
        _run_waiting(wait, conn, "SELECT 1 FROM sqlite_master LIMIT 1")  # takes the read lock a reader holds to its end

    @sa.event.listens_for(engine, "commit")
    def _commit(conn: Connection) -> None:
        _run_waiting(wait, conn, "COMMIT")  # waits for readers to let go; SQLAlchemy's commit then finds nothing to do

    return engine
