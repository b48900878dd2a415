"""Exit codes and the exceptions the library raises; the CLI turns each into one line."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    CHECK_FAILED = 3
    NETWORK = 4
    INTERRUPTED = 130


class PublistError(Exception):
    """A problem the user can fix; shown as one line, never as a traceback."""

    exit_code = ExitCode.ERROR


class LibraryError(PublistError):
    """The library file cannot be read or written."""


class ParseError(LibraryError):
    """The library has blocks that failed to parse, so it must not be written."""


class EncodingProblem(LibraryError):
    """The file is not in the expected text encoding."""


class LockTimeout(LibraryError):
    """Another publist process holds the library for too long."""


class UnknownKey(PublistError):
    """A citation key that is not in the library."""


class UsageProblem(PublistError):
    """Options that do not fit together or values out of range."""

    exit_code = ExitCode.USAGE


class ConfigError(PublistError):
    """publist.toml cannot be read."""


class DuplicateEntry(PublistError):
    """An entry being added is already in the library."""


class NotFound(PublistError):
    """An identifier that a source does not know."""


class NetworkError(PublistError):
    """A network source failed: unreachable, too slow, or answered nonsense."""

    exit_code = ExitCode.NETWORK


class MissingExtra(PublistError):
    """An optional dependency is needed for this feature."""
