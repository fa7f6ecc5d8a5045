from django.urls import path  # noqa: F401

from unionreport.houses import views  # noqa: F401

app_name = "houses"
urlpatterns: list = []
