"""The unit tree, a unit's page, its contact data and its reorganisation."""

from django.urls import path

from unionreport.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("them/", views.create, name="create"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/lien-he/", views.contact, name="contact"),
    path("<str:code>/sap-xep/<str:kind>/", views.reorganise, name="reorganise"),
]
