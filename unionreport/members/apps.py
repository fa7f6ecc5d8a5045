from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "unionreport.members"
    verbose_name = "Đoàn viên và người lao động"
