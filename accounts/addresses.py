"""Who is asking, as an address: the client behind a known number of proxies.

Behind a TLS proxy every request comes from the proxy's address, so limits
keyed on ``REMOTE_ADDR`` would lump every visitor together. ``X-Forwarded-For``
is only believed as far as the proxies we run: each appends the address it saw,
so with N trusted proxies the client is the N-th address from the right, and
anything further left is whatever the client chose to send.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.QUESTIONBANK_TRUSTED_PROXIES
    if not trusted:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    chain = [*forwarded, remote]
    candidate = chain[-(trusted + 1)] if len(chain) > trusted else chain[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
