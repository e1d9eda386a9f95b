"""Bytes → text: binary and empty input refused, declared charsets honoured, missing or wrong ones detected."""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest

from newsdesk.errors import BinaryInputError, EmptyInputError, ParseError
from newsdesk.ingest.decode import binary_kind, decode
from newsdesk.pipeline import run_ingest
from newsdesk.settings import Settings
from newsdesk.store.base import Store

# Words that go wrong when a page is read in the wrong charset: accents, curly quotes, a dash, an ellipsis.
PARAGRAPH_1 = (
    "Hélène Marchetti reopened the Café du Port on Thursday, five months after the storm that tore off its roof "
    "and flooded the kitchen."
)
PARAGRAPH_2 = (
    "“We thought we’d lost everything,” she said — and then the fishermen’s co-operative turned up with timber, "
    "tools and a week of free labour…"
)
PARAGRAPH_3 = (
    "Regulars queued outside from seven o’clock, and the first espresso went to the harbour master, René Aubry."
)


def page(meta: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head>{meta}<title>Harbour café reopens</title></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>Harbour café reopens after storm</h1>"
        f"<p>{PARAGRAPH_1}</p><p>{PARAGRAPH_2}</p><p>{PARAGRAPH_3}</p></article></body></html>"
    )


# --- decode() ------------------------------------------------------------------------------------------------------


def test_utf8_is_read_as_utf8() -> None:
    assert decode(page().encode("utf-8"), "p.html") == page()


def test_windows_1252_without_any_charset_is_detected() -> None:
    data = page().encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode(data, "p.html") == page()


def test_western_page_without_charset_is_windows_1252_not_a_look_alike() -> None:
    """è, à, ê and ù are other letters in windows-1250 and -1257, which detection alone may pick."""
    french = (
        "<p>Hélène a rouvert le café près du port, où les pêcheurs attendaient déjà à l’entrée. « Voilà », "
        "dit-elle — et l’on a bu à la santé de tous…</p>"
    )
    for lang in ("fr", "fr-CA", "FR_ch", "en-GB"):
        html = f"<!DOCTYPE html><html class='no-js' lang='{lang}'><body>{french}</body></html>"
        assert decode(html.encode("cp1252"), "p.html") == html


@pytest.mark.parametrize(
    ("lang", "text", "codec"),
    [
        ("cs", "Přívoz přes řeku znovu jezdí, řekl ve čtvrtek mluvčí přístavu. Cestující čekali na břehu.", "cp1250"),
        ("ru", "Паром снова ходит через залив, сообщили в порту. " * 3, "koi8-r"),
        ("ru", "Паром снова ходит через залив, сообщили в порту. " * 3, "cp1251"),
    ],
)
def test_other_languages_without_charset_are_detected(lang: str, text: str, codec: str) -> None:
    html = f"<html lang='{lang}'><body><p>{text}</p></body></html>"
    assert decode(html.encode(codec), "p.html") == html


def test_utf8_mislabelled_latin1_is_still_utf8() -> None:
    html = page('<meta charset="iso-8859-1">')
    assert decode(html.encode("utf-8"), "p.html") == html
    assert decode(html.encode("utf-8"), "p.html", "iso-8859-1") == html  # nor does an HTTP header fool it


def test_windows_1252_labelled_utf8_is_detected() -> None:
    html = page('<meta charset="utf-8">')
    assert decode(html.encode("cp1252"), "p.html") == html


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO8859-1", "latin1", "us-ascii", "windows-1252"])
def test_latin1_label_is_read_as_windows_1252(label: str) -> None:
    """As browsers do: pages labelled latin-1 use windows-1252's curly quotes and dashes."""
    html = page(f'<meta http-equiv="Content-Type" content="text/html; charset={label}">')
    text = decode(html.encode("cp1252"), "p.html")
    assert text == html
    assert "\x93" not in text and "\x94" not in text and "\x97" not in text
    assert decode(page().encode("cp1252"), "p.html", label) == page()


