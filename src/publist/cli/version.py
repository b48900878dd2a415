"""The version line: `publist --version` answers with it before typer loads."""


def version_line() -> str:
    from publist.version import __version__

    return f"publist {__version__}"
