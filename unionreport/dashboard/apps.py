from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "unionreport.dashboard"
    verbose_name = "Trang chủ theo vai trò"
