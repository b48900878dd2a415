import os
from typing import Annotated

import typer

from publist.cli import common


def command(
    ctx: typer.Context,
    sort: Annotated[
        str,
        typer.Option(metavar="ORDER", help="year (newest first), key, or none (as they are)."),
    ] = "none",
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 3 with a diff when not formatted."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the changes as a diff; write nothing.")
    ] = False,
) -> None:
    """Rewrite every entry in the house style, keeping comments and @string.

    Example: publist fmt --sort year
    """
    from publist import bibfile, cache, formatting
    from publist.errors import ExitCode

    order = common.choice(formatting.SortOrder, sort, "--sort")
    run = common.state(ctx)
    common.load_config(run)  # the same error for a broken publist.toml as every command
    # Through the parse cache: fmt --check gates every commit, on a text the last run read.
    library = bibfile.load(run.library, run.encoding, cache_folder=cache.folder(os.environ))
    if check or dry_run:
        library.ensure_writable()
        formatted = formatting.format_library(
            library.text, order, (library.blocks, library.problems)
        )
        diff = formatting.unified_diff(library.text, formatted, str(run.library))
        typer.echo(common.visible_lines(diff), nl=False)
        if formatted == library.text:
            common.info(f"{run.library} is formatted.")
            return
        common.info(f"{run.library} is not formatted; run 'publist fmt'.")
        if check:
            raise typer.Exit(ExitCode.CHECK_FAILED)
        return
    with common.edit_library(run, known=library) as library:
        formatted = formatting.format_library(
            library.text, order, (library.blocks, library.problems)
        )
        if formatted != library.text:
            library.replace_all(formatted)
    common.info(f"Formatted {run.library}." if formatted != library.text else "Already formatted.")
