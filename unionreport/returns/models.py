"""Annual returns: the reporting year, one return per (CĐCS, year), its uploaded versions and reopen requests.

Only `returns.services` writes these tables.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from unionreport.core.models import ImportBatch
from unionreport.units.models import Unit

USER = settings.AUTH_USER_MODEL


def default_cutoff(year: int) -> dt.date:
    return dt.date(year, 11, 30)


def default_deadline(year: int) -> dt.date:
    return dt.date(year, 12, 10)


class ReportingYear(models.Model):
    """A reporting year's settings. Staff open it (`opened_at`: the season starts, every page defaults to it)
    and lock it when the figures are final; a row may also exist unopened (made by the first return of the
    year), which changes no default."""

    year = models.PositiveSmallIntegerField("năm", unique=True)
    cutoff_date = models.DateField("ngày chốt số liệu")
    deadline = models.DateField("hạn nộp báo cáo")
    opened_at = models.DateTimeField("mở năm báo cáo lúc", null=True, blank=True)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    locked = models.BooleanField("đã khóa sổ", default=False)
    locked_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "năm báo cáo"
        verbose_name_plural = "năm báo cáo"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Năm {self.year}"

    @classmethod
    def for_year(cls, year: int) -> ReportingYear:
        """The year's settings (unsaved defaults when the province has not opened it yet)."""
        return cls.objects.filter(year=year).first() or cls(
            year=year, cutoff_date=default_cutoff(year), deadline=default_deadline(year))


class Return(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Chưa nộp"
        SUBMITTED = "submitted", "Đã nộp, chờ cấp trên duyệt"
        APPROVED_UPPER = "approved_upper", "Cấp trên đã duyệt, chờ tỉnh duyệt"
        APPROVED_PROVINCE = "approved_province", "LĐLĐ tỉnh đã duyệt"

    APPROVED = (Status.APPROVED_UPPER, Status.APPROVED_PROVINCE)
    SENT = (Status.SUBMITTED, Status.APPROVED_UPPER, Status.APPROVED_PROVINCE)

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="returns", verbose_name="CĐCS")
    year = models.PositiveSmallIntegerField("năm")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    nothing_to_report = models.BooleanField("không phát sinh", default=False)
    preparer_name = models.CharField("người lập biểu", max_length=255, blank=True)
    preparer_phone = models.CharField("số điện thoại", max_length=64, blank=True)
    prepared_on = models.DateField("ngày lập", null=True, blank=True)
    submitted_at = models.DateTimeField("ngày nộp", null=True, blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_upper_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_upper_at = models.DateTimeField(null=True, blank=True)
    approved_province_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                             related_name="+")
    approved_province_at = models.DateTimeField(null=True, blank=True)
    returned_note = models.CharField("lý do trả lại", max_length=500, blank=True)
    current_version = models.ForeignKey("ReturnVersion", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    # Every change of status or content adds one: a workflow action carries the version its user saw and is
    # refused when the return changed meanwhile (two clicks approve one step).
    version = models.PositiveIntegerField("phiên bản trạng thái", default=0)
    follow_up = models.BooleanField("cần xem lại", default=False)
    follow_up_note = models.CharField("ghi chú cần xem lại", max_length=500, blank=True)
    follow_up_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    follow_up_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "báo cáo năm"
        verbose_name_plural = "báo cáo năm"
        ordering = ["-year", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="return_one_per_unit_year")]
        # The year's few returns marked "cần xem lại" (the dashboard's actions and quality card): found through
        # their own small index, not by filtering every return of the year (issue 17).
        indexes = [models.Index(fields=["year", "status"]),
                   models.Index(fields=["year"], condition=models.Q(follow_up=True), name="return_follow_up_year"),
                   # The data version reads the latest change of any return on every page (reports.once): one
                   # index step instead of reading 24.000 returns (6 ms at the merged size).
                   models.Index(fields=["updated_at"], name="return_updated_at")]

    def __str__(self) -> str:
        return f"Báo cáo năm {self.year} – {self.unit_id}"

    @property
    def is_approved(self) -> bool:
        return self.status in self.APPROVED

    @property
    def is_sent(self) -> bool:
        return self.status in self.SENT

    @staticmethod
    def on_time_before(deadline: dt.date) -> dt.datetime:
        """The local midnight (Việt Nam) ending the deadline day: submitted before it is on time."""
        return timezone.make_aware(dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time()))

    def is_late(self, deadline: dt.date | None = None) -> bool:
        """Submitted after the deadline day, on Việt Nam's clock (03:00 on 11/12 is late for 10/12). Without
        `deadline` (templates: `{% if ret.is_late %}`) the year's settings are read (one query)."""
        if self.submitted_at is None:
            return False
        if deadline is None:
            deadline = ReportingYear.for_year(self.year).deadline
        return self.submitted_at >= self.on_time_before(deadline)


