"""``Schedule.aimed_due``: when each card is due for its person's interview date, filled for the rows there are."""

from datetime import UTC, datetime, time, timedelta

from django.db import migrations, models

BATCH = 1000
# The rule as it stood when this migration was written, frozen here so that later changes to
# practice.scheduler cannot change what this migration does (it ran once, on the rows of then).
FINAL_WEEK_DAYS, FINAL_WEEK_RETENTION, REFRESH_DAYS_BEFORE = 7, 0.95, 3
FSRS_DECAY = -0.1542  # FSRS-6's default w20


def aimed_due(state_due, stability, last_review, interview):
    due = state_due.astimezone(UTC)
    if interview is None:
        return due
    interview_at = datetime.combine(interview, time(0), tzinfo=UTC)
    week_start = interview_at - timedelta(days=FINAL_WEEK_DAYS)
    last = last_review.astimezone(UTC)
    if due < week_start or last >= interview_at:
        return due
    if stability:
        factor = 0.9 ** (1 / FSRS_DECAY) - 1
        days = stability / factor * (FINAL_WEEK_RETENTION ** (1 / FSRS_DECAY) - 1)
        due = min(due, max(last + timedelta(days=days), week_start))
    if due >= interview_at and last < week_start:
        due = interview_at - timedelta(days=REFRESH_DAYS_BEFORE)
    return due


def aim_every_schedule(apps, schema_editor):
    Schedule = apps.get_model("practice", "Schedule")
    Profile = apps.get_model("practice", "Profile")
    dates = dict(Profile.objects.exclude(interview_date=None).values_list("user_id", "interview_date"))
    rows = Schedule.objects.only("pk", "user_id", "stability", "due", "last_review").order_by("pk")
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        row.aimed_due = aimed_due(row.due, row.stability, row.last_review, dates.get(row.user_id))
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
