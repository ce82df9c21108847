"""The database cache that holds rate limits, created with the schema.

``createcachetable`` is Django's way to make it; running it from a migration
means every ``migrate`` (make run, make serve, tests, benchmarks, a deploy)
has the table, and a Redis-configured site simply gets nothing.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False)]
