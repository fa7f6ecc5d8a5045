"""URLs for the fault tests: views that fail the way infrastructure fails, then the real site."""

from django.urls import include, path

from tests.production import views

urlpatterns = [
    path("fault/db-gone/", views.db_gone),
    path("fault/disk-full/", views.disk_full),
    path("", include("unionreport.urls")),
]
