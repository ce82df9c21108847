"""``Schedule.interview_recall``: each card's predicted recall on its person's interview day, filled for the rows
there are, so that the dashboard's readiness is one grouped sum."""

from datetime import UTC, datetime, time

from django.db import migrations, models

BATCH = 1000
# FSRS-6's forgetting curve with its default w20, as py-fsrs applied it when this migration was written,
# frozen here so that a later change to practice.scheduler cannot change what this migration does.
FSRS_DECAY = -0.1542


def recall_on(stability, last_review, day):
    if stability is None:
        return 0.0
    elapsed_days = max(0, (datetime.combine(day, time(12), tzinfo=UTC) - last_review.astimezone(UTC)).days)
    factor = 0.9 ** (1 / FSRS_DECAY) - 1
    return (1 + factor * elapsed_days / stability) ** FSRS_DECAY


def fill_recall(apps, schema_editor):
    Schedule = apps.get_model("practice", "Schedule")
    Profile = apps.get_model("practice", "Profile")
    dated = Profile.objects.exclude(interview_date=None)
    dates = dict(dated.values_list("user_id", "interview_date"))
    rows = Schedule.objects.filter(user_id__in=dated.values("user_id")).only(
        "pk", "user_id", "stability", "last_review"
    )
    batch = []
    for row in rows.order_by("pk").iterator(chunk_size=BATCH):
        row.interview_recall = recall_on(row.stability, row.last_review, dates[row.user_id])
        batch.append(row)
        if len(batch) >= BATCH:
            Schedule.objects.bulk_update(batch, ["interview_recall"])
            batch.clear()
    Schedule.objects.bulk_update(batch, ["interview_recall"])


class Migration(migrations.Migration):
    dependencies = [("practice", "0010_review_day")]

    operations = [
        migrations.AddField(
            model_name="schedule",
            name="interview_recall",
            field=models.FloatField(
                blank=True,
                help_text="Predicted recall at noon UTC on the person's interview date, if they set one.",
                null=True,
            ),
        ),
        migrations.RunPython(fill_recall, migrations.RunPython.noop, elidable=True),
    ]
