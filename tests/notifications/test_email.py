"""Emails go out through a real SMTP server after the workflow's commit; a server that is down or refuses changes
nothing in the workflow, the sent-log says so and the next run retries."""

import io
import threading

import pytest
from django.core.management import call_command

from tests.notifications.conftest import REFUSED, Inbox, free_port, point_mail_at
from tests.returns.conftest import YEAR
from unionreport.notifications.delivery import deliver_pending
from unionreport.notifications.models import Email, Kind, Preferences
from unionreport.returns import workflow
from unionreport.returns.models import Return

pytestmark = pytest.mark.django_db
LINK = "https://baocao.ldld.ninhbinh.vn/bao-cao-nam/2024/CDCS-A/"


def test_it_emails_a_send_back_in_vietnamese_with_the_reason_and_the_link(smtp, emails, submitted, upper_officer_a):
    workflow.return_send_back(actor=upper_officer_a, unit=submitted.unit, year=YEAR,
                              note="Số lượt chăm lo Tết nhiều hơn số đoàn viên, đề nghị kiểm tra lại")
    done = deliver_pending()
    assert len(done.sent) == 1 and not done.failed
    [message] = smtp.to("cdcs-a@example.vn")
    assert Inbox.subject(message) == "Báo cáo năm 2024 của Công đoàn Công ty Dệt may Hoa Lư bị trả lại để chỉnh sửa"
    text = Inbox.text(message)
    assert "Lý do trả lại: Số lượt chăm lo Tết nhiều hơn số đoàn viên, đề nghị kiểm tra lại" in text
    assert "người trả lại: canbo_tpnb (LĐLĐ Thành phố Ninh Bình)" in text
    assert f"Xem báo cáo: {LINK}" in text
    assert "https://baocao.ldld.ninhbinh.vn/thong-bao/cai-dat/" in text
    row = Email.objects.get(kind=Kind.SENT_BACK)
    assert row.status == Email.Status.SENT and row.sent_at and row.to == "cdcs-a@example.vn"


def test_it_emails_approvals_to_the_cdcs(smtp, emails, submitted, upper_officer_a, staff):
    workflow.return_approve(actor=upper_officer_a, unit=submitted.unit, year=YEAR)
    workflow.return_approve(actor=staff, unit=submitted.unit, year=YEAR)
    deliver_pending()
    subjects = [Inbox.subject(m) for m in smtp.to("cdcs-a@example.vn")]
    assert subjects == ["Báo cáo năm 2024 của Công đoàn Công ty Dệt may Hoa Lư đã được cấp trên duyệt",
                        "Báo cáo năm 2024 của Công đoàn Công ty Dệt may Hoa Lư đã được LĐLĐ tỉnh duyệt"]
    assert LINK in Inbox.text(smtp.to("cdcs-a@example.vn")[1])


def test_it_keeps_the_workflow_when_the_server_is_down_and_retries_on_the_next_run(settings, emails, submitted,
                                                                                  upper_officer_a):
    point_mail_at(settings, free_port())  # nothing listens there
    ret = workflow.return_send_back(actor=upper_officer_a, unit=submitted.unit, year=YEAR, note="Thiếu số liệu")
    assert ret.status == Return.Status.DRAFT
    done = deliver_pending()
    row = Email.objects.get(kind=Kind.SENT_BACK)
    assert done.failed and row.status == Email.Status.FAILED and "ConnectionRefusedError" in row.last_error
    assert Return.objects.get(pk=ret.pk).status == Return.Status.DRAFT  # the workflow is unchanged

    inbox = Inbox()
    from aiosmtpd.controller import Controller

    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        point_mail_at(settings, port)
        out = io.StringIO()
        call_command("send_emails", stdout=out, stderr=io.StringIO())
    finally:
        controller.stop()
    assert out.getvalue() == "cdcs-a@example.vn\tsent_back\tđã gửi\n"
    row.refresh_from_db()
    assert row.status == Email.Status.SENT and row.attempts == 2 and row.last_error == ""
    assert len(inbox.messages) == 1


def test_it_records_a_message_the_server_refuses(smtp, emails, officer_a, submitted, upper_officer_a):
    officer_a.email = REFUSED
    officer_a.save(update_fields=["email"])
    workflow.return_send_back(actor=upper_officer_a, unit=submitted.unit, year=YEAR, note="Thiếu số liệu")
    deliver_pending()
    row = Email.objects.get(kind=Kind.SENT_BACK)
    assert row.status == Email.Status.FAILED and "554" in row.last_error


def test_it_never_lets_a_send_back_be_turned_off(smtp, emails, officer_a, submitted, upper_officer_a):
    Preferences.objects.create(user=officer_a, digest=False, approvals=False)
    workflow.return_approve(actor=upper_officer_a, unit=submitted.unit, year=YEAR)
    assert not Email.objects.filter(kind=Kind.APPROVED).exists()
    workflow.reopen_request_create(actor=officer_a, unit=submitted.unit, year=YEAR, reason="Nhập sai số tiền")
    request = submitted.reopen_requests.get()
    workflow.reopen_request_decide(actor=upper_officer_a, request_id=request.pk, grant=True)
    assert not Email.objects.filter(kind=Kind.REOPEN_DECIDED).exists()
    workflow.return_submit(actor=officer_a, unit=submitted.unit, year=YEAR)
    workflow.return_send_back(actor=upper_officer_a, unit=submitted.unit, year=YEAR, note="Vẫn còn sai")
    assert Email.objects.filter(kind=Kind.SENT_BACK, user=officer_a).exists()


@pytest.mark.django_db(transaction=True)
def test_it_sends_right_after_the_commit_in_the_background(smtp, settings, emails, submitted, upper_officer_a):
    settings.NOTIFICATIONS_SEND_ON_COMMIT = True
    workflow.return_send_back(actor=upper_officer_a, unit=submitted.unit, year=YEAR, note="Thiếu số liệu")
    for thread in [t for t in threading.enumerate() if t.name == "unionreport-email"]:
        thread.join(20)
    assert Inbox.subject(smtp.messages[-1]).endswith("bị trả lại để chỉnh sửa")
    assert Email.objects.get(kind=Kind.SENT_BACK).status == Email.Status.SENT
