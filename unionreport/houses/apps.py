from django.apps import AppConfig


class HousesConfig(AppConfig):
    name = "unionreport.houses"
    verbose_name = "Mái ấm Công đoàn"
