import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Targets, moved from the movements app: the same tables (movements_target, movements_historicaltarget)."""

    dependencies = [
        ("reports", "0001_initial"),
        ("movements", "0002_target_moves_to_reports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Target",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("year", models.PositiveSmallIntegerField(verbose_name="năm")),
                        ("name", models.CharField(max_length=255, verbose_name="chỉ tiêu")),
                        ("measure", models.CharField(max_length=64, verbose_name="đơn vị tính")),
                        ("planned_value", models.DecimalField(decimal_places=2, max_digits=18,
                                                              verbose_name="kế hoạch")),
                        ("figure_key", models.CharField(blank=True, max_length=64, verbose_name="số liệu đo lường")),
                        ("assigned_by_confederation", models.BooleanField(default=True,
                                                                          verbose_name="do Tổng LĐLĐ giao")),
                        ("order", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
                    ],
                    options={"verbose_name": "chỉ tiêu năm", "verbose_name_plural": "chỉ tiêu năm",
                             "ordering": ["year", "order", "id"], "db_table": "movements_target"},
                ),
                migrations.CreateModel(
                    name="HistoricalTarget",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True,
                                                      verbose_name="ID")),
                        ("year", models.PositiveSmallIntegerField(verbose_name="năm")),
                        ("name", models.CharField(max_length=255, verbose_name="chỉ tiêu")),
                        ("measure", models.CharField(max_length=64, verbose_name="đơn vị tính")),
                        ("planned_value", models.DecimalField(decimal_places=2, max_digits=18,
                                                              verbose_name="kế hoạch")),
                        ("figure_key", models.CharField(blank=True, max_length=64, verbose_name="số liệu đo lường")),
                        ("assigned_by_confederation", models.BooleanField(default=True,
                                                                          verbose_name="do Tổng LĐLĐ giao")),
                        ("order", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        ("history_type", models.CharField(choices=[("+", "Created"), ("~", "Changed"),
                                                                   ("-", "Deleted")], max_length=1)),
                        ("history_user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                           related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"verbose_name": "historical chỉ tiêu năm",
                             "verbose_name_plural": "historical chỉ tiêu năm",
                             "db_table": "movements_historicaltarget",
                             "ordering": ("-history_date", "-history_id"),
                             "get_latest_by": ("history_date", "history_id")},
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
    ]
