"""The mail the accounts app sends, rendered from templates and sent through the configured backend."""

from __future__ import annotations

import logging
import smtplib

from django.contrib import messages
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from .email_links import MAX_AGE, make_token

logger = logging.getLogger(__name__)


def send_email_confirmation(request: HttpRequest, user, email: str) -> bool:
    """Mail a link that sets ``email`` on the account once opened; False if the mail server refused it."""
    link = request.build_absolute_uri(reverse("email_confirm", args=[make_token(user, email)]))
    context = {"user": user, "email": email, "link": link, "days": MAX_AGE // (24 * 3600)}
    subject = "".join(render_to_string("registration/email_confirm_subject.txt", context).splitlines())
    body = render_to_string("registration/email_confirm_email.txt", context)
    try:
        send_mail(subject, body, None, [email])
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the address confirmation for user %s", user.pk)
        return False
    return True


def offer_confirmation(request: HttpRequest, user, email: str) -> bool:
    """Send the confirmation link and tell the person, on the next page, what became of it."""
    if send_email_confirmation(request, user, email):
        messages.info(request, f"We sent a link to {email}; open it to confirm the address.")
        return True
    messages.error(request, "We could not send mail just now; try again later from your account page.")
    return False
