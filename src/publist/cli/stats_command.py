from __future__ import annotations

import typer

from publist.errors import PublistError


def command(ctx: typer.Context) -> None:
    """(being built)"""
    raise PublistError("publist stats is not built yet")
