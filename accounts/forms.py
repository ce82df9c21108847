"""Sign-up with an optional e-mail address, and the forms that ask for the password again."""

from __future__ import annotations

import unicodedata

from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm

EMAIL_WHY = "Optional. Only used to send you a link if you forget your password; we send one now to confirm it."


def normalised_email(address: str) -> str:
    """The address as the reset form matches it (case-insensitive), NFKC so lookalikes share one count."""
    return unicodedata.normalize("NFKC", address).strip().casefold()


class SignupForm(UserCreationForm):
    """Django's form plus an address that is stored only once its confirmation link is opened."""

    email = forms.EmailField(
        label="E-mail address",
        required=False,
        help_text=EMAIL_WHY,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["username", "email", "password1", "password2"]


class PasswordCheckForm(forms.Form):
    """A form for something that only the owner may do even in a session left open: asks for the password."""

    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class EmailChangeForm(PasswordCheckForm):
    email = forms.EmailField(
        label="New e-mail address",
        required=False,
        help_text="Leave it empty to remove the address; a forgotten password can then no longer be reset.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["email", "password"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        if not user.email:  # adding one: nothing to remove
            field = self.fields["email"]
            field.label, field.required, field.help_text = "E-mail address", True, ""

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if normalised_email(email) == normalised_email(self.user.email):
            raise forms.ValidationError("That is already the address on your account.")
        return email


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="E-mail address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
