"""Each summary row gets the unit's members at the end of its year and the year of the unit's next row; the
summary is filled again with today's SQL (`members.summary`), which writes them (0002's and 0004's fills are
no-ops: their schemas lack these columns)."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from unionreport.members.summary import member_summary_rebuild

    member_summary_rebuild()


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0004_refill_member_summary'),
    ]

    operations = [
        migrations.AddField(
            model_name='membersummary',
            name='members_end',
            field=models.IntegerField(default=0, verbose_name='đoàn viên cuối năm'),
        ),
        migrations.AddField(
            model_name='membersummary',
            name='next_year',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='năm có số liệu kế tiếp'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
