"""The docs cannot drift from the code: the CLI reference is generated, settings, error codes and the schema
are checked. Regenerate docs/cli.md with ``.venv/bin/python tests/test_docs.py --write``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.errors import all_error_classes
from newsdesk.settings import Settings
from newsdesk.store.sqlite import SQLiteStore

DOCS = Path(__file__).resolve().parent.parent / "docs"

CLI_INTRO = """# Command-line reference

Every command takes the global `--db PATH` option (before the command); `NEWSDESK_DB` sets the same. Every
listing takes `--json`. Errors print one line, `error: NDxxx: message`, and exit non-zero: 1 when an ingest
item failed, 2 for a bad setting or argument, 3 for an unknown id or path, 4 when the store cannot be used
(see [errors.md](errors.md)). This page is generated from the code by `tests/test_docs.py --write`.
"""


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def render_cli_docs() -> str:
    runner = CliRunner()
    parts = [CLI_INTRO]
    for path in _commands(cli):
        result = runner.invoke(cli, [*path, "--help"], prog_name="newsdesk", terminal_width=110)
        assert result.exit_code == 0, result.output
        parts.append(f"## {' '.join(('newsdesk', *path))}\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def test_cli_reference_is_current() -> None:
    assert (DOCS / "cli.md").read_text() == render_cli_docs(), "run: .venv/bin/python tests/test_docs.py --write"


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text()
    for name in Settings.__dataclass_fields__:
        assert f"`NEWSDESK_{name.upper()}`" in text, f"docs/settings.md does not document {name}"


def test_every_setting_default_is_documented() -> None:
    text = (DOCS / "settings.md").read_text()
    defaults = Settings()
    for name in Settings.__dataclass_fields__:
        value = getattr(defaults, name)
        if name in {"db", "user_agent"}:
            continue
        shown = (
            str(value).lower() if isinstance(value, bool) else f"{value:,}" if isinstance(value, int) else str(value)
        )
        row = next(line for line in text.splitlines() if f"`NEWSDESK_{name.upper()}`" in line)
        assert f"`{shown}`" in row, f"docs/settings.md shows another default for {name} than {shown}"


def test_every_error_code_is_documented() -> None:
    text = (DOCS / "errors.md").read_text()
    for cls in all_error_classes():
        assert f"`{cls.code}`" in text and cls.__name__ in text, f"docs/errors.md lacks {cls.code} {cls.__name__}"


def test_error_codes_are_unique() -> None:
    codes = [cls.code for cls in all_error_classes()]
    assert len(codes) == len(set(codes))


def test_schema_in_docs_is_the_real_schema(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "schema.db")
    try:
        schema = store.schema()
    finally:
        store.close()
    assert schema in (DOCS / "store.md").read_text(), (
        "docs/store.md must show the schema that SQLiteStore.schema() gives"
    )


if __name__ == "__main__" and "--write" in sys.argv:
    (DOCS / "cli.md").write_text(render_cli_docs())
    print(f"wrote {DOCS / 'cli.md'}")
