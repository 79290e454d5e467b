"""Shared fixtures: bundled sample files and an isolated project home (spec store) per test."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import signal
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NoReturn

import pytest
from hypothesis import settings

# No deadline per example: tests do not time things, and on a loaded CI machine the first example (tables and
# patterns built on first use) passed 200 ms and failed a property that holds.
settings.register_profile("hyojun", deadline=None)
settings.load_profile("hyojun")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's, which reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The PostgreSQL tests share one database (.ci/start-postgres.sh's) and empty its tables: under pytest-xdist
    (`-n 2 --dist loadgroup`, .ci/run) they all run on one worker, one at a time."""
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.xdist_group("postgres"))


ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SPECS = FIXTURES / "specs"
VENDOR = FIXTURES / "vendor"
PROFILES = FIXTURES / "profiles"
OLD_OUTPUTS = FIXTURES / "old_outputs"  # written by hyojun 1bd6aad (XlsxWriter, unsigned)

KAIGO_SPEC = SPECS / "介護保険_第6.0版_機能・帳票要件.xlsx"
JUMIN_V10 = SPECS / "住民記録_第1.0版_機能要件.xlsx"
JUMIN_V11 = SPECS / "住民記録_第1.1版_機能要件.xlsx"
SHUGAKU_FUNC = SPECS / "就学_第4.0版_機能要件.xlsx"
SHUGAKU_FORM = SPECS / "就学_第4.0版_帳票要件.xlsx"
KAIGO_PROFILE = PROFILES / "介護保険_profile.yaml"


def panicking_xls() -> bytes:
    """The sample .xls with its CODEPAGE record retyped as a defined name (Lbl) of 2 bytes: calamine indexes its 4th byte
    and panics. The compound file stays whole, so only calamine's own parse meets the damage."""
    data = (VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls").read_bytes()
    codepage = b"\x42\x00\x02\x00\xb0\x04"  # CODEPAGE (0x0042), 2 bytes: 1200 (UTF-16)
    assert data.count(codepage) == 1
    return data.replace(codepage, b"\x18\x00" + codepage[2:])


def write_manifest(folder: Path, text: str) -> Path:
    """folder/m.yaml from a manifest whose paths start with FIX (the fixtures folder, as an absolute path)."""
    m = folder / "m.yaml"
    m.write_text(text.replace("FIX", str(FIXTURES)), "utf-8")
    return m


@pytest.fixture(scope="session")
def v10():  # type: ignore[no-untyped-def]
    """住民記録 第1.0版 (sample workbook, legacy 実装区分 words)."""
    from checker.io.spec_reader import read_spec
    from checker.spec_store import with_digest

    return with_digest(read_spec([JUMIN_V10]))


@pytest.fixture(scope="session")
def v11():  # type: ignore[no-untyped-def]
    """住民記録 第1.1版 (the fictitious revision of the samples)."""
    from checker.io.spec_reader import read_spec
    from checker.spec_store import with_digest

    return with_digest(read_spec([JUMIN_V11]))


@pytest.fixture(scope="session")
def truth() -> dict[str, Any]:
    """The published truth of the 第1.0版 → 第1.1版 changes (samples' changes JSON)."""
    return json.loads((SPECS / "住民記録_第1.1版_changes.json").read_text("utf-8"))


def workbook_texts(path: Path) -> list[str]:
    """Every cell value of the workbook at *path*, as text."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    finally:
        wb.close()


def texts_on_more_than_one_line(workbook: Any) -> list[str]:
    """Data cells of an openpyxl *workbook* whose text is wider than their column (a wide character counting two
    digits), where the column is narrower than the writer widens columns to: cells that should fit but wrap."""
    from openpyxl.utils import get_column_letter

    from checker.io.xlsx import _WIDEN_TO, text_width

    found = []
    for ws in workbook:
        for c, column in enumerate(ws.iter_cols(min_row=2, values_only=True), start=1):
            width = ws.column_dimensions[get_column_letter(c)].width
            found += [f"{ws.title}!{get_column_letter(c)}: {v}（{width:.0f}）" for v in column
                      if isinstance(v, str) and width < _WIDEN_TO - 1 and text_width(v) > width]
    return found


def lock(monkeypatch: pytest.MonkeyPatch, *targets: Path) -> None:
    """Make *targets* behave as files open in Excel on Windows: renaming them, or onto them, is refused."""
    real = os.replace
    locked = {os.fspath(t) for t in targets}

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        if os.fspath(src) in locked or os.fspath(dst) in locked:
            raise PermissionError(13, "プロセスはファイルにアクセスできません。別のプロセスが使用中です。", os.fspath(src),
                                  None, os.fspath(dst))
        real(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


# 05:06:50 on 2026-12-07 in Japan, still 2026-12-06 in UTC
JST_MORNING = dt.datetime(2026, 12, 6, 20, 6, 50, tzinfo=dt.timezone.utc)


@pytest.fixture
def utc_machine_at_jst_morning() -> Iterator[None]:
    """The machine's time zone UTC (a prefecture's Linux server with TZ unset), hyojun's clock at JST_MORNING."""
    from checker import clock

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "UTC")
        time.tzset()
        mp.setattr(clock, "time", SimpleNamespace(time=JST_MORNING.timestamp))
        yield
    time.tzset()


