from django import template
from django.urls import reverse

from offline.shell import version

register = template.Library()


@register.simple_tag
def service_worker_url() -> str:
    """The worker's address with the shell's version: a deploy that changes the shell changes the address."""
    return f"{reverse('offline:service_worker')}?v={version()}"
