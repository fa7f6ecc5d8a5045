"""Bulk approval: select rows, confirm once, each return approved in its own transaction, a result per row."""

import pytest
from django.urls import reverse

from tests.returns.conftest import YEAR
from unionreport.returns import workflow
from unionreport.returns.models import Return

pytestmark = pytest.mark.django_db
S = Return.Status


def _pick(ret):
    ret = Return.objects.get(pk=ret.pk)
    return f"{ret.pk}:{ret.version}"


def test_it_confirms_then_approves_each_and_lists_the_results(client, submitted, submitted_b, staff, make_unit,
                                                              province, upper_officer_a):
    other = Return.objects.create(unit=make_unit("CD-X", parent=province), year=YEAR, status=S.DRAFT)
    picks = [_pick(submitted_b), _pick(submitted), _pick(other), "999999:0", "rác"]
    client.force_login(staff)
    confirm = client.post(reverse("review:bulk_approve"), {"pick": picks, "year": YEAR})
    html = confirm.content.decode()
    assert "Xác nhận duyệt 5 báo cáo" in html and "Duyệt thay cấp trên" in html
    assert "Báo cáo không ở bước bạn duyệt" in html and "Không tìm thấy báo cáo này" in html
    assert Return.objects.get(pk=submitted_b.pk).status == S.SUBMITTED  # nothing yet

    result = client.post(reverse("review:bulk_approve"), {"pick": picks, "year": YEAR, "stage": "run"})
    html = result.content.decode()
    assert "đã duyệt 1/5 báo cáo" in html
    assert Return.objects.get(pk=submitted_b.pk).status == S.APPROVED_UPPER
    assert Return.objects.get(pk=submitted.pk).status == S.SUBMITTED  # TPNB's officer approves it, not staff
    assert html.count("✗ Không duyệt:") == 4

    again = client.post(reverse("review:bulk_approve"), {"pick": picks[:1], "year": YEAR, "stage": "run"})
    assert "không cần duyệt lại" in again.content.decode()  # the page refreshed: nothing approved twice
    assert Return.objects.get(pk=submitted_b.pk).status == S.APPROVED_UPPER


def test_it_keeps_other_units_returns_out_of_a_bulk_selection(client, submitted, submitted_b, upper_officer_a):
    client.force_login(upper_officer_a)
    picks = [_pick(submitted), _pick(submitted_b)]
    html = client.post(reverse("review:bulk_approve"), {"pick": picks, "year": YEAR, "stage": "run"}).content.decode()
    assert "đã duyệt 1/2 báo cáo" in html and "Không tìm thấy báo cáo này" in html
    assert "CDCS-B" not in html
    assert Return.objects.get(pk=submitted.pk).status == S.APPROVED_UPPER
    assert Return.objects.get(pk=submitted_b.pk).status == S.SUBMITTED


def test_it_asks_for_a_selection(client, staff):
    client.force_login(staff)
    response = client.post(reverse("review:bulk_approve"), {"year": YEAR}, follow=True)
    assert "Hãy chọn ít nhất một báo cáo để duyệt." in response.content.decode()


def test_it_refuses_a_row_that_changed_after_the_confirmation(client, submitted_b, staff):
    client.force_login(staff)
    picks = [_pick(submitted_b)]
    workflow.return_send_back(actor=staff, unit=submitted_b.unit, year=YEAR, note="Sai số tiền chăm lo")
    html = client.post(reverse("review:bulk_approve"), {"pick": picks, "year": YEAR, "stage": "run"}).content.decode()
    assert "đã duyệt 0/1" in html
    assert Return.objects.get(pk=submitted_b.pk).status == S.DRAFT
