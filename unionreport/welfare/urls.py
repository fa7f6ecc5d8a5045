"""The welfare pages (one entry kind)."""

from unionreport.welfare.views import DISBURSEMENTS

app_name = "welfare"
urlpatterns = DISBURSEMENTS.urlpatterns()
