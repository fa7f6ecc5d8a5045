"""The bell, the notifications list, one's email settings, the sent-log and the users without an email."""

import pytest
from django.urls import reverse

from tests.returns.conftest import YEAR
from unionreport.notifications.delivery import deliver_pending
from unionreport.notifications.models import Email, Notification, Preferences
from unionreport.returns import workflow

pytestmark = pytest.mark.django_db


def test_it_rings_the_bell_and_opens_the_return(client, submitted, officer_a, upper_officer_a):
    workflow.return_send_back(actor=upper_officer_a, unit=submitted.unit, year=YEAR, note="Thiếu số liệu Thi đua")
    client.force_login(officer_a)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="bell-count">1<' in home
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "bị trả lại để chỉnh sửa" in listing and "Lý do: Thiếu số liệu Thi đua" in listing
    note = Notification.objects.get(user=officer_a)
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response.url == reverse("review:return", args=[YEAR, "CDCS-A"])
    assert 'data-testid="bell-count"' not in client.get(reverse("home")).content.decode()


def test_it_tells_the_upper_officer_of_a_submission(client, upper_officer_a, submitted):
    client.force_login(upper_officer_a)
    assert "đã nộp, chờ bạn duyệt" in client.get(reverse("notifications:list")).content.decode()


def test_it_lets_users_set_their_email_and_turn_digests_off(client, officer_a):
    client.force_login(officer_a)
    bad = client.post(reverse("notifications:settings"), {"email": "không-phải-email"})
    assert "Email không hợp lệ" in bad.content.decode()
    client.post(reverse("notifications:settings"), {"email": "hoa@example.vn", "approvals": "on"})
    officer_a.refresh_from_db()
    prefs = Preferences.objects.get(user=officer_a)
    assert officer_a.email == "hoa@example.vn" and not prefs.digest and prefs.approvals


def test_it_shows_the_sent_log_and_who_has_no_email_to_staff_only(client, settings, submitted, staff, officer_a,
                                                                  upper_officer_a, django_assert_max_num_queries):
    from tests.notifications.conftest import free_port, point_mail_at

    officer_a.email = "cdcs-a@example.vn"
    officer_a.save(update_fields=["email"])
    point_mail_at(settings, free_port())
    workflow.return_send_back(actor=upper_officer_a, unit=submitted.unit, year=YEAR, note="Thiếu số liệu")
    deliver_pending()
    client.force_login(officer_a)
    assert client.get(reverse("notifications:sent_log")).status_code == 403
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("notifications:sent_log")).content.decode()
    assert "cdcs-a@example.vn" in html and "Gửi lỗi, sẽ gửi lại" in html and "ConnectionRefusedError" in html
    assert "canbo_tpnb" in html and "Người dùng chưa có email" in html  # the officer of TPNB has none
    assert "cdcs-a@example.vn" not in client.get(reverse("notifications:sent_log") + "?status=sent").content.decode()
    assert Email.objects.count() == 1
