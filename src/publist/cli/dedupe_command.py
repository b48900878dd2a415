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
    explain: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--explain",
            metavar="KEY1 KEY2",
            help="Say what evidence two entries offer and which rule or veto decides them.",
        ),
    ] = None,
) -> None:
    """Find duplicate entries (same DOI, arXiv id, DBLP key, ISBN or title) and merge them safely.

    Example: publist dedupe --apply --dry-run
    """
    from publist.errors import ExitCode, UsageProblem

    run = common.state(ctx)
    if (include_possible or interactive) and not apply:
        raise UsageProblem("--include-possible and --interactive go with --apply")
    if distinct and (apply or check):
        raise UsageProblem("--distinct cannot be combined with --apply or --check")
    if explain and (apply or check or distinct):
        raise UsageProblem("--explain cannot be combined with --apply, --check or --distinct")
    if dry_run and not (apply or distinct):
        raise UsageProblem("--dry-run goes with --apply or --distinct")
    if explain:
        _explain(run, explain, as_json)
        return
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
        "key": cluster.key or cluster.keep,
        "rule": str(cluster.rule),
        "score": cluster.score,
        "automatic": cluster.automatic,
        "reason": cluster.reason,
        "vetoes": [
            {"keys": [first, second], "reason": why} for first, second, why in cluster.vetoes
        ],
    }


def _print_table(clusters, library: str) -> None:
    if not clusters:
        common.info(f"No duplicates in {library}.")
        return
    names = ("keys", "rule", "score", "keep", "automatic", "why")
    columns = [common.Column(name) for name in names]
    rows = [
        (
            "\n".join(cluster.keys),
            str(cluster.rule),
            f"{cluster.score:.2f}",
            cluster.keep
            + (f"\nas {cluster.key}" if cluster.key and cluster.key != cluster.keep else ""),
            "yes" if cluster.automatic else "possible",
            "" if cluster.automatic else _why(cluster),
        )
        for cluster in clusters
    ]
    title = f"{common.counted(len(clusters), 'duplicate cluster')} in {library}"
    common.console().print(common.table(title, columns, rows))


def _why(cluster) -> str:
    """Why a possible cluster is not automatic: its weakest evidence, and its vetoes."""
    return "\n".join([cluster.reason, *(f"{a} / {b}: {why}" for a, b, why in cluster.vetoes)])


def _explain(run, pair: tuple[str, str], as_json: bool) -> None:
    """The evidence of two entries, the rule or veto that decides them, their clusters."""
    from publist.dedupe import explain_pair

    result = explain_pair(common.read_library(run).publications, *pair)
    if as_json:
        common.print_json({
            "keys": list(result.keys), "verdict": result.verdict, "rule": result.rule,
            "score": result.score, "reason": result.reason, "veto": result.veto,
            "declared_distinct": result.declared_distinct,
            "evidence": {key: found for key, found in zip(result.keys, result.evidence, strict=True)},
            "clusters": [_as_dict(cluster) for cluster in result.clusters],
        })  # fmt: skip
        return
    first, second = result.keys
    rule = f" ({result.rule}, {result.score:.2f})" if result.rule else ""
    lines = [f"{first} and {second}: {result.verdict}{rule}: {result.reason}"]
    lines.append(f"veto for an automatic cluster: {result.veto or 'none'}")
    for cluster in result.clusters:
        level = "automatic" if cluster.automatic else "possible"
        lines.append(f"{level} cluster: {', '.join(cluster.keys)} (keeps {cluster.keep})")
        lines += [f"  not automatic: {a} / {b}: {why}" for a, b, why in cluster.vetoes]
    if not result.clusters:
        lines.append("in no cluster")
    typer.echo("\n".join(lines))
    names = sorted(set(result.evidence[0]) | set(result.evidence[1]), key=_evidence_order)
    rows = [(name, *(_shown(found.get(name)) for found in result.evidence)) for name in names]
    columns = [common.Column("evidence"), common.Column(first), common.Column(second)]
    common.console().print(common.table("What the rules read", columns, rows))


def _evidence_order(name: str) -> int:
    from publist.dedupe.explanations import EVIDENCE_NAMES

    return EVIDENCE_NAMES.index(name) if name in EVIDENCE_NAMES else len(EVIDENCE_NAMES)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _declare(run, pair: tuple[str, str], dry_run: bool) -> None:
    from publist.plans.dedupe import distinct_plan

    common.carry_out(run, lambda library: distinct_plan(library, *pair), dry_run)
    if not dry_run:
        common.info(f"{pair[0]} and {pair[1]} are now remembered as different works.")


def _merge(run, include_possible: bool, interactive: bool, dry_run: bool) -> None:
    from publist import bibfile, cache, memo_files, reading
    from publist.dedupe import Merged
    from publist.plans.dedupe import merge_plan

    merged: list[Merged] = []

    def make_plan(library):
        nonlocal merged
        items = reading.publications(library, memo_files.read_memo(library.cache_file))
        clusters = [c for c in _find(items, show_progress=True) if c.automatic or include_possible]
        plan, merged = merge_plan(library, clusters)
        return plan

    library = bibfile.load(run.library, run.encoding, cache_folder=cache.folder(os.environ))
    confirmed = None
    if interactive:
        confirmed, merged = _ask(library, include_possible)
    common.carry_out(run, make_plan, dry_run, library, confirmed)
    verb = "Would merge" if dry_run else "Merged"
    for result in merged:
        removed = ", ".join(result.removed)
        common.info(f"{verb} {removed} into {result.key} (old keys kept in ids).")
        for conflict in result.conflicts:
            kept = f"kept '{conflict.kept}'; " if conflict.kept else ""
            where = f"is now {conflict.kept_as}" if conflict.kept_as else "is not kept"
            common.info(
                f"  {conflict.field}: {kept}'{conflict.dropped}' (from {conflict.source}) {where}"
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
