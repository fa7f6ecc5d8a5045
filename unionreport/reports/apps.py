from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "unionreport.reports"
    verbose_name = "Báo cáo tổng kết"
