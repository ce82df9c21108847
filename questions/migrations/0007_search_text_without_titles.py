from django.db import migrations, models


def reindex_without_titles(apps, schema_editor):
    """Search text from the stored HTML: no title (indexed apart) and code tokens kept whole.

    The sync skips files whose hash has not changed, so it would never rewrite these rows itself.
    """
    from questions.rendering import plain_text
    from questions.search import index_cards

    Card = apps.get_model("questions", "Card")
    cards = list(Card.objects.only("pk", "title", "prompt_html", "answer_html"))
    for card in cards:
        card.search_text = plain_text(card.prompt_html, card.answer_html)
    Card.objects.bulk_update(cards, ["search_text"], batch_size=500)
    index_cards([(card.pk, card.title, card.search_text) for card in cards])


class Migration(migrations.Migration):

    dependencies = [
        ('questions', '0006_plans'),
    ]

    operations = [
        migrations.AlterField(
            model_name='card',
            name='search_text',
            field=models.TextField(blank=True, help_text='Plain text of prompt and answer, for search (the title is indexed apart).'),
        ),
        migrations.RunPython(reindex_without_titles, migrations.RunPython.noop),
    ]
