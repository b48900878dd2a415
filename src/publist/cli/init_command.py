from typing import Annotated

import typer

from publist.cli import common, pipes


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
    from publist.errors import UsageProblem

    run = common.state(ctx)
    owner = owner if owner is not None else run.owner
    if owner is not None and not owner.strip():
        raise UsageProblem("--owner needs a name (your name as it appears in papers)")
    if any(not name.strip() for name in alias or ()):
        raise UsageProblem("--alias needs a name (another spelling of yours)")
    pipes.stop_if_unheard()  # nothing is written for a reader that has gone
    for message in setup.init(run.library, owner, alias or [], email):
        common.info(message)
    if build_example:
        common.info(setup.add_build_example(run.library))
