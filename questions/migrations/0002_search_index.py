"""The full-text index: an FTS5 table on SQLite, a tsvector column with a GIN index on PostgreSQL."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE questions_card ADD COLUMN search_vector tsvector")
        schema_editor.execute("CREATE INDEX questions_card_search ON questions_card USING GIN (search_vector)")
    else:
        schema_editor.execute(
            "CREATE VIRTUAL TABLE questions_card_fts USING fts5(title, body, tokenize='porter unicode61')"
        )
    Card = apps.get_model("questions", "Card")
    rows = list(Card.objects.values_list("pk", "title", "search_text"))
    if rows:
        from questions.search import index_cards

        index_cards(rows)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE questions_card DROP COLUMN search_vector")
    else:
        schema_editor.execute("DROP TABLE questions_card_fts")


class Migration(migrations.Migration):
    dependencies = [("questions", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
