from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "unionreport.demo"
    verbose_name = "Dữ liệu mẫu"
