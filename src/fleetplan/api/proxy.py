"""Who is the client and did it use https, also behind a reverse proxy.

``X-Forwarded-Proto`` and ``X-Forwarded-For`` are anyone's to send, so they are
read only when the direct peer is listed in ``trusted_proxies`` (setting
``FLEETPLAN_TRUSTED_PROXIES``, comma-separated addresses). Otherwise a client
could mark itself as https or dodge the per-address login limit. The same
setting drives uvicorn's own header handling (:func:`uvicorn_proxy_options`):
uvicorn otherwise trusts 127.0.0.1 and rewrites the client address before this
module sees it.
"""

from __future__ import annotations

from typing import TypedDict

from fastapi import Request

from fleetplan.api.settings import WebSettings


def trusted_proxies(settings: WebSettings) -> frozenset[str]:
    return frozenset(
        p.strip() for p in settings.trusted_proxies.split(",") if p.strip()
    )


class UvicornProxyOptions(TypedDict):
    proxy_headers: bool
    forwarded_allow_ips: str


def uvicorn_proxy_options(settings: WebSettings) -> UvicornProxyOptions:
    """uvicorn's ``proxy_headers``/``forwarded_allow_ips`` from ``trusted_proxies``:
    by default no forwarded header is believed (uvicorn's own default trusts
    127.0.0.1, and its ``FORWARDED_ALLOW_IPS`` variable is ignored)."""
    proxies = sorted(trusted_proxies(settings))
    return {"proxy_headers": bool(proxies), "forwarded_allow_ips": ",".join(proxies)}


def _peer(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def _from_trusted_proxy(request: Request, settings: WebSettings) -> bool:
    return _peer(request) in trusted_proxies(settings)


def is_https(request: Request, settings: WebSettings) -> bool:
    """True when cookies must be ``Secure``: configured so (``https_only``), the
    request came over https, or a trusted proxy says it did."""
    if settings.https_only or request.url.scheme == "https":
        return True
    if not _from_trusted_proxy(request, settings):
        return False
    forwarded = request.headers.get("x-forwarded-proto", "")
    # A chain of proxies sends "https, http": the first one faced the browser.
    return forwarded.split(",")[0].strip().lower() == "https"


def client_address(request: Request, settings: WebSettings) -> str:
    """The browser's address: the direct peer, or behind trusted proxies the
    right-most ``X-Forwarded-For`` entry that is not itself a trusted proxy
    (entries further left could be written by the client)."""
    peer = _peer(request)
    proxies = trusted_proxies(settings)
    if peer not in proxies:
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if hop not in proxies:
            return hop
    return peer
