import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('questions', '0007_search_text_without_titles'),
    ]

    operations = [
        migrations.CreateModel(
            name='AnswerVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_hash', models.CharField(max_length=64)),
                ('answer', models.TextField(help_text="The answer's Markdown.")),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('card', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answer_versions', to='questions.card')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('card', 'content_hash'), name='one_answer_per_card_hash')],
            },
        ),
    ]
