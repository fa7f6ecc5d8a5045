"""Summarised the members already in the database, with the move columns. A no-op now: 0005 fills the summary
with today's SQL, which writes columns this migration's schema does not have yet."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0003_member_moves")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
