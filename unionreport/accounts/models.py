"""Users: one unit and one role each (the access rule in accounts/access.py decides the rest)."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from unionreport.units.models import Unit


class User(AbstractUser):
    class Role(models.TextChoices):
        PROVINCE_STAFF = "province_staff", "Cán bộ LĐLĐ tỉnh"
        UPPER_OFFICER = "upper_officer", "Cán bộ công đoàn cấp trên cơ sở"
        GRASSROOTS_OFFICER = "grassroots_officer", "Cán bộ công đoàn cơ sở"
        LEADERSHIP = "leadership", "Lãnh đạo (chỉ xem)"

    role = models.CharField("vai trò", max_length=24, choices=Role.choices, default=Role.GRASSROOTS_OFFICER)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="users",
                             verbose_name="đơn vị")
    phone = models.CharField("điện thoại", max_length=64, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    @property
    def is_province_staff(self) -> bool:
        return self.role == self.Role.PROVINCE_STAFF

    @property
    def is_leadership(self) -> bool:
        return self.role == self.Role.LEADERSHIP

    @property
    def is_upper_officer(self) -> bool:
        return self.role == self.Role.UPPER_OFFICER

    @property
    def is_grassroots_officer(self) -> bool:
        return self.role == self.Role.GRASSROOTS_OFFICER
