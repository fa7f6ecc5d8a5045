from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "unionreport.review"
    verbose_name = "Duyệt báo cáo năm"
