"""Rows of every domain kind for tests (imported by the conftest of each domain test folder)."""

import datetime as dt
from decimal import Decimal

import pytest

from unionreport.houses.models import House
from unionreport.members.models import Activity, Member, Workforce
from unionreport.movements.models import DirectiveDocument, Indicator, Movement, MovementResult, Target, YearTheme
from unionreport.welfare.models import Disbursement

YEAR = 2024


def disbursement(unit, **kw):
    values = {"date": dt.date(YEAR, 1, 20), "occasion": "tet", "form": "gift", "person_times": 10,
              "amount_vnd": 5_000_000, "source": "union_funds", "description": "Quà Tết"}
    return Disbursement.objects.create(unit=unit, **values | kw)


def member(unit, **kw):
    n = Member.objects.count() + 1
    values = {"card_number": f"{n:06d}", "full_name": f"Nguyễn Văn {n}", "sex": "nam", "birth_year": 1990,
              "joined_on": dt.date(YEAR - 2, 3, 1)}
    return Member.objects.create(unit=unit, **values | kw)


def workforce(unit, **kw):
    values = {"year": YEAR, "total_workers": 100, "female_workers": 40, "with_contract": 90,
              "with_social_insurance": 85, "average_income_vnd": 8_500_000}
    return Workforce.objects.create(unit=unit, **values | kw)


def activity(unit, **kw):
    values = {"year": YEAR, "dialogues": 2, "workers_conference": True, "training_classes": 1, "trainees": 30,
              "party_introduced": 2, "party_admitted": 1}
    return Activity.objects.create(unit=unit, **values | kw)


def house(unit, **kw):
    values = {"member_name": "Trần Thị Hoa", "kind": "new", "total_support_vnd": 50_000_000,
              "union_fund_vnd": 30_000_000, "handover_date": dt.date(YEAR, 5, 1), "address": "Gia Viễn"}
    return House.objects.create(unit=unit, **values | kw)


def movement(**kw):
    values = {"year": YEAR, "name": f"Phong trào {Movement.objects.count() + 1}"}
    return Movement.objects.create(**values | kw)


def indicator(movement_obj=None, **kw):
    movement_obj = movement_obj or movement()
    values = {"name": f"Chỉ tiêu {Indicator.objects.count() + 1}", "kind": "count"}
    return Indicator.objects.create(movement=movement_obj, **values | kw)


def result(unit, indicator_obj=None, **kw):
    indicator_obj = indicator_obj or indicator()
    values = {"year": YEAR, "value": Decimal(12), "note": ""}
    return MovementResult.objects.create(unit=unit, indicator=indicator_obj, **values | kw)


def target(**kw):
    values = {"year": YEAR, "name": f"Chỉ tiêu năm {Target.objects.count() + 1}", "measure": "người",
              "planned_value": Decimal(1000)}
    return Target.objects.create(**values | kw)


def directive(**kw):
    values = {"year": YEAR, "kind": "plan", "number": f"{DirectiveDocument.objects.count() + 1}/KH-LĐLĐ",
              "issued_on": dt.date(YEAR, 2, 1), "title": "Kế hoạch tổ chức Tháng Công nhân"}
    return DirectiveDocument.objects.create(**values | kw)


def theme(**kw):
    values = {"year": YEAR, "theme": "Năm tăng cường đối thoại"}
    return YearTheme.objects.create(**values | kw)


@pytest.fixture
def rows(db):
    """The factories, as a fixture: rows.disbursement(cdcs_a, amount_vnd=...)."""
    import tests.members.factories as module

    return module
