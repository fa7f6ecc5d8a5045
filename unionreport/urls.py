from django.contrib import admin
from django.urls import include, path

from unionreport.core.health import healthz
from unionreport.reports import dashboard

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("tai-khoan/", include("unionreport.accounts.urls")),
    path("don-vi/", include("unionreport.units.urls")),
    path("doan-vien/", include("unionreport.members.urls")),
    path("cham-lo/", include("unionreport.welfare.urls")),
    path("mai-am/", include("unionreport.houses.urls")),
    path("thi-dua/", include("unionreport.movements.urls")),
    path("bao-cao-nam/", include("unionreport.returns.urls")),
    path("tong-ket/", include("unionreport.reports.urls")),
    path("quan-tri/", admin.site.urls),
]
