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
        indexes = [models.Index(fields=["unit", "date"]), models.Index(fields=["date", "unit"])]

    def __str__(self) -> str:
        return f"{self.get_occasion_display()} {self.date:%d/%m/%Y}"


class WelfareSummary(models.Model):
    """Welfare of one unit in one year by occasion, form and source: derived from `Disbursement`.

    Kept by `welfare.summary` from every write path (services, Excel import, demo, generator);
    the report sums these few rows instead of a year's million disbursements.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name="đơn vị")
    year = models.PositiveSmallIntegerField("năm")
    occasion = models.CharField("dịp", max_length=20, choices=Occasion.choices)
    form = models.CharField("hình thức", max_length=10, choices=Form.choices)
    source = models.CharField("nguồn kinh phí", max_length=16, choices=Source.choices)
    person_times = models.PositiveBigIntegerField("số lượt đoàn viên", default=0)
    amount_vnd = models.PositiveBigIntegerField("số tiền (đồng)", default=0)

    class Meta:
        verbose_name = "tổng hợp chăm lo"
        verbose_name_plural = "tổng hợp chăm lo"
        constraints = [models.UniqueConstraint(fields=["unit", "year", "occasion", "form", "source"],
                                               name="welfare_summary_unique")]
        indexes = [models.Index(fields=["year", "unit"])]

    def __str__(self) -> str:
        return f"Tổng hợp chăm lo {self.year}"
