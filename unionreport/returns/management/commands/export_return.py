"""`python manage.py export_return`: a unit's return with its data, in the template's format."""

from unionreport.returns.management.commands.return_template import Command as TemplateCommand


class Command(TemplateCommand):
    help = "Xuất báo cáo năm của một CĐCS (định dạng như mẫu, có số liệu): --unit CODE --year YEAR -o FILE"
    with_data = True
