"""Emulation movements and their indicators, results, the standing committee's directive documents, the year's theme."""

from django.db import models
from simple_history.models import HistoricalRecords

from unionreport.core.models import ImportBatch
from unionreport.units.models import Unit


class Movement(models.Model):
    year = models.PositiveSmallIntegerField("năm")
    name = models.CharField("tên phong trào", max_length=255)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang phát động", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"
        ordering = ["year", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="movement_name_unique_in_year")]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    class Kind(models.TextChoices):
        COUNT = "count", "Số lượng"
        MONEY = "money", "Tiền (đồng)"
        NUMBER = "number", "Số (có thể lẻ)"

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("chỉ tiêu", max_length=255)
    kind = models.CharField("loại", max_length=8, choices=Kind.choices, default=Kind.COUNT)
    measure = models.CharField("đơn vị tính", max_length=64, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "chỉ tiêu phong trào"
        ordering = ["movement_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["movement", "name"], name="indicator_unique_in_movement")]

    def __str__(self) -> str:
        return self.name


class MovementResult(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="movement_results")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="results")
    year = models.PositiveSmallIntegerField("năm")
    value = models.DecimalField("giá trị", max_digits=18, decimal_places=2)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "kết quả thi đua"
        verbose_name_plural = "kết quả thi đua"
        indexes = [models.Index(fields=["year", "unit"]), models.Index(fields=["indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class DirectiveDocument(models.Model):
    class Kind(models.TextChoices):
        ACTION_PROGRAMME = "action_programme", "Chương trình hành động"
        PLAN = "plan", "Kế hoạch"
        BREAKTHROUGH = "breakthrough", "Chương trình đột phá"
        OTHER = "other", "Văn bản khác"

    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("loại văn bản", max_length=20, choices=Kind.choices)
    number = models.CharField("số, ký hiệu", max_length=64)
    issued_on = models.DateField("ngày ban hành")
    title = models.CharField("trích yếu", max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "văn bản chỉ đạo"
        verbose_name_plural = "văn bản chỉ đạo"
        ordering = ["year", "issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"


class YearTheme(models.Model):
    """The year's theme (chủ đề năm) the report quotes."""

    year = models.PositiveSmallIntegerField("năm", unique=True)
    theme = models.CharField("chủ đề năm", max_length=500)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.theme
