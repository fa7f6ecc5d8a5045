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

    class Origin(models.TextChoices):
        FOUNDED = "founded", "Thành lập mới"
        MERGER = "merger", "Hình thành do hợp nhất"
        SPLIT = "split", "Hình thành do chia tách"

    class Closure(models.TextChoices):
        DISSOLVED = "dissolved", "Giải thể"
        MERGED = "merged", "Hợp nhất, sáp nhập vào đơn vị khác"
        SPLIT = "split", "Chia tách thành các đơn vị mới"

    class Reason(models.TextChoices):
        """Why a unit was dissolved (reorganisation spec: a fixed list, shown in the figures)."""

        EMPLOYER_CLOSED = "doanh_nghiep_giai_the", "Doanh nghiệp, đơn vị giải thể, chấm dứt hoạt động, chuyển đi"
        BUDGET_2025 = "ngan_sach_2025", "Cơ quan hưởng lương 100% từ ngân sách (chủ trương năm 2025)"
        TOO_SMALL = "khong_du_dieu_kien", "Không đủ điều kiện (số đoàn viên)"
        OTHER = "khac", "Lý do khác"

    code = models.CharField("mã đơn vị", max_length=32, unique=True)
    name = models.CharField("tên hiện tại", max_length=255)
    level = models.CharField("cấp", max_length=16, choices=Level.choices, db_index=True)
    kind = models.CharField("loại hình", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("ngừng hoạt động từ ngày", null=True, blank=True)
    # How the unit began and ended: a merger is neither a founding nor a dissolution (figures count each apart).
    origin = models.CharField("hình thành", max_length=8, choices=Origin.choices, default=Origin.FOUNDED)
    closure = models.CharField("hình thức ngừng hoạt động", max_length=10, choices=Closure.choices, blank=True)
    closure_reason = models.CharField("lý do giải thể", max_length=24, choices=Reason.choices, blank=True)
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
    """One reorganisation event, as applied by a person: who, when, what and from which date.

    `journal` records what the event changed (periods, units' dates, members, accounts) so that the last
    event of a unit can be undone exactly; `undone_at` marks an event that was undone (kept for the record).
    """

    class Kind(models.TextChoices):
        CREATE = "create", "Thành lập"
        RENAME = "rename", "Đổi tên"
        MOVE = "move", "Chuyển đơn vị cấp trên"
        MERGE = "merge", "Hợp nhất"
        ABSORB = "absorb", "Sáp nhập"
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
    reason = models.CharField("lý do giải thể", max_length=24, choices=Unit.Reason.choices, blank=True)
    journal = models.JSONField("những gì đã thay đổi", default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField("đã hoàn tác lúc", null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")

    class Meta:
        ordering = ["-effective_date", "-id"]
        verbose_name = "sắp xếp tổ chức"
        verbose_name_plural = "sắp xếp tổ chức"

    def __str__(self) -> str:
        return self.summary


class Succession(models.Model):
    """Predecessor → successor: a unit closed by a merger, an absorption or a split and the unit(s) that took
    over its members on that date. Figures use it to compare a year with the last on the same perimeter."""

    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predecessions")
    kind = models.CharField("loại", max_length=16, choices=Reorganisation.Kind.choices)
    effective_date = models.DateField("ngày hiệu lực")
    event = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="successions")

    class Meta:
        verbose_name = "đơn vị kế thừa"
        verbose_name_plural = "đơn vị kế thừa"
        ordering = ["effective_date", "id"]
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_once")]
        indexes = [models.Index(fields=["effective_date", "predecessor"])]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id}"
