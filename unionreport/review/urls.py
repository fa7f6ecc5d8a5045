"""The review pages, under /bao-cao-nam/ beside the returns app's (uploads, completeness, years)."""

from django.urls import path

from unionreport.review import views

app_name = "review"
urlpatterns = [
    path("", views.index, name="index"),
    path("duyet-nhieu/", views.bulk_approve, name="bulk_approve"),
    path("chat-luong/<year:year>/", views.quality, name="quality"),
    path("chat-luong/<year:year>/nguong/", views.thresholds, name="thresholds"),
    path("<year:year>/<str:code>/", views.return_page, name="return"),
    path("<year:year>/<str:code>/nop/", views.submit, name="submit"),
    path("<year:year>/<str:code>/khong-phat-sinh/", views.submit_nothing, name="submit_nothing"),
    path("<year:year>/<str:code>/duyet/", views.approve, name="approve"),
    path("<year:year>/<str:code>/tra-lai/", views.send_back, name="send_back"),
    path("<year:year>/<str:code>/can-xem-lai/", views.follow_up, name="follow_up"),
    path("<year:year>/<str:code>/mo-lai/", views.reopen, name="reopen"),
]
