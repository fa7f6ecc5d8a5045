"""Rows of every domain kind for tests (imported by the conftest of each domain test folder)."""

import datetime as dt
from decimal import Decimal

import pytest

from unionreport.houses.models import House
from unionreport.members.models import Activity, Member, Workforce
from unionreport.members.summary import member_summary_refresh
from unionreport.movements.models import DirectiveDocument, Indicator, Movement, MovementResult, YearTheme
from unionreport.reports.models import Target
from unionreport.welfare.models import Disbursement
from unionreport.welfare.summary import welfare_summary_refresh

YEAR = 2024


def disbursement(unit, **kw):
    values = {"date": dt.date(YEAR, 1, 20), "occasion": "tet", "form": "gift", "person_times": 10,
              "amount_vnd": 5_000_000, "source": "union_funds", "description": "Quà Tết"}
    row = Disbursement.objects.create(unit=unit, **values | kw)
    welfare_summary_refresh(unit_ids=[row.unit_id], years=[row.date.year])  # the figures read the summary
    return row


def member(unit, **kw):
    n = Member.objects.count() + 1
    values = {"card_number": f"{n:06d}", "full_name": f"Nguyễn Văn {n}", "sex": "nam", "birth_year": 1990,
              "joined_on": dt.date(YEAR - 2, 3, 1)}
    row = Member.objects.create(unit=unit, **values | kw)
    member_summary_refresh(unit_ids=[row.unit_id])  # the figures read the summary
    return row


def _free_year(model, **lookup):
    """YEAR, or an earlier year when the unit (or the province) already has a row for it."""
    return YEAR - model.objects.filter(**lookup).count()


def workforce(unit, **kw):
    values = {"year": _free_year(Workforce, unit=unit), "total_workers": 100, "female_workers": 40, "with_contract": 90,
              "with_social_insurance": 85, "average_income_vnd": 8_500_000}
    return Workforce.objects.create(unit=unit, **values | kw)


def activity(unit, **kw):
    values = {"year": _free_year(Activity, unit=unit), "dialogues": 2,
              "workers_conference": True, "training_classes": 1, "trainees": 30,
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
    values = {"year": _free_year(YearTheme), "theme": "Năm tăng cường đối thoại"}
    return YearTheme.objects.create(**values | kw)


@pytest.fixture
def rows(db):
    """The factories, as a fixture: rows.disbursement(cdcs_a, amount_vnd=...)."""
    import tests.members.factories as module

    return module


# Every kind of row, by its url prefix: how to make one (of a unit, or the province's), and valid POST data.
UNIT_KINDS = {
    "members:": member,
    "members:workforce_": workforce,
    "members:activity_": activity,
    "welfare:": disbursement,
    "houses:": house,
    "movements:result_": result,
}
PROVINCE_KINDS = {
    "movements:movement_": movement,
    "movements:indicator_": indicator,
    "reports:target_": target,
    "movements:directive_": directive,
    "movements:theme_": theme,
}


def valid_post(prefix, unit=None):
    """Form data that creates one row of the kind (for `unit` when the kind has units)."""
    unit_pk = unit.pk if unit else ""
    if prefix == "members:":
        return {"unit": unit_pk, "card_number": "0099", "full_name": "Lê Văn Tâm", "sex": "nam",
                "birth_year": "1985", "joined_on": "01/02/2024", "left_on": ""}
    if prefix == "members:workforce_":
        return {"unit": unit_pk, "year": "2024", "total_workers": "1.200", "female_workers": "600",
                "with_contract": "1.100", "with_social_insurance": "1.000", "underemployed": "0",
                "average_income_vnd": "8.500.000", "wage_arrears_vnd": "0", "insurance_arrears_vnd": "0",
                "accidents": "0", "accident_deaths": "0", "collective_disputes": "0"}
    if prefix == "members:activity_":
        return {"unit": unit_pk, "year": "2024", "dialogues": "2", "workers_conference": "on",
                "training_classes": "1", "trainees": "40", "party_introduced": "2", "party_admitted": "1"}
    if prefix == "welfare:":
        return {"unit": unit_pk, "date": "20/01/2024", "occasion": "tet", "form": "gift", "person_times": "3",
                "amount_vnd": "1.500.000", "source": "union_funds", "description": "Quà Tết"}
    if prefix == "houses:":
        return {"unit": unit_pk, "member_name": "Trần Thị Hoa", "member_card": "", "kind": "new",
                "total_support_vnd": "50.000.000", "union_fund_vnd": "30.000.000", "handover_date": "01/05/2024",
                "address": "Gia Viễn"}
    if prefix == "movements:result_":
        ind = indicator(movement(year=YEAR))
        return {"unit": unit_pk, "year": "2024", "indicator": ind.pk, "value": "1.234", "note": ""}
    if prefix == "movements:movement_":
        return {"year": "2024", "name": "Lao động giỏi, lao động sáng tạo", "order": "1", "active": "on"}
    if prefix == "movements:indicator_":
        return {"movement": movement().pk, "name": "Số sáng kiến được công nhận", "kind": "count",
                "measure": "sáng kiến", "order": "1"}
    if prefix == "reports:target_":
        return {"year": "2024", "name": "Phát triển đoàn viên mới", "measure": "người", "planned_value": "5.000",
                "figure_key": "", "assigned_by_confederation": "on", "order": "1"}
    if prefix == "movements:directive_":
        return {"year": "2024", "kind": "plan", "number": "12/KH-LĐLĐ", "issued_on": "15/02/2024",
                "title": "Kế hoạch Tháng Công nhân năm 2024"}
    if prefix == "movements:theme_":
        return {"year": "2024", "theme": "Năm tăng cường đối thoại, thương lượng"}
    raise KeyError(prefix)


def make(prefix, unit=None, **kw):
    if prefix in UNIT_KINDS:
        return UNIT_KINDS[prefix](unit, **kw)
    return PROVINCE_KINDS[prefix](**kw)


MODELS = {"members:": Member, "members:workforce_": Workforce, "members:activity_": Activity,
          "welfare:": Disbursement, "houses:": House, "movements:result_": MovementResult,
          "movements:movement_": Movement, "movements:indicator_": Indicator, "reports:target_": Target,
          "movements:directive_": DirectiveDocument, "movements:theme_": YearTheme}
