from typing import Annotated

import typer

from publist.cli import common


def command(
    ctx: typer.Context,
    keys: Annotated[list[str], typer.Argument(help="Citation keys of the entries to remove.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the change as a diff; write nothing.")
    ] = False,
) -> None:
    """Remove entries from the library; every other byte of the file stays as it was.

    Example: publist remove old2019draft --dry-run
    """
    from publist.plans.remove import referring, remove_plan

    run = common.state(ctx)
    plan = common.carry_out(run, lambda library: remove_plan(library, keys), dry_run)
    removed = [change.key for change in plan.changes]
    if dry_run:
        common.info(f"Would remove {', '.join(removed)}; nothing was written.")
        return
    from publist import bibfile

    for entry, field, key in referring(bibfile.load(run.library, run.encoding), removed):
        common.warn(f"{entry} still names {key} in {field}")
    common.info(f"Removed {', '.join(removed)}.")
