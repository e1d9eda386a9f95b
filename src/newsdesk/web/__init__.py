"""The web app (``newsdesk serve``): pages and a JSON API over the store; see docs/web.md."""

from __future__ import annotations

from newsdesk.web.app import create_app

__all__ = ["create_app"]
