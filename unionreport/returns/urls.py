"""The returns pages: template and export downloads, upload and preview, files, reopen requests, completeness,
years. A return's own page and its steps are the review app's (`review:return`, same /bao-cao-nam/ prefix)."""

from django.urls import path

from unionreport.returns.views import review, unit_return

app_name = "returns"
urlpatterns = [
    path("<year:year>/<str:code>/mau.xlsx", unit_return.template_download, name="template"),
    path("<year:year>/<str:code>/xuat.xlsx", unit_return.export_download, name="export"),
    path("<year:year>/<str:code>/tai-len/", unit_return.upload, name="upload"),
    path("xem-truoc/<uuid:token>/", unit_return.preview, name="preview"),
    path("phien-ban/<int:pk>/tep/", unit_return.version_file, name="version_file"),
    path("yeu-cau-mo-lai/", review.reopen_list, name="reopen_list"),
    path("yeu-cau-mo-lai/<int:pk>/", review.reopen_decide, name="reopen_decide"),
    path("tinh-hinh-nop/<year:year>/", review.completeness, name="completeness"),
    path("nam-bao-cao/", review.years, name="years"),
]
