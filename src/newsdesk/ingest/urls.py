"""URL canonicalisation: one article, one URL, however it was linked.

``canonical_url`` builds on courlan's normaliser (lower-case scheme and host, default port dropped, query
parameters sorted, known tracking parameters removed) and adds what matters for news: the fragment is dropped,
more tracking parameters are removed, and AMP variants (``amp.`` hosts, ``/amp`` path segments, ``.amp.html``,
``?amp``, ``outputType=amp``) map to the ordinary page.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url

from newsdesk.errors import BadURLError

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "piwik_", "hsa_", "_hs", "vero_", "oly_")
_TRACKING = {
    "fbclid",
    "gclid",
    "dclid",
    "gclsrc",
    "msclkid",
    "yclid",
    "igshid",
    "twclid",
    "ttclid",
    "li_fat_id",
    "wt.mc_id",
    "wt_mc_id",
    "cmpid",
    "cmp",
    "ocid",
    "ito",
    "xtor",
    "ns_mchannel",
    "ns_source",
    "ns_campaign",
    "ns_linkname",
    "ns_fee",
    "sr_share",
    "smid",
    "smtyp",
    "ref",
    "ref_src",
    "ref_url",
    "referrer",
    "_ga",
    "_gl",
    "spm",
    "guccounter",
    "guce_referrer",
    "guce_referrer_sig",
    "at_medium",
    "at_campaign",
    "at_custom1",
    "at_custom2",
    "at_custom3",
    "at_custom4",
    "ftag",
    "s_cid",
}
_AMP_VALUES = {"amp": {"", "1", "true", "yes"}, "outputtype": {"amp"}, "output": {"amp"}, "amp_js_v": None}
_HOST = re.compile(r"^[^\s/?#@\[\]\\]+$")
_AMP_SEGMENT = re.compile(r"(?:^|/)amp(?=/|$)", re.IGNORECASE)


def is_http_url(text: str) -> bool:
    return bool(re.match(r"^https?://[^\s/]+", text.strip(), re.IGNORECASE))


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in _TRACKING or low.startswith(_TRACKING_PREFIXES)


def _is_amp_param(name: str, value: str) -> bool:
    allowed = _AMP_VALUES.get(name.lower(), ...)
    if allowed is ...:
        return False
    return allowed is None or value.lower() in allowed


def canonical_url(url: str) -> str:
    """The canonical form of an http(s) URL; raises BadURLError for anything else."""
    raw = url.strip()
    if not is_http_url(raw):
        raise BadURLError(f"{raw[:200]!r} is not an http(s) URL; give a full address such as https://example.org/news")
    try:
        normal = normalize_url(raw, strict=False)
        parts = urlsplit(normal)
    except ValueError as exc:
        raise BadURLError(f"{raw[:200]!r} is not a valid URL ({exc})") from exc
    host = parts.hostname or ""
    if not host or not _HOST.match(host):
        raise BadURLError(f"{raw[:200]!r} has no valid host name")
    if host.startswith("amp."):
        host = host[4:]
    shown = f"[{host}]" if ":" in host else host
    netloc = shown if parts.port is None else f"{shown}:{parts.port}"
    path = _AMP_SEGMENT.sub("", parts.path) or "/"
    path = re.sub(r"\.amp(\.html?)$", r"\1", path, flags=re.IGNORECASE)
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(k) and not _is_amp_param(k, v)
    ]
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(sorted(query)), ""))


def host_of(url: str) -> str | None:
    """The host name of a URL, lower-case, without a leading ``www.``; None when there is none."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    """Whether two URLs belong to the same site (hosts equal, or one a subdomain of the other)."""
    ha, hb = host_of(a), host_of(b)
    if not ha or not hb:
        return False
    for prefix in ("amp.", "m.", "mobile."):
        ha = ha.removeprefix(prefix)
        hb = hb.removeprefix(prefix)
    return ha == hb or ha.endswith("." + hb) or hb.endswith("." + ha)
