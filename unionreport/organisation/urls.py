"""The unit tree, a unit's page, its contact data and its reorganisation."""

from django.urls import path

from unionreport.organisation.views import reorganise, units

app_name = "organisation"
urlpatterns = [
    path("", units.tree, name="tree"),
    path("them/", units.create, name="create"),
    path("<str:code>/", units.detail, name="detail"),
    path("<str:code>/lien-he/", units.contact, name="contact"),
    path("<str:code>/sap-xep/<str:kind>/", reorganise.reorganise, name="reorganise"),
    path("<str:code>/hoan-tac/", reorganise.undo, name="undo"),
]
