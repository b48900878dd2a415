from typing import Annotated

import typer

from publist.cli import common


def command(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The citation key.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show one entry: its decoded fields, then the raw text as stored.

    Example: publist show yu2022orca
    """
    from publist import listing

    run = common.state(ctx)
    library = common.read_library(run)
    detail = listing.detail(
        library.file, library.publications, key, library.config, library.matcher
    )
    if as_json:
        common.print_json(detail)
        return
    width = max(len(name) for name in detail["fields"]) if detail["fields"] else 0
    head = f"{detail['key']} ({detail['entry_type']}, {detail['type']}, line {detail['line']})"
    typer.echo(common.visible(head))
    for name, value in detail["fields"].items():
        typer.echo(common.visible(f"  {name:<{width}}  {value}"))
    typer.echo("")
    typer.echo(common.visible(detail["raw"]))
