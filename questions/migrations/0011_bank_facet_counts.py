from django.db import migrations, models


def compute(apps, schema_editor):
    from questions.facetcounts import refresh_facet_counts

    refresh_facet_counts(apps.get_model("questions", "Card"), apps.get_model("questions", "BankVersion"))


class Migration(migrations.Migration):

    dependencies = [
        ('questions', '0010_related_and_neighbours'),
    ]

    operations = [
        migrations.AddField(
            model_name='bankversion',
            name='facet_counts',
            field=models.JSONField(blank=True, default=dict, help_text='Active cards per topic, difficulty and tag, worked out by the sync.'),
        ),
        migrations.RunPython(compute, migrations.RunPython.noop),
    ]
