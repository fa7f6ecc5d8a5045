"""The number of disbursements a summary row sums (the welfare list's count for the province, issue 17); the
summary filled from the disbursements with today's refresh (which writes every column, this one included)."""

from django.db import migrations, models


def fill(apps, schema_editor):
    """Summarise the disbursements already in the database (same SQL as every later refresh). Last of the
    operations: on PostgreSQL the inserted rows' deferred foreign-key checks must not precede an ALTER TABLE.
    A later migration adding a column makes this one a no-op and fills the summary itself."""
    from unionreport.welfare.summary import welfare_summary_rebuild

    welfare_summary_rebuild()


class Migration(migrations.Migration):
    dependencies = [("welfare", "0004_disbursement_totals_in_indexes")]
    operations = [
        migrations.AddField(model_name="welfaresummary", name="disbursements",
                            field=models.PositiveIntegerField(default=0, verbose_name="số khoản chăm lo")),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
