import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.returns.conftest import YEAR, as_file
from unionreport.accounts.models import User
from unionreport.core.locks import lock_reason
from unionreport.returns import services, workflow
from unionreport.returns.models import ReopenRequest, Return
from unionreport.returns.selectors import completeness
from unionreport.returns.workflow import ReturnError

pytestmark = pytest.mark.django_db
S = Return.Status


@pytest.fixture
def uploaded(staff, filled, cdcs_a):
    assert services.return_import_file(actor=staff, path_or_file=as_file(filled())).imported
    return cdcs_a


def test_it_walks_draft_submitted_approved_upper_approved_province(uploaded, officer_a, upper_officer_a, staff):
    ret = workflow.return_submit(actor=officer_a, unit=uploaded, year=YEAR)
    assert ret.status == S.SUBMITTED and ret.submitted_by == officer_a
    with pytest.raises(PermissionDenied):
        workflow.return_approve(actor=officer_a, unit=uploaded, year=YEAR)
    assert workflow.return_approve(actor=upper_officer_a, unit=uploaded, year=YEAR).status == S.APPROVED_UPPER
    with pytest.raises(PermissionDenied):
        workflow.return_approve(actor=upper_officer_a, unit=uploaded, year=YEAR)
    assert workflow.return_approve(actor=staff, unit=uploaded, year=YEAR).status == S.APPROVED_PROVINCE
    assert "LĐLĐ tỉnh phê duyệt" in lock_reason(uploaded.pk, YEAR)


def test_it_cannot_submit_without_data(officer_a, cdcs_a):
    with pytest.raises(ReturnError, match="Chưa có số liệu"):
        workflow.return_submit(actor=officer_a, unit=cdcs_a, year=YEAR)


def test_it_accepts_nothing_to_report_as_complete(officer_a, cdcs_a, cdcs_b, province):
    ret = workflow.return_submit_nothing(actor=officer_a, unit=cdcs_a, year=YEAR)
    assert ret.nothing_to_report and ret.status == S.SUBMITTED
    data = completeness(province, YEAR)
    assert (data.total.expected, data.total.submitted, data.total.missing) == (2, 1, 1)
    assert [m["code"] for m in data.missing_units] == ["CDCS-B"]


def test_it_keeps_leadership_and_other_units_out(uploaded, leader, officer_b):
    for actor in (leader, officer_b):
        with pytest.raises(PermissionDenied):
            workflow.return_submit(actor=actor, unit=uploaded, year=YEAR)


def test_it_sends_back_a_submitted_return(uploaded, officer_a, upper_officer_a):
    workflow.return_submit(actor=officer_a, unit=uploaded, year=YEAR)
    ret = workflow.return_send_back(actor=upper_officer_a, unit=uploaded, year=YEAR, note="Thiếu số liệu Thi đua")
    assert ret.status == S.DRAFT and ret.returned_note == "Thiếu số liệu Thi đua"


def test_it_reopens_an_approved_return_on_request(uploaded, officer_a, upper_officer_a, staff):
    workflow.return_submit(actor=officer_a, unit=uploaded, year=YEAR)
    workflow.return_approve(actor=upper_officer_a, unit=uploaded, year=YEAR)
    with pytest.raises(ReturnError, match="lý do"):
        workflow.reopen_request_create(actor=officer_a, unit=uploaded, year=YEAR, reason="")
    req = workflow.reopen_request_create(actor=officer_a, unit=uploaded, year=YEAR, reason="Nhập sai số tiền chăm lo")
    with pytest.raises(PermissionDenied):
        workflow.reopen_request_decide(actor=officer_a, request_id=req.pk, grant=True)
    workflow.reopen_request_decide(actor=upper_officer_a, request_id=req.pk, grant=True, note="Đồng ý")
    assert Return.objects.get(unit=uploaded).status == S.DRAFT
    assert lock_reason(uploaded.pk, YEAR) is None


