"""The readiness store on SQLite (always) and PostgreSQL (HYOJUN_TEST_PG_URL): migrations, idempotent and
transactional imports, concurrent imports from separate processes, recorded checks."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from checker import __version__
from checker.analysis.readiness import StepNote, latest_coverage
from checker.errors import InputError
from checker.io.readiness_reader import read_progress
from checker.io.waits import telling_waits
from checker.readiness_store import SCHEMA_VERSION, CheckEntry, ReadinessStore, Snapshot, database_url, schema_version
from test_readiness_reader import MIYAGI, fill_template

from tests.conftest import fail_checks_of, postgres_url

def _counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        result = {t: conn.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar()
                  for t in ("municipalities", "snapshots", "area_progress", "step_notes", "check_records")}
    engine.dispose()
    return result


def test_default_url_and_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HYOJUN_HOME", str(tmp_path))
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'readiness.db'}"
    monkeypatch.setenv("HYOJUN_DB", "postgresql+psycopg2://u:p@h/db")
    assert database_url() == "postgresql+psycopg2://u:p@h/db"
    assert database_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"



@pytest.mark.parametrize("folder", ["h?x", "h%41", "a%2F..%2Fb #1"])
def test_a_folder_named_like_url_syntax_holds_its_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                            folder: str) -> None:
    """A path is no URL: under HYOJUN_HOME h?x the database was the file h (outside it), under h%41 the folder hA,
    which is not there, was named in the error (hyojun demo --out puts its database in the folder given)."""
    monkeypatch.setenv("HYOJUN_HOME", str(tmp_path / folder))
    monkeypatch.delenv("HYOJUN_DB", raising=False)
    for db, file in ((None, tmp_path / folder / "data" / "readiness.db"), (str(tmp_path / folder / "x.db"), tmp_path / folder / "x.db")):
        store = ReadinessStore(db)
        store.engine.dispose()
        assert store.display_url == str(file) and file.is_file()
        assert ReadinessStore(db, create=False).display_url == str(file)
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]

def test_migrations_are_versioned_and_idempotent(db_url: str) -> None:
    ReadinessStore(db_url)
    assert ReadinessStore(db_url).migrate() == SCHEMA_VERSION
    engine = sa.create_engine(db_url)
    v = schema_version.c
    with engine.begin() as conn:
        assert conn.execute(sa.select(v.version, v.hyojun)).all() == [(n, __version__) for n in range(1, SCHEMA_VERSION + 1)]
        conn.execute(schema_version.insert().values(version=SCHEMA_VERSION + 1, applied_at="future"))
    with pytest.raises(InputError, match=rf"は新しい版の hyojun で作られています（スキーマ版 {SCHEMA_VERSION + 1}、この hyojun "
                                         rf"{re.escape(__version__)} はスキーマ版 {SCHEMA_VERSION} まで）。hyojun を更新してください$"):
        ReadinessStore(db_url)
    with engine.begin() as conn:  # the hyojun that made it is named where it is known
        conn.execute(schema_version.update().where(v.version == SCHEMA_VERSION + 1).values(hyojun="9.1.0"))
    engine.dispose()
    with pytest.raises(InputError, match=r"は新しい版の hyojun（9\.1\.0）で作られています（.*）。hyojun を 9\.1\.0 以降に更新してください$"):
        ReadinessStore(db_url)


def test_a_store_of_a_hyojun_before_0_2_0_gains_the_column_naming_the_hyojun(db_url: str) -> None:
    ReadinessStore(db_url)
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:  # as 0.1.0 made it, one migration short
        conn.execute(sa.text("ALTER TABLE schema_version DROP COLUMN hyojun"))
        conn.execute(sa.text(f"DELETE FROM schema_version WHERE version = {SCHEMA_VERSION}"))
    ReadinessStore(db_url)
    with engine.begin() as conn:
        assert conn.execute(sa.select(schema_version.c.version, schema_version.c.hyojun)).all()[-2:] == \
            [(SCHEMA_VERSION - 1, None), (SCHEMA_VERSION, __version__)]
    engine.dispose()


def test_a_reader_makes_no_database_and_no_tables(db_url: str) -> None:
    """status, dashboard and remove open with create=False: a SQLite file that is not there, or a database without
    hyojun's tables, is an error, and nothing is made."""
    with pytest.raises(InputError, match=r"^データベース .*(がありません|には hyojun のデータがありません)。--db"):
        ReadinessStore(db_url, create=False)
    if db_url.startswith("sqlite:///"):
        assert not Path(db_url.removeprefix("sqlite:///")).exists()
    else:
        engine = sa.create_engine(db_url)
        assert sa.inspect(engine).get_table_names() == []
        engine.dispose()
    ReadinessStore(db_url).record_check("介護保険", "利府町", "第6.0版", "架空システムズ", 1.0, "conformant")
    assert ReadinessStore(db_url, create=False).months() == []


def test_reimport_same_file_does_nothing(db_url: str) -> None:
    store = ReadinessStore(db_url)
    data = read_progress(MIYAGI)
    first = store.import_data(data)
    before = _counts(db_url)
    again = store.import_data(read_progress(MIYAGI))
    assert not first.skipped and again.skipped and again.snapshot_id == first.snapshot_id
    assert _counts(db_url) == before == {"municipalities": 35, "snapshots": 1, "area_progress": 700,
                                          "step_notes": 0, "check_records": 0}
    assert store.snapshot_for(data.sha256) == (first.snapshot_id, "2026-01", True)


def test_failed_import_leaves_database_unchanged(db_url: str, tmp_path: Path) -> None:
    store = ReadinessStore(db_url)
    store.import_data(read_progress(fill_template(tmp_path / "self.xlsx")))
    before = _counts(db_url)
    data = read_progress(MIYAGI)
    # A duplicate (municipality, area) row fails on the primary key after municipalities and the
    # snapshot row were written: everything must be rolled back.
    broken = dataclasses.replace(data, rows=data.rows + [data.rows[-1]])
    with pytest.raises(sa.exc.IntegrityError):
        store.import_data(broken)
    assert _counts(db_url) == before
    assert not store.import_data(data).skipped  # and the good file still imports


def test_corrupt_second_sheet_changes_nothing(db_url: str, tmp_path: Path) -> None:
    import openpyxl

    store = ReadinessStore(db_url)
    before = _counts(db_url)
    bad = tmp_path / "bad.xlsx"
    wb = openpyxl.load_workbook(MIYAGI)
    wb["業務別ステップ別進捗一覧"]["E5"] = "壊れた値"
    wb.save(bad)
    with pytest.raises(InputError, match=r"業務別ステップ別進捗一覧!E5"):
        store.import_data(read_progress(bad))
    assert _counts(db_url) == before


