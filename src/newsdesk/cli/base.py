"""What every command shares: the ``newsdesk`` group, the store context, JSON output and error handling.

Library errors become a one-line message on stderr and the error's exit code; no traceback reaches the user.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from newsdesk import __version__
from newsdesk.errors import ConfigError, NewsdeskError
from newsdesk.settings import Settings
from newsdesk.store import Store, open_store

F = TypeVar("F", bound=Callable[..., Any])


def _emit_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def _date_option(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{value!r} is not a date; use YYYY-MM-DD or an ISO 8601 time") from None
    return parsed if parsed.tzinfo else parsed.astimezone()


class Context:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @contextmanager
    def store(self) -> Iterator[Store]:
        store = open_store(self.settings.db)
        try:
            yield store
        finally:
            store.close()


def _errors_to_exit(fn: F) -> F:
    """Turn library errors into one line on stderr and the error's exit code."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NewsdeskError as exc:
            click.echo(f"error: {exc.one_line()}", err=True)
            sys.exit(exc.exit_code)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper  # type: ignore[return-value]


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsdesk")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The SQLite store (default: $NEWSDESK_DB, else ~/.local/share/newsdesk/newsdesk.db).",
)
@click.pass_context
@_errors_to_exit
def cli(ctx: click.Context, db: Path | None) -> None:
    """newsdesk: turn many outlets' reports of the same events into one briefing a reader can trust."""
    ctx.obj = Context(Settings.from_env(db=db))
