"""Hand-computed rows on the cast's small province, for the report's tests.

    CDCS-A (under TPNB): 2 disbursements 2024 (Tết 10 lượt 5.000.000; hardship 3 lượt 1.500.000),
                         1 disbursement 2023 (Tết 8 lượt 4.000.000), 3 members (1 joined 2024, 1 left 2024),
                         1 new house 50.000.000 (union 30.000.000)
    CDCS-B (under GV):   1 disbursement 2024 (Tháng Công nhân 7 lượt 2.100.000), 2 members, 1 repair 25.000.000
    TINH itself:         1 disbursement 2024 (union programme 20 lượt 10.000.000)
"""

import datetime as dt
from decimal import Decimal

import pytest

from unionreport.houses.models import House
from unionreport.members.models import Activity, Member, Workforce
from unionreport.members.summary import member_summary_refresh
from unionreport.movements.models import DirectiveDocument, Indicator, Movement, MovementResult
from unionreport.reports.models import Target
from unionreport.welfare.models import Disbursement, Form, Occasion, Source
from unionreport.welfare.summary import welfare_summary_refresh


def give(unit, day, occasion, luot, tien, form=Form.GIFT, source=Source.UNION_FUNDS):
    row = Disbursement.objects.create(unit=unit, date=day, occasion=occasion, form=form, person_times=luot,
                                      amount_vnd=tien, source=source)
    welfare_summary_refresh(unit_ids=[unit.pk], years=[day.year])  # the figures read the summaries
    return row


def member(unit, card, joined, left=None):
    row = Member.objects.create(unit=unit, card_number=card, full_name=f"Đoàn viên {card}", sex="nu",
                                birth_year=1990, joined_on=joined, left_on=left)
    member_summary_refresh(unit_ids=[unit.pk])
    return row


@pytest.fixture
def report_data(province, cdcs_a, cdcs_b):
    d = dt.date
    give(cdcs_a, d(2024, 1, 20), Occasion.TET, 10, 5_000_000)
    give(cdcs_a, d(2024, 8, 2), Occasion.HARDSHIP, 3, 1_500_000, form=Form.CASH, source=Source.SOCIALISED)
    give(cdcs_a, d(2023, 1, 15), Occasion.TET, 8, 4_000_000)
    give(cdcs_b, d(2024, 5, 1), Occasion.WORKERS_MONTH, 7, 2_100_000, form=Form.MEAL)
    give(province, d(2024, 7, 28), Occasion.UNION_PROGRAMME, 20, 10_000_000, form=Form.VISIT)
    member(cdcs_a, "A1", d(2019, 3, 1))
    member(cdcs_a, "A2", d(2024, 3, 1))
    member(cdcs_a, "A3", d(2018, 3, 1), left=d(2024, 6, 30))
    member(cdcs_b, "B1", d(2020, 3, 1))
    member(cdcs_b, "B2", d(2021, 3, 1))
    House.objects.create(unit=cdcs_a, member_name="Đoàn viên A1", kind=House.Kind.NEW,
                         total_support_vnd=50_000_000, union_fund_vnd=30_000_000, handover_date=d(2024, 9, 1))
    House.objects.create(unit=cdcs_b, member_name="Đoàn viên B1", kind=House.Kind.REPAIR,
                         total_support_vnd=25_000_000, union_fund_vnd=None, handover_date=d(2024, 10, 1))
    Workforce.objects.create(unit=cdcs_a, year=2024, total_workers=100, female_workers=60, with_contract=95,
                             with_social_insurance=90, average_income_vnd=8_000_000)
    Workforce.objects.create(unit=cdcs_b, year=2024, total_workers=50, female_workers=40, with_contract=50,
                             with_social_insurance=50, average_income_vnd=11_000_000)
    Activity.objects.create(unit=cdcs_a, year=2024, dialogues=2, workers_conference=True, party_introduced=2,
                            party_admitted=1)
    Activity.objects.create(unit=cdcs_b, year=2024, dialogues=1, collective_agreement=True)
    movement = Movement.objects.create(year=2024, name="Lao động giỏi, lao động sáng tạo", order=1)
    indicator = Indicator.objects.create(movement=movement, name="Số sáng kiến", measure="sáng kiến")
    MovementResult.objects.create(unit=cdcs_a, indicator=indicator, year=2024, value=Decimal(4))
    MovementResult.objects.create(unit=cdcs_b, indicator=indicator, year=2024, value=Decimal(3))
    DirectiveDocument.objects.create(year=2024, kind=DirectiveDocument.Kind.PLAN, number="01/KH-LĐLĐ",
                                     issued_on=d(2024, 1, 5), title="Kế hoạch chăm lo Tết")
    Target.objects.create(year=2024, name="Kết nạp đoàn viên mới", measure="đoàn viên", planned_value=2,
                          figure_key="doan_vien.moi")
    Target.objects.create(year=2024, name="Nhà Mái ấm Công đoàn", measure="nhà", planned_value=1,
                          figure_key="mai_am.so_nha")
    Target.objects.create(year=2024, name="Đối thoại", measure="cuộc", planned_value=2,
                          figure_key="hoat_dong.doi_thoai")
    return {"indicator": indicator}
