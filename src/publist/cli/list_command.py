import sys
from typing import Annotated

import typer

from publist.cli import common, options


def command(
    ctx: typer.Context,
    type_: options.Types = None,
    since: options.Since = None,
    until: options.Until = None,
    tag: options.Tags = None,
    year: Annotated[
        int | None,
        typer.Option(metavar="YEAR", parser=options.year("--year"), help="Only this year."),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            help="Only entries whose key, title, authors or venue contain this text.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    table: Annotated[
        bool, typer.Option("--table", help="Draw the table even when the output is not a terminal.")
    ] = False,
) -> None:
    """List the publications: a table on a terminal, tab-separated lines when piped, JSON
    for scripts.

    Example: publist list --type conference --year 2022
    """
    from publist import listing
    from publist.errors import UsageProblem

    if year is not None and (since is not None or until is not None):
        raise UsageProblem("--year is --since YEAR --until YEAR; give one or the other")
    if year is not None:
        since = until = year
    chosen = options.selection(type_, since, until, tag)
    run = common.state(ctx)
    library = common.read_library(run)
    rows = listing.rows(library.publications, library.config, chosen, search, library.matcher)
    if as_json:
        common.print_json([row.as_dict() for row in rows])
        return
    if not (table or sys.stdout.isatty()):
        # For grep, cut and sort: whole titles, one line per entry, no table to draw.
        for row in rows:
            typer.echo(common.visible("\t".join(row.cells())))  # no tab or newline in a cell
        return
    columns = [
        common.Column("key", no_wrap=True),
        common.Column("year", no_wrap=True),
        common.Column("type", no_wrap=True),
        common.Column("venue", no_wrap=True, overflow="ellipsis", max_width=12),
        common.Column("title", cut=True),
        common.Column("owner", no_wrap=True),
    ]
    title = f"{len(rows)} publications in {run.library}"
    common.console().print(common.table(title, columns, (row.cells() for row in rows), light=True))