def test_newer_snapshot_wins_and_trend_months(db_url: str, tmp_path: Path) -> None:
    store = ReadinessStore(db_url)
    store.import_data(read_progress(MIYAGI))
    store.import_data(read_progress(fill_template(tmp_path / "self.xlsx", month="2026-02")))
    assert store.months() == ["2026-01", "2026-02"]
    history = store.progress(municipality="利府町")
    assert [m.month for ms in history.values() for m in ms] == ["2026-01", "2026-02"]
    feb = history["2026-02"][0]
    assert feb.code == "045021" and feb.areas["住民記録"].done == 40 and feb.areas["戸籍"].in_progress == 1


def test_step_notes_come_from_each_municipality_s_latest_snapshot_of_the_month(db_url: str, tmp_path: Path) -> None:
    store = ReadinessStore(db_url)
    store.import_data(read_progress(MIYAGI))  # 2026-01, no notes
    store.import_data(read_progress(fill_template(tmp_path / "a.xlsx", month="2026-01")))
    note = {("宮城県", "利府町"): {"戸籍": [StepNote(1, "2026-01-20", "体制案を作成中")]}}
    assert store.step_notes("2026-01") == note
    assert store.step_notes("2026-01", prefecture="宮城県") == note
    assert store.step_notes("2026-01", prefecture="宮城県", municipality="利府町") == note
    assert store.step_notes("2026-01", municipality="仙台市") == {}
    assert store.step_notes("2026-01", prefecture="東京都") == {}
    assert store.step_notes("2026-02") == {}
    # a later sheet of the same month without the note replaces the earlier one, for that municipality only
    store.import_data(read_progress(fill_template(tmp_path / "b.xlsx", month="2026-01", done_area="戸籍")))
    assert store.step_notes("2026-01") == {}


def test_record_check_and_coverage(db_url: str) -> None:
    store = ReadinessStore(db_url)
    store.record_check("戸籍", "利府町", "第5.0版", "架空システムズ株式会社", 0.95, "conditional", "2026-01-10T09:00:00",
                       prefecture="宮城県")
    store.record_check("戸籍", None, "第5.0版", "見本ソリューションズ株式会社", 0.5, "non_conformant")
    rows = store.check_rows()
    assert {r.vendor for r in rows} == {"架空システムズ株式会社", "見本ソリューションズ株式会社"}


def test_the_checks_of_a_run_are_recorded_all_or_none(db_url: str) -> None:
    """One transaction per record left the first vendors of a run cut short (Ctrl+C, another's lock past
    HYOJUN_DB_WAIT) recorded, and status showed them as the town's latest run."""
    store = ReadinessStore(db_url)
    engine = fail_checks_of(db_url, "B社")
    checks = [CheckEntry("戸籍", "利府町", "第5.0版", v, 0.5, "non_conformant", "宮城県", (1, 2)) for v in ("A社", "B社", "C社")]
    with pytest.raises(sa.exc.DatabaseError, match="cut short"):
        store.record_checks(checks, "2026-01-10T09:00:00+09:00", run="r")
    assert store.check_rows() == []
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER cut" + (" ON check_records" if conn.dialect.name == "postgresql" else ""))
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP FUNCTION cut()")
    engine.dispose()
    store.record_checks(checks, "2026-01-10T09:00:00+09:00", run="r")
    assert [(r.vendor, r.checked_at, r.run, r.mandatory_conformant, r.mandatory) for r in store.check_rows()] == \
        [(v, "2026-01-10T09:00:00+09:00", "r", 1, 2) for v in ("A社", "B社", "C社")]


