from django.urls import path

from unionreport.returns import views, views_admin

app_name = "returns"
urlpatterns = [
    path("", views.index, name="index"),
    path("<year:year>/<str:code>/", views.detail, name="detail"),
    path("<year:year>/<str:code>/mau.xlsx", views.template_download, name="template"),
    path("<year:year>/<str:code>/xuat.xlsx", views.export_download, name="export"),
    path("<year:year>/<str:code>/tai-len/", views.upload, name="upload"),
    path("<year:year>/<str:code>/nop/", views.submit, name="submit"),
    path("<year:year>/<str:code>/khong-phat-sinh/", views.submit_nothing, name="submit_nothing"),
    path("<year:year>/<str:code>/duyet/", views.approve, name="approve"),
    path("<year:year>/<str:code>/tra-lai/", views.send_back, name="send_back"),
    path("<year:year>/<str:code>/mo-lai/", views.reopen, name="reopen"),
    path("xem-truoc/<uuid:token>/", views.preview, name="preview"),
    path("phien-ban/<int:pk>/tep/", views.version_file, name="version_file"),
    path("yeu-cau-mo-lai/", views_admin.reopen_list, name="reopen_list"),
    path("yeu-cau-mo-lai/<int:pk>/", views_admin.reopen_decide, name="reopen_decide"),
    path("tinh-hinh-nop/<year:year>/", views_admin.completeness, name="completeness"),
    path("nam-bao-cao/", views_admin.years, name="years"),
]
