# The member summary rows holding members at the end of a year, found by index (issue 17).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0005_member_summary_running_stock'),
        ('units', '0003_backfill_outcomes'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='membersummary',
            index=models.Index(fields=['next_year', 'year'], name='members_mem_next_ye_214d94_idx'),
        ),
    ]
