"""send_reminders: reminders 7, 3 and 1 days before the deadline and the day after, lists to the upper level,
daily digests; never the same reminder twice; --dry-run writes nothing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from tests.notifications.conftest import Inbox
from tests.returns.conftest import YEAR
from unionreport.notifications.models import Email, Kind, Notification, Preferences
from unionreport.returns import workflow
from unionreport.returns.models import ReportingYear

pytestmark = pytest.mark.django_db
DEADLINE = dt.date(2024, 12, 10)


@pytest.fixture
def season(staff):
    return workflow.reporting_year_update(actor=staff, year=YEAR, deadline=DEADLINE, cutoff_date=dt.date(2024, 11, 30))


def _run(day: dt.date, *extra):
    out, err = io.StringIO(), io.StringIO()
    call_command("send_reminders", "--today", day.isoformat(), *extra, stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue()


def test_it_reminds_the_missing_cdcs_and_their_upper_levels_once(smtp, season, emails, cdcs_a, cdcs_b, officer_a,
                                                                 officer_b):
    lines, summary = _run(DEADLINE - dt.timedelta(days=7))
    assert sorted(lines) == sorted([
        "cdcs-a@example.vn\treminder\tCDCS-A",
        "(chưa có email) canbo_cdcs_b\treminder\tCDCS-B",
        "tpnb@example.vn\treminder_upper\tTPNB",  # TPNB's officer: CĐCS A
        "tinh@example.vn\treminder_upper\tTINH",  # GV has no officer: the province is told of CĐCS B
    ])
    assert "4 thư mới; đã gửi 3, lỗi 0" in summary
    [reminder] = smtp.to("cdcs-a@example.vn")
    assert Inbox.subject(reminder) == "Nhắc nộp báo cáo năm 2024: còn 7 ngày (hạn 10/12/2024)"
    text = Inbox.text(reminder)
    assert "Công đoàn Công ty Dệt may Hoa Lư (CDCS-A) chưa nộp báo cáo năm 2024" in text
    assert "https://baocao.ldld.ninhbinh.vn/bao-cao-nam/2024/CDCS-A/" in text
    assert "CDCS-B · Công đoàn Trường THCS Gia Viễn" in Inbox.text(smtp.to("tinh@example.vn")[0])
    assert Notification.objects.filter(user=officer_b, kind=Kind.REMINDER).count() == 1  # the bell, at least
    assert _run(DEADLINE - dt.timedelta(days=7))[0] == []  # never the same reminder twice
    assert _run(DEADLINE - dt.timedelta(days=5))[0] == []  # not a reminder day
    late, _ = _run(DEADLINE + dt.timedelta(days=1))
    assert "cdcs-a@example.vn\treminder\tCDCS-A" in late
    assert Inbox.subject(smtp.to("cdcs-a@example.vn")[-1]) == (
        "Báo cáo năm 2024 của Công đoàn Công ty Dệt may Hoa Lư đã quá hạn nộp (hạn 10/12/2024)")


def test_it_leaves_out_the_cdcs_that_submitted(season, emails, submitted, cdcs_b):
    lines, _ = _run(DEADLINE - dt.timedelta(days=3))
    assert not [line for line in lines if line.endswith("\tCDCS-A")]
    assert "(chưa có email) canbo_cdcs_b\treminder\tCDCS-B" in lines or not lines


def test_it_changes_nothing_on_a_dry_run(season, emails, cdcs_a):
    lines, summary = _run(DEADLINE - dt.timedelta(days=1), "--dry-run")
    assert "cdcs-a@example.vn\treminder\tCDCS-A" in lines and "chạy thử" in summary
    assert not Email.objects.exists() and not Notification.objects.exists()


def test_it_sends_a_daily_digest_of_the_returns_waiting(smtp, season, emails, submitted, upper_officer_a, staff):
    day = dt.date.today()
    lines, _ = _run(day)
    assert "tpnb@example.vn\tdigest\tTPNB" in lines
    assert not [line for line in lines if line.startswith("tinh@example.vn\tdigest")]  # nothing at the province's step
    digest = smtp.to("tpnb@example.vn")[0]
    assert Inbox.subject(digest) == f"Tổng hợp ngày {day:%d/%m/%Y}: 1 báo cáo chờ bạn duyệt"
    assert "CDCS-A · Công đoàn Công ty Dệt may Hoa Lư" in Inbox.text(digest)
    assert "https://baocao.ldld.ninhbinh.vn/bao-cao-nam/?year=2024" in Inbox.text(digest)
    assert _run(day)[0] == []
    Preferences.objects.create(user=upper_officer_a, digest=False)
    assert _run(day + dt.timedelta(days=1))[0] == []  # turned off


def test_it_skips_locked_years(season, staff, emails, cdcs_a):
    workflow.reporting_year_lock(actor=staff, year=YEAR)
    assert ReportingYear.objects.get(year=YEAR).locked
    assert _run(DEADLINE - dt.timedelta(days=7))[0] == []
