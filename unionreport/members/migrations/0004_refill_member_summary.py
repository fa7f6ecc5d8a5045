"""Summarise the members already in the database, with the move columns (the summary's own SQL, as of now)."""

from django.db import migrations


def fill(apps, schema_editor):
    from unionreport.members.summary import member_summary_rebuild

    member_summary_rebuild()


class Migration(migrations.Migration):
    dependencies = [("members", "0003_member_moves")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
