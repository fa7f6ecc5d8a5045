"""Approving follows today's structure: the dissolved district's officer reads its former CĐCS's
returns but no longer approves, sends back or decides on them; the commune union that took the
CĐCS over does."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.accounts.reorganised import reorganise
from unionreport.accounts.access import UPPER_STEP, can_approve
from unionreport.returns import workflow
from unionreport.returns.models import ReopenRequest, Return
from unionreport.returns.workflow import can_decide

pytestmark = pytest.mark.django_db
S = Return.Status
YEAR = 2024


@pytest.fixture
def world(make_unit, province, district_b, cdcs_b):
    return reorganise(make_unit=make_unit, province=province, district_b=district_b, cdcs_b=cdcs_b)


def _submitted(unit, status=S.SUBMITTED):
    return Return.objects.create(unit=unit, year=YEAR, status=status, nothing_to_report=True)


def test_it_refuses_the_dissolved_districts_officer_the_approval(world, client):
    _submitted(world.cdcs)
    assert not can_approve(world.giavien_officer, world.cdcs, UPPER_STEP)
    with pytest.raises(PermissionDenied):
        workflow.return_approve(actor=world.giavien_officer, unit=world.cdcs, year=YEAR)
    with pytest.raises(PermissionDenied):
        workflow.return_send_back(actor=world.giavien_officer, unit=world.cdcs, year=YEAR, note="sửa lại")
    client.force_login(world.giavien_officer)
    detail = client.get(reverse("review:return", args=[YEAR, world.cdcs.code]))
    assert detail.status_code == 200
    assert reverse("review:approve", args=[YEAR, world.cdcs.code]) not in detail.content.decode()
    seen = {"version": 0, "note": "Thiếu số liệu"}
    assert client.post(reverse("review:approve", args=[YEAR, world.cdcs.code]), seen).status_code == 403
    assert client.post(reverse("review:send_back", args=[YEAR, world.cdcs.code]), seen).status_code == 403
    assert Return.objects.get(unit=world.cdcs, year=YEAR).status == S.SUBMITTED


def test_it_lets_the_commune_unions_officer_approve(world, client):
    _submitted(world.cdcs)
    assert can_approve(world.commune_officer, world.cdcs, UPPER_STEP)
    client.force_login(world.commune_officer)
    detail = client.get(reverse("review:return", args=[YEAR, world.cdcs.code]))
    assert reverse("review:approve", args=[YEAR, world.cdcs.code]) in detail.content.decode()
    assert client.post(reverse("review:approve", args=[YEAR, world.cdcs.code]), {"version": 0}).status_code == 302
    ret = Return.objects.get(unit=world.cdcs, year=YEAR)
    assert ret.status == S.APPROVED_UPPER and ret.approved_upper_by == world.commune_officer


def test_it_refuses_leadership_the_approval(world, leader):
    _submitted(world.cdcs)
    assert not can_approve(leader, world.cdcs, UPPER_STEP)
    with pytest.raises(PermissionDenied):
        workflow.return_approve(actor=leader, unit=world.cdcs, year=YEAR)


def test_it_leaves_reopen_decisions_to_the_current_upper_level(world, officer_b):
    ret = _submitted(world.cdcs, status=S.APPROVED_UPPER)
    request = ReopenRequest.objects.create(return_obj=ret, reason="Sai số liệu", requested_by=officer_b)
    assert not can_decide(world.giavien_officer, request)
    assert can_decide(world.commune_officer, request)
    with pytest.raises(PermissionDenied):
        workflow.reopen_request_decide(actor=world.giavien_officer, request_id=request.pk, grant=True)
    assert workflow.reopen_request_decide(actor=world.commune_officer, request_id=request.pk, grant=True).decision
    assert Return.objects.get(pk=ret.pk).status == S.DRAFT
