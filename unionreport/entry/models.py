"""A large list's Excel export, prepared in the background (`entry.export_jobs`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ExportJob(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Đang chuẩn bị"
        DONE = "done", "Đã xong"
        FAILED = "failed", "Lỗi"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    list_name = models.CharField(max_length=100)  # the list's url name, e.g. "members:list"
    query = models.TextField(blank=True)  # the list's query string: its filters and sort, without ?export
    title = models.CharField(max_length=200)
    filename = models.CharField(max_length=200)  # the download's name, e.g. "members-list.xlsx"
    path = models.CharField(max_length=300, blank=True)  # the file, relative to MEDIA_ROOT
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    rows_total = models.PositiveIntegerField()
    rows_written = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # the last progress: a job silent too long was interrupted

    class Meta:
        verbose_name = "tệp xuất Excel"
        verbose_name_plural = "tệp xuất Excel"
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.created_at:%d/%m/%Y %H:%M})"
