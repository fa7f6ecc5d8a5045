"""Sign-in, sign-out and the users pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from unionreport.accounts import views
from unionreport.accounts.forms import LoginForm

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(template_name="accounts/login.html",
                                                    authentication_form=LoginForm), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/can-xem-lai/", views.account_review, name="account_review"),
    path("nguoi-dung/<int:pk>/", views.user_edit, name="user_edit"),
    path("nguoi-dung/<int:pk>/mat-khau/", views.user_password, name="user_password"),
]
