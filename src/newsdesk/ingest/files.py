"""Local article files: text and Markdown with optional front matter, and JSON / JSON Lines articles.

The JSON article schema (``docs/formats.md``): an object with ``text`` (required), and optionally ``title``,
``url``, ``outlet``, ``published`` (ISO 8601), ``modified``, ``authors`` (list of strings or one string),
``language`` and ``id``. A ``.json`` file holds one such object or a list of them; a ``.jsonl`` file one per
line. Text files may open with YAML front matter (``title``, ``outlet``, ``url``, ``published`` or ``date``,
``authors`` or ``author``, ``language``); without it the first line is the title.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import frontmatter

from newsdesk.errors import ArticleSchemaError, EmptyInputError, IngestError, ParseError
from newsdesk.ingest.pages import parse_time
from newsdesk.ingest.urls import canonical_url, host_of, is_http_url
from newsdesk.types import Document, Outlet, SourceKind


def _when(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return parse_time(value.isoformat())
    if isinstance(value, date):
        return parse_time(value.isoformat())
    return parse_time(str(value)) if value else None


def _authors(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list | tuple):
        return tuple(str(a).strip() for a in value if str(a).strip())
    return ()


def _document(fields: dict[str, Any], text: str, *, key: str, source: str) -> Document:
    url_value = fields.get("url")
    url = canonical_url(str(url_value)) if url_value and is_http_url(str(url_value)) else None
    outlet_name = str(fields.get("outlet") or fields.get("site_name") or "").strip()
    domain = host_of(url) if url else None
    outlet = Outlet.named(outlet_name or domain or "Unknown outlet", domain)
    title = " ".join(str(fields.get("title") or "").split())
    body = text.strip()
    if not title:
        first, _, rest = body.partition("\n")
        title, body = first.strip().lstrip("# ").strip(), rest.strip()
    if not body:
        raise EmptyInputError(f"{source} has a title but no article text")
    return Document(
        key=url or key,
        url=url,
        title=title[:500],
        text=body,
        outlet=outlet,
        published=_when(fields.get("published") or fields.get("date")),
        authors=_authors(fields.get("authors") or fields.get("author")),
        language=str(fields["language"]).lower() if fields.get("language") else None,
        source=source,
        source_kind=SourceKind.FILE,
        modified=_when(fields.get("modified")),
    )


def read_text_file(text: str, path: Path) -> Document:
    """A ``.txt`` or ``.md`` article, with optional YAML front matter."""
    try:
        post = frontmatter.loads(text)
    except Exception as exc:  # the YAML parser raises many types
        raise ParseError(f"{path}: unreadable front matter ({str(exc).splitlines()[0][:120]}); fix the YAML") from exc
    return _document(dict(post.metadata), post.content, key=path.resolve().as_uri(), source=str(path))


def json_document(obj: object, *, key: str, source: str) -> Document:
    if not isinstance(obj, dict):
        raise ArticleSchemaError(f"{source}: expected a JSON object with a 'text' field, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleSchemaError(f"{source}: the article has no 'text' string; see docs/formats.md")
    if obj.get("id") and not obj.get("url"):
        key = f"{key.split('#', 1)[0]}#{obj['id']}"
    return _document(obj, text, key=key, source=source)


def read_json_file(text: str, path: Path) -> Iterator[Document | IngestError]:
    """A ``.json`` file: one article object or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ArticleSchemaError(
            f"{path}: not valid JSON ({exc.msg}: line {exc.lineno}, column {exc.colno}); fix or remove it"
        )
        return
    items = data if isinstance(data, list) else [data]
    base = path.resolve().as_uri()
    for n, item in enumerate(items, 1):
        source = f"{path}[{n}]"
        try:
            yield json_document(item, key=f"{base}#{n}", source=source)
        except IngestError as exc:
            yield exc.located(source)


def read_jsonl_lines(lines: Iterator[str | IngestError], path: Path) -> Iterator[Document | IngestError]:
    """A ``.jsonl`` file, one article per line, read as a stream; blank lines are skipped.

    ``lines`` may hold an error in place of a line that could not be read (one over the size cap).
    """
    base = path.resolve().as_uri()
    for n, line in enumerate(lines, 1):
        source = f"{path}:{n}"
        if isinstance(line, IngestError):
            yield line.located(source)
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ArticleSchemaError(f"{source}: not valid JSON ({exc.msg}); fix or remove the line", source=source)
            continue
        try:
            yield json_document(obj, key=f"{base}#L{n}", source=source)
        except IngestError as exc:
            yield exc.located(source)
