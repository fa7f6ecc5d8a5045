"""The conference report (HTML, PDF, Word), its narrative, the drill-down of its figures, the year's targets."""

from django.urls import path

from unionreport.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("so-lieu-tong-hop/", views.history_import, name="history_import"),
    path("so-lieu-tong-hop/<int:pk>/tep/", views.history_file, name="history_file"),
    *views.TARGETS.urlpatterns(),  # before <str:code>/<year:year>/: a target's number is not a year
    path("<str:code>/<year:year>/", views.report, name="report"),
    path("<str:code>/<year:year>/pdf/", views.report_pdf, name="pdf"),
    path("<str:code>/<year:year>/word/", views.report_docx, name="docx"),
    path("<str:code>/<year:year>/loi-van/", views.narrative_edit, name="narrative"),
    path("<str:code>/<year:year>/nguon/<str:key>/", views.provenance, name="provenance"),
]
