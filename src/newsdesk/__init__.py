"""newsdesk: turn many outlets' reports of the same events into one briefing a reader can trust."""

__version__ = "0.1.0"
