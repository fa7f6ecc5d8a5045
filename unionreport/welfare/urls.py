from unionreport.welfare.views import DISBURSEMENTS

app_name = "welfare"
urlpatterns = DISBURSEMENTS.urlpatterns()
