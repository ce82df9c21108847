from django import forms


class NewTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="What is it for?",
        help_text="A name to recognise it by, e.g. “phone app” or “export script”.",
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if "\x00" in name or not name:
            raise forms.ValidationError("Give the token a name made of ordinary characters.")
        return name
