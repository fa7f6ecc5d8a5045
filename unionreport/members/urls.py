"""The roster, workforce and activity pages (one entry kind each)."""

from unionreport.members.views import ACTIVITIES, MEMBERS, WORKFORCE

app_name = "members"
urlpatterns = [*MEMBERS.urlpatterns(), *WORKFORCE.urlpatterns(), *ACTIVITIES.urlpatterns()]
