from __future__ import annotations

from typing import Annotated

import typer

from publist.cli import common


def command(
    ctx: typer.Context,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Your name as it appears in papers.")
    ] = None,
    alias: Annotated[
        list[str] | None,
        typer.Option("--alias", help="Another spelling of your name (repeatable)."),
    ] = None,
    email: Annotated[
        str | None, typer.Option(help="Contact address sent to Crossref's polite pool.")
    ] = None,
    build_example: Annotated[
        bool,
        typer.Option(
            "--build-example", help="Add a commented example of [[build.outputs]] to publist.toml."
        ),
    ] = False,
) -> None:
    """Create library.bib and publist.toml if missing, or update the owner settings.

    Never touches publications. Example: publist init --owner "Gyeong-In Yu" --alias "Gyeongin Yu"
    """
    from publist import setup

    run = common.state(ctx)
    owner = owner or run.owner
    for message in setup.init(run.library, owner, alias or [], email):
        common.info(message)
    if build_example:
        common.info(setup.add_build_example(run.library))