class ReturnEvent(models.Model):
    """One step of a return's history: who did what, when, at which step, and for whom."""

    class Kind(models.TextChoices):
        UPLOADED = "uploaded", "Tải lên số liệu"
        SUBMITTED = "submitted", "Nộp báo cáo"
        NOTHING = "nothing", "Báo cáo không phát sinh"
        APPROVED_UPPER = "approved_upper", "Duyệt (cấp trên)"
        APPROVED_PROVINCE = "approved_province", "Duyệt (tỉnh)"
        SENT_BACK = "sent_back", "Trả lại"
        REOPEN_REQUESTED = "reopen_requested", "Yêu cầu mở lại"
        REOPENED = "reopened", "Đồng ý mở lại"
        REOPEN_REFUSED = "reopen_refused", "Không đồng ý mở lại"
        FOLLOW_UP = "follow_up", "Đánh dấu cần xem lại"
        FOLLOW_UP_CLEARED = "follow_up_cleared", "Bỏ đánh dấu cần xem lại"

    return_obj = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="events", db_column="return_id")
    kind = models.CharField("việc", max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField("lúc")
    note = models.TextField("ghi chú", blank=True)
    acting_for = models.CharField("thay cho", max_length=300, blank=True)  # the province acting for a level
    version = models.PositiveIntegerField(default=0)  # the return's version after the step

    class Meta:
        verbose_name = "lịch sử báo cáo"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["return_obj", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.return_obj_id})"


class QualityThresholds(models.Model):
    """The data-quality thresholds of one reporting year, set by staff (defaults: `returns.quality.checks`)."""

    year = models.PositiveSmallIntegerField("năm", unique=True)
    values = models.JSONField("ngưỡng", default=dict)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "ngưỡng kiểm tra chất lượng số liệu"
        verbose_name_plural = "ngưỡng kiểm tra chất lượng số liệu"

    def __str__(self) -> str:
        return f"Ngưỡng kiểm tra năm {self.year}"


class QualityWarning(models.Model):
    """A data-quality warning of one CĐCS-year (`returns.quality`), kept for lists and counts, with the CĐCS's
    explanation. `key` names what it is about (check and subject), so an explanation survives a recheck."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name="CĐCS")
    year = models.PositiveSmallIntegerField("năm")
    key = models.CharField(max_length=200)
    code = models.CharField("mã kiểm tra", max_length=40)
    message = models.TextField("cảnh báo")
    sheet = models.CharField("trang tính", max_length=64, blank=True)
    row = models.PositiveIntegerField("dòng", null=True, blank=True)
    column = models.CharField("cột", max_length=8, blank=True)
    header = models.CharField("tiêu đề cột", max_length=120, blank=True)
    explanation = models.TextField("giải trình", blank=True)
    explained_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    explained_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField("phát hiện hoặc đổi lúc")  # a recheck that finds the same leaves it

    class Meta:
        verbose_name = "cảnh báo chất lượng số liệu"
        verbose_name_plural = "cảnh báo chất lượng số liệu"
        ordering = ["unit_id", "code", "key"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "key"], name="quality_warning_unique")]
        indexes = [models.Index(fields=["year", "unit"]), models.Index(fields=["year", "code"])]

    def __str__(self) -> str:
        return f"{self.code}: {self.message[:60]}"

    @property
    def explained(self) -> bool:
        return bool(self.explanation.strip())


def version_path(instance: ReturnVersion, filename: str) -> str:
    ret = instance.return_obj
    return f"returns/{ret.year}/{ret.unit_id}/v{instance.number}-{uuid.uuid4().hex[:8]}.xlsx"


class ReturnVersion(models.Model):
    return_obj = models.ForeignKey(Return, on_delete=models.PROTECT, related_name="versions", db_column="return_id")
    number = models.PositiveIntegerField("lần")
    file = models.FileField("tệp", upload_to=version_path, max_length=255)
    original_name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveIntegerField("dung lượng")
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    batch = models.OneToOneField(ImportBatch, on_delete=models.PROTECT, related_name="return_version")
    summary = models.JSONField(default=dict)

    class Meta:
        verbose_name = "phiên bản báo cáo"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["return_obj", "number"], name="return_version_number")]

    def __str__(self) -> str:
        return f"Lần {self.number}: {self.original_name}"


class ReopenRequest(models.Model):
    class Decision(models.TextChoices):
        PENDING = "", "Chờ xem xét"
        GRANTED = "granted", "Đồng ý mở lại"
        REFUSED = "refused", "Không đồng ý"

    return_obj = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="reopen_requests",
                                   db_column="return_id")
    reason = models.TextField("lý do")
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField("quyết định", max_length=8, choices=Decision.choices, blank=True, default="")
    decision_note = models.CharField("ghi chú", max_length=500, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "yêu cầu mở lại"
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Yêu cầu mở lại #{self.pk}"


def staging_path(instance: UploadStaging, filename: str) -> str:
    return f"returns/staging/{instance.token.hex}.xlsx"


class UploadStaging(models.Model):
    """An upload between its preview and its confirmation: the file, and the checked result shown."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    uploaded_by = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=staging_path, max_length=255, blank=True)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    result = models.JSONField(default=dict)
    # The validated rows the confirmation imports (returns.staged; null when the file has an error): the
    # workbook is parsed once, at the preview. Deferred by the pages that only show `result`.
    rows = models.JSONField(null=True, blank=True)
    ok = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["unit", "year", "created_at"])]

    def __str__(self) -> str:
        return self.original_name
