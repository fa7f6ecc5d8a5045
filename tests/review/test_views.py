"""The return page shows what is approved; buttons name their step; send-back needs a labelled reason at every
step; a step taken meanwhile is reported, not a 403; queues per step with filters; follow-up marks."""

import pytest
from django.urls import reverse

from tests.returns.conftest import YEAR
from unionreport.members.models import Member
from unionreport.returns import workflow
from unionreport.returns.models import Return, ReturnEvent

pytestmark = pytest.mark.django_db
S = Return.Status


def _page(client, user, code="CDCS-A"):
    client.force_login(user)
    return client.get(reverse("review:return", args=[YEAR, code])).content.decode()


def test_it_shows_the_figures_beside_last_years_and_the_change(client, submitted, upper_officer_a):
    html = _page(client, upper_officer_a)
    assert 'data-testid="figures"' in html
    assert "Số đoàn viên cuối năm" in html and "Số lượt đoàn viên, người lao động được chăm lo" in html
    assert "Tết Nguyên đán: số tiền" in html and "Tổng số lao động" in html and "Số lớp tập huấn" in html
    assert "60.000.000" in html and "75.000.000" in html  # Tết money and the year's welfare
    assert "Lần tải lên đầu tiên" in html
    assert "Duyệt (cấp trên)" in html and "Lý do trả lại (bắt buộc, đơn vị sẽ nhận được)" in html


def test_it_shows_the_return_page_in_constant_queries(client, submitted, upper_officer_a, make_unit,
                                                      django_assert_max_num_queries):
    client.force_login(upper_officer_a)
    url = reverse("review:return", args=[YEAR, "CDCS-A"])
    with django_assert_max_num_queries(70) as first:  # last year: the units flagged once, two queries a table
        client.get(url)
    Member.objects.bulk_create([Member(unit=submitted.unit, card_number=f"X{i:04}", full_name=f"Người {i}", sex="nu",
                                       birth_year=1990, joined_on="2020-01-01") for i in range(300)])
    workflow.return_follow_up(actor=upper_officer_a, unit=submitted.unit, year=YEAR, mark=True, note="Xem lại số ĐV")
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200


def test_it_names_the_step_on_the_button_and_sends_back_at_every_step(client, submitted, upper_officer_a, staff):
    html = _page(client, upper_officer_a)
    assert "Duyệt (cấp trên)" in html
    client.post(reverse("review:approve", args=[YEAR, "CDCS-A"]), {"version": submitted.version})
    ret = Return.objects.get(pk=submitted.pk)
    assert ret.status == S.APPROVED_UPPER
    html = _page(client, staff)
    assert "Duyệt (tỉnh)" in html and "Trả lại cho đơn vị sửa" in html
    assert "chỉ được xem" not in html  # the read-only notice is for writers, not beside the approve button
    empty = client.post(reverse("review:send_back", args=[YEAR, "CDCS-A"]), {"version": ret.version, "note": " "},
                        follow=True)
    assert "Chưa trả lại: Hãy ghi lý do trả lại." in empty.content.decode()
    assert Return.objects.get(pk=ret.pk).status == S.APPROVED_UPPER
    client.post(reverse("review:send_back", args=[YEAR, "CDCS-A"]),
                {"version": ret.version, "note": "Thiếu số liệu Thi đua quý IV"})
    ret = Return.objects.get(pk=ret.pk)
    assert ret.status == S.DRAFT and ret.returned_note == "Thiếu số liệu Thi đua quý IV"
    assert ret.approved_upper_by is None
    assert "Lý do: Thiếu số liệu Thi đua quý IV" in _page(client, submitted.submitted_by)


def test_it_approves_one_step_on_a_double_click(client, submitted, staff):
    client.force_login(staff)
    url = reverse("review:approve", args=[YEAR, "CDCS-A"])
    seen = {"version": submitted.version}
    client.post(url, seen)
    second = client.post(url, seen, follow=True)
    assert second.status_code == 200
    ret = Return.objects.get(pk=submitted.pk)
    assert ret.status == S.APPROVED_UPPER and ret.approved_province_by is None
    assert "duyệt thay cấp trên" in second.content.decode() and "không cần duyệt lại" in second.content.decode()


