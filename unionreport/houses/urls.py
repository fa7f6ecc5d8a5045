"""The houses pages (one entry kind)."""

from unionreport.houses.views import HOUSES

app_name = "houses"
urlpatterns = HOUSES.urlpatterns()