@pytest.fixture
def windows_signals(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The signals as on Windows: no SIGALRM, so the time limit's watchdog thread interrupts the main thread as Ctrl-C
    would, and Python's own Ctrl-C handler, which that interrupt runs. A process started in the background by a shell
    without job control (nohup, `&` in a script) inherits SIGINT ignored and Python installs no handler: the
    interrupt did nothing and the tests waited for their stuck work, failures that looked like CPU load."""
    monkeypatch.delattr(signal, "SIGALRM")
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


# The user's own hyojun settings (HYOJUN_HOME, HYOJUN_DB, HYOJUN_DB_WAIT, HYOJUN_MAX_*): every HYOJUN_ variable but
# the suite's own (HYOJUN_TEST_PG_URL, .ci/start-postgres.sh's HYOJUN_PG_*, make_corpus.py's HYOJUN_HOSTILE_BIG).
_USER_SETTING = re.compile(r"HYOJUN_(?!TEST_|PG_|HOSTILE_)")


@pytest.fixture(scope="session", autouse=True)
def _suite_environment() -> Iterator[None]:
    """The environment of the whole run, and of every process a test starts: none of the user's hyojun settings (a
    HYOJUN_DB exported for the real readiness database got the samples' fictional progress imported into it), and the
    checkout first on PYTHONPATH, so a child Python runs the tree under test, not whichever checker is installed."""
    with pytest.MonkeyPatch.context() as mp:
        for name in [n for n in os.environ if _USER_SETTING.match(n)]:
            mp.delenv(name)
        mp.setenv("PYTHONPATH", str(ROOT), prepend=os.pathsep)
        yield


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project home (the area catalog is the one shipped with the package), so tests never touch the
    real spec store."""
    monkeypatch.setenv("HYOJUN_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def _no_diff_cache_in_the_checkout(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many tests read the checkout's stored samples (specs/); the renumbering pairs their diffs keep
    (diff_cache) go to a temporary store instead of specs/.diffs/ of the checkout."""
    from checker import diff_cache, paths

    apart = tmp_path_factory.getbasetemp() / "checkout_store"
    apart.mkdir(exist_ok=True)
    real = diff_cache.cache_path

    def cache_path(old_sha256: str, new_sha256: str, store: Path | None = None) -> Path:
        checkout = store is None and paths.spec_store().resolve() == (ROOT / "specs").resolve()
        return real(old_sha256, new_sha256, apart if checkout else store)

    monkeypatch.setattr(diff_cache, "cache_path", cache_path)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def lacking(message: str) -> NoReturn:
    """What the suite needs and this machine lacks: skipped locally, a failure in CI (.ci/run installs it all and
    sets CI=true), so that CI never passes with tests skipped."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def postgres_url() -> str:
    """The suite's PostgreSQL (HYOJUN_TEST_PG_URL, set by .ci/start-postgres.sh)."""
    url = os.environ.get("HYOJUN_TEST_PG_URL")
    if not url:
        lacking("HYOJUN_TEST_PG_URL が未設定のため PostgreSQL のテストを省略（eval \"$(.ci/start-postgres.sh)\" で設定）")
    return url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's headless chromium through Playwright, one per session."""
    if not CHROMIUM.exists():
        lacking(f"{CHROMIUM} がありません（apt-get install chromium）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class OfflinePage:
    """A page whose every request but the report's own file is aborted and recorded."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextlib.contextmanager
def offline_page(browser: Any, path: Path, **context_args: Any) -> Iterator[OfflinePage]:
    """Open *path* from disk in a fresh context with the network blocked; script errors are collected."""
    context = browser.new_context(**context_args)
    try:
        result = OfflinePage(context.new_page(), path.as_uri())

        def route(r: Any) -> None:
            if r.request.url.split("#")[0] == result.url:
                r.continue_()
            else:
                result.requests.append(r.request.url)
                r.abort()

        result.page.on("pageerror", lambda e: result.errors.append(str(e)))
        result.page.route("**/*", route)
        result.page.goto(result.url, wait_until="load")
        yield result
    finally:
        context.close()


def shown_rows(page: Any, selector: str) -> list[str]:
    """The first cell's text of every row matching *selector* that is displayed (not hidden by a filter, a pager or
    the media's rules)."""
    return page.eval_on_selector_all(selector, "rs => rs.filter(r => r.offsetParent !== null)"
                                               ".map(r => r.cells[0].textContent.trim())")


class Ime:
    """A Japanese IME typing into the focused element, through CDP (Playwright's fill() and type() send no composition
    events): compose() shows a reading being typed, commit() enters the converted text, as Chromium does it (the
    commit's input event still marked composing, then compositionend)."""

    def __init__(self, page: Any) -> None:
        self.cdp = page.context.new_cdp_session(page)

    def compose(self, reading: str) -> None:
        for k in range(1, len(reading) + 1):
            self.cdp.send("Input.imeSetComposition", {"text": reading[:k], "selectionStart": k, "selectionEnd": k})

    def commit(self, text: str) -> None:
        self.cdp.send("Input.insertText", {"text": text})


# A coordinator's deadlines for 宮城県 on 2026-12-07: an area's national rule, a town's areas with a note, a town's whole
# deadline, an area due on the day (the default deadline, 2026-03-31, is 251 days past)
MIYAGI_DEADLINES = """\
areas: {戸籍附票: 2028-03-31}
municipalities:
  - {prefecture: 宮城県, municipality: 利府町, areas: {戸籍: 2027-03-31, 戸籍附票: 2027-03-31}, note: 特定移行支援システム（戸籍・附票）}
  - {prefecture: 宮城県, municipality: 仙台市, deadline: 2031-03-31, note: 特定移行支援システム}
  - {prefecture: 宮城県, municipality: 村田町, areas: {住民記録: 2026-12-07}, note: 個別延長}
"""


def rates_workbook(path: Path, areas: list[str], rows: list[list[Any]], month: str = "令和8年1月") -> Path:
    """A 総務省-style progress workbook with only its rate sheet: 都道府県, 市区町村, 完了率, then a rate per area."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(f"{month}_進捗状況")
    ws.write_row(0, 0, ["都道府県", "市区町村", "完了率", "業務別完了率"])
    ws.write_row(1, 3, areas)
    for r, row in enumerate(rows, start=2):
        ws.write_row(r, 0, row)
    wb.close()
    return path


def nation_workbook(path: Path, month: str = "令和8年1月", miyagi: tuple[str, ...] = ("利府町", "松島町"),
                    rate: float = 0.5) -> Path:
    """`rates_workbook` of the whole country (scope 全国): one town per prefecture (北海道市 …), *miyagi* for 宮城県, each
    with 住民記録 at *rate*."""
    from checker.readiness_model import PREFECTURES

    rows = [[p, t, rate, rate] for p in sorted(PREFECTURES)
            for t in (miyagi if p == "宮城県" else (f"{p[:-1] if p != '北海道' else p}市",))]
    return rates_workbook(path, ["住民記録"], rows, month)


def tokyo_not_sent(folder: Path) -> tuple[Path, Path]:
    """Two months of one town per prefecture in which no town moves: 2026-01 whole, 2026-02 without 東京都 (its workbook
    not sent yet). 東京都市 at 100 %, 23 prefectures at 25 % and 23 at 75 %: the median over each month's own towns
    drops from 75 % to 50 %, over the same 46 prefectures it stays at 50 %."""
    from checker.catalog import load_catalog
    from checker.readiness_model import PREFECTURES, in_code_order

    areas = [a.name for a in load_catalog().areas]
    others = [p for p in in_code_order(PREFECTURES) if p != "東京都"]
    rates = {"東京都": 1.0, **{p: 0.25 if i < 23 else 0.75 for i, p in enumerate(others)}}
    rows = [[p, f"{p[:-1] if p != '北海道' else p}市", rate, *[rate] * len(areas)] for p, rate in rates.items()]
    return (rates_workbook(folder / "全国_2026-01.xlsx", areas, rows, "令和8年1月"),
            rates_workbook(folder / "東京都なし_2026-02.xlsx", areas, [r for r in rows if r[0] != "東京都"], "令和8年2月"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new readiness database: SQLite, and PostgreSQL at HYOJUN_TEST_PG_URL (emptied before and after)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'readiness.db'}"
        return
    url = postgres_url()
    _drop_tables(url)
    yield url
    _drop_tables(url)


def _drop_tables(url: str) -> None:
    import sqlalchemy as sa

    from checker.readiness_store import metadata

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        metadata.drop_all(conn)
    engine.dispose()


def back_to_schema_3(url: str) -> None:
    """The store at *url* as a hyojun of schema 3 (0.2.0) kept it, before the coverage counts, the runs and the
    towns' rows, with a check that hyojun recorded (UTC to the microsecond, which schema 5 rewrites): a store an older
    hyojun sharing it still opens."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for table, column in (("check_records", "mandatory_conformant"), ("check_records", "mandatory"),
                              ("check_records", "run"), ("area_progress", "file_row")):
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.exec_driver_sql("DELETE FROM schema_version WHERE version > 3")
        conn.exec_driver_sql("INSERT INTO check_records (area, municipality, spec_version, vendor, mandatory_coverage, "
                             "verdict, checked_at) VALUES ('介護保険', '利府町', '第6.0版', '旧システム', 0.9, 'conditional', "
                             "'2026-01-06T20:05:57.100000+00:00')")
    engine.dispose()


def stored_as_hyojun_0_7(url: str, imports: list[Any]) -> None:
    """The ReadinessImports *imports* stored at *url* as a hyojun before 0.8.0 stored them: each town under the name its
    file spells it (ReadinessStore._as_stored since), so 七ケ浜町 became a town beside 七ヶ浜町."""
    from unittest import mock

    from checker.readiness_store import ReadinessStore

    with mock.patch.object(ReadinessStore, "_as_stored", staticmethod(lambda _conn, data: data)):
        store = ReadinessStore(url)
        for data in imports:
            store.import_data(data)
    store.engine.dispose()


def store_state(url: str) -> dict[str, tuple[list[str], list[tuple[str, ...]]]]:
    """Each table of the store at *url* with its columns and rows: the store to compare before and after a run."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    state = {}
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        for table in inspector.get_table_names():
            rows = conn.exec_driver_sql(f"SELECT * FROM {table}")
            state[table] = ([c["name"] for c in inspector.get_columns(table)], sorted(tuple(map(repr, r)) for r in rows))
    engine.dispose()
    return state


def fail_checks_of(url: str, vendor: str) -> Any:
    """A trigger on *url*'s check_records failing the insert of a record of *vendor* (after those before it)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"CREATE TRIGGER cut BEFORE INSERT ON check_records WHEN NEW.vendor = '{vendor}' "
                                 "BEGIN SELECT RAISE(ABORT, 'cut short'); END")
        else:
            conn.exec_driver_sql("CREATE OR REPLACE FUNCTION cut() RETURNS trigger LANGUAGE plpgsql AS "
                                 "$$BEGIN RAISE EXCEPTION 'cut short'; END$$")
            conn.exec_driver_sql(f"CREATE TRIGGER cut BEFORE INSERT ON check_records FOR EACH ROW "
                                 f"WHEN (NEW.vendor = '{vendor}') EXECUTE FUNCTION cut()")
    return engine


def write_book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """An .xlsx with one sheet per name of *sheets*, in order, holding its rows."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


RLO, PDI = "\u202e", "\u2069"
# A vendor's name that closes an isolate it did not open, then overrides the direction of what follows.
HOSTILE_NAME = f"架空{PDI}{RLO}システムズ"
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)


def edited_zip(src: Path, dst: Path, part: str, edit: Callable[[bytes], bytes]) -> Path:
    """A copy at *dst* (which may be *src*) of the zip *src*, an .xlsx, with its member *part* edited by *edit*."""
    with zipfile.ZipFile(src) as zin:
        members = [(item, zin.read(item)) for item in zin.infolist()]
    with zipfile.ZipFile(dst, "w") as zout:
        for item, data in members:
            zout.writestr(item, edit(data) if item.filename == part else data)
    return dst

def unisolated(html: str) -> list[str]:
    """The bidi controls of *html* outside any isolate, each with the text before it.

    Script data aside: the reports' scripts put each text in an element of its own.
    """
    found, depth = [], 0
    text = _SCRIPT.sub("", html)
    for m in _BIDI_CONTROLS.finditer(text):
        ch = m.group()
        if ch in "\u2066\u2067\u2068":
            depth += 1
        elif ch == PDI:
            depth = max(depth - 1, 0)
        elif depth == 0:
            found.append(text[max(m.start() - 30, 0):m.start()])
    return found
