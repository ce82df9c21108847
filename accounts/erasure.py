"""What the site keeps about a person, and deleting all of it.

Every model that points at the user is found by looking, not listed by hand,
so a table added later is shown on the account page and deleted with the
account without anyone remembering to add it here. Each of those relations
cascades; a test fails if one ever stops doing so.
"""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction

from .lockout import normalised_username


def relations_to_users() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) whose foreign key or one-to-one field points at the user model."""
    user_model = get_user_model()
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey) and field.remote_field.model is user_model
    ]


def stored_about(user) -> list[tuple[str, int]]:
    """(what, how many) for every kind of row that belongs to the person, leaving out the kinds they have none of."""
    counts = [
        (str(model._meta.verbose_name_plural), model._base_manager.filter(**{name: user}).count())
        for model, name in relations_to_users()
    ]
    names = _usernames(user)
    counts.append(("log-in records (time, address and browser)", AccessLog.objects.filter(username__in=names).count()))
    counts.append(("failed log-in counts", AccessAttempt.objects.filter(username__in=names).count()))
    return [(label[:1].upper() + label[1:], count) for label, count in counts if count]


def _usernames(user) -> set[str]:
    username = user.get_username()
    return {username, normalised_username(None, {"username": username})}


def erase(user) -> None:
    """Delete the person, every row that points at them, and the log-in records kept under their name."""
    with transaction.atomic():
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__in=_usernames(user)).delete()
        user.delete()
