from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "unionreport.core"
    verbose_name = "Dùng chung"
