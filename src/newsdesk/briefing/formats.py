"""A briefing in each of the formats it is published in, by name: what ``newsdesk brief`` prints and what the
web app's downloads send."""

from __future__ import annotations

import json

from newsdesk.errors import ConfigError
from newsdesk.types import Briefing

FORMATS = ("md", "html", "json", "claimreview")
SUFFIXES = {"md": "md", "html": "html", "json": "json", "claimreview": "claimreview.json"}
"""The file name ending of each format: ``STORY.<suffix>`` in ``newsdesk run``'s folder and the web downloads."""
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "claimreview": "application/ld+json",
}


def render(briefing: Briefing, fmt: str) -> str:
    """The briefing in one of :data:`FORMATS`: Markdown, a standalone HTML page, the JSON document (docs/formats.md)
    or ClaimReview JSON-LD."""
    from newsdesk.briefing import claimreview, codec, html, markdown

    if fmt == "md":
        return markdown.render_markdown(briefing)
    if fmt == "html":
        return html.render_html(briefing)
    if fmt == "json":
        return json.dumps(codec.to_dict(briefing), ensure_ascii=False, indent=2) + "\n"
    if fmt == "claimreview":
        return json.dumps(claimreview.claim_review(briefing), ensure_ascii=False, indent=2) + "\n"
    raise ConfigError(f"format {fmt!r} is unknown; use one of {', '.join(FORMATS)}")
