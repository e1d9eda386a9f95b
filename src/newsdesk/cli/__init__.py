"""The command line: parses arguments, calls the library, prints. Nothing else lives here.

Library errors become a one-line message on stderr and the error's exit code; no traceback reaches the user.
The command reference in ``docs/cli.md`` is checked against these modules by ``tests/test_docs.py``. Each
module registers its commands on the one ``cli`` group: ``articles`` (ingest, articles, article, errors,
outlets), ``stories`` (cluster, stories, story), ``claims`` (extract, claims), ``briefings`` (run, brief,
briefings), ``evaluate`` (eval …) and ``web`` (serve).
"""

from __future__ import annotations

from newsdesk.cli import articles, briefings, claims, evaluate, stories, web
from newsdesk.cli.base import cli

__all__ = ["articles", "briefings", "claims", "cli", "evaluate", "main", "stories", "web"]


def main() -> None:
    cli(prog_name="newsdesk")
