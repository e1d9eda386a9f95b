"""newsdesk's one exception tree.

Every error the library raises on purpose is a :class:`NewsdeskError`. Each class carries a stable ``code``
that users can search for in ``docs/errors.md``, and the exit code the CLI uses for it::

    NewsdeskError                    ND000  generic
    ├── ConfigError                  ND001  a setting or argument is invalid
    ├── NotFoundError                ND002  an id, path or URL names nothing
    ├── StoreError                   ND010  the store cannot be opened or written
    │   └── MigrationError           ND011  the schema cannot be brought up to date
    ├── IngestError                  ND100  one item could not be ingested (recorded, the run goes on)
    │   ├── FetchError               ND110  a network fetch failed
    │   │   ├── BlockedAddressError  ND111  the host resolves to a private/loopback/reserved address
    │   │   ├── HTTPStatusError      ND112  the server answered with an error status
    │   │   ├── FetchTimeoutError    ND113  the server did not answer in time
    │   │   ├── TooLargeError        ND114  the body is larger than the size cap
    │   │   ├── ContentTypeError     ND115  the server sent a type newsdesk does not read
    │   │   ├── RobotsDisallowedError ND116 robots.txt forbids the fetch
    │   │   ├── TooManyRedirectsError ND117 more redirects than the limit
    │   │   └── BadURLError          ND118  not an http(s) URL newsdesk can fetch
    │   └── ParseError               ND120  the item was read but is not usable
    │       ├── EmptyInputError      ND121  nothing in it
    │       ├── BinaryInputError     ND122  it is a binary file, not text
    │       ├── FeedParseError       ND123  a malformed feed or OPML list
    │       ├── ExtractionError      ND124  no article text could be extracted
    │       ├── ArticleSchemaError   ND125  a JSON article that does not follow the schema
    │       └── WarcError            ND126  a truncated or corrupt WARC file
    ├── ClaimError                   ND130  claims could not be read from one article (recorded, the run goes on)
    │   └── ModelError               ND131  a shipped model is missing, damaged, or its runtime is not installed
    └── BriefingError                ND140  a story's briefing could not be written (recorded, the run goes on)

``IngestError``, ``ClaimError`` and ``BriefingError`` describe one item; ingest, extraction and briefing
record them in the store (``newsdesk errors``) and go on with the next item. The others stop the command.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base of every error newsdesk raises on purpose."""

    code = "ND000"
    exit_code = 1
    http_status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def one_line(self) -> str:
        """The message on one line, prefixed by its code: what users see."""
        return f"{self.code}: {' '.join(self.message.split())}"


class ConfigError(NewsdeskError):
    code = "ND001"
    exit_code = 2
    http_status = 400


class NotFoundError(NewsdeskError):
    code = "ND002"
    exit_code = 3
    http_status = 404


class StoreError(NewsdeskError):
    code = "ND010"
    exit_code = 4


class MigrationError(StoreError):
    code = "ND011"


class IngestError(NewsdeskError):
    code = "ND100"
    exit_code = 1
    http_status = 422

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source
        """Where the item is (a path, path@offset, URL or feed entry link), when known."""

    def located(self, source: str) -> IngestError:
        """This error, placed at ``source`` unless it already knows a more precise location."""
        if self.source is None:
            self.source = source
        return self


class FetchError(IngestError):
    code = "ND110"
    http_status = 502


class BlockedAddressError(FetchError):
    code = "ND111"
    http_status = 400


class HTTPStatusError(FetchError):
    code = "ND112"

    def __init__(self, message: str, status: int = 0, *, source: str | None = None) -> None:
        super().__init__(message, source=source)
        self.status = status


class FetchTimeoutError(FetchError):
    code = "ND113"
    http_status = 504


class TooLargeError(FetchError):
    code = "ND114"
    http_status = 413


class ContentTypeError(FetchError):
    code = "ND115"
    http_status = 415


class RobotsDisallowedError(FetchError):
    code = "ND116"
    http_status = 403


class TooManyRedirectsError(FetchError):
    code = "ND117"


class BadURLError(FetchError):
    code = "ND118"
    http_status = 400


class ParseError(IngestError):
    code = "ND120"


class EmptyInputError(ParseError):
    code = "ND121"


class BinaryInputError(ParseError):
    code = "ND122"


class FeedParseError(ParseError):
    code = "ND123"


class ExtractionError(ParseError):
    code = "ND124"


class ArticleSchemaError(ParseError):
    code = "ND125"


class WarcError(ParseError):
    code = "ND126"


class ClaimError(NewsdeskError):
    code = "ND130"
    exit_code = 1
    http_status = 500


class ModelError(ClaimError):
    code = "ND131"


class BriefingError(NewsdeskError):
    code = "ND140"
    exit_code = 1
    http_status = 500


def all_error_classes() -> list[type[NewsdeskError]]:
    """Every class of the tree, parents first (used by the docs test)."""
    found: list[type[NewsdeskError]] = []
    todo: list[type[NewsdeskError]] = [NewsdeskError]
    while todo:
        cls = todo.pop(0)
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found
