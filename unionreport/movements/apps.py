from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "unionreport.movements"
    verbose_name = "Phong trào thi đua, chỉ tiêu, văn bản chỉ đạo"
