"""Reads of the reports app's own rows: the narrative of a unit's year and the year's targets."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from unionreport.accounts.models import User
from unionreport.core.year_setup import YearGap
from unionreport.movements.models import Movement
from unionreport.movements.selectors import with_province
from unionreport.reports.models import ReportNarrative, Target
from unionreport.units.models import Unit


def narrative_for(unit: Unit, year: int) -> ReportNarrative | None:
    return ReportNarrative.objects.filter(unit=unit, year=year).first()


def targets_for(user: User) -> QuerySet[Target]:
    """The province's targets: every signed-in user may read them (the province's rows lock with its year)."""
    return with_province(Target.objects.all())


def year_gaps(year: int) -> list[YearGap]:
    """What `year` lacks: active emulation movements (the return's Thi đua sheet lists them) and the targets
    assigned (the report's "Thực hiện chỉ tiêu"). Two queries."""
    gaps = []
    if not Movement.objects.filter(year=year, active=True).exists():
        gaps.append(YearGap(f"Năm {year} tỉnh chưa khai báo phong trào thi đua: mẫu báo cáo năm của CĐCS "
                            "chưa có phong trào để chọn ở trang Thi đua.", "Thêm phong trào thi đua",
                            reverse("movements:movement_create") + f"?year={year}"))
    if not Target.objects.filter(year=year).exists():
        gaps.append(YearGap(f"Năm {year} chưa có chỉ tiêu được giao: báo cáo tổng kết chưa có phần thực hiện "
                            "chỉ tiêu.", "Thêm chỉ tiêu năm", reverse("reports:target_create") + f"?year={year}"))
    return gaps
