"""Records shared by every domain app: the import batch that bulk-written rows point to for provenance."""

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    """One bulk write (an Excel return, a script): domain rows point here for provenance.

    The returns app attaches the uploaded file and the version to it; the audit trail
    records bulk imports per batch rather than per row.
    """

    # "units.Unit" by name: core sits below units (the FK needs no import).
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="import_batches")
    year = models.PositiveSmallIntegerField("năm")
    source = models.CharField("nguồn", max_length=32, default="excel")
    description = models.CharField("mô tả", max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    row_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "lần nhập dữ liệu"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Lần nhập #{self.pk} – {self.unit.code} năm {self.year}"
