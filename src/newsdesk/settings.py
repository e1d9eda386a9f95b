"""One typed settings object, with every default documented here and in ``docs/settings.md``.

Each field can be set from the environment as ``NEWSDESK_<FIELD>`` (upper case); command-line options override
the environment. A test in ``tests/test_docs.py`` fails when a field is missing from ``docs/settings.md``.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, fields
from pathlib import Path

from platformdirs import user_data_dir

from newsdesk import __version__
from newsdesk.errors import ConfigError
from newsdesk.types import FigurePolicy


def default_db_path() -> Path:
    """``$XDG_DATA_HOME/newsdesk/newsdesk.db`` (``~/.local/share/newsdesk/newsdesk.db`` on Linux)."""
    return Path(user_data_dir("newsdesk", appauthor=False)) / "newsdesk.db"


@dataclass(frozen=True, slots=True)
class Settings:
    db: Path = dataclasses.field(default_factory=default_db_path)
    """Where the SQLite store lives (``--db`` or ``NEWSDESK_DB``)."""
    user_agent: str = f"newsdesk/{__version__} (+https://github.com/newsdesk/newsdesk; news briefing tool)"
    """The User-Agent sent with every request; also the name matched against robots.txt groups."""
    timeout: float = 20.0
    """Seconds to wait for connect, read and write of one request."""
    max_bytes: int = 10_000_000
    """The largest body (after decompression) read from one response, file or WARC record."""
    max_redirects: int = 5
    """How many redirects one fetch may follow."""
    host_delay: float = 1.0
    """Minimum seconds between two requests to the same host (robots.txt Crawl-delay raises it)."""
    allow_private: bool = False
    """Allow fetching from loopback, private, link-local and other non-public addresses."""
    respect_robots: bool = True
    """Honour robots.txt when fetching feeds and the pages they link to."""
    follow_summaries: bool = True
    """Fetch the article page for feed entries that carry only a summary."""
    min_feed_words: int = 120
    """A feed entry with fewer words than this is treated as a summary and its link is followed."""
    reprint_threshold: float = 0.75
    """Estimated containment of word 5-shingles (shared / shingles of the shorter text) from which an article
    is a reprint of another (see docs/reprints.md for how the figure was chosen)."""
    progress: bool = True
    """Show progress bars on a terminal."""
    min_sources: int = 2
    """Independent sources (a reprint counts with its original) a story needs for a written briefing; a story
    with fewer gets a single-source briefing: its findings and sources, no sentences."""
    figure_policy: str = "all"
    """Which figures of a disputed measure a briefing states: ``all``, ``range`` or ``conservative``."""
    host: str = "127.0.0.1"
    """The address ``newsdesk serve`` binds to. Any address other than loopback requires :attr:`token` for every
    change (one is made up and printed at start-up when none is set)."""
    port: int = 8000
    """The port ``newsdesk serve`` listens on."""
    token: str = ""
    """The secret that every change through the web app must carry (``Authorization: Bearer …`` or the form's
    token field); empty means changes need none, which ``serve`` allows on loopback only."""
    submit_limit: int = 10
    """How many source submissions one client may make to the web app per minute; more are refused (HTTP 429)."""

    def policy(self) -> FigurePolicy:
        """:attr:`figure_policy` as a :class:`FigurePolicy` (ND001 when it names none)."""
        try:
            return FigurePolicy(self.figure_policy)
        except ValueError:
            known = ", ".join(p.value for p in FigurePolicy)
            raise ConfigError(f"figure policy {self.figure_policy!r} is unknown; use one of {known}") from None

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then ``NEWSDESK_*`` variables, then ``overrides`` whose value is not None."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"NEWSDESK_{f.name.upper()}")
            if raw is not None and raw != "":
                values[f.name] = _coerce(f.name, f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "db" in values:
            values["db"] = Path(str(values["db"])).expanduser()
        return cls(**values)  # type: ignore[arg-type]


def _coerce(name: str, kind: object, raw: str) -> object:
    kind_name = kind if isinstance(kind, str) else getattr(kind, "__name__", str(kind))
    try:
        if kind_name == "bool":
            low = raw.strip().lower()
            if low in {"1", "true", "yes", "on"}:
                return True
            if low in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        if kind_name == "int":
            return int(raw)
        if kind_name == "float":
            return float(raw)
        if kind_name == "Path":
            return Path(raw)
    except ValueError:
        raise ConfigError(f"NEWSDESK_{name.upper()}={raw!r} is not a valid {kind_name}; fix or unset it") from None
    return raw
