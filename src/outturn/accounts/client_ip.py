"""The address a sign-in attempt came from, for counting failed attempts.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy, so every colleague would share one
count. With ``OUTTURN_TRUSTED_PROXIES`` set to the number of proxies that append to
``X-Forwarded-For``, the address those proxies saw is used instead; entries further to the
left were written by the client and could be forged, so they are never trusted.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies: int = getattr(settings, "OUTTURN_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    forwarded = [
        hop.strip()
        for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if hop.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
