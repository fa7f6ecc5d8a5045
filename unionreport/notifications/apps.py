from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "unionreport.notifications"
    verbose_name = "Thông báo và thư điện tử"
