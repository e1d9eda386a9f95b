"""What keeps the web app safe to run: who may change the store, cross-site form posts, submission rates, headers.

- **Changes need a token beyond loopback.** Bound to a loopback address the app trusts the machine's user; bound
  anywhere else ``newsdesk serve`` makes sure :attr:`Settings.token` is set, and every request that changes
  something must carry it: ``Authorization: Bearer <token>`` (the API) or the form's ``token`` field (the pages).
  Tokens are compared in constant time.
- **Cross-site requests.** Every form carries a CSRF token tied to a cookie (the double-submit pattern, the
  token being an HMAC of the cookie under a per-process secret); the API takes only JSON bodies, which a page on
  another site cannot send without a CORS preflight the app never grants. A request whose ``Origin`` names
  another site is refused either way. On loopback the ``Host`` header must name the loopback host, which stops a
  DNS-rebinding page from reaching the app through a name of its own.
- **Submissions are rate-limited** per client address with a token bucket (:attr:`Settings.submit_limit` a
  minute).
- **Article text is untrusted.** Templates escape everything; the Content-Security-Policy allows scripts and
  styles from the app's own origin only, so even markup that slipped through could not run.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CSRF_COOKIE = "newsdesk_csrf"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.0/8``, ``::1``)."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    """A fresh random secret for :attr:`Settings.token`."""
    return secrets.token_urlsafe(24)


def token_matches(given: str | None, expected: str) -> bool:
    """Whether ``given`` is the token (constant-time); any value passes when no token is set."""
    if not expected:
        return True
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, or None."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


@dataclass(frozen=True, slots=True)
class Csrf:
    """Issues and checks the CSRF tokens of forms, tied to a random cookie by an HMAC under ``secret``."""

    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def new_cookie(self) -> str:
        return secrets.token_urlsafe(18)

    def token_for(self, cookie: str) -> str:
        return hmac.new(self.secret, cookie.encode(), hashlib.sha256).hexdigest()

    def check(self, cookie: str | None, token: str | None) -> bool:
        if not cookie or not token:
            return False
        return hmac.compare_digest(self.token_for(cookie), token)


def same_origin(origin: str | None, host: str | None) -> bool:
    """Whether an ``Origin`` header (when the browser sent one) names the host the request was sent to."""
    if not origin:
        return True
    if origin == "null" or not host:
        return False
    return urlsplit(origin).netloc.lower() == host.lower()


def host_allowed(host_header: str | None, bound: str) -> bool:
    """On loopback, the ``Host`` header must name a loopback host (DNS rebinding); elsewhere any host passes."""
    if not is_loopback(bound):
        return True
    if not host_header:
        return False
    name = urlsplit(f"//{host_header}").hostname or ""
    return is_loopback(name)


@dataclass
class RateLimiter:
    """A token bucket per client: ``per_minute`` submissions, refilled evenly; ``take`` says how long to wait."""

    per_minute: int
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, client: str) -> float:
        """Spend one submission of ``client``: 0.0 when allowed, else the seconds until one is available."""
        if self.per_minute <= 0:
            return 60.0
        now = self.clock()
        rate = self.per_minute / 60.0
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1.0 - tokens) / rate