def _cli_import(url: str, path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", "from checker.cli import main; main()", "readiness", "import",
                             str(path), "--db", url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_concurrent_imports_from_two_processes(db_url: str, tmp_path: Path) -> None:
    ReadinessStore(db_url)  # schema first, so the processes race on the imports themselves
    own = fill_template(tmp_path / "self.xlsx")
    procs = [_cli_import(db_url, p) for p in (MIYAGI, own, MIYAGI, own)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outputs
    assert sum("取り込み済みです" in out for out, _err in outputs) == 2
    assert _counts(db_url) == {"municipalities": 35, "snapshots": 2, "area_progress": 720, "step_notes": 1,
                               "check_records": 0}


def test_concurrent_first_use_creates_schema_once(db_url: str) -> None:
    procs = [_cli_import(db_url, MIYAGI) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert _counts(db_url)["snapshots"] == 1


# Another connection's hold on the SQLite file, and what it keeps the store from: (its statements, whether the store
# is a reader, whether the store is made before the hold)
_HOLDS = {"a writer's begin": (("BEGIN EXCLUSIVE",), False, False),
          "a reader's first read": (("BEGIN EXCLUSIVE",), True, True),
          "a writer's commit, while another reads": (("BEGIN", "SELECT COUNT(*) FROM snapshots"), False, True)}


@pytest.mark.parametrize("hold", list(_HOLDS))
def test_a_store_waits_for_a_lock_another_process_holds_and_says_so_once(tmp_path: Path, hold: str) -> None:
    """SQLite's own busy timeout waited 300 s in C, silent and deaf to Ctrl-C; a commit waiting for a reader to let
    go is waited for too (the store's short SQLite timeout would otherwise fail it)."""
    statements, reader, made = _HOLDS[hold]
    path = tmp_path / "readiness.db"
    if made:
        ReadinessStore(f"sqlite:///{path}").import_data(read_progress(MIYAGI))
    holder = sqlite3.connect(path, isolation_level=None)
    for sql in statements:
        holder.execute(sql).fetchall()
    notes: list[str] = []

    def waiting(note: str) -> None:
        notes.append(note)
        holder.execute("COMMIT")  # the other process is done

    store = ReadinessStore(f"sqlite:///{path}", create=not reader, on_wait=waiting)
    if not reader:
        store.import_data(read_progress(fill_template(tmp_path / "self.xlsx")))
    assert len(store.snapshots()) == 1 + (not reader and made)
    assert notes == [f"ほかの hyojun（または別のプログラム）がデータベース {path} を使用中のため、終わるまで待っています"
                     "（最長 300 秒。HYOJUN_DB_WAIT で変更できます。Ctrl+C で中止できます）"]


def test_a_store_made_in_a_run_that_tells_its_waits_says_so_unasked(tmp_path: Path) -> None:
    """The commands make their stores in the run that tells its waits (`telling_waits`), as the output lock waits: each
    passed its store on_wait by hand."""
    path = tmp_path / "readiness.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    notes: list[str] = []

    def waiting(note: str) -> None:
        notes.append(note)
        holder.execute("COMMIT")

    with telling_waits(waiting):
        ReadinessStore(f"sqlite:///{path}")
    assert notes == [f"ほかの hyojun（または別のプログラム）がデータベース {path} を使用中のため、終わるまで待っています"
                     "（最長 300 秒。HYOJUN_DB_WAIT で変更できます。Ctrl+C で中止できます）"]


def test_a_lock_held_longer_than_hyojun_db_wait_is_a_japanese_error(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """It ended in SQLite's English 「database is locked」 after 300 s, the wait no setting changed."""
    path = tmp_path / "readiness.db"
    ReadinessStore(f"sqlite:///{path}")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setenv("HYOJUN_DB_WAIT", "0")
    with pytest.raises(InputError) as caught:
        ReadinessStore(f"sqlite:///{path}")
    holder.close()
    assert str(caught.value) == (f"データベース {path} に書き込めません"
                                 "（ほかのプログラムが使用中です。終わってからもう一度実行してください）")


def test_a_reader_of_a_current_store_waits_for_no_write(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """status and dashboard took the write lock on every open (to migrate the store): they waited for any import, and
    said 「書き込めません」 when HYOJUN_DB_WAIT ran out. A store to migrate still is, under the lock."""
    from checker.readiness_store import _LOCK_KEY

    ReadinessStore(db_url).import_data(read_progress(MIYAGI))
    monkeypatch.setenv("HYOJUN_DB_WAIT", "0")
    holder = sa.create_engine(db_url, isolation_level="AUTOCOMMIT")  # another hyojun's import, under way
    with holder.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        told: list[str] = []
        reader = ReadinessStore(db_url, create=False, on_wait=told.append)
        assert (reader.months(), told) == (["2026-01"], [])
        with pytest.raises(InputError, match="に書き込めません（ほかのプログラムが使用中です"):
            reader.remove("2026-01")
        conn.exec_driver_sql("ROLLBACK")
        conn.execute(schema_version.delete().where(schema_version.c.version == SCHEMA_VERSION))
    holder.dispose()
    ReadinessStore(db_url, create=False)
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() == SCHEMA_VERSION
    engine.dispose()


def test_a_read_only_database_is_said_in_japanese(tmp_path: Path) -> None:
    """「attempt to write a readonly database」 (a file without write rights, a read-only share)."""
    path = tmp_path / "readiness.db"
    ReadinessStore(f"sqlite:///{path}")
    read_only = ReadinessStore(f"sqlite:///file:{path}?mode=ro&uri=true")  # as a user without write rights (not root)
    with pytest.raises(InputError) as caught:
        read_only.import_data(read_progress(MIYAGI))
    assert "に書き込めません（読み取り専用です（書き込む権限がないか、読み取り専用のドライブや共有フォルダです）。" \
           "書き込める場所を --db（または環境変数 HYOJUN_DB）に指定してください）" in str(caught.value)
    # a reader opens it as asked (「file:/…/readiness.db がありません」: the URI was taken for a file's name)
    reader = ReadinessStore(f"sqlite:///file:{path}?mode=ro&uri=true", create=False)
    assert (reader.months(), reader.display_url) == ([], str(path))
    with pytest.raises(InputError, match=f"データベース {re.escape(str(tmp_path / 'no.db'))} がありません"):
        ReadinessStore(f"sqlite:///file:{tmp_path / 'no.db'}?mode=ro&uri=true", create=False)


def test_a_full_disk_under_the_database_is_said_in_japanese(tmp_path: Path) -> None:
    """「database or disk is full」; the database keeps what it had."""
    url = f"sqlite:///{tmp_path / 'readiness.db'}"
    store = ReadinessStore(url)
    store.engine.dispose()
    sa.event.listen(store.engine, "connect", lambda conn, _record: conn.execute("PRAGMA max_page_count = 12"))  # full
    with pytest.raises(InputError) as caught:
        store.import_data(read_progress(MIYAGI))
    assert str(caught.value) == (f"データベース {tmp_path / 'readiness.db'} に書き込めません"
                                 "（ディスクの空き容量が足りません。空きを作ってから、もう一度実行してください）")
    assert _counts(url)["snapshots"] == 0


@pytest.mark.skipif(sys.platform == "win32", reason="Windows removes no file another process has open")
def test_a_database_removed_under_another_run_is_said_so(tmp_path: Path) -> None:
    """The run that made the database failed and removed it while another had it open: SQLite's
    SQLITE_READONLY_DBMOVED was said as a read-only database (check the permissions), and nothing was written."""
    db = str(tmp_path / "sub" / "r.db")
    made, other = ReadinessStore(db), ReadinessStore(db)  # the other opened it meanwhile: not its to remove
    with other._read():
        pass  # its connection stays open (pooled) on the file
    made._remove_if_unused()
    with pytest.raises(InputError) as caught:
        other.migrate()
    assert str(caught.value) == (f"データベース {db} に書き込めません（ほかの hyojun の実行が、作ったばかりで何も入っていないこの"
                                 "データベースを、その実行が失敗したため削除しました。もう一度実行してください）")
    assert not (tmp_path / "sub").exists()


def test_unreachable_database_is_an_input_error() -> None:
    with pytest.raises(InputError, match="データベース"):
        ReadinessStore("sqlite:////nonexistent-dir/sub/x.db")


@pytest.mark.parametrize("content, reason", [(b"municipality: x\n" * 200, "SQLite のデータベースのファイルではありません"),
                                             (None, "フォルダです。ファイルを指定してください")])
def test_a_file_or_folder_that_is_no_database_is_an_input_error_named_by_its_path(tmp_path: Path, content: bytes | None,
                                                                                 reason: str) -> None:
    """A progress workbook or a profile given to --db ended in SQLAlchemy's traceback (DatabaseError, not Operational)."""
    target = tmp_path / "調達 2026" / "readiness.db"
    if content is None:
        target.mkdir(parents=True)
    else:
        target.parent.mkdir()
        target.write_bytes(content)
    with pytest.raises(InputError) as caught:
        ReadinessStore(f"sqlite:///{target}")
    assert f"データベース {target} に書き込めません（{reason}" in str(caught.value)  # the path as typed: not %E8…


def test_a_bare_postgresql_url_uses_the_installed_psycopg2() -> None:
    """SQLAlchemy 2.1 reads postgresql:// as psycopg 3, which hyojun does not install (the advice said to install psycopg2)."""
    import importlib.util

    from checker.readiness_store import _engine

    engine = _engine("postgresql://u:p@127.0.0.1:1/x")  # no connection is made
    assert engine.dialect.driver == ("psycopg" if importlib.util.find_spec("psycopg") else "psycopg2")


SUPPORTED = ("--db（または環境変数 HYOJUN_DB）には、SQLite のファイルのパス（または sqlite:///パス）か、PostgreSQL の URL"
             "（postgresql://ユーザー:パスワード@ホスト/データベース名）を指定してください")


@pytest.mark.parametrize("url, said", [
    ("mysql://u:secret@localhost/x", "mysql://u:***@localhost/x は使えません（「mysql://」には対応していません）"),
    ("foo://bar", "foo://bar は使えません（「foo://」には対応していません）"),
    ("mysql+pymysql://u:secret@localhost/x", "mysql+pymysql://u:***@localhost/x は使えません（「mysql+pymysql://」には対応していません）"),
    ("postgresql://u:secret@h:abc/x", "postgresql://u:***@h:abc/x を URL として読めません"),
    ("postgresql://u:p@ss@h:abc/x", "postgresql://u:***@h:abc/x を URL として読めません"),  # an @ in the password
    ("://u:secret@h/x", "://u:***@h/x を URL として読めません"),
    ("postgresql+foo://u:secret@h/x", "postgresql+foo://u:***@h/x を使えません（SQLAlchemy に「postgresql+foo」のドライバがありません）"),
    ("sqlite+pysqlcipher:///x.db", "x.db を使えません（Python のモジュール pysqlcipher3 がありません）"),
])
def test_a_db_url_of_another_kind_says_which_urls_hyojun_takes(url: str, said: str, monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    """mysql:// and the like gave the driver's English and advice to install psycopg2; an URL SQLAlchemy cannot
    read, a traceback. The password stays hidden. A SQLite file whose driver is missing is not made (an empty x.db
    was left in the working folder)."""
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # not installed
    monkeypatch.setitem(sys.modules, "pysqlcipher3", None)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as err:
        ReadinessStore(url)
    assert err.value.message == f"データベース {said}。{SUPPORTED}"
    assert list(tmp_path.iterdir()) == []


def test_a_postgresql_url_without_its_driver_says_to_install_psycopg2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pg8000", None)  # not installed
    with pytest.raises(InputError) as err:
        ReadinessStore("postgresql+pg8000://u:secret@127.0.0.1:1/x")
    assert err.value.message == ("データベース postgresql+pg8000://u:***@127.0.0.1:1/x を使えません（Python のモジュール pg8000 "
                                 "がありません）。PostgreSQL には psycopg2 が必要です: pip install psycopg2-binary")


def test_a_later_file_of_the_month_and_scope_replaces_the_earlier_and_the_earlier_comes_back(db_url: str,
                                                                                              tmp_path: Path) -> None:
    """A corrected January without 試験村 kept 試験村 from the first file; importing the first file again did nothing.
    The towns the month loses with the replaced file are named (2 of 4 towns went without a word)."""
    from tests.conftest import rates_workbook

    v1 = rates_workbook(tmp_path / "v1.xlsx", ["住民記録"], [["宮城県", "試験町", 0.5, 0.5], ["宮城県", "試験村", 1.0, 1.0],
                                                          ["宮城県", "試験郷", 0.25, 0.25]])
    v2 = rates_workbook(tmp_path / "v2.xlsx", ["住民記録"], [["宮城県", "試験町", 0.75, 0.75], ["宮城県", "試験郷", 0.25, 0.25]])
    other = rates_workbook(tmp_path / "other.xlsx", ["住民記録"], [["東京都", "試験市", 1.0, 1.0]])
    store = ReadinessStore(db_url)

    def january() -> dict[str, int]:
        return {m.name: m.areas["住民記録"].done for m in store.progress(months=["2026-01"])["2026-01"]}
    for path in (v1, other):
        store.import_data(read_progress(path))
    result = store.import_data(read_progress(v2))
    assert [(s.source_name, s.scope) for s in result.replaced] == [("v1.xlsx", "宮城県")]
    assert result.withdrawn == (("宮城県", "試験村"),)
    assert january() == {"試験町": 30, "試験郷": 10, "試験市": 40}  # another prefecture's file is another scope
    first = read_progress(v1)
    assert store.snapshot_for(first.sha256) is None
    again = store.import_data(first)
    assert not again.skipped and [s.source_name for s in again.replaced] == ["v2.xlsx"] and again.withdrawn == ()
    assert january() == {"試験町": 20, "試験村": 40, "試験郷": 10, "試験市": 40}
    assert [s.source_name for s in store.remove("2026-01", "other.xlsx")] == ["other.xlsx"]
    assert january() == {"試験町": 20, "試験村": 40, "試験郷": 10}
    assert [s.source_name for s in store.remove("2026-01")] == ["v1.xlsx"] and store.months() == []


def test_a_town_another_file_of_the_month_still_holds_is_not_withdrawn(db_url: str, tmp_path: Path) -> None:
    """The towns a replaced file takes away are those the month no longer shows: not 試験村, which a book of two
    prefectures of January still holds; 試験里 is, though December's file holds it (another month shows no January)."""
    from tests.conftest import rates_workbook

    def book(name: str, rows: list[tuple[str, str]], month: str = "令和8年1月") -> Path:
        return rates_workbook(tmp_path / name, ["住民記録"], [[p, t, 0.5, 0.5] for p, t in rows], month)

    store = ReadinessStore(db_url)
    store.import_data(read_progress(book("v1.xlsx", [("宮城県", t) for t in ("試験町", "試験村", "試験郷", "試験里")])))
    store.import_data(read_progress(book("both.xlsx", [("宮城県", "試験村"), ("東京都", "試験市")])))
    store.import_data(read_progress(book("december.xlsx", [("宮城県", t) for t in ("試験町", "試験里")], "令和7年12月")))
    result = store.import_data(read_progress(book("v2.xlsx", [("宮城県", t) for t in ("試験町", "試験郷", "試験浜")])))
    assert [s.source_name for s in result.replaced] == ["v1.xlsx"]
    assert result.withdrawn == (("宮城県", "試験里"),)
    january = store.progress(months=["2026-01"])["2026-01"]
    assert sorted(m.name for m in january if m.prefecture == "宮城県") == ["試験村", "試験浜", "試験町", "試験郷"]


def test_an_extract_replaces_no_larger_file(db_url: str, tmp_path: Path) -> None:
    """A 2-prefecture extract counted as 全国 and a 1-town extract replaced the prefecture's 35: data the file never held
    was deleted."""
    from tests.conftest import rates_workbook

    store = ReadinessStore(db_url)
    store.import_data(read_progress(MIYAGI))
    town = next(m.name for m in store.progress(months=["2026-01"])["2026-01"])
    one = rates_workbook(tmp_path / "one.xlsx", ["住民記録"], [["宮城県", town, 0.25, 0.25]])
    result = store.import_data(read_progress(one))
    assert result.replaced == () and [s.municipality_count for s in result.kept] == [35]
    january = {m.name: m.areas["住民記録"].done for m in store.progress(months=["2026-01"])["2026-01"]}
    assert len(january) == 35 and january[town] == 10  # the extract's value for its town, the others kept
    two = rates_workbook(tmp_path / "two.xlsx", ["住民記録"], [["宮城県", town, 0.5, 0.5], ["東京都", "試験市", 1.0, 1.0]])
    extract = store.import_data(read_progress(two))
    assert extract.replaced == () and extract.kept == ()  # its own scope: neither 宮城県 nor 全国
    assert len(store.progress(months=["2026-01"])["2026-01"]) == 36


def test_reimporting_an_overridden_file_names_the_extract_it_replaces(db_url: str, tmp_path: Path) -> None:
    """The prefecture's workbook, a 1-town extract over it, then the workbook again: the extract it replaces is named
    (not the workbook itself, nor nothing while the extract was deleted)."""
    from tests.conftest import rates_workbook

    full = rates_workbook(tmp_path / "full.xlsx", ["住民記録"], [["宮城県", t, 0.5, 0.5] for t in ("試験町", "試験村", "試験郷", "試験市")])
    extract = rates_workbook(tmp_path / "ext.xlsx", ["住民記録"], [["宮城県", "試験町", 1.0, 1.0]])
    store = ReadinessStore(db_url)
    store.import_data(read_progress(full))
    assert [k.source_name for k in store.import_data(read_progress(extract)).kept] == ["full.xlsx"]
    again = store.import_data(read_progress(full))
    assert not again.skipped and [s.source_name for s in again.replaced] == ["ext.xlsx"]
    assert [s.source_name for s in store.snapshots("2026-01")] == ["full.xlsx"]
    (town,) = store.progress(months=["2026-01"], municipality="試験町")["2026-01"]
    assert town.areas["住民記録"].done == 20  # the workbook's 50 %, not the extract's 100 %


def test_a_file_shadowed_by_a_later_one_becomes_current_when_imported_again(db_url: str, tmp_path: Path) -> None:
    store = ReadinessStore(db_url)
    path = fill_template(tmp_path / "self.xlsx", month="2026-01")
    sheet = read_progress(path)
    assert store.import_data(sheet).shadowed == ()
    soumu = store.import_data(read_progress(MIYAGI))  # 2026-01 for all 35, 利府町 included: the sheet no longer shows
    assert [(sh.snapshot.source_name, sh.count) for sh in soumu.shadowed] == [("self.xlsx", 1)]  # said, not hidden silently
    assert store.snapshot_for(sheet.sha256)[2] is False
    again = store.import_data(read_progress(path))
    assert not again.skipped and store.snapshot_for(sheet.sha256)[2] is True
    assert [(sh.snapshot.source_name, sh.count) for sh in again.shadowed] == [(MIYAGI.name, 1)]
    (rifu,) = store.progress(months=["2026-01"], municipality="利府町")["2026-01"]
    assert rifu.areas["住民記録"].done == 40  # the sheet's figures again


def test_an_area_without_a_record_is_stored_as_such(db_url: str, tmp_path: Path) -> None:
    from tests.conftest import rates_workbook

    store = ReadinessStore(db_url)
    store.import_data(read_progress(rates_workbook(tmp_path / "r.xlsx", ["住民記録"], [["宮城県", "試験町", 1.0, 1.0]])))
    (m,) = store.progress()["2026-01"]
    assert m.areas["住民記録"].recorded and not m.areas["印鑑登録"].recorded and m.total == 800


def test_a_store_of_schema_1_gains_the_scope_and_recorded_columns(db_url: str, tmp_path: Path) -> None:
    """A store made before snapshots.scope and area_progress.recorded: migrated, its files given their scope."""
    ReadinessStore(db_url).import_data(read_progress(MIYAGI))
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:  # back to schema 1
        conn.execute(sa.text("ALTER TABLE snapshots DROP COLUMN scope"))
        conn.execute(sa.text("ALTER TABLE area_progress DROP COLUMN recorded"))
        conn.execute(sa.text("DELETE FROM schema_version WHERE version > 1"))
    engine.dispose()
    store = ReadinessStore(db_url)
    assert [s.scope for s in store.snapshots()] == ["宮城県"]
    assert all(a.recorded for m in store.progress()["2026-01"] for a in m.areas.values())
    assert store.import_data(read_progress(MIYAGI)).skipped


def test_an_extract_a_schema_2_store_took_for_the_national_workbook_is_given_its_scope(db_url: str, tmp_path: Path) -> None:
    """Schema-2 stores written before an extract of several prefectures had a scope of its own hold it as 全国: its
    month was a whole-country month (national and prefecture medians over its towns). Migrated, the store gives
    what a fresh import of the same files gives."""
    from checker.readiness_query import load, select
    from tests.conftest import nation_workbook, rates_workbook

    nation = read_progress(nation_workbook(tmp_path / "01.xlsx", rate=0.5))
    extract = read_progress(rates_workbook(tmp_path / "02.xlsx", ["住民記録"], [["宮城県", "利府町", 1.0, 1.0],
                                                                              ["山形県", "山形市", 1.0, 1.0]],
                                           month="令和8年2月"))
    store = ReadinessStore(db_url)
    for data in (nation, extract):
        store.import_data(data)
    fresh = ([s.scope for s in store.snapshots()], store.rosters(), load(store, select(store, None, "利府町"), None).national.month)
    scopes, lists, national_month = fresh
    assert scopes[0] == "全国" and scopes[1].startswith("宮城県 ほか 1 都道府県")
    assert national_month == "2026-01" and list(lists["宮城県"]) == ["2026-01"]
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:  # as the older hyojun stored it
        conn.execute(sa.text("UPDATE snapshots SET scope = '全国'"))
        conn.execute(sa.text("DELETE FROM schema_version WHERE version > 2"))
    engine.dispose()
    store = ReadinessStore(db_url)
    assert ([s.scope for s in store.snapshots()], store.rosters(),
            load(store, select(store, None, "利府町"), None).national.month) == fresh


def test_a_store_of_schema_3_gains_the_coverage_counts(db_url: str) -> None:
    """A check recorded before the counts has none (readiness status --json: null); one recorded after has them."""
    ReadinessStore(db_url).record_check("戸籍", "利府町", "第5.0版", "A社", 0.5, "non_conformant")
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:  # back to schema 3
        for column in ("mandatory_conformant", "mandatory"):
            conn.execute(sa.text(f"ALTER TABLE check_records DROP COLUMN {column}"))
        conn.execute(sa.text("DELETE FROM schema_version WHERE version > 3"))
    engine.dispose()
    store = ReadinessStore(db_url)
    store.record_check("戸籍", "利府町", "第5.0版", "B社", 130 / 135, "non_conformant", counts=(130, 135))
    assert [(c.vendor, c.mandatory_conformant, c.mandatory) for c in sorted(store.check_rows(), key=lambda c: c.id)] == [
        ("A社", None, None), ("B社", 130, 135)]


def test_a_store_of_schema_4_has_its_check_times_in_jst_and_keeps_two_runs_of_one_second_apart(db_url: str) -> None:
    """checked_at was UTC to the microsecond, the key of a run; it is JST to the second now, as the check's
    generated_at. Migrated, the older records read the same way, and two runs of one second stay two."""
    ReadinessStore(db_url).migrate()
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:  # back to schema 4, with the records an older hyojun wrote
        conn.execute(sa.text("ALTER TABLE check_records DROP COLUMN run"))
        conn.execute(sa.text("DELETE FROM schema_version WHERE version > 4"))
        for vendor, at in (("A社", "2026-12-06T20:05:57.100000+00:00"), ("B社", "2026-12-06T20:05:57.100000+00:00"),
                           ("C社", "2026-12-06T20:05:57.900000+00:00")):  # a run of two vendors, then one of C社
            conn.execute(sa.text("INSERT INTO check_records (area, municipality, spec_version, vendor, mandatory_coverage, "
                                 "verdict, checked_at) VALUES ('戸籍', '利府町', '第5.0版', :v, 0.9, 'conditional', :at)"),
                         {"v": vendor, "at": at})
    engine.dispose()
    updates: list[str] = []
    told: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("UPDATE CHECK_RECORDS"):
            updates.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)
    try:
        store = ReadinessStore(db_url, on_wait=told.append)
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", count)
    # a statement per run, not per record (20,000 records one by one: 69 s with a 2 ms round trip), and said first
    assert len(updates) == 2
    assert told and f"スキーマ版 4 → {SCHEMA_VERSION}" in told[0] and "中断しても次の実行でやり直します" in told[0]
    checks = store.check_rows()
    assert {c.checked_at for c in checks} == {"2026-12-07T05:05:57+09:00"}
    assert [c.vendor for c in latest_coverage(checks, None, "利府町")["戸籍"]] == ["C社"]
    store.record_check("戸籍", "利府町", "第5.0版", "D社", 0.8, "conditional", "2026-12-07T05:05:58+09:00")
    assert [c.vendor for c in latest_coverage(store.check_rows(), None, "利府町")["戸籍"]] == ["D社"]
    with engine.begin() as conn:  # an older hyojun sharing the store records after the migration, in UTC
        conn.execute(sa.text("INSERT INTO check_records (area, municipality, spec_version, vendor, mandatory_coverage, "
                             "verdict, checked_at) VALUES ('戸籍', '利府町', '第5.0版', 'E社', 0.7, 'conditional', "
                             "'2026-12-06T20:05:59.500000+00:00')"))
    engine.dispose()
    # not taken for a run nine hours before D社's (the times compared as text)
    assert [c.vendor for c in latest_coverage(store.check_rows(), None, "利府町")["戸籍"]] == ["E社"]


def test_a_store_of_schema_5_has_its_workbooks_rows_filled_in_by_importing_them_again(db_url: str,
                                                                                       tmp_path: Path) -> None:
    """Files imported before schema 6 have no rows: their towns stay in the order of their first import (しかま町 after
    利府町) until the file is imported again, which fills in its rows and nothing else, not even which file the month
    shows (a town's own sheet imported after it stays)."""
    from checker.readiness_model import MunicipalityKey, ReadinessImport
    from tests.conftest import rates_workbook

    def book(month: str, towns: tuple[str, ...]) -> ReadinessImport:
        return read_progress(rates_workbook(tmp_path / f"{month}.xlsx", ["住民記録"], [["宮城県", t, 0.5, 0.5] for t in towns],
                                            month))

    store = ReadinessStore(db_url)
    store.import_data(book("令和8年1月", ("利府町", "色麻町", "大衡村")))
    february = book("令和8年2月", ("大衡村", "しかま町", "利府町"))
    store.import_data(february)
    store.import_data(ReadinessImport(tmp_path / "own.xlsx", "own", "self", "2026-02", [MunicipalityKey("宮城県", "利府町")],
                                      [(0, "住民記録", 40, 0, None)]))
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:  # back to schema 5
        conn.execute(sa.text("ALTER TABLE area_progress DROP COLUMN file_row"))
        conn.execute(sa.text("DELETE FROM schema_version WHERE version > 5"))
    engine.dispose()
    store = ReadinessStore(db_url)

    def towns() -> list[tuple[str, int]]:
        return [(m.name, m.areas["住民記録"].done) for m in store.progress(months=["2026-02"])["2026-02"]]

    assert towns() == [("利府町", 40), ("大衡村", 20), ("しかま町", 20)]
    assert store.snapshot_for(february.sha256)[2] is False  # imported again, not skipped by its sha256
    again = store.import_data(february)
    assert again.skipped and again.rows_filled and again.overridden  # the CLI says to import it once more to restore
    assert towns() == [("大衡村", 20), ("しかま町", 20), ("利府町", 40)]  # 利府町 still its own sheet's
    assert store.snapshot_for(february.sha256)[2] is False  # overridden by that sheet, as before
    assert not store.import_data(february).skipped  # now what it was before: imported again, as the latest
    assert towns() == [("大衡村", 20), ("しかま町", 20), ("利府町", 20)]


def test_an_import_time_is_shown_in_japan(utc_machine_at_jst_morning: None) -> None:
    """Stored in UTC before schema 5, and shown in the machine's time zone: on a UTC server, the day before."""
    snap = Snapshot(1, "2026-01", "soumu", "宮城県.xlsx", "2026-12-06T20:06:50+00:00", 35, "宮城県")
    assert snap.label == "宮城県.xlsx（2026年1月、宮城県、35 団体、取り込み 2026年12月7日 05:06）"


def test_a_name_whose_data_was_removed_is_no_candidate(db_url: str, tmp_path: Path) -> None:
    from tests.conftest import rates_workbook

    store = ReadinessStore(db_url)
    for pref in ("宮城県", "福島県"):
        store.import_data(read_progress(rates_workbook(tmp_path / f"{pref}.xlsx", ["住民記録"], [[pref, "試験町", 0.5, 0.5]])))
    assert sorted(store.municipality_names("試験町")) == [("宮城県", "試験町"), ("福島県", "試験町")]
    store.remove("2026-01", "福島県.xlsx")
    assert store.municipality_names("試験町") == [("宮城県", "試験町")]


def test_the_names_several_prefectures_have(db_url: str, tmp_path: Path) -> None:
    from tests.conftest import rates_workbook

    store = ReadinessStore(db_url)
    store.import_data(read_progress(rates_workbook(tmp_path / "宮城県.xlsx", ["住民記録"],
                                                   [["宮城県", "美里町", 0.5, 0.5], ["宮城県", "利府町", 0.5, 0.5]])))
    assert store.shared_names() == set()
    store.import_data(read_progress(rates_workbook(tmp_path / "埼玉県.xlsx", ["住民記録"], [["埼玉県", "美里町", 0.5, 0.5]])))
    assert store.shared_names() == {"美里町"}
    store.remove("2026-01", "埼玉県.xlsx")  # a municipality without data is none
    assert store.shared_names() == set()


def test_the_months_of_a_selection_and_the_lists_of_its_prefecture(db_url: str, tmp_path: Path) -> None:
    """A town's own month ahead of 総務省's is its own (every other town's default month failed for want of data), and
    the towns 総務省's complete workbooks list each month tell a merged town from one without data."""
    from tests.conftest import nation_workbook, rates_workbook

    store = ReadinessStore(db_url)
    store.import_data(read_progress(nation_workbook(tmp_path / "01.xlsx", "令和8年1月", ("利府町", "松島町", "色麻町"))))
    store.import_data(read_progress(nation_workbook(tmp_path / "02.xlsx", "令和8年2月", ("利府町", "松島町", "しかま町"))))
    rifu = rates_workbook(tmp_path / "03.xlsx", ["住民記録"], [["宮城県", "利府町", 1.0, 1.0]], month="令和8年3月")
    store.import_data(read_progress(rifu))  # one town of 宮城県: an extract, no list of the prefecture
    assert store.months() == store.months(prefecture="宮城県", municipality="利府町") == ["2026-01", "2026-02", "2026-03"]
    assert store.months(prefecture="北海道") == store.months(municipality="北海道市") == ["2026-01", "2026-02"]
    assert store.months(prefecture="宮城県", municipality="色麻町") == ["2026-01"]
    assert store.months(municipality="どこか町") == []
    assert store.rosters("宮城県") == {"宮城県": {"2026-01": frozenset({"利府町", "松島町", "色麻町"}),
                                                  "2026-02": frozenset({"利府町", "松島町", "しかま町"})}}
    lists = store.rosters()
    assert len(lists) == 47 and lists["北海道"] == {"2026-01": frozenset({"北海道市"}), "2026-02": frozenset({"北海道市"})}


def test_a_book_of_several_prefectures_is_a_list_beside_their_own_and_no_extract_of_it_is(db_url: str,
                                                                                            tmp_path: Path) -> None:
    """Lists came from the prefecture's own and the national books only: a 1-town extract beside a book of 宮城県 and
    東京都 became the largest, the only list of 宮城県. Its part of a prefecture is the prefecture's list of its month
    while the prefecture's own or the national book is a list too; a few towns of several prefectures are no list of a
    prefecture without one."""
    from tests.conftest import rates_workbook

    def book(name: str, month: str, miyagi: tuple[str, ...], tokyo: tuple[str, ...] = ()) -> None:
        rows = [["宮城県", t, 0.5, 0.5] for t in miyagi] + [["東京都", t, 0.5, 0.5] for t in tokyo]
        store.import_data(read_progress(rates_workbook(tmp_path / name, ["住民記録"], rows, month)))

    towns = ("利府町", "大和町", "松島町", "美里町")
    store = ReadinessStore(db_url)
    book("both.xlsx", "令和8年1月", towns, ("府中市", "調布市"))
    book("rifu.xlsx", "令和8年1月", ("利府町",))
    assert store.rosters() == {}  # the extract stays one; the book of two prefectures alone lists neither
    book("own.xlsx", "令和7年12月", towns)
    assert store.rosters() == {"宮城県": {"2025-12": frozenset(towns), "2026-01": frozenset(towns)}}
    assert store.rosters("東京都") == {}
    book("few.xlsx", "令和8年2月", ("利府町", "大和町"), ("府中市",))  # half of 宮城県's largest: an extract
    assert list(store.rosters()["宮城県"]) == ["2025-12", "2026-01"]


def test_a_book_of_half_the_towns_is_an_extract_of_the_month_as_of_the_lists(db_url: str, tmp_path: Path) -> None:
    """2 towns replaced the 4 of the month, which the lists took for an extract: 松島町 and 美里町 were gone."""
    from tests.conftest import rates_workbook

    rows = [["宮城県", t, 0.5, 0.5] for t in ("利府町", "大和町", "松島町", "美里町")]
    store = ReadinessStore(db_url)
    store.import_data(read_progress(rates_workbook(tmp_path / "full.xlsx", ["住民記録"], rows)))
    half = store.import_data(read_progress(rates_workbook(tmp_path / "half.xlsx", ["住民記録"], rows[:2])))
    assert half.replaced == () and [k.source_name for k in half.kept] == ["full.xlsx"] and half.withdrawn == ()
    assert len(store.progress(months=["2026-01"])["2026-01"]) == 4
    more = store.import_data(read_progress(rates_workbook(tmp_path / "more.xlsx", ["住民記録"], rows[:3])))
    assert [r.source_name for r in more.replaced] == ["full.xlsx", "half.xlsx"] and more.withdrawn == (("宮城県", "美里町"),)


def test_a_corrected_workbook_names_the_towns_the_older_one_still_shows(db_url: str, tmp_path: Path) -> None:
    """宮城県's workbook with a row typed 宮崎県, then the corrected one: 宮崎県 角田市 stayed, and nothing said so."""
    from tests.conftest import rates_workbook

    towns = [["宮城県", f"町{i}", 0.5, 0.5] for i in range(10)]
    typo = rates_workbook(tmp_path / "typo.xlsx", ["住民記録"], towns + [["宮崎県", "角田市", 1.0, 1.0]])
    store = ReadinessStore(db_url)
    store.import_data(read_progress(typo))
    result = store.import_data(read_progress(rates_workbook(tmp_path / "fixed.xlsx", ["住民記録"],
                                                            towns + [["宮城県", "角田市", 1.0, 1.0]])))
    (shadowed,) = result.shadowed
    assert (shadowed.snapshot.source_name, shadowed.count, shadowed.left) == ("typo.xlsx", 10, (("宮崎県", "角田市"),))
    few = store.import_data(read_progress(rates_workbook(tmp_path / "few.xlsx", ["住民記録"], towns[:2])))
    assert [(s.snapshot.source_name, s.count, s.left) for s in few.shadowed] == [("typo.xlsx", 2, ())]  # not most of it


@pytest.mark.postgres
def test_a_postgresql_write_waits_hyojun_db_wait_for_anothers_then_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another hyojun's write holds the advisory lock every write takes: PostgreSQL waited without end, in silence."""
    from checker.readiness_store import _LOCK_KEY

    url = postgres_url()
    ReadinessStore(url)
    holder = sa.create_engine(url)
    with holder.connect() as conn, conn.begin():
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        monkeypatch.setenv("HYOJUN_DB_WAIT", "1")
        with pytest.raises(InputError) as caught:
            ReadinessStore(url).record_check("介護保険", "利府町", "第6.0版", "架空システムズ", 0.9, "conditional",
                                             "2026-01-10T00:00:00+00:00", prefecture="宮城県")
    holder.dispose()
    assert str(caught.value).endswith("に書き込めません（ほかのプログラムが使用中です。終わってからもう一度実行してください）")


@pytest.mark.postgres
def test_a_postgresql_store_leaves_a_wait_callback_the_caller_installed() -> None:
    """The callback is psycopg2's for the whole process: opening a store replaced the caller's own."""
    import psycopg2.extensions
    import psycopg2.extras

    url = postgres_url()

    def callers(conn: Any) -> None:
        psycopg2.extras.wait_select(conn)

    previous = psycopg2.extensions.get_wait_callback()
    psycopg2.extensions.set_wait_callback(callers)
    try:
        ReadinessStore(url)
        assert psycopg2.extensions.get_wait_callback() is callers
    finally:
        psycopg2.extensions.set_wait_callback(previous)


@pytest.mark.postgres
def test_a_postgresql_wait_is_said_and_ctrl_c_ends_it(tmp_path: Path) -> None:
    """It waited in silence (SQLite's wait said so), and libpq's wait heard Ctrl+C only when lock_timeout ended: up
    to HYOJUN_DB_WAIT, 300 s by default. The child is interrupted only once it has said it waits; were Ctrl+C
    still unheard, it would wait the 600 s given and the communicate below would fail."""
    import os
    import queue
    import signal
    import threading

    from checker.readiness_store import _LOCK_KEY

    url = postgres_url()
    ReadinessStore(url)
    book = fill_template(tmp_path / "self.xlsx")
    holder = sa.create_engine(url)
    with holder.connect() as conn, conn.begin():
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        child = subprocess.Popen([sys.executable, "-m", "checker", "readiness", "import", str(book), "--db", url],
                                 stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                 env={**os.environ, "HYOJUN_DB_WAIT": "600", "HYOJUN_HOME": str(tmp_path)})
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=lambda: [lines.put(line) for line in child.stderr or ()], daemon=True)
        reader.start()
        try:
            told = lines.get(timeout=120)  # nothing said: queue.Empty, and the child is killed below
            child.send_signal(signal.SIGINT)
            child.wait(timeout=120)
        finally:
            child.kill()
    holder.dispose()
    reader.join(timeout=10)
    child.stderr.close()  # read to its end by the reader
    assert told.startswith("ほかの hyojun（または別のプログラム）がデータベース postgresql") and "最長 600 秒" in told
    # an interrupt that reaches click's main gets an empty line before the word
    assert (child.returncode, [line.strip() for line in lines.queue if line.strip()]) == (1, ["中止しました。"])


def test_towns_are_listed_in_the_workbooks_order_a_renamed_one_in_its_place(db_url: str, tmp_path: Path) -> None:
    """Listed in the order towns were first imported: 色麻町 renamed しかま町 came after 南三陸町, and a national
    workbook's renamed towns after 沖縄県 与那国町. Prefectures in 都道府県コード順, towns in the rows of the month's
    総務省 workbook; a town's own sheet of the month keeps the town in its row; a town of a month with its own sheet
    alone goes by 団体コード."""
    from checker.readiness_model import PREFECTURE_ORDER, MunicipalityKey, ReadinessImport
    from tests.conftest import nation_workbook, rates_workbook

    store = ReadinessStore(db_url)
    store.import_data(read_progress(nation_workbook(tmp_path / "01.xlsx", "令和8年1月", ("利府町", "色麻町", "大衡村"))))
    store.import_data(read_progress(nation_workbook(tmp_path / "02.xlsx", "令和8年2月", ("利府町", "しかま町", "大衡村"))))
    store.import_data(read_progress(rates_workbook(tmp_path / "m.xlsx", ["住民記録"], [
        ["宮城県", t, 0.5, 0.5] for t in ("大衡村", "新町", "しかま町", "利府町")], "令和8年3月")))

    def own(name: str, month: str, code: str | None = None) -> None:
        store.import_data(ReadinessImport(tmp_path / f"{name}.xlsx", f"{name}{month}", "self", month,
                                          [MunicipalityKey("宮城県", name, code)], [(0, "住民記録", 40, 0, None)]))

    own("しかま町", "2026-02")  # after the workbook of its month: its values, the workbook's row
    for name, code in (("大衡村", "044245"), ("利府町", "044067"), ("西町", None)):
        own(name, "2026-04", code)
    towns = {mo: [(m.prefecture, m.name) for m in ms] for mo, ms in store.progress().items()}
    for month, miyagi in (("2026-01", ["利府町", "色麻町", "大衡村"]), ("2026-02", ["利府町", "しかま町", "大衡村"])):
        expected = [(p, t) for p in PREFECTURE_ORDER
                    for t in (miyagi if p == "宮城県" else [f"{p[:-1] if p != '北海道' else p}市"])]
        assert towns[month] == expected, month
    assert towns["2026-03"] == [("宮城県", t) for t in ("大衡村", "新町", "しかま町", "利府町")]
    assert towns["2026-04"] == [("宮城県", t) for t in ("利府町", "大衡村", "西町")]
    assert store.progress(months=["2026-02"], prefecture="宮城県")["2026-02"][1].areas["住民記録"].done == 40


def test_a_towns_correction_in_an_extract_keeps_its_place_in_the_national_workbook(db_url: str, tmp_path: Path) -> None:
    """An extract of 大衡村 alone, imported after the national workbook of its month, put 大衡村 (its row 0 there)
    before 利府町 (row 1 of the national workbook): the rows of two workbooks compared."""
    from tests.conftest import nation_workbook, rates_workbook

    store = ReadinessStore(db_url)
    store.import_data(read_progress(nation_workbook(tmp_path / "01.xlsx", "令和8年1月", ("利府町", "色麻町", "大衡村"))))
    store.import_data(read_progress(rates_workbook(tmp_path / "fix.xlsx", ["住民記録"], [["宮城県", "大衡村", 1.0, 1.0]], "令和8年1月")))
    miyagi = store.progress(months=["2026-01"], prefecture="宮城県")["2026-01"]
    assert [m.name for m in miyagi] == ["利府町", "色麻町", "大衡村"]
    assert miyagi[2].areas["住民記録"].done == 40  # the extract's values, in the national workbook's row


def test_a_town_name_of_two_prefectures_is_two_towns_not_one_stored_under_two_spellings(tmp_path: Path) -> None:
    """府中市 of 東京都 and of 広島県 (伊達市 of 北海道 and 福島県): one spelling in two prefectures is two towns, left apart; 七ケ浜町
    beside 七ヶ浜町 of one prefecture is one."""
    from checker.readiness_store import ReadinessStore, _split_towns, municipalities

    store = ReadinessStore(f"sqlite:///{tmp_path / 'readiness.db'}")
    store.migrate()
    with store.engine.begin() as conn:
        conn.execute(municipalities.insert(), [{"prefecture": "東京都", "name": "府中市"},
                                               {"prefecture": "広島県", "name": "府中市"},
                                               {"prefecture": "宮城県", "name": "七ヶ浜町"},
                                               {"prefecture": "宮城県", "name": "七ケ浜町"}])
        assert [[name for _id, _p, name, _code in rows] for rows in _split_towns(conn)] == [["七ヶ浜町", "七ケ浜町"]]
    store.engine.dispose()
