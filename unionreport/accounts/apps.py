from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "unionreport.accounts"
    verbose_name = "Tài khoản"