def test_it_refuses_a_reopen_request(uploaded, officer_a, upper_officer_a):
    workflow.return_submit(actor=officer_a, unit=uploaded, year=YEAR)
    workflow.return_approve(actor=upper_officer_a, unit=uploaded, year=YEAR)
    req = workflow.reopen_request_create(actor=officer_a, unit=uploaded, year=YEAR, reason="Muốn sửa lại")
    workflow.reopen_request_decide(actor=upper_officer_a, request_id=req.pk, grant=False)
    assert ReopenRequest.objects.get().decision == "refused"
    assert Return.objects.get(unit=uploaded).status == S.APPROVED_UPPER


def test_it_lets_only_staff_lock_and_set_the_deadline(staff, upper_officer_a):
    with pytest.raises(PermissionDenied):
        workflow.reporting_year_lock(actor=upper_officer_a, year=YEAR)
    obj = workflow.reporting_year_update(actor=staff, year=YEAR, deadline=dt.date(2024, 12, 5),
                                         cutoff_date=dt.date(2024, 11, 30))
    assert obj.deadline == dt.date(2024, 12, 5)
    workflow.reporting_year_lock(actor=staff, year=YEAR)
    assert "khóa sổ" in lock_reason(1, YEAR)


def test_it_counts_on_time_and_late_submissions(uploaded, officer_a, upper_officer_a, province, district_a):
    workflow.return_submit(actor=officer_a, unit=uploaded, year=YEAR)
    data = completeness(province, YEAR)
    assert data.total.late == 1  # submitted in 2026, after the 2024 deadline
    Return.objects.update(submitted_at=dt.datetime(2024, 12, 1, 9, tzinfo=dt.UTC))
    workflow.return_approve(actor=upper_officer_a, unit=uploaded, year=YEAR)
    data = completeness(province, YEAR)
    row = next(r for r in data.rows if r.code == "TPNB")
    assert (row.expected, row.submitted, row.on_time, row.late, row.approved, row.missing) == (1, 1, 1, 0, 1, 0)


def test_it_computes_completeness_in_constant_queries(client, staff, make_unit, district_a, district_b,
                                                     django_assert_max_num_queries):
    url = reverse("returns:completeness", args=[YEAR])
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    for i in range(30):
        unit = make_unit(f"CD-{i:03}", parent=district_a if i % 2 else district_b)
        if i % 3 == 0:
            Return.objects.create(unit=unit, year=YEAR, status=S.SUBMITTED, submitted_at=dt.datetime.now(dt.UTC))
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert "CD-001" in response.content.decode()
    with django_assert_max_num_queries(12):
        assert client.get(url + "?format=xlsx").status_code == 200
    with django_assert_max_num_queries(12):
        assert "CD-001" in client.get(url + "?format=csv&list=missing").getvalue().decode()


def test_it_lists_the_queue_in_constant_queries(client, staff, make_unit, district_a, django_assert_max_num_queries):
    client.force_login(staff)
    url = reverse("review:index") + f"?year={YEAR}"
    with django_assert_max_num_queries(12):
        client.get(url)
    for i in range(20):
        Return.objects.create(unit=make_unit(f"Q-{i:03}", parent=district_a), year=YEAR, status=S.SUBMITTED)
    with django_assert_max_num_queries(12):
        assert "Q-019" in client.get(url).content.decode()
    with django_assert_max_num_queries(12):
        client.get(reverse("returns:reopen_list"))


def test_it_shows_years_to_staff_only(client, staff, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("returns:years")).status_code == 403
    client.force_login(staff)
    client.post(reverse("returns:years"), {"action": "save", "year": YEAR, "cutoff_date": "30/11/2024",
                                           "deadline": "05/12/2024"})
    client.post(reverse("returns:years"), {"action": "lock", "year": YEAR})
    html = client.get(reverse("returns:years")).content.decode()
    assert "05/12/2024" in html and "Đã khóa sổ" in html
    assert User.objects.filter(pk=staff.pk).exists()
