"""Bytes → text: refuse binary and empty input, honour a declared charset, detect a missing or wrong one."""

from __future__ import annotations

import codecs
import contextlib
import re

from charset_normalizer import from_bytes

from newsdesk.errors import BinaryInputError, EmptyInputError

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x00", "a binary file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)
_HTML_LANG = re.compile(rb"""<html[^>]*?\slang\s*=\s*["']?\s*([a-zA-Z]{2,3})(?![a-zA-Z])""", re.IGNORECASE)
#: Languages whose text fits windows-1252 (the code page browsers assume for them when a page declares none).
_WINDOWS_1252_LANGUAGES = frozenset(
    {"af", "br", "ca", "cy", "da", "de", "en", "es", "eu", "fi", "fo", "fr", "ga", "gd", "gl", "id", "is", "it"}
    | {"lb", "ms", "nb", "nl", "nn", "no", "oc", "pt", "rm", "sq", "sv", "sw", "wa"}
)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` looks like, or None when it looks like text."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if b"\x00" in head:
        return "a binary file"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls / len(head) > 0.05:
        return "a binary file"
    return None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.decode("ascii") if isinstance(name, bytes) else name).name
    except (LookupError, UnicodeDecodeError):
        return None
    # As in browsers (WHATWG Encoding Standard), a latin-1 or ASCII label means windows-1252, whose curly quotes
    # and dashes sit where latin-1 has control characters.
    return "cp1252" if codec in {"iso8859-1", "ascii"} else codec


def decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode ``data`` to text.

    The order of trust: a byte-order mark; then UTF-8 when the bytes are valid UTF-8; then the declared charset
    (HTTP header) and the one the document declares in ``<meta>`` or ``<?xml?>``, each used only when the bytes
    really decode with it (a latin-1 label means windows-1252); then windows-1252 for a page whose ``lang`` is a
    western European language; then detection. Mislabelled pages (UTF-8 labelled latin-1, windows-1252 labelled
    UTF-8) therefore still read correctly.
    """
    if not data.strip():
        raise EmptyInputError(f"{source} is empty; nothing to ingest")
    kind = binary_kind(data)
    if kind:
        raise BinaryInputError(f"{source} looks like {kind}, not text; newsdesk reads HTML, feeds, text, JSON and WARC")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, "replace")
    if data.isascii():
        return data.decode("ascii")
    try:
        # Valid UTF-8 with non-ASCII bytes is almost never another encoding by chance, whatever the label says.
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = data[:4096]
    candidates = [
        _codec(declared),
        _codec(m.group(1).decode("ascii", "ignore")) if (m := _META_CHARSET.search(head)) else None,
        _codec(m.group(1).decode("ascii", "ignore")) if (m := _XML_ENCODING.search(head)) else None,
    ]
    for codec in dict.fromkeys(c for c in candidates if c and c != "utf-8"):
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    # A page in a western European language that declares no charset is windows-1252, as browsers take it;
    # detection cannot tell it from windows-1250 or -1257 on a short text (è in windows-1252 is č in 1250).
    lang = m.group(1).lower().decode("ascii") if (m := _HTML_LANG.search(head)) else None
    if lang in _WINDOWS_1252_LANGUAGES:
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("cp1252")
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, "replace")
    return data.decode("cp1252", "replace")
