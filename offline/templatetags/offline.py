from django import template

from offline.shell import version

register = template.Library()


@register.simple_tag
def shell_version() -> str:
    """``{% url 'offline:service_worker' %}?v={% shell_version %}``: the worker's address carries the
    shell's version, so a deploy that changes the shell changes the address."""
    return version()
