"""hyojun's clock: Japan Standard Time, whatever time zone the machine is set to.

The users are Japanese municipalities and the deadlines Japanese dates. On a server set to UTC (a prefecture's Linux
machine with TZ unset) a report made at 05:06 on the 7th said 2026/12/06 20:06, and readiness counted the days left
from the 6th. Japan has no daylight saving time: a fixed UTC+09:00 needs no tz database (Windows has none for Python).
"""

from __future__ import annotations

import datetime as dt
import time

JST = dt.timezone(dt.timedelta(hours=9), "JST")


def now() -> dt.datetime:
    # from time.time(), the one clock every reading of the time goes through (and a test sets)
    return dt.datetime.fromtimestamp(time.time(), JST)


def now_iso() -> str:
    """The time now as every output writes it (generated_at, 作成日時): 2026-12-07T05:06:49+09:00."""
    return iso(now())


def today() -> dt.date:
    """The date in Japan: what days to a deadline count from."""
    return now().date()


def in_jst(at: dt.datetime) -> dt.datetime:
    """*at* in JST; a time without an offset is taken to be JST already."""
    return at.replace(tzinfo=JST) if at.tzinfo is None else at.astimezone(JST)


def iso(at: dt.datetime | str) -> str:
    """*at* (a datetime or an ISO text) as hyojun writes a time: JST, to the second. Raises ValueError for a text
    that is no ISO time."""
    return in_jst(dt.datetime.fromisoformat(at) if isinstance(at, str) else at).isoformat(timespec="seconds")


def as_datetime(text: str) -> dt.datetime | str:
    """An ISO time (`now_iso`) as a datetime in JST; any other text as it is."""
    try:
        return in_jst(dt.datetime.fromisoformat(text))
    except ValueError:
        return text
