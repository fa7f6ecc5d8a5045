"""What the application tells people: the bell's notifications, the outbox of emails (the sent-log) and each
user's email choices.

An email is a row first (`Email`, unique `key`), delivered afterwards by `notifications.delivery`
(after the commit of the change that wrote it, and by the `send_emails` / `send_reminders` commands), so a
down SMTP server changes nothing in the workflow and the same reminder is never written twice.
Only `notifications.services` and `notifications.delivery` write these tables.
"""

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    """What a notification is about (the sent-log's filter; `OPTIONAL` says which ones a user may turn off)."""

    SUBMITTED = "submitted", "Báo cáo mới nộp"
    APPROVED = "approved", "Báo cáo được duyệt"
    SENT_BACK = "sent_back", "Báo cáo bị trả lại"
    REOPEN_REQUESTED = "reopen_requested", "Yêu cầu mở lại"
    REOPEN_DECIDED = "reopen_decided", "Kết quả yêu cầu mở lại"
    DIGEST = "digest", "Tổng hợp hằng ngày"
    REMINDER = "reminder", "Nhắc nộp báo cáo"
    REMINDER_UPPER = "reminder_upper", "Danh sách CĐCS chưa nộp"


# Kind -> the preference (field of Preferences) that turns its email off. Send-backs and reminders: none.
OPTIONAL = {Kind.DIGEST: "digest", Kind.APPROVED: "approvals", Kind.REOPEN_DECIDED: "approvals",
            Kind.SUBMITTED: "approvals"}


class Notification(models.Model):
    """One line of a user's bell."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("loại", max_length=24, choices=Kind.choices)
    key = models.CharField(max_length=200, unique=True, null=True, blank=True)  # the same event once
    title = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "created_at"])]

    def __str__(self) -> str:
        return self.title


class Email(models.Model):
    """One email to one person: the outbox and the sent-log (to whom, what, when, delivered or the error)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ gửi"
        SENDING = "sending", "Đang gửi"
        SENT = "sent", "Đã gửi"
        FAILED = "failed", "Gửi lỗi, sẽ gửi lại"
        NO_ADDRESS = "no_address", "Người nhận chưa có email"

    key = models.CharField(max_length=200, unique=True)
    user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    to = models.CharField("người nhận", max_length=254, blank=True)
    kind = models.CharField("loại", max_length=24, choices=Kind.choices)
    unit = models.ForeignKey("units.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    subject = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung")
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thư điện tử"
        verbose_name_plural = "thư điện tử"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class Preferences(models.Model):
    """A user's email choices; no row means the defaults (everything on)."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="notification_preferences")
    digest = models.BooleanField("nhận thư tổng hợp hằng ngày", default=True)
    approvals = models.BooleanField("nhận thư khi báo cáo được nộp, duyệt, mở lại", default=True)

    class Meta:
        verbose_name = "cài đặt thông báo"
        verbose_name_plural = "cài đặt thông báo"

    def __str__(self) -> str:
        return f"Cài đặt thông báo của {self.user_id}"
