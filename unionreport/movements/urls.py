from django.urls import path  # noqa: F401

from unionreport.movements import views  # noqa: F401

app_name = "movements"
urlpatterns: list = []
