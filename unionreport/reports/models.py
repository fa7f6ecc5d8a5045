"""The report's own data: the words staff write for a unit's yearly report, and the year's targets (figures stay
computed)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from unionreport.units.models import Unit

DEFAULT_RECIPIENTS = "\n".join([
    "Tổng LĐLĐ Việt Nam (để b/c)",
    "Thường trực Tỉnh ủy (để b/c)",
    "Các LĐLĐ huyện, thành phố, CĐ ngành, CĐ các KCN",
    "Lưu: VT",
])


class ReportNarrative(models.Model):
    """Texts of one unit's yearly report. May contain figure placeholders like {cham_lo.luot}."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="report_narratives")
    year = models.PositiveSmallIntegerField("năm")
    document_number = models.CharField("số, ký hiệu", max_length=64, default="01/BC-LĐLĐ")
    place = models.CharField("địa danh", max_length=64, default="Ninh Bình")
    report_date = models.DateField("ngày báo cáo", null=True, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=64, default="CHỦ TỊCH")
    signer_name = models.CharField("họ tên người ký", max_length=128, blank=True)
    recipients = models.TextField("nơi nhận (mỗi dòng một nơi)", default=DEFAULT_RECIPIENTS)
    intro_workforce = models.TextField("I. Tình hình CNVCLĐ – mở đầu", blank=True)
    intro_direction = models.TextField("II.1. Công tác chỉ đạo – mở đầu", blank=True)
    intro_welfare = models.TextField("II.2. Chăm lo đời sống – mở đầu", blank=True)
    intro_members = models.TextField("II.3. Phát triển đoàn viên – mở đầu", blank=True)
    intro_movements = models.TextField("II.4. Phong trào thi đua – mở đầu", blank=True)
    intro_dialogue = models.TextField("II.5. Đối thoại, HNNLĐ, TƯLĐTT – mở đầu", blank=True)
    intro_targets = models.TextField("II.6. Thực hiện chỉ tiêu – mở đầu", blank=True)
    assessment = models.TextField("Phần thứ hai – Đánh giá chung", blank=True)
    direction = models.TextField("Phần thứ ba – Phương hướng, nhiệm vụ", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "lời văn báo cáo tổng kết"
        verbose_name_plural = "lời văn báo cáo tổng kết"
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="narrative_one_per_unit_year")]

    def __str__(self) -> str:
        return f"Lời văn báo cáo {self.year} – {self.unit.code}"


class Target(models.Model):
    """A yearly target assigned by the Tổng LĐLĐ (or added by the province) and the figure that measures it."""

    year = models.PositiveSmallIntegerField("năm")
    name = models.CharField("chỉ tiêu", max_length=255)
    measure = models.CharField("đơn vị tính", max_length=64)
    planned_value = models.DecimalField("kế hoạch", max_digits=18, decimal_places=2)
    # A key of the figures (reports.measures.FIGURE_KEYS), e.g. "doan_vien.moi": the target's figure lives
    # where the figure keys are defined, so that no domain app needs the reports app.
    figure_key = models.CharField("số liệu đo lường", max_length=64, blank=True)
    assigned_by_confederation = models.BooleanField("do Tổng LĐLĐ giao", default=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    history = HistoricalRecords(table_name="movements_historicaltarget")

    class Meta:
        db_table = "movements_target"  # created by the movements app before targets moved here
        verbose_name = "chỉ tiêu năm"
        verbose_name_plural = "chỉ tiêu năm"
        ordering = ["year", "order", "id"]

    def __str__(self) -> str:
        return self.name


def aggregate_file_path(instance: AggregateImport, filename: str) -> str:
    return f"history/{uuid.uuid4().hex[:12]}.xlsx"


class AggregateImport(models.Model):
    """One workbook of aggregate history (figures of old reports of units that never used the application):
    the kept file, who imported it, and the source it names. The provenance of every `AggregateFigure`."""

    file = models.FileField("tệp", upload_to=aggregate_file_path, max_length=255)
    original_name = models.CharField("tên tệp", max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField("dung lượng", default=0)
    source = models.CharField("nguồn số liệu", max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    row_count = models.PositiveIntegerField(default=0)
    confirmed_at = models.DateTimeField("đã nhập lúc", null=True, blank=True)  # null: shown in a preview only

    class Meta:
        verbose_name = "lần nhập số liệu tổng hợp"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class AggregateFigure(models.Model):
    """One figure of a unit's year as its old report stated it (a unit-year has either rows or aggregates).

    It counts as the unit's own figure, like rows entered at the unit itself, and rolls up with the rows."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="aggregate_figures")
    year = models.PositiveSmallIntegerField("năm")
    key = models.CharField("số liệu", max_length=64)
    value = models.PositiveBigIntegerField("giá trị")
    source = models.ForeignKey(AggregateImport, on_delete=models.PROTECT, related_name="figures")

    class Meta:
        verbose_name = "số liệu tổng hợp"
        verbose_name_plural = "số liệu tổng hợp"
        constraints = [models.UniqueConstraint(fields=["unit", "year", "key"], name="aggregate_once")]
        indexes = [models.Index(fields=["year", "unit"])]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.value}"
