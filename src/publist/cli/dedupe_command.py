from __future__ import annotations

import os
from typing import Annotated

import typer

from publist.cli import common

# Below this many entries the search takes well under a second: no progress bar.
PROGRESS_MINIMUM = 5000


def command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit with 3 when any duplicate is found (for CI).")
    ] = False,
    apply: Annotated[
        bool, typer.Option("--apply", help="Merge the automatic clusters into their kept entry.")
    ] = False,
    include_possible: Annotated[
        bool,
        typer.Option("--include-possible", help="With --apply, also merge possible duplicates."),
    ] = False,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="With --apply, ask cluster by cluster.")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show the diff of --apply or --distinct; write nothing."),
    ] = False,
    distinct: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--distinct",
            metavar="KEY1 KEY2",
            help="Remember in the library that two entries are different works.",
        ),
    ] = None,
) -> None:
    """Find duplicate entries (same DOI, arXiv id, DBLP key or title) and merge them safely.

    Example: publist dedupe --apply --dry-run
    """
    from publist.errors import ExitCode, UsageProblem

    run = common.state(ctx)
    if (include_possible or interactive) and not apply:
        raise UsageProblem("--include-possible and --interactive go with --apply")
    if distinct and (apply or check):
        raise UsageProblem("--distinct cannot be combined with --apply or --check")
    if dry_run and not (apply or distinct):
        raise UsageProblem("--dry-run goes with --apply or --distinct")
    if distinct:
        _declare(run, distinct, dry_run)
        return
    if apply:
        _merge(run, include_possible, interactive, dry_run)
        return
    items = common.read_library(run).publications
    clusters = _find(items, show_progress=not as_json)
    if as_json:
        common.print_json({"clusters": [_as_dict(cluster) for cluster in clusters]})
    else:
        _print_table(clusters, str(run.library))
    if check and clusters:
        raise typer.Exit(ExitCode.CHECK_FAILED)


def _find(items, show_progress: bool):
    """Search, with a progress bar on stderr only for a person watching a large library."""
    import sys

    from publist import dedupe

    if not show_progress or len(items) < PROGRESS_MINIMUM or not sys.stderr.isatty():
        return dedupe.find_duplicates(items)
    from rich.progress import Progress

    with Progress(console=common.console(stderr=True), transient=True) as bar:
        task = bar.add_task("Looking for duplicates", total=len(items))
        return dedupe.find_duplicates(
            items, progress=lambda done, _: bar.update(task, completed=done)
        )


def _as_dict(cluster) -> dict:
    return {
        "keys": list(cluster.keys),
        "keep": cluster.keep,
        "rule": str(cluster.rule),
        "score": cluster.score,
        "automatic": cluster.automatic,
    }


def _print_table(clusters, library: str) -> None:
    if not clusters:
        common.info(f"No duplicates in {library}.")
        return
    columns = [common.Column(name) for name in ("keys", "rule", "score", "keep", "automatic")]
    rows = [
        (
            "\n".join(cluster.keys),
            str(cluster.rule),
            f"{cluster.score:.2f}",
            cluster.keep,
            "yes" if cluster.automatic else "possible",
        )
        for cluster in clusters
    ]
    title = f"{len(clusters)} duplicate clusters in {library}"
    common.console().print(common.table(title, columns, rows))


def _declare(run, pair: tuple[str, str], dry_run: bool) -> None:
    from publist.plans.dedupe import distinct_plan

    common.carry_out(run, lambda library: distinct_plan(library, *pair), dry_run)
    if not dry_run:
        common.info(f"{pair[0]} and {pair[1]} are now remembered as different works.")


def _merge(run, include_possible: bool, interactive: bool, dry_run: bool) -> None:
    from publist import bibfile, cache, reading
    from publist.dedupe import Merged
    from publist.plans.dedupe import merge_plan

    merged: list[Merged] = []

    def make_plan(library):
        nonlocal merged
        items = reading.publications(library, cache.read_memo(library.cache_file))
        clusters = [c for c in _find(items, show_progress=True) if c.automatic or include_possible]
        plan, merged = merge_plan(library, clusters)
        return plan

    library = bibfile.load(run.library, run.encoding, cache_folder=cache.folder(os.environ))
    confirmed = None
    if interactive:
        confirmed, merged = _ask(library, include_possible)
    common.carry_out(run, make_plan, dry_run, library, confirmed)
    for result in merged:
        common.info(f"Merged {', '.join(result.removed)} into {result.key} (old keys kept in ids).")
        for conflict in result.conflicts:
            common.info(
                f"  {conflict.field}: kept '{conflict.kept}', not '{conflict.dropped}' "
                f"(from {conflict.source})"
            )
    if not merged:
        common.info("Nothing to merge.")


def _ask(library, include_possible: bool):
    """The merges the user confirms, cluster by cluster, and their plan."""
    from publist import reading
    from publist.plans.dedupe import merge_plan

    library.ensure_writable()
    items = reading.publications(library)
    by_key = {item.key: item for item in items}
    clusters = [c for c in _find(items, show_progress=True) if c.automatic or include_possible]
    chosen = [cluster for cluster in clusters if _confirm(cluster, by_key)]
    return merge_plan(library, chosen)


def _confirm(cluster, by_key) -> bool:
    """Show the entries side by side and ask whether to merge them."""
    entries = [by_key[key] for key in cluster.keys]
    columns = [common.Column("field", overflow="ellipsis")] + [
        common.Column(item.key + (" (kept)" if item.key == cluster.keep else ""))
        for item in entries
    ]
    names = sorted({name for item in entries for name in item.fields})
    rows = [
        (name, *(item.entry_type if name == "type" else item.get(name) for item in entries))
        for name in ["type", *names]
    ]
    table = common.table(f"{cluster.rule} ({cluster.score:.2f})", columns, rows)
    common.console(stderr=True).print(table)
    return typer.confirm("Merge these entries?", default=False, err=True)
