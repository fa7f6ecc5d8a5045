"""Mái ấm Công đoàn: houses built new or repaired for members in hardship."""

from django.db import models
from simple_history.models import HistoricalRecords

from unionreport.core.models import ImportBatch
from unionreport.members.models import Member
from unionreport.units.models import Unit


class House(models.Model):
    class Kind(models.TextChoices):
        NEW = "new", "Xây mới"
        REPAIR = "repair", "Sửa chữa"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="houses", verbose_name="đơn vị")
    member = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="houses",
                               verbose_name="đoàn viên")
    member_name = models.CharField("họ và tên đoàn viên", max_length=255)
    kind = models.CharField("loại hỗ trợ", max_length=8, choices=Kind.choices)
    total_support_vnd = models.PositiveBigIntegerField("tổng kinh phí hỗ trợ (đồng)")
    union_fund_vnd = models.PositiveBigIntegerField("trong đó từ tài chính công đoàn (đồng)", null=True,
                                                    blank=True)
    handover_date = models.DateField("ngày bàn giao")
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "nhà Mái ấm Công đoàn"
        verbose_name_plural = "Mái ấm Công đoàn"
        ordering = ["-handover_date", "-id"]
        indexes = [models.Index(fields=["handover_date", "unit"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.member_name}"
