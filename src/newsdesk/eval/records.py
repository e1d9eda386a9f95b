"""Labelled records from a JSON Lines file: one per line, in file order, with errors that name file and line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from newsdesk.errors import ConfigError, NotFoundError

T = TypeVar("T")


def read_jsonl(path: Path, parse: Callable[[str], T], *, key: Callable[[T], str], kind: str, docs: str) -> Iterator[T]:
    """The records of ``path``, each line given to ``parse``; blank lines are skipped.

    A line ``parse`` refuses (``ValueError``, ``KeyError``, ``TypeError``) or a ``key`` seen before stops the
    reading with a :class:`ConfigError` naming the line; ``kind`` names the records ("clustering",
    "attribution") and ``docs`` says where their format is described.
    """
    article = "an" if kind[:1] in "aeiou" else "a"
    if not path.exists():
        raise NotFoundError(f"{path} does not exist; give {article} {kind} JSONL file ({docs})")
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ConfigError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    seen: set[str] = set()
    with handle:
        for n, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8")
                if not line.strip():
                    continue
                record = parse(line)
            except (ValueError, KeyError, TypeError) as exc:
                if isinstance(exc, json.JSONDecodeError):
                    reason = f"invalid JSON: {exc.msg} at column {exc.pos + 1}"
                else:
                    reason = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
                raise ConfigError(f"{path}:{n}: not {article} {kind} record ({reason}); {docs}") from exc
            if key(record) in seen:
                raise ConfigError(f"{path}:{n}: id {key(record)!r} appears twice; {docs}")
            seen.add(key(record))
            yield record
