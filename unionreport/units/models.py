"""The dated union hierarchy.

A unit is never deleted. Its name and parent are kept per period (`UnitPeriod`), and
`UnitPath` materialises "A is an ancestor of U (or U itself) from date F to date T"
so that every roll-up is one join, as of any date. Periods are half-open: a unit
closed on 01/07/2025 has valid_to = 2025-07-01 and is not part of the tree on that day.
Only `units.services` writes these tables.
"""

from django.conf import settings
from django.db import models


class Unit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "LĐLĐ tỉnh"
        UPPER = "upper", "Công đoàn cấp trên trực tiếp cơ sở"
        COMMUNE = "commune", "Công đoàn xã, phường"
        GRASSROOTS = "grassroots", "Công đoàn cơ sở"

    class Kind(models.TextChoices):
        FEDERATION = "federation", "Liên đoàn Lao động tỉnh"
        DISTRICT = "district", "LĐLĐ huyện, thành phố"
        SECTOR = "sector", "Công đoàn ngành"
        INDUSTRIAL_ZONE = "industrial_zone", "Công đoàn các Khu công nghiệp"
        COMMUNE = "commune", "Công đoàn xã, phường"
        ENTERPRISE = "enterprise", "Doanh nghiệp"
        ADMINISTRATIVE = "administrative", "Cơ quan hành chính, sự nghiệp"
        SCHOOL = "school", "Trường học"
        HEALTH = "health", "Y tế"
        OTHER = "other", "Khác"

    code = models.CharField("mã đơn vị", max_length=32, unique=True)
    name = models.CharField("tên hiện tại", max_length=255)
    level = models.CharField("cấp", max_length=16, choices=Level.choices, db_index=True)
    kind = models.CharField("loại hình", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("đóng từ ngày", null=True, blank=True)
    contact_person = models.CharField("người liên hệ", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=64, blank=True)
    email = models.EmailField("email", blank=True)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_grassroots(self) -> bool:
        return self.level == self.Level.GRASSROOTS

    def is_open_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to > day)


class UnitPeriod(models.Model):
    """The unit's name and parent from valid_from (inclusive) to valid_to (exclusive)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="periods")
    name = models.CharField("tên", max_length=255)
    parent = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="child_periods"
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["unit_id", "valid_from"]
        indexes = [
            models.Index(fields=["parent", "valid_from"]),
            models.Index(fields=["unit", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} từ {self.valid_from:%d/%m/%Y}"


class UnitPath(models.Model):
    """Closure table: `ancestor` is `unit` itself (depth 0) or above it, during [valid_from, valid_to)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="paths")
    ancestor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="descendant_paths")
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["ancestor", "depth", "valid_from"]),
            models.Index(fields=["unit", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.ancestor_id} ⊇ {self.unit_id}"


class Reorganisation(models.Model):
    """One reorganisation event, as applied by a person: who, when, what and from which date."""

    class Kind(models.TextChoices):
        CREATE = "create", "Thành lập"
        RENAME = "rename", "Đổi tên"
        MOVE = "move", "Chuyển đơn vị cấp trên"
        MERGE = "merge", "Hợp nhất"
        SPLIT = "split", "Chia tách"
        CLOSE = "close", "Giải thể"

    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    effective_date = models.DateField("ngày hiệu lực")
    summary = models.TextField("nội dung")
    note = models.TextField("căn cứ, ghi chú", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    units = models.ManyToManyField(Unit, related_name="reorganisations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_date", "-id"]
        verbose_name = "sắp xếp tổ chức"
        verbose_name_plural = "sắp xếp tổ chức"

    def __str__(self) -> str:
        return self.summary
