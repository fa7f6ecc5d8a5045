from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "unionreport.units"
    verbose_name = "Đơn vị"
