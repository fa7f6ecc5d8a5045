from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "unionreport.organisation"
    verbose_name = "Tổ chức (cây đơn vị, sắp xếp tổ chức)"
