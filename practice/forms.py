from django import forms
from django.utils import timezone

from questions.models import DIFFICULTY_CHOICES, Tag
from questions.nesting import nesting_problem

from .models import MAX_NOTE_LENGTH, MODE_CHOICES, ORDER_CHOICES, QUIZ_MODE_CHOICES, RATING_CHOICES
from .quiz import DEFAULT_SIZE, DEFAULT_TIMER_MINUTES, Scope


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(choices=RATING_CHOICES, coerce=int)
    token = forms.CharField(max_length=100)
    mode = forms.ChoiceField(choices=MODE_CHOICES, required=False)


class NoteForm(forms.Form):
    text = forms.CharField(
        max_length=MAX_NOTE_LENGTH,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "Private note, in Markdown. Only you can see it."}),
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        problem = nesting_problem(text)
        if problem:
            raise forms.ValidationError(f"Line {problem[0]} of the note has {problem[1]}.")
        return text


class QuizStartForm(forms.Form):
    """What to practise. Every field has a default, so one click starts a quiz."""

    topics = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    tags = forms.CharField(
        required=False, help_text="Comma-separated, e.g. asyncio, sql. Cards with any of them are included."
    )
    difficulties = forms.MultipleChoiceField(
        required=False, choices=DIFFICULTY_CHOICES, widget=forms.CheckboxSelectMultiple, label="Difficulty"
    )
    bookmarked = forms.BooleanField(required=False, label="Bookmarked cards only")
    size = forms.TypedChoiceField(
        choices=[(n, n) for n in (5, 10, 15, 20, 30, 40, 50)], coerce=int, initial=DEFAULT_SIZE, label="Cards"
    )
    order = forms.ChoiceField(
        choices=[choice for choice in ORDER_CHOICES if choice[0] != "plan"], initial="due", widget=forms.RadioSelect
    )
    mode = forms.ChoiceField(choices=QUIZ_MODE_CHOICES, initial="quiz", widget=forms.RadioSelect)
    timer_minutes = forms.IntegerField(
        min_value=1, max_value=30, initial=DEFAULT_TIMER_MINUTES, label="Minutes per card (mock interview)"
    )

    def __init__(self, *args, topics: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topics

    def clean_tags(self) -> list[str]:
        tags = [tag.strip().lstrip("#").lower() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]
        known = set(Tag.objects.filter(slug__in=tags).values_list("slug", flat=True))
        unknown = [tag for tag in tags if tag not in known]
        if unknown:
            raise forms.ValidationError(f"No cards have the tag {', '.join(unknown)}.")
        return tags

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope(
            topics=tuple(data["topics"]),
            tags=tuple(data["tags"]),
            difficulties=tuple(data["difficulties"]),
            bookmarked=data["bookmarked"],
        )


class RevealForm(forms.Form):
    answer_text = forms.CharField(required=False, max_length=MAX_NOTE_LENGTH, strip=True)
    # Set by the mock-interview countdown when it reveals the answer by itself.
    timed_out = forms.BooleanField(required=False)


class InterviewDateForm(forms.Form):
    interview_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_interview_date(self):
        day = self.cleaned_data["interview_date"]
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError("Pick today or a day ahead: readiness is predicted for a future date.")
        return day


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A JSON file exported from this site.")


class AnkiForm(forms.Form):
    topics = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    difficulties = forms.MultipleChoiceField(
        required=False, choices=DIFFICULTY_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, topics: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topics

    def scope(self) -> Scope:
        return Scope(topics=tuple(self.cleaned_data["topics"]), difficulties=tuple(self.cleaned_data["difficulties"]))


class FollowPlanForm(forms.Form):
    interview_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    minutes_per_day = forms.IntegerField(min_value=5, max_value=240, initial=30, label="Minutes a day")

    def clean_interview_date(self):
        day = self.cleaned_data["interview_date"]
        today = timezone.now().date()
        if day <= today:
            raise forms.ValidationError("Pick a day after today: the plan lays out the days before it.")
        if (day - today).days > 366:
            raise forms.ValidationError("Pick a day within a year.")
        return day
