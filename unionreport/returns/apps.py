from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "unionreport.returns"
    verbose_name = "Báo cáo năm (Excel)"
