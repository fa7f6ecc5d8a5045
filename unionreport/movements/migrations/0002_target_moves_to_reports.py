from django.db import migrations


class Migration(migrations.Migration):
    """Targets moved to the reports app (where the figure keys they point at are defined); the tables stay."""

    dependencies = [("movements", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel("HistoricalTarget"), migrations.DeleteModel("Target")],
            database_operations=[],
        ),
    ]
