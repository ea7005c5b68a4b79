"""Rate limits of the public 依申请公开 pages (anti-abuse without a CAPTCHA service).

Fixed windows in Django's cache: the first hit creates a counter with the window as its TTL
(`cache.add`, atomic), every hit increments it (`cache.incr`, atomic in Redis and in the
local-memory cache), and the counter disappears when the window ends. Cache keys carry an HMAC of
the identity (IP address, ID number, phone) so no personal data sits in the cache in clear.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

HOUR = 60 * 60
DAY = 24 * HOUR


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` hits per ``window`` seconds for each identity of ``scope``."""

    scope: str
    limit: int
    window: int

    def key(self, identity: str) -> str:
        digest = hmac.new(
            settings.SECRET_KEY.encode(), f"{self.scope}:{identity}".encode(), hashlib.sha256
        ).hexdigest()[:32]
        return f"requests_app:rl:{self.scope}:{digest}"

    def hit(self, identity: str) -> bool:
        """Count one hit for ``identity``; True while it stays within the limit."""
        key = self.key(identity)
        in_window = getattr(cache, "incr_in_window", None)  # portal.cache: one round trip
        if in_window is not None:
            return in_window(key, self.window) <= self.limit
        cache.add(key, 0, timeout=self.window)
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add() and incr()
            cache.add(key, 0, timeout=self.window)
            count = cache.incr(key)
        return count <= self.limit

    def exhausted(self, identity: str) -> bool:
        """Has ``identity`` used up its hits? (does not count a hit)"""
        return (cache.get(self.key(identity)) or 0) >= self.limit


def submissions_per_ip() -> Limit:
    return Limit("submit-ip", settings.REQUESTS_SUBMISSIONS_PER_IP_PER_HOUR, HOUR)


def submissions_per_identity() -> Limit:
    return Limit("submit-id", settings.REQUESTS_SUBMISSIONS_PER_IDENTITY_PER_DAY, DAY)


def failed_lookups_per_ip() -> Limit:
    return Limit("lookup-ip", settings.REQUESTS_LOOKUPS_PER_IP_PER_HOUR, HOUR)


def client_ip(request) -> str:
    """The client's address as the web server saw it.

    ``X-Forwarded-For`` is not read: anyone can send it. Behind a reverse proxy, the proxy must
    set ``REMOTE_ADDR`` (e.g. nginx ``real_ip`` module or gunicorn ``--forwarded-allow-ips``).
    """
    return request.META.get("REMOTE_ADDR") or "unknown"


def submission_allowed(*, ip: str, identities: list[str]) -> bool:
    """Count a submission from ``ip`` by the person behind ``identities`` (ID number, phone);
    False when the IP or any identity is over its limit."""
    if not submissions_per_ip().hit(ip):
        return False
    per_identity = submissions_per_identity()
    # Count every identity (no short-circuit) so that alternating them does not help.
    results = [per_identity.hit(identity) for identity in identities if identity]
    return all(results)
