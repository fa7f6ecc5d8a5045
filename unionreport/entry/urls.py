"""A background export's progress page and download (the lists' own pages: `EntryKind.urlpatterns`)."""

from django.urls import path

from unionreport.entry import views

app_name = "entry"
urlpatterns = [
    path("<int:pk>/", views.export_job_page, name="export_job"),
    path("<int:pk>/tai/", views.export_job_download, name="export_job_download"),
]
