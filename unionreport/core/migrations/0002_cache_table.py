"""The table of the shared cache (settings: CACHE_BACKEND=database), made whatever the cache in use, so that
switching the setting needs no other command."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "unionreport_cache"


def create(apps, schema_editor):
    if TABLE not in schema_editor.connection.introspection.table_names():
        command = CreateCacheTable()
        command.verbosity = 0
        command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
