"""``Schedule.aimed_due``: when each card is due for its person's interview date, filled for the rows there are."""

from django.db import migrations, models

from practice import scheduler

BATCH = 1000


def aim_every_schedule(apps, schema_editor):
    Schedule = apps.get_model("practice", "Schedule")
    Profile = apps.get_model("practice", "Profile")
    dates = dict(Profile.objects.exclude(interview_date=None).values_list("user_id", "interview_date"))
    rows = Schedule.objects.only("pk", "user_id", "state", "stability", "due", "last_review").order_by("pk")
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        card = scheduler.Snapshot(row.state, row.stability, row.due, row.last_review)
        row.aimed_due = scheduler.aimed_due(card, dates.get(row.user_id))
        batch.append(row)
        if len(batch) >= BATCH:
            Schedule.objects.bulk_update(batch, ["aimed_due"])
            batch.clear()
    Schedule.objects.bulk_update(batch, ["aimed_due"])


class Migration(migrations.Migration):
    dependencies = [("practice", "0008_learned_parameters_card_stats")]

    operations = [
        migrations.AlterField(
            model_name="schedule",
            name="due",
            field=models.DateTimeField(help_text="When FSRS alone would review the card next."),
        ),
        migrations.AddField(model_name="schedule", name="aimed_due", field=models.DateTimeField(null=True)),
        migrations.RunPython(aim_every_schedule, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="schedule",
            name="aimed_due",
            field=models.DateTimeField(help_text="When to review it for the person's interview date: see aimed_due."),
        ),
        migrations.AddIndex(
            model_name="schedule",
            index=models.Index(fields=["user", "aimed_due"], name="practice_sc_user_id_c47ad0_idx"),
        ),
    ]
