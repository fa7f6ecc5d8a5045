"""The client's address behind the reverse proxy (django-axes locks a username *and* an address).

Behind nginx every request comes from the proxy (127.0.0.1), so the address a lock-out is keyed on must come from
X-Forwarded-For — but only when the request really comes from the proxy, and only the entries the proxies wrote:
everything to the left of them is whatever the client sent. With `TRUSTED_PROXY_COUNT` = n proxies (each one
appending the address it was connected from, as nginx's `$proxy_add_x_forwarded_for` does), the client is the
n-th entry from the right. django-axes' own `AXES_IPWARE_*` settings need django-ipware, which is not installed:
axes calls this through `AXES_CLIENT_IP_CALLABLE` instead.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """REMOTE_ADDR, or behind `TRUSTED_PROXY_COUNT` proxies (the last one among `FORWARDED_ALLOW_IPS`) the address
    the outermost proxy was connected from."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0 or not _is_proxy(remote):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # not through the proxies (a local health check): its own address
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _is_proxy(remote: str | None) -> bool:
    allowed = settings.FORWARDED_ALLOW_IPS
    return "*" in allowed or remote in allowed
