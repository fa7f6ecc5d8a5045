"""The emulation pages: the index and one entry kind per list."""

from django.urls import path

from unionreport.movements import views

app_name = "movements"
urlpatterns = [path("", views.index, name="index")]
for kind in views.KINDS:
    urlpatterns += kind.urlpatterns()
