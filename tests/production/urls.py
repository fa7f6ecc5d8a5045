"""URLs for the fault tests: a stand-in import that replaces a unit's welfare rows in one transaction."""

from django.urls import include, path

from tests.production import views

urlpatterns = [
    path("fault/import/<str:unit_code>/", views.replace_welfare, name="fault_import"),
    path("fault/boom/", views.boom, name="fault_boom"),
    path("", include("unionreport.urls")),
]
