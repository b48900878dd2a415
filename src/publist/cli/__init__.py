"""The command line: a thin typer layer over the library; the only place that prints."""

import sys

from publist.cli.version import version_line


def main() -> None:
    """The `publist` command. `--version` answers before typer and the commands are loaded:
    build scripts and bug reports ask for it, and it should cost no more than Python's start."""
    if sys.argv[1:] == ["--version"]:
        print(version_line())
        return
    from publist.cli.app import main as run

    run()