def test_declared_charset_used_when_the_bytes_fit_it() -> None:
    russian = "<p>" + "Паром снова ходит через залив, сообщили в порту. " * 3 + "</p>"
    data = russian.encode("koi8-r")
    assert decode(data, "p.html", "koi8-r") == russian
    meta = f'<html><head><meta charset="koi8-r"></head><body>{russian}</body></html>'
    assert decode(meta.encode("koi8-r"), "p.html") == meta


def test_xml_encoding_declaration() -> None:
    xml = f'<?xml version="1.0" encoding="ISO-8859-15"?><rss><title>{PARAGRAPH_1} Prix : 5 €</title></rss>'
    assert decode(xml.encode("iso-8859-15"), "feed.xml") == xml


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_byte_order_mark_wins(bom: bytes, codec: str) -> None:
    text = decode(bom + page().encode(codec), "p.html")
    assert text.lstrip("\ufeff") == page()


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\r\n\t "])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(EmptyInputError) as raised:
        decode(data, "empty.html")
    assert raised.value.code == "ND121"
    assert "empty.html" in str(raised.value)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "JPEG"),
        (b"GIF89a" + bytes(100), "GIF"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04" + bytes(100), "ZIP"),
        (gzip.compress(b"<html>hidden</html>"), "gzip"),
        (b"SQLite format 3\x00" + bytes(100), "SQLite"),
        (b"<html>" + b"\x00\x01\x02" * 50, "binary"),
        (bytes(range(1, 9)) * 40, "binary"),
    ],
)
def test_binary_input_is_refused(data: bytes, kind: str) -> None:
    with pytest.raises(BinaryInputError) as raised:
        decode(data, "thing.html")
    assert raised.value.code == "ND122"
    assert isinstance(raised.value, ParseError)
    assert kind in str(raised.value)
    assert binary_kind(data) is not None


def test_text_is_not_binary() -> None:
    assert binary_kind(page().encode("utf-8")) is None
    assert binary_kind(page().encode("cp1252")) is None
    assert binary_kind(codecs.BOM_UTF16_LE + page().encode("utf-16-le")) is None
    assert binary_kind(b"line one\r\nline two\ttabbed\x0cform feed\n") is None


# --- through the ingester ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "codec"),
    [
        ("", "cp1252"),  # no charset at all
        ('<meta charset="iso-8859-1">', "utf-8"),  # UTF-8 bytes mislabelled latin-1
        ('<meta charset="utf-8">', "cp1252"),  # windows-1252 bytes mislabelled UTF-8
        ('<meta charset="iso-8859-1">', "cp1252"),  # latin-1 label over windows-1252 quotes
    ],
)
def test_pages_in_other_charsets_read_correctly(
    store: Store, settings: Settings, tmp_path: Path, meta: str, codec: str
) -> None:
    path = tmp_path / "cafe.html"
    path.write_bytes(page(meta).encode(codec))
    summary = run_ingest(store, [str(path)], settings)
    assert (summary.new, summary.failed) == (1, 0)
    [article] = store.list_articles()
    assert article.title == "Harbour café reopens after storm"
    assert article.text == f"{PARAGRAPH_1}\n\n{PARAGRAPH_2}\n\n{PARAGRAPH_3}"


def test_text_and_json_files_in_windows_1252(store: Store, settings: Settings, tmp_path: Path) -> None:
    # Without a page language to go by, detection decides; é, curly quotes and dashes read the same in every
    # Windows code page it might pick (è does not: see test_western_page_without_charset_is_windows_1252…).
    (tmp_path / "cafe.md").write_bytes(f"Café reopens\n\n{PARAGRAPH_2}\n".encode("cp1252"))
    (tmp_path / "cafe.json").write_bytes(('{"title": "Café du Port", "text": "' + PARAGRAPH_3 + '"}').encode("cp1252"))
    summary = run_ingest(store, [str(tmp_path)], settings)
    assert (summary.new, summary.failed) == (2, 0)
    texts = {a.title: a.text for a in store.list_articles()}
    assert texts == {"Café reopens": PARAGRAPH_2, "Café du Port": PARAGRAPH_3}
