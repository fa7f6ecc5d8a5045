from django.urls import path  # noqa: F401

from unionreport.units import views  # noqa: F401

app_name = "units"
urlpatterns: list = []
