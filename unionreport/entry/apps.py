from django.apps import AppConfig


class EntryConfig(AppConfig):
    name = "unionreport.entry"
    verbose_name = "Nhập liệu trên trình duyệt"
