import os
from typing import TYPE_CHECKING, Annotated

import typer

from publist.cli import common, options

if TYPE_CHECKING:
    from publist.bibfile import LibraryFile
    from publist.plans.base import Plan
    from publist.tagging import Classification, TagRequest


def command(
    ctx: typer.Context,
    keys: Annotated[list[str] | None, typer.Argument(help="Citation keys to change.")] = None,
    type_: Annotated[
        str | None, typer.Option("--type", "-t", help="Set the venue type (conference, ...).")
    ] = None,
    equal: Annotated[
        list[str] | None,
        typer.Option(help="Equal contribution: positions '1,2' or an author's name (repeatable)."),
    ] = None,
    no_equal: Annotated[bool, typer.Option("--no-equal", help="Clear equal contribution.")] = False,
    highlight: Annotated[
        list[str] | None,
        typer.Option(help="Highlight authors: positions '1,2' or a name (repeatable)."),
    ] = None,
    no_highlight: Annotated[
        bool, typer.Option("--no-highlight", help="Clear highlighted authors.")
    ] = False,
    award: Annotated[
        str | None, typer.Option(help="Set the award ('' clears it), e.g. 'Best Paper Award'.")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option(help="Add a free tag (repeatable).")] = None,
    untag: Annotated[list[str] | None, typer.Option(help="Remove a free tag (repeatable).")] = None,
    auto: Annotated[
        bool, typer.Option("--auto", help="Classify entries that have no venue type.")
    ] = False,
    everything: Annotated[
        bool, typer.Option("--all", help="With --auto: re-classify every entry.")
    ] = False,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="With --auto: also correct stored types that only repeat the entry type "
            "(@article) against the venue (NeurIPS); asks first.",
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="With --fix: do not ask.")] = False,
    normalise_equal: Annotated[
        bool,
        typer.Option(
            "--normalise-equal",
            help="Move equal-contribution marks written in names (Zhang*, Ran) into author+an.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the changes as a diff; write nothing.")
    ] = False,
) -> None:
    """Set venue types, equal contribution, awards and tags; or classify with --auto.

    Example: publist tag kwon2020nimble --type conference --equal 1,2 --award Spotlight
    """
    from publist.errors import UsageProblem

    options.refuse_controls([("--award", award), ("--tag", tag)])
    request = _request(type_, equal, no_equal, highlight, no_highlight, award, tag, untag)
    wanted = list(dict.fromkeys(keys or []))
    if auto and not request.empty:
        raise UsageProblem("--auto decides the venue type itself; give it no other change")
    if normalise_equal and not request.empty:
        raise UsageProblem("--normalise-equal decides the change itself; give it no other")
    if auto and normalise_equal:
        raise UsageProblem("--auto and --normalise-equal are two runs of publist tag")
    if everything and not auto:
        raise UsageProblem("--all only goes with --auto")
    if fix and not auto:
        raise UsageProblem("--fix only goes with --auto")
    if not (auto or normalise_equal) and not wanted:
        raise UsageProblem("name the entries to tag (publist tag KEY... --type workshop)")
    if not (auto or normalise_equal) and request.empty:
        raise UsageProblem("nothing to change: give --type, --equal, --award, --tag, ...")
    from publist import bibfile, cache, memo_files, reading
    from publist.plans import tag as plans
    from publist.plans.base import Action

    run = common.state(ctx)
    rows: list[Classification] = []

    def make_plan(library: "LibraryFile") -> "Plan":
        nonlocal rows
        if not (auto or normalise_equal):
            return plans.tag_plan(library, wanted, request)  # decodes the named entries only
        # Every entry decoded: what the last run decoded helps.
        items = reading.publications(library, memo_files.read_memo(library.cache_file))
        if auto:
            plan, rows = plans.classify_plan(library, items, wanted, everything, fix)
            return plan
        return plans.normalise_equal_plan(library, items, wanted)

    library = bibfile.load(run.library, run.encoding, cache_folder=cache.folder(os.environ))
    confirmed = None
    if fix and not (dry_run or yes):
        confirmed = _ask(make_plan(library), rows)
    plan = common.carry_out(run, make_plan, dry_run, library, confirmed)
    changed = plan.keys(Action.EDIT)
    if auto:
        _show(rows, dry_run)
    if dry_run:
        common.info(f"Would change {len(changed)} entries; nothing was written.")
    else:
        common.info(
            f"Changed {common.counted(len(changed), 'entry')}." if changed else "Nothing to change."
        )


def _ask(plan: "Plan", rows: "list[Classification]") -> "Plan":
    """Show what --fix would change and take the user's answer: the plan, or an empty one."""
    from publist.plans.base import plan_of

    fixes = [row for row in rows if row.changed and row.old is not None]
    if not fixes:
        return plan
    _show(rows, dry_run=True)  # on stderr: the question follows it there
    if typer.confirm(f"Correct {len(fixes)} stored types?", default=False, err=True):
        return plan
    kept = {row.key for row in rows if row.old is None}  # entries without a type still get one
    return plan_of(change for change in plan.changes if change.key in kept)


def _request(type_, equal, no_equal, highlight, no_highlight, award, tag, untag) -> "TagRequest":
    from publist.errors import UsageProblem
    from publist.kinds import parse_venue_type
    from publist.tagging import TagRequest

    kind = parse_venue_type(type_) if type_ is not None else None
    if no_equal and equal:
        raise UsageProblem("--equal and --no-equal contradict each other")
    if no_highlight and highlight:
        raise UsageProblem("--highlight and --no-highlight contradict each other")
    return TagRequest(
        venue_type=kind,
        equal=tuple(equal or ()),
        clear_equal=no_equal,
        highlight=tuple(highlight or ()),
        clear_highlight=no_highlight,
        award=award,
        add_tags=tuple(tag or ()),
        remove_tags=tuple(untag or ()),
    )


def _show(rows: "list[Classification]", dry_run: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    changes = sum(row.changed for row in rows)
    title = f"{len(rows)} entries classified, {changes} to change"
    table = Table(title=title, title_justify="left")
    for name in ("key", "old type", "new type", "rule"):
        table.add_column(name, overflow="fold")
    for row in rows:
        new = row.new.value if row.changed else "(same)"
        cells = (row.key, row.old.value if row.old else "-", new, row.rule)
        table.add_row(*(Text(cell) for cell in cells))  # keys are not rich markup
    # With --dry-run stdout carries the diff, so the table goes to stderr.
    common.console(stderr=dry_run).print(table)
