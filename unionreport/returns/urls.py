"""The returns pages: a unit's return and its workflow, previews, reopen requests, completeness, years."""

from django.urls import path

from unionreport.returns.views import review, unit_return

app_name = "returns"
urlpatterns = [
    path("", unit_return.index, name="index"),
    path("<year:year>/<str:code>/", unit_return.detail, name="detail"),
    path("<year:year>/<str:code>/mau.xlsx", unit_return.template_download, name="template"),
    path("<year:year>/<str:code>/xuat.xlsx", unit_return.export_download, name="export"),
    path("<year:year>/<str:code>/tai-len/", unit_return.upload, name="upload"),
    path("<year:year>/<str:code>/nop/", unit_return.submit, name="submit"),
    path("<year:year>/<str:code>/khong-phat-sinh/", unit_return.submit_nothing, name="submit_nothing"),
    path("<year:year>/<str:code>/duyet/", unit_return.approve, name="approve"),
    path("<year:year>/<str:code>/tra-lai/", unit_return.send_back, name="send_back"),
    path("<year:year>/<str:code>/mo-lai/", unit_return.reopen, name="reopen"),
    path("xem-truoc/<uuid:token>/", unit_return.preview, name="preview"),
    path("phien-ban/<int:pk>/tep/", unit_return.version_file, name="version_file"),
    path("yeu-cau-mo-lai/", review.reopen_list, name="reopen_list"),
    path("yeu-cau-mo-lai/<int:pk>/", review.reopen_decide, name="reopen_decide"),
    path("tinh-hinh-nop/<year:year>/", review.completeness, name="completeness"),
    path("nam-bao-cao/", review.years, name="years"),
]
