"""The project's urls: each app's pages under its Vietnamese path, the dashboard at /."""

from django.contrib import admin
from django.urls import include, path, register_converter

from unionreport.core.health import healthz
from unionreport.dashboard import views as dashboard
from unionreport.lib.years import YearConverter

register_converter(YearConverter, "year")  # <year:year>: 2000–2100 only (out of range answers 404)

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("tai-khoan/", include("unionreport.accounts.urls")),
    path("don-vi/", include("unionreport.organisation.urls")),
    path("doan-vien/", include("unionreport.members.urls")),
    path("cham-lo/", include("unionreport.welfare.urls")),
    path("mai-am/", include("unionreport.houses.urls")),
    path("thi-dua/", include("unionreport.movements.urls")),
    path("bao-cao-nam/", include("unionreport.review.urls")),
    path("bao-cao-nam/", include("unionreport.returns.urls")),
    path("thong-bao/", include("unionreport.notifications.urls")),
    path("tong-ket/", include("unionreport.reports.urls")),
    path("tep-excel/", include("unionreport.entry.urls")),
    path("quan-tri/", admin.site.urls),
]
