"""Members (đoàn viên) per CĐCS, and the CĐCS's yearly workforce and activity facts."""

from django.db import models
from simple_history.models import HistoricalRecords

from unionreport.core.models import ImportBatch
from unionreport.units.models import Unit


class Member(models.Model):
    """A member of one CĐCS. A reorganisation that moves a member to a successor CĐCS closes this row on the
    date (`left_reason` MOVED) and opens one in the successor (`moved_from` names this row, `moved_on` the
    date): the joined date is kept, and neither row counts as joined or left in the figures."""

    class Sex(models.TextChoices):
        MALE = "nam", "Nam"
        FEMALE = "nu", "Nữ"

    class LeftReason(models.TextChoices):
        LEFT = "", "Ra khỏi tổ chức"
        MOVED = "moved", "Chuyển sang CĐCS kế thừa (sắp xếp tổ chức)"
        DISSOLVED = "dissolved", "CĐCS giải thể"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="members", verbose_name="CĐCS")
    card_number = models.CharField("số thẻ đoàn viên", max_length=32)
    full_name = models.CharField("họ và tên", max_length=255)
    sex = models.CharField("giới tính", max_length=3, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField("năm sinh")
    joined_on = models.DateField("ngày vào công đoàn")
    left_on = models.DateField("ngày ra khỏi công đoàn", null=True, blank=True)
    left_reason = models.CharField("lý do ra", max_length=10, choices=LeftReason.choices, blank=True, default="")
    moved_from = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="moved_to",
                                   verbose_name="chuyển từ")
    moved_on = models.DateField("ngày chuyển đến", null=True, blank=True)  # with moved_from: the reorganisation's
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "đoàn viên"
        verbose_name_plural = "đoàn viên"
        ordering = ["unit_id", "card_number"]
        constraints = [models.UniqueConstraint(fields=["unit", "card_number"], name="member_card_unique_in_unit")]
        indexes = [models.Index(fields=["unit", "joined_on"]), models.Index(fields=["unit", "left_on"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.card_number})"


class Workforce(models.Model):
    """Tình hình lao động of one CĐCS's employer at the year's cut-off date (Mẫu 1-HĐCĐ)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="workforce", verbose_name="CĐCS")
    year = models.PositiveSmallIntegerField("năm")
    total_workers = models.PositiveIntegerField("tổng số lao động", default=0)
    female_workers = models.PositiveIntegerField("trong đó lao động nữ", default=0)
    with_contract = models.PositiveIntegerField("số lao động có hợp đồng lao động", default=0)
    with_social_insurance = models.PositiveIntegerField("số lao động tham gia bảo hiểm xã hội", default=0)
    underemployed = models.PositiveIntegerField("số lao động thiếu việc làm", default=0)
    average_income_vnd = models.PositiveBigIntegerField("thu nhập bình quân (đồng/người/tháng)", default=0)
    wage_arrears_vnd = models.PositiveBigIntegerField("tiền lương nợ người lao động (đồng)", default=0)
    insurance_arrears_vnd = models.PositiveBigIntegerField("tiền bảo hiểm xã hội nợ (đồng)", default=0)
    accidents = models.PositiveIntegerField("số vụ tai nạn lao động", default=0)
    accident_deaths = models.PositiveIntegerField("số người chết do tai nạn lao động", default=0)
    collective_disputes = models.PositiveIntegerField("số vụ tranh chấp lao động tập thể, ngừng việc tập thể",
                                                      default=0)
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "tình hình lao động"
        verbose_name_plural = "tình hình lao động"
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="workforce_one_per_unit_year")]
        indexes = [models.Index(fields=["year", "unit"])]

    def __str__(self) -> str:
        return f"Tình hình lao động {self.year}"


class Activity(models.Model):
    """Other activities of one CĐCS in a year: dialogues, workers' conference, agreement, training, Party."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="activities", verbose_name="CĐCS")
    year = models.PositiveSmallIntegerField("năm")
    dialogues = models.PositiveIntegerField("số cuộc đối thoại tại nơi làm việc", default=0)
    workers_conference = models.BooleanField("tổ chức Hội nghị người lao động", default=False)
    collective_agreement = models.BooleanField("ký kết thỏa ước lao động tập thể", default=False)
    training_classes = models.PositiveIntegerField("số lớp tập huấn", default=0)
    trainees = models.PositiveIntegerField("số lượt người được tập huấn", default=0)
    party_introduced = models.PositiveIntegerField("số đoàn viên ưu tú giới thiệu cho Đảng", default=0)
    party_admitted = models.PositiveIntegerField("số đoàn viên được kết nạp Đảng", default=0)
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "hoạt động khác"
        verbose_name_plural = "hoạt động khác"
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="activity_one_per_unit_year")]
        indexes = [models.Index(fields=["year", "unit"])]

    def __str__(self) -> str:
        return f"Hoạt động khác {self.year}"


class MemberSummary(models.Model):
    """Members of one CĐCS who joined / left in one year, and its members at the end of it: derived from `Member`.

    `joined`/`left` are real joins and departures (the figures' joined and left; `left` includes
    `left_dissolved`, members whose CĐCS was dissolved); `joined_moved`/`left_moved` are members a
    reorganisation moved between CĐCS. `members_end` = Σ (joined + joined_moved) − Σ (left + left_moved) over
    the unit's years ≤ `year` (nobody leaves before joining: members.rules), and it holds until `next_year`,
    the year of the unit's next row (none: until today): members at the end of any year Y are read from one
    row per unit, the one with `year` ≤ Y < `next_year` (`members.selectors.members_current_q`), instead of
    adding up every year before (issue 17: 150.000 rows at the merged size, a third of the figures' time).
    Kept by `members.summary` from every write path.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name="CĐCS")
    year = models.PositiveSmallIntegerField("năm")
    joined = models.PositiveIntegerField("kết nạp", default=0)
    joined_female = models.PositiveIntegerField("kết nạp (nữ)", default=0)
    left = models.PositiveIntegerField("ra khỏi tổ chức", default=0)
    left_female = models.PositiveIntegerField("ra khỏi tổ chức (nữ)", default=0)
    left_dissolved = models.PositiveIntegerField("ra khỏi tổ chức do CĐCS giải thể", default=0)
    joined_moved = models.PositiveIntegerField("chuyển đến do sắp xếp tổ chức", default=0)
    left_moved = models.PositiveIntegerField("chuyển đi do sắp xếp tổ chức", default=0)
    members_end = models.IntegerField("đoàn viên cuối năm", default=0)
    next_year = models.PositiveSmallIntegerField("năm có số liệu kế tiếp", null=True, blank=True)

    class Meta:
        verbose_name = "tổng hợp đoàn viên"
        verbose_name_plural = "tổng hợp đoàn viên"
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="member_summary_unique")]
        # The rows holding members at the end of a year Y: next_year null or > Y, year ≤ Y (a tenth of the table).
        indexes = [models.Index(fields=["year", "unit"]), models.Index(fields=["next_year", "year"])]

    def __str__(self) -> str:
        return f"Tổng hợp đoàn viên {self.year}"
