from __future__ import annotations

from typing import Annotated

import typer

from publist.cli import common


def command(
    ctx: typer.Context,
    type_: Annotated[
        list[str] | None, typer.Option("--type", "-t", help="Only this venue type (repeatable).")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Only this year.")] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            help="Only entries whose key, title, authors or venue contain this text.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List the publications: a table for people, JSON for scripts.

    Example: publist list --type conference --year 2022
    """
    from publist import listing, selection

    chosen = selection.parse(type_ or [], since=year, until=year)
    run = common.state(ctx)
    config = common.load_config(run)
    _, items = common.read_library(run)
    rows = listing.rows(items, config, chosen, search)
    if as_json:
        common.print_json([row.as_dict() for row in rows])
        return
    columns = [
        common.Column("key", no_wrap=True),
        common.Column("year", no_wrap=True),
        common.Column("type", no_wrap=True),
        common.Column("venue", no_wrap=True, overflow="ellipsis", max_width=12),
        common.Column("title", cut=True),
        common.Column("owner", no_wrap=True),
    ]
    cells = [
        (row.key, str(row.year or ""), row.type, row.short_venue, row.title, row.owner_text)
        for row in rows
    ]
    title = f"{len(rows)} publications in {run.library}"
    common.console().print(common.table(title, columns, cells, light=True))
