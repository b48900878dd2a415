from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from publist.cli import common, pipes

if TYPE_CHECKING:
    from publist.build import Outcome


def command(
    ctx: typer.Context,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 3 naming every output that is stale."),
    ] = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Build, then build again whenever the library or "
            "publist.toml changes (Ctrl-C stops).",
        ),
    ] = False,  # fmt: skip
) -> None:
    """Write every output declared in publist.toml, rewriting only what changed.

    Example: publist build --check   (in CI or a pre-commit hook)
    """
    from publist.errors import ExitCode, UsageProblem

    if check and watch:
        raise UsageProblem("--check and --watch do not go together")
    run = common.state(ctx)
    before = _stamps(run) if watch else {}
    outcomes = _plan(run)
    if check:
        stale = [result for result in outcomes if result.stale]
        for result in stale:
            typer.echo(result.target.settings.path)
        if stale:
            common.info(
                f"{len(stale)} of {len(outcomes)} outputs are out of date; run 'publist build'."
            )
            raise typer.Exit(ExitCode.CHECK_FAILED)
        common.info(f"All {len(outcomes)} outputs are up to date.")
        return
    common.info(_apply(outcomes))
    if watch:
        _watch(run, before)


def _plan(run: common.State) -> "list[Outcome]":
    import os

    from publist import build, cache
    from publist.config import config_path
    from publist.errors import ConfigError
    from publist.outputs import load_build

    outputs = load_build(run.library)
    if not outputs:
        settings = config_path(run.library)
        where = (
            f"{settings} declares no outputs" if settings.exists() else f"there is no {settings}"
        )
        raise ConfigError(
            f"{where}; add [[build.outputs]] tables "
            "(publist init --build-example writes an example)"
        )
    library = common.read_library(run)
    if not library.config.owner:
        common.warn("no owner is set (publist.toml [owner] name, or --owner): nobody is in bold")
    return build.plan(library, outputs, cache.folder(os.environ))


def _apply(outcomes: "list[Outcome]") -> str:
    """Write what changed; one line that says what."""
    from publist import build

    if any(result.stale for result in outcomes):
        pipes.stop_if_unheard()  # nothing is written for a reader that has gone
    build.apply(outcomes)
    changed = [result.target.settings.path for result in outcomes if result.stale]
    if not changed:
        return f"All {len(outcomes)} outputs were up to date; nothing was written."
    return f"Wrote {', '.join(changed)} ({len(changed)} of {common.counted(len(outcomes), 'output')} changed)."


def _watch(run: common.State, before: dict[Path, tuple[int, int] | None]) -> None:
    """Build again after each change of the library or publist.toml: one line per build.

    The watcher says it is live by an empty answer after half a second; a change made
    before that (while the first build ran) is caught by the files' stamps then.
    """
    import gc

    from publist.config import config_path
    from publist.errors import MissingExtra, PublistError

    try:
        from watchfiles import watch
    except ImportError:
        raise MissingExtra("--watch needs watchfiles: pip install 'publist[watch]'") from None
    watched = {_absolute(run.library), _absolute(config_path(run.library))}
    watched |= {Path(path).resolve() for path in watched}
    folders = sorted({path.parent for path in watched})

    def relevant(_change, path: str) -> bool:
        return _absolute(Path(path)) in watched or Path(path).resolve() in watched

    gc.enable()  # a run that lasts would keep every build's cycles (see publist.cli.main)
    live = False
    try:
        for changes in watch(
            *folders, watch_filter=relevant, yield_on_timeout=True, rust_timeout=500
        ):
            if not live:
                live = True
                common.info(f"Watching {run.library} and its publist.toml (Ctrl-C stops).")
                if not changes and _stamps(run) == before:
                    continue
            elif not changes:
                continue
            try:
                typer.echo(_apply(_plan(run)))
            except PublistError as error:  # a half-saved edit: say so and wait for the next
                typer.echo(f"Error: {error}")
            run.finish()
    except KeyboardInterrupt:
        common.info("Stopped watching.")


def _stamps(run: common.State) -> dict[Path, tuple[int, int] | None]:
    """The modification time and size of the library and publist.toml (None: missing)."""
    from publist.config import config_path

    found: dict[Path, tuple[int, int] | None] = {}
    for path in (Path(run.library), config_path(run.library)):
        try:
            info = path.stat()
            found[path] = (info.st_mtime_ns, info.st_size)
        except OSError:
            found[path] = None
    return found


def _absolute(path: Path) -> Path:
    import os

    return Path(os.path.abspath(path))
