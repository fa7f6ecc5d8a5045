"""Welfare disbursements (chăm lo): per CĐCS, or at an upper-level unit for programmes it ran."""

from django.db import models
from simple_history.models import HistoricalRecords

from unionreport.core.models import ImportBatch
from unionreport.units.models import Unit


class Occasion(models.TextChoices):
    TET = "tet", "Tết Nguyên đán"
    WORKERS_MONTH = "workers_month", "Tháng Công nhân"
    UNION_DAY = "union_day", "Kỷ niệm ngày thành lập Công đoàn Việt Nam"
    UNION_PROGRAMME = "union_programme", "Chương trình do công đoàn tổ chức"
    HARDSHIP = "hardship", "Ốm đau, hoàn cảnh khó khăn"
    OTHER = "other", "Khác"


class Form(models.TextChoices):
    GIFT = "gift", "Tặng quà"
    VISIT = "visit", "Thăm hỏi"
    MEAL = "meal", "Bữa cơm công đoàn"
    CASH = "cash", "Hỗ trợ tiền mặt"
    OTHER = "other", "Khác"


class Source(models.TextChoices):
    UNION_FUNDS = "union_funds", "Tài chính công đoàn"
    SOCIALISED = "socialised", "Xã hội hóa"
    EMPLOYER = "employer", "Doanh nghiệp"
    OTHER = "other", "Khác"


class Disbursement(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="disbursements", verbose_name="đơn vị")
    date = models.DateField("ngày")
    occasion = models.CharField("dịp", max_length=20, choices=Occasion.choices)
    form = models.CharField("hình thức", max_length=10, choices=Form.choices)
    person_times = models.PositiveIntegerField("số lượt đoàn viên")
    amount_vnd = models.PositiveBigIntegerField("số tiền (đồng)")
    source = models.CharField("nguồn kinh phí", max_length=16, choices=Source.choices)
    description = models.CharField("nội dung", max_length=500, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "khoản chăm lo"
        verbose_name_plural = "chăm lo"
        ordering = ["-date", "-id"]
        # The summed columns ride in both indexes (as key columns: SQLite has no INCLUDE) so that a list's totals
        # (COUNT, the two sums) are read from the index alone: the whole province's year — 2,5 M rows at the
        # merged size — by the date range, a unit's subtree by its units (docs/performance.md, issue 17).
        indexes = [models.Index(fields=["unit", "date", "person_times", "amount_vnd"]),
                   models.Index(fields=["date", "unit", "person_times", "amount_vnd"])]

    def __str__(self) -> str:
        return f"{self.get_occasion_display()} {self.date:%d/%m/%Y}"


# The summary's breakdowns: the figures add up welfare by occasion, by form and by source, never across them.
DIMENSIONS: dict[str, type[models.TextChoices]] = {"occasion": Occasion, "form": Form, "source": Source}
SUMMED_FIELDS = ("person_times", "amount_vnd")


def breakdown_column(dimension: str, value: str, measure: str) -> str:
    """The summary column of one choice's person-times or amount, e.g. `occasion_tet_amount_vnd`."""
    return f"{dimension}_{value}_{measure}"


# (dimension, choice value, measure, column) of every breakdown column, in a fixed order.
BREAKDOWN_COLUMNS: tuple[tuple[str, str, str, str], ...] = tuple(
    (dimension, value, measure, breakdown_column(dimension, value, measure))
    for dimension, choices in DIMENSIONS.items() for value in choices.values for measure in SUMMED_FIELDS)


class WelfareSummary(models.Model):
    """Welfare of one unit in one year: the totals and the totals by occasion, by form and by source, derived
    from `Disbursement`.

    Kept by `welfare.summary` from every write path (services, Excel import, demo, generator); the report sums
    one row per unit-year instead of a year's million disbursements (or the ~30 groups of occasion × form ×
    source a unit-year had when the summary kept them: the figures never cross them, issue 17). The breakdown
    columns (`BREAKDOWN_COLUMNS`) are added below the class.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name="đơn vị")
    year = models.PositiveSmallIntegerField("năm")
    person_times = models.PositiveBigIntegerField("số lượt đoàn viên", default=0)
    amount_vnd = models.PositiveBigIntegerField("số tiền (đồng)", default=0)
    disbursements = models.PositiveIntegerField("số khoản chăm lo", default=0)  # the rows summed

    class Meta:
        verbose_name = "tổng hợp chăm lo"
        verbose_name_plural = "tổng hợp chăm lo"
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="welfare_summary_unique")]
        indexes = [models.Index(fields=["year", "unit"])]

    def __str__(self) -> str:
        return f"Tổng hợp chăm lo {self.year}"


_MEASURE_LABELS = {"person_times": "số lượt", "amount_vnd": "số tiền (đồng)"}
_DIMENSION_LABELS = {"occasion": "dịp", "form": "hình thức", "source": "nguồn"}
for _dimension, _value, _measure, _column in BREAKDOWN_COLUMNS:
    _label = f"{_MEASURE_LABELS[_measure]} {_DIMENSION_LABELS[_dimension]} {DIMENSIONS[_dimension](_value).label}"
    WelfareSummary.add_to_class(_column, models.PositiveBigIntegerField(_label, default=0))
