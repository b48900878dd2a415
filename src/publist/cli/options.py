"""Option bundles several commands share, with the same names, types and help everywhere."""

from __future__ import annotations

from typing import Annotated

import typer


def year(option: str):
    """A parser of years for an option, with publist's one-line error."""

    def parse(text: str) -> int:
        from publist.selection import parse_year

        return parse_year(option, text)

    return parse


Types = Annotated[
    list[str] | None,
    typer.Option("--type", "-t", metavar="TYPE", help="Only this venue type (repeatable).",
                 show_default=False),
]  # fmt: skip
Since = Annotated[
    int | None,
    typer.Option(metavar="YEAR", parser=year("--since"), help="Only entries from this year on."),
]
Until = Annotated[
    int | None,
    typer.Option(metavar="YEAR", parser=year("--until"), help="Only entries up to this year."),
]
Tags = Annotated[
    list[str] | None,
    typer.Option("--tag", metavar="TAG", help="Only entries with this tag (repeatable: any of them).",
                 show_default=False),
]  # fmt: skip


def selection(types: list[str] | None, since: int | None, until: int | None,
              tags: list[str] | None):  # fmt: skip
    """The Selection these options name (types checked, an empty year range refused)."""
    from publist import selection
    from publist.errors import UsageProblem

    if since is not None and until is not None and since > until:
        raise UsageProblem(f"--since {since} is after --until {until}")
    return selection.parse(types or (), since, until, tags or ())
