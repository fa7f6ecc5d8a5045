from django.apps import AppConfig


class WelfareConfig(AppConfig):
    name = "unionreport.welfare"
    verbose_name = "Chăm lo đoàn viên"
