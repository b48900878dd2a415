"""Option bundles several commands share, with the same names, types and help everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import typer

from publist.patterns import compile_on_use


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


# C0 controls but tab and newline, DEL, C1: what common.visible never lets reach a terminal.
_CONTROL = compile_on_use("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def refuse_controls(values: Iterable[tuple[str, str | list[str] | None]]) -> None:
    """Text typed for the library holds no control character: an escape sequence, a bell or a
    CR would be written into library.bib and sent to every terminal that shows the entry."""
    from publist.errors import UsageProblem

    for option, given in values:
        for value in [given] if isinstance(given, str) else given or ():
            found = _CONTROL.search(value)
            if found:
                raise UsageProblem(
                    f"{option} holds a control character (U+{ord(found.group()):04X}); "
                    "publist writes none into the library"
                )
