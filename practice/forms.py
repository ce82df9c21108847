from django import forms

from .models import MAX_NOTE_LENGTH, MODE_CHOICES, RATING_CHOICES


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
