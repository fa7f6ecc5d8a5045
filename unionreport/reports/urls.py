from django.urls import path

from unionreport.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/<int:year>/", views.report, name="report"),
    path("<str:code>/<int:year>/pdf/", views.report_pdf, name="pdf"),
    path("<str:code>/<int:year>/word/", views.report_docx, name="docx"),
    path("<str:code>/<int:year>/loi-van/", views.narrative_edit, name="narrative"),
    path("<str:code>/<int:year>/nguon/<str:key>/", views.provenance, name="provenance"),
]
