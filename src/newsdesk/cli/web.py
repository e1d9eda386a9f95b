"""``newsdesk serve``: the web app over the same store as the other commands."""

from __future__ import annotations

import click

from newsdesk.cli.base import Context, _errors_to_exit, cli
from newsdesk.settings import Settings


@cli.command()
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1; beyond loopback changes need a token).")
@click.option("--port", type=click.IntRange(0, 65535), default=None, help="Port to listen on (default 8000).")
@click.option("--token", default=None, help="The token every change must carry (default $NEWSDESK_TOKEN).")
@click.option("--allow-private", is_flag=True, default=None, help="Let submitted URLs reach private addresses.")
@click.pass_obj
@_errors_to_exit
def serve(obj: Context, host: str | None, port: int | None, token: str | None, allow_private: bool | None) -> None:
    """Serve the web app: stories, briefings, articles, adding sources, and the JSON API under /api/."""
    import uvicorn

    from newsdesk.web import create_app
    from newsdesk.web.security import is_loopback, new_token

    settings = Settings.from_env(
        None, db=obj.settings.db, host=host, port=port, token=token, allow_private=allow_private or None
    )
    if not is_loopback(settings.host) and not settings.token:
        settings = Settings.from_env(
            None,
            db=settings.db,
            host=settings.host,
            port=settings.port,
            token=new_token(),
            allow_private=settings.allow_private,
        )
        click.echo(f"newsdesk: bound to {settings.host}, so every change needs this token: {settings.token}", err=True)
    elif settings.token:
        click.echo("newsdesk: every change needs the token (Authorization: Bearer …)", err=True)
    else:
        click.echo("newsdesk: loopback only; changes need no token", err=True)
    app = create_app(settings)
    shown = f"[{settings.host}]" if ":" in settings.host else settings.host
    click.echo(f"newsdesk: serving {settings.db} at http://{shown}:{settings.port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False)
