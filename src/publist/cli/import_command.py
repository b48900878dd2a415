from typing import Annotated

import typer

from publist.cli import common, pipes

SERVICES = ("dblp", "orcid")


def command(
    ctx: typer.Context,
    service: Annotated[
        str,
        typer.Argument(
            help="Where the profile is: dblp or orcid.", metavar="dblp|orcid", show_default=False
        ),
    ],
    profile: Annotated[
        str,
        typer.Argument(
            help="A DBLP person (https://dblp.org/pid/12/3456, pid/12/3456, its .bib or .xml "
            "URL) or an ORCID iD (0000-0002-1825-0097, https://orcid.org/...).",
            metavar="PROFILE",
            show_default=False,
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Add without asking.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be added; write nothing.")
    ] = False,
    since: Annotated[
        int | None,
        typer.Option(help="Only works from this year on.", metavar="YEAR", min=1000, max=9999),
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option(
            help="Reject a work by its id (dblp:..., doi:..., orcid:...) or proposed key; "
            "remembered in the library, so later syncs do not offer it (repeatable).",
            metavar="ID",
            show_default=False,
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list the works not offered, and why.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="What became of each work, as JSON on stdout.")
    ] = False,
) -> None:
    """Add every publication of a DBLP or ORCID profile that the library lacks; run again to sync.

    Works already in the library, preprints of published works and works rejected before
    are not offered. Answering no to the question writes nothing; to stop a work from
    being offered again, reject it with --skip.

    Example: publist import dblp https://dblp.org/pid/12/3456 --since 2020
    """
    from publist import bibfile, reading, setup
    from publist.errors import UsageProblem
    from publist.plans import profile as plans
    from publist.sources import profiles as sources
    from publist.sources.doi import DoiSource

    service = service.lower()
    if service not in SERVICES:
        raise UsageProblem(f"import from dblp or orcid (got '{service}')")
    person = sources.dblp_person(profile) if service == "dblp" else sources.orcid_id(profile)
    run = common.state(ctx)
    config = common.load_config(run)
    library = bibfile.load(run.library, run.encoding, missing_ok=True)
    if not dry_run:
        library.ensure_writable()  # fail before any network round trip
    items = reading.publications(library)
    network = common.network(run, config)
    client = network.client()
    if service == "dblp":
        found = sources.DblpProfiles(client, network.urls.dblp).fetch(person)
    else:
        found = sources.OrcidProfiles(client, network.urls.orcid).fetch(person)
    urls = network.urls
    doi = DoiSource(client, urls.doi, urls.crossref, urls.semanticscholar)
    fetched = {
        listing.id: sources.load(listing, doi)
        for listing in plans.waiting(found, library, items, since)
    }
    for record in fetched.values():
        for note in record.notes:
            common.info(note)
    owner = found.name if not config.owner and found.name else ""

    def make_plan(target):
        current = items if target is library else reading.publications(target)
        return plans.profile_plan(found, fetched, target, current, since, skip or []).plan

    planned = plans.profile_plan(found, fetched, library, items, since, skip or [])
    upgrading = [item for item in planned.outcomes if item.status == plans.Status.UPGRADE]
    if not as_json:
        _report(planned.outcomes, verbose)
        if planned.entries or upgrading:
            _table(planned.entries, planned.outcomes)
        common.info(_summary(found, planned.outcomes))
    if dry_run:
        _finish(planned.outcomes, as_json, verbose, written=False)
        if planned.entries and not as_json:
            entries = "\n\n".join(entry.render() for entry in planned.entries)
            typer.echo(common.visible_lines(entries))  # a service's text is never obeyed
        return
    if (planned.entries or upgrading) and not yes:
        question = _question(len(planned.entries), len(upgrading), run.library)
        if not typer.confirm(question, default=False, err=True):
            common.info("Nothing written (use --skip ID to stop a work from being offered).")
            return
    if planned.plan:
        pipes.stop_if_unheard()  # not even an empty library for a reader that has gone
        setup.ensure_library(run.library)
        common.carry_out(run, make_plan, library=library, confirmed=planned.plan, missing_ok=True)
        for value in planned.remembered:
            common.info(f"Remembered {value} as rejected: later imports will not offer it")
    _finish(planned.outcomes, as_json, verbose, written=bool(planned.plan))
    _set_owner(run, owner, found)


def _question(new: int, upgrades: int, library) -> str:
    parts = [_count(new, "entry", "entries")] if new else []
    if upgrades:
        parts.append(f"turn {_count(upgrades, 'preprint', 'preprints')} into the published version")
    return (
        f"Add {' and '.join(parts)} to {library}?"
        if new
        else f"{parts[0].capitalize()} in {library}?"
    )


def _finish(outcomes, as_json: bool, verbose: bool, written: bool) -> None:
    """One line per work added, upgraded or possibly a duplicate (--verbose: every work),
    and the summary; or all of it as JSON."""
    from publist.plans.outcome import Status, counts, summary

    reports = [outcome.report(written) for outcome in outcomes]
    if as_json:
        common.print_json({"results": [item.as_dict() for item in reports],
                           "summary": counts(reports), "written": written})  # fmt: skip
        return
    if not written:
        return
    for item in reports:
        if verbose or item.status in (Status.ADDED, Status.UPGRADED, Status.FAILED):
            common.info(item.line())
    common.info(summary(reports))


def _set_owner(run, owner: str, found) -> None:
    if owner:
        from publist import setup

        pipes.stop_if_unheard()
        setup.set_owner(run.library, owner)
        common.info(f"Set the owner to '{owner}' in publist.toml (from the {found})")


def _report(outcomes, verbose: bool) -> None:
    from publist.plans.profile import Status

    for outcome in outcomes:
        title = _short(outcome.listing.title)
        if outcome.status == Status.POSSIBLE:
            common.warn(
                f"not adding '{title}' ({outcome.id}): {outcome.reason}; if it is another "
                f"work, add it with publist add, or reject it with --skip {outcome.id}"
            )
        elif verbose and outcome.status != Status.NEW:
            common.info(f"{outcome.status}: '{title}' ({outcome.id}): {outcome.reason}")


def _table(entries, outcomes) -> None:
    """Key, type, year, and the title over the id that --skip takes; an upgrade says so."""
    from rich.table import Table
    from rich.text import Text

    from publist import storage
    from publist.plans.profile import Status

    table = Table(box=None, pad_edge=False)
    table.add_column("key", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("year", no_wrap=True)
    table.add_column("title / id for --skip", overflow="fold", min_width=36)
    for outcome in outcomes:
        entry = outcome.entry
        if entry is None or outcome.status not in (Status.NEW, Status.UPGRADE):
            continue
        item = entry.publication()
        kind = storage.venue_type(item)
        cell = Text(item.title)
        cell.append("\n" + outcome.id, style="dim")
        label = entry.key + (" (upgrade)" if outcome.status == Status.UPGRADE else "")
        table.add_row(label, kind.value if kind else "", str(item.year or ""), cell)
    common.console(stderr=True).print(table)


def _summary(found, outcomes) -> str:
    from collections import Counter

    counts = Counter(outcome.status.value for outcome in outcomes)
    parts = [f"{number} {status}" for status, number in sorted(counts.items())]
    return f"{found}: {len(outcomes)} works ({', '.join(parts) or 'none'})"


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _short(title: str) -> str:
    return title if len(title) <= 60 else title[:57].rstrip() + "..."
