from django.urls import path  # noqa: F401

from unionreport.returns import views  # noqa: F401

app_name = "returns"
urlpatterns: list = []
