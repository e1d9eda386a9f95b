"""HTTP fetching with network manners and a guard against reaching into private networks.

Every request goes through :class:`Fetcher`: a clear User-Agent, timeouts, a size cap counted on the decoded
body, a redirect limit, a content-type check, robots.txt (RFC 9309 semantics, with Crawl-delay), a per-host
delay, and conditional GET. Addresses are checked where the socket is opened — for every redirect hop and
after DNS resolution, so a name that resolves to 127.0.0.1 or 10.0.0.0/8 is refused however it was written —
unless ``allow_private`` is set. The transport is injectable for callers that bring their own.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

import httpcore
import httpx

from newsdesk.errors import (
    BadURLError,
    BlockedAddressError,
    ContentTypeError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    RobotsDisallowedError,
    TooLargeError,
    TooManyRedirectsError,
)
from newsdesk.ingest.urls import is_http_url
from newsdesk.settings import Settings

PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "application/feed+json",
    "text/x-opml",
    "application/x-opml",
)
TEXT_TYPES = ("text/plain", "application/json", "application/octet-stream")


#: A whole fetch (all of its body) may take this many times the timeout, so a server that trickles bytes
#: cannot hold a run for ever; the timeout itself applies to each connect and read.
WHOLE_FETCH_FACTOR = 3


class Want(StrEnum):
    """What a fetch expects, which decides the content types it accepts."""

    PAGE = "page"
    FEED = "feed"
    ANY = "any"


_ACCEPT = {
    Want.PAGE: PAGE_TYPES,
    Want.FEED: FEED_TYPES + PAGE_TYPES,  # feeds are often served as text/html; the parser decides
    Want.ANY: PAGE_TYPES + FEED_TYPES + TEXT_TYPES,
}
_ACCEPT_HEADER = {
    Want.PAGE: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    Want.FEED: "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1",
    Want.ANY: "text/html,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.1",
}


@dataclass(frozen=True, slots=True)
class Fetched:
    """One HTTP response, read within the limits."""

    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def address_problem(address: str) -> str | None:
    """Why ``address`` is not a public internet address, or None when it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for attribute, why in (
        ("is_loopback", "a loopback address"),
        ("is_private", "a private address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
        ("is_unspecified", "an unspecified address"),
    ):
        if getattr(ip, attribute):
            return why
    if not ip.is_global:
        return "not a public address"
    return None


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}; check the address") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.SyncBackend):
    """Opens TCP connections only to addresses that pass :func:`address_problem` (unless allowed)."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[tuple] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = resolve(host, port)
        if not self.allow_private:
            for address in addresses:
                why = address_problem(address)
                if why:
                    raise BlockedAddressError(
                        f"refused {host}: it resolves to {address}, {why}; newsdesk only fetches from public "
                        "addresses (pass --allow-private to fetch from your own network)"
                    )
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError(f"no address for {host}")


def guarded_transport(settings: Settings) -> httpx.HTTPTransport:
    """An httpx transport whose connection pool uses :class:`GuardedBackend`."""
    transport = httpx.HTTPTransport(retries=0)
    # httpx builds its pool without a way to pass a network backend; replace the pool with one that has it.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        network_backend=GuardedBackend(settings.allow_private),
    )
    return transport


class Fetcher:
    """Polite, bounded HTTP GETs. Thread-safe; one instance per run shares robots and delay state."""

    def __init__(self, settings: Settings, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self._client = httpx.Client(
            transport=transport or guarded_transport(settings),
            headers={"User-Agent": settings.user_agent},
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            trust_env=False,
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last_request: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- manners ----------------------------------------------------------------------------------------------
    def _wait_for_host(self, netloc: str, delay: float) -> None:
        if delay <= 0:
            return
        with self._lock:
            now = time.monotonic()
            ready = self._last_request.get(netloc, 0.0) + delay
            self._last_request[netloc] = max(now, ready)
        if ready > now:
            time.sleep(ready - now)

    def _robots_for(self, scheme: str, netloc: str) -> urllib.robotparser.RobotFileParser | None:
        origin = f"{scheme}://{netloc}"
        if origin in self._robots:
            return self._robots[origin]
        parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
        assert parser is not None
        try:
            fetched = self._get(f"{origin}/robots.txt", Want.ANY, {}, check_type=False, cap=500_000)
            status = fetched.status
        except HTTPStatusError as exc:
            status, fetched = exc.status, None
        # Other fetch errors (refused address, timeout, no connection) propagate: the page would fail the same way.
        if fetched is not None and status == 200:
            parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        elif 400 <= status < 500:
            parser = None  # RFC 9309: an unavailable robots.txt allows everything
        else:
            parser.disallow_all = True  # type: ignore[attr-defined]  # a server error: assume complete disallow, as RFC 9309 says
        self._robots[origin] = parser
        return parser

    def allowed(self, url: str) -> tuple[bool, float]:
        """Whether robots.txt lets newsdesk fetch ``url``, and the host delay to keep."""
        parts = urlsplit(url)
        delay = self.settings.host_delay
        if not self.settings.respect_robots:
            return True, delay
        parser = self._robots_for(parts.scheme, parts.netloc)
        if parser is None:
            return True, delay
        agent = self.settings.user_agent.split("/", 1)[0]
        crawl_delay = parser.crawl_delay(agent)
        if crawl_delay:
            delay = max(delay, float(crawl_delay))
        return parser.can_fetch(agent, url), delay

    # --- fetching ---------------------------------------------------------------------------------------------
    def get(
        self, url: str, want: Want = Want.ANY, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """GET ``url`` within every limit; raises a :class:`FetchError` subclass on any problem."""
        if not is_http_url(url):
            raise BadURLError(f"{url[:200]!r} is not an http(s) URL")
        ok, delay = self.allowed(url)
        if not ok:
            raise RobotsDisallowedError(f"robots.txt of {urlsplit(url).netloc} disallows {url}; skipped")
        self._wait_for_host(urlsplit(url).netloc, delay)
        headers = {"Accept": _ACCEPT_HEADER[want]}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, want, headers, check_type=True, cap=self.settings.max_bytes)

    def _get(self, url: str, want: Want, headers: dict[str, str], *, check_type: bool, cap: int) -> Fetched:
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                final = str(response.url)
                if response.status_code == 304:
                    return Fetched(
                        final,
                        304,
                        "",
                        None,
                        b"",
                        headers.get("If-None-Match"),
                        headers.get("If-Modified-Since"),
                    )
                if response.status_code >= 400:
                    raise HTTPStatusError(
                        f"{final} answered {response.status_code} {response.reason_phrase}; check the address",
                        response.status_code,
                    )
                content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
                if check_type and content_type and not content_type.startswith(_ACCEPT[want]):
                    raise ContentTypeError(
                        f"{final} sent {content_type}, which is not a news page or feed; give an HTML page, "
                        "RSS/Atom feed or OPML list"
                    )
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > cap:
                    raise TooLargeError(f"{final} is {int(declared):,} bytes, over the {cap:,}-byte cap; skipped")
                chunks, size = [], 0
                deadline = time.monotonic() + WHOLE_FETCH_FACTOR * self.settings.timeout
                for chunk in response.iter_bytes():
                    if time.monotonic() > deadline:
                        raise FetchTimeoutError(
                            f"{final} kept sending for over {WHOLE_FETCH_FACTOR * self.settings.timeout:g} s; skipped"
                        )
                    size += len(chunk)
                    if size > cap:
                        raise TooLargeError(f"{final} is over the {cap:,}-byte cap (after decompression); skipped")
                    chunks.append(chunk)
                return Fetched(
                    url=final,
                    status=response.status_code,
                    content_type=content_type,
                    charset=response.charset_encoding,
                    body=b"".join(chunks),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
        except httpx.TimeoutException as exc:
            raise FetchTimeoutError(
                f"{url} did not answer within {self.settings.timeout:g} s; try again later"
            ) from exc
        except httpx.TooManyRedirects as exc:
            raise TooManyRedirectsError(
                f"{url} redirected more than {self.settings.max_redirects} times; skipped"
            ) from exc
        except httpx.InvalidURL as exc:
            raise BadURLError(f"{url[:200]!r} is not a valid URL: {exc}") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch {url}: {exc or type(exc).__name__}") from exc
