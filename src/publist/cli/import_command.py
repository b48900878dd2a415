from __future__ import annotations

from typing import Annotated

import typer

from publist.cli import common

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
) -> None:
    """Add every publication of a DBLP or ORCID profile that the library lacks; run again to sync.

    Works already in the library, preprints of published works and works rejected before
    are not offered. Answering no to the question writes nothing; to stop a work from
    being offered again, reject it with --skip.

    Example: publist import dblp https://dblp.org/pid/12/3456 --since 2020
    """
    import os

    from publist import bibfile, importing
    from publist.errors import UsageProblem
    from publist.sources import BaseUrls
    from publist.sources import profiles as sources
    from publist.sources.doi import DoiSource
    from publist.sources.http import Client

    service = service.lower()
    if service not in SERVICES:
        raise UsageProblem(f"import from dblp or orcid (got '{service}')")
    person = sources.dblp_person(profile) if service == "dblp" else sources.orcid_id(profile)
    run = common.state(ctx)
    config = common.load_config(run)
    library = bibfile.load(run.library, run.encoding, missing_ok=True)
    if not dry_run:
        library.ensure_writable()  # fail before any network round trip
    items = _publications(library)
    urls = BaseUrls.from_environment(os.environ)
    client = Client(email=config.email)
    if service == "dblp":
        found = sources.DblpProfiles(client, urls.dblp).fetch(person)
    else:
        found = sources.OrcidProfiles(client, urls.orcid).fetch(person)
    waiting, screened = importing.screen(
        found.listings, importing.library_ids(items), importing.remembered(library), since
    )
    doi = DoiSource(client, urls.doi, urls.crossref)
    fetched = [(listing, sources.load(listing, doi)) for listing in waiting]
    taken = {block.key or "" for block in library.entries()}
    planned = importing.plan(fetched, items, taken)
    outcomes, rejected = importing.reject([*screened, *planned], skip or [])
    for _, record in fetched:
        for note in record.notes:
            common.info(note)
    _report(outcomes, verbose)
    entries = importing.new_entries(outcomes)
    owner = found.name if not config.owner and found.name else ""
    if entries:
        _table(entries, outcomes)
    common.info(_summary(found, outcomes))
    if dry_run:
        if entries:
            typer.echo("\n\n".join(entry.render() for entry in entries))
        return
    if not (entries or rejected or owner):
        return
    if entries and not yes:
        question = f"Add {_count(len(entries), 'entry', 'entries')} to {run.library}?"
        if not typer.confirm(question, default=False, err=True):
            common.info("Nothing written (use --skip ID to stop a work from being offered).")
            return
    _write(run, entries, rejected)
    if owner:
        from publist import setup

        setup.set_owner(run.library, owner)
        common.info(f"Set the owner to '{owner}' in publist.toml (from the {found})")


def _publications(library):
    from publist import model

    return model.publications(library)


def _write(run, entries, rejected) -> None:
    from publist import importing, normalize, setup

    setup.ensure_library(run.library)
    with common.edit_library(run) as target:
        present = {block.key or "" for block in target.entries()}
        for entry in entries:
            entry = normalize.with_key(entry, present)
            target.add_entry(entry.key, entry.entry_type, list(entry.fields))
            present.add(entry.key)
            common.info(f"Added {entry.key}")
        for value in importing.remember(target, rejected):
            common.info(f"Remembered {value} as rejected: later imports will not offer it")


def _report(outcomes, verbose: bool) -> None:
    from publist.importing import Status

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
    """Key, type, year, and the title over the id that --skip takes."""
    from rich.table import Table
    from rich.text import Text

    from publist import fields

    ids = {outcome.entry.key: outcome.id for outcome in outcomes if outcome.entry is not None}
    table = Table(box=None, pad_edge=False)
    table.add_column("key", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("year", no_wrap=True)
    table.add_column("title / id for --skip", overflow="fold", min_width=36)
    for entry in entries:
        item = entry.publication()
        kind = fields.venue_type(item)
        cell = Text(item.title)
        cell.append("\n" + ids[entry.key], style="dim")
        table.add_row(entry.key, kind.value if kind else "", str(item.year or ""), cell)
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
