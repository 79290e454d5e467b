"""hyojun's clock is Japan's, whatever the machine's time zone."""

import datetime as dt
import time

import pytest

from checker import clock
from checker.io.export import as_datetime, shown_time
from tests.conftest import JST_MORNING


def test_a_machine_set_to_utc_reads_the_date_and_time_in_japan(utc_machine_at_jst_morning: None) -> None:
    """At 05:06 in Japan a UTC machine's local date is the day before: every deadline was a day further."""
    # the machine's local date then (date.today's), not the machine's clock now
    assert time.strftime("%Y-%m-%d", time.localtime(JST_MORNING.timestamp())) == "2026-12-06"
    assert clock.today() == dt.date(2026, 12, 7)
    assert clock.now_iso() == "2026-12-07T05:06:50+09:00"
    assert shown_time(clock.now_iso()) == "2026/12/07 05:06"


@pytest.mark.parametrize(("stamp", "jst"), [
    ("2026-12-06T20:05:57.269514+00:00", "2026-12-07T05:05:57+09:00"),  # check --record's checked_at before schema 5
    ("2026-12-07T05:05:57+09:00", "2026-12-07T05:05:57+09:00"),
    ("2026-01-10T09:00:00", "2026-01-10T09:00:00+09:00"),  # no offset: taken to be JST
])
def test_a_time_is_written_in_jst_to_the_second(stamp: str, jst: str) -> None:
    assert clock.iso(stamp) == jst


def test_a_time_of_another_offset_is_shown_as_the_time_in_japan(utc_machine_at_jst_morning: None) -> None:
    """The 作成日時 of an HTML report and an Excel cell: the wall time in Japan, not the stamp's own offset's."""
    assert shown_time("2026-12-06T20:06:50+00:00") == "2026/12/07 05:06"
    assert as_datetime("2026-12-06T20:06:50+00:00") == dt.datetime(2026, 12, 7, 5, 6, 50, tzinfo=clock.JST)
