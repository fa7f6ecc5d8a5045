"""The bell's list, email settings, the sent-log."""

from django.urls import path

from unionreport.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("da-doc/", views.mark_read, name="mark_read"),
    path("<int:pk>/mo/", views.open_notification, name="open"),
    path("cai-dat/", views.settings_page, name="settings"),
    path("thu-da-gui/", views.sent_log, name="sent_log"),
]