def test_it_tells_the_officer_what_happened_when_staff_approved_meanwhile(client, submitted, staff,
                                                                          upper_officer_a):
    client.force_login(upper_officer_a)
    seen = {"version": submitted.version}  # the officer's page was drawn
    workflow.return_approve(actor=staff, unit=submitted.unit, year=YEAR)
    response = client.post(reverse("review:approve", args=[YEAR, "CDCS-A"]), seen, follow=True)
    assert response.status_code == 200  # not a 403
    html = response.content.decode()
    assert "Báo cáo đã được LĐLĐ tỉnh duyệt thay cấp trên (canbo_tinh (LĐLĐ tỉnh Ninh Bình)) lúc" in html
    assert "không cần duyệt lại" in html


def test_it_records_when_the_province_acts_for_an_upper_unit_without_officer(client, submitted_b, staff):
    workflow.return_approve(actor=staff, unit=submitted_b.unit, year=YEAR)
    event = ReturnEvent.objects.get(return_obj=submitted_b, kind=ReturnEvent.Kind.APPROVED_UPPER)
    assert event.acting_for == "thay cho cấp trên (chưa có tài khoản): LĐLĐ huyện Gia Viễn"
    assert "thay cho cấp trên (chưa có tài khoản): LĐLĐ huyện Gia Viễn" in _page(client, staff, "CDCS-B")


def test_it_lists_only_the_returns_at_the_users_step(client, submitted, submitted_b, staff, upper_officer_a):
    client.force_login(staff)
    html = client.get(reverse("review:index") + f"?year={YEAR}").content.decode()
    assert "CDCS-B" in html and "thay cho cấp trên (chưa có tài khoản)" in html
    assert "CDCS-A" not in html  # waits for TPNB's officer, not for the province
    client.force_login(upper_officer_a)
    html = client.get(reverse("review:index") + f"?year={YEAR}").content.decode()
    assert "CDCS-A" in html and "CDCS-B" not in html
    workflow.return_approve(actor=upper_officer_a, unit=submitted.unit, year=YEAR)
    client.force_login(staff)
    html = client.get(reverse("review:index") + f"?year={YEAR}&step=province").content.decode()
    assert "CDCS-A" in html and "CDCS-B" not in html


def test_it_filters_the_queue(client, submitted, submitted_b, staff):
    workflow.return_follow_up(actor=staff, unit=submitted_b.unit, year=YEAR, mark=True, note="Số liệu lạ")
    client.force_login(staff)
    base = reverse("review:index") + f"?year={YEAR}"
    assert "CDCS-B" in client.get(base + "&follow_up=yes").content.decode()
    assert "CDCS-B" not in client.get(base + "&follow_up=no").content.decode()
    assert "CDCS-B" in client.get(base + "&late=yes").content.decode()  # submitted in 2026 for 2024
    assert "CDCS-B" not in client.get(base + "&late=no").content.decode()
    assert "CDCS-B" in client.get(base + "&q=gia+vi").content.decode()
    assert "CDCS-B" in client.get(base + "&warnings=unexplained").content.decode()  # 220 lượt for 2 members
    assert "CDCS-B" not in client.get(base + "&warnings=none").content.decode()


def test_it_lists_the_queue_in_constant_queries(client, staff, make_unit, district_b, django_assert_max_num_queries):
    client.force_login(staff)
    url = reverse("review:index") + f"?year={YEAR}"
    with django_assert_max_num_queries(14) as first:
        client.get(url)
    for i in range(25):
        Return.objects.create(unit=make_unit(f"Q-{i:03}", parent=district_b), year=YEAR, status=S.SUBMITTED,
                              submitted_at="2024-12-01T09:00:00+07:00")
    with django_assert_max_num_queries(max(len(first.captured_queries), 14)):
        html = client.get(url).content.decode()
    assert "Q-024" in html and html.count('data-testid="pick"') == 25


def test_it_marks_a_return_for_follow_up_and_shows_it_on_the_dashboard(client, submitted, upper_officer_a, officer_a):
    client.force_login(officer_a)
    assert client.post(reverse("review:follow_up", args=[YEAR, "CDCS-A"]),
                       {"mark": "1", "note": "Xem lại"}).status_code == 403
    client.force_login(upper_officer_a)
    client.post(reverse("review:follow_up", args=[YEAR, "CDCS-A"]), {"mark": "1", "note": "Số lượt chăm lo cao"})
    assert Return.objects.get(pk=submitted.pk).follow_up
    home = client.get(reverse("home") + f"?year={YEAR}").content.decode()
    assert 'data-testid="follow-up"' in home and "Số lượt chăm lo cao" in home
    assert "1 báo cáo cần xem lại" in home
    queue = client.get(reverse("review:index") + f"?year={YEAR}").content.decode()
    assert "Cần xem lại" in queue and "Số lượt chăm lo cao" in queue
