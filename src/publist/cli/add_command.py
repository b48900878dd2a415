from __future__ import annotations

from typing import Annotated

import typer

from publist.cli import common, options


def command(
    ctx: typer.Context,
    identifiers: Annotated[
        list[str] | None,
        typer.Argument(help="DOIs, arXiv ids or DBLP keys (bare or as URLs).", show_default=False),
    ] = None,
    bib: Annotated[
        str | None, typer.Option("--bib", help="Add the entries of a BibTeX file ('-': stdin).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="By hand: the title.")] = None,
    author: Annotated[
        list[str] | None, typer.Option(help="By hand: an author (repeat, in order).")
    ] = None,
    venue: Annotated[
        str | None, typer.Option(help="By hand: conference, journal, school...")
    ] = None,
    year: Annotated[str | None, typer.Option(help="By hand: the year.")] = None,
    month: Annotated[str | None, typer.Option(help="By hand: the month (jul, 7, July).")] = None,
    url: Annotated[str | None, typer.Option(help="By hand: a link to the paper.")] = None,
    doi: Annotated[str | None, typer.Option(help="By hand: the DOI.")] = None,
    search: Annotated[
        str | None, typer.Option(help="Search DBLP and Crossref for these title words.")
    ] = None,
    pick: Annotated[
        int | None, typer.Option(help="With --search: take hit N without asking.", min=1)
    ] = None,
    key: Annotated[
        str | None, typer.Option(help="Citation key [default: like yu2022orca].")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--type", help="Venue type (conference, journal, workshop, preprint...)."),
    ] = None,
    equal: Annotated[
        str | None, typer.Option(help="Author positions with equal contribution, e.g. 1,2.")
    ] = None,
    award: Annotated[str | None, typer.Option(help="An award, e.g. 'Best Paper'.")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A tag for keywords (repeatable).")] = None,
    published: Annotated[
        bool,
        typer.Option(
            "--published", help="For an arXiv id with a journal DOI: add the published version."
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Add even when the entry is already there.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the entries; write nothing.")
    ] = False,
    keep_going: Annotated[
        bool, typer.Option("--keep-going", help="Add what can be added; skip what fails.")
    ] = False,
) -> None:
    """Add publications from DOIs, arXiv ids, DBLP keys, BibTeX, a search or typed fields.

    Example: publist add 10.1145/3600006.3613165 --equal 1,2 --tag serving
    """
    from publist import normalize, reading
    from publist.errors import ExitCode, UsageProblem
    from publist.plans import add as plans
    from publist.sources import default_sources

    typed = {"--title": title, "--author": author, "--venue": venue, "--year": year,
             "--month": month, "--url": url, "--doi": doi, "--key": key, "--award": award,
             "--tag": tag}  # fmt: skip
    options.refuse_controls(typed.items())
    by_hand = any(value is not None for value in (title, author, venue, year, month, url, doi))
    modes = [bool(identifiers), bib is not None, by_hand, search is not None]
    if sum(modes) != 1:
        raise UsageProblem(
            "give identifiers, --bib FILE, --search WORDS, or --title/--author/--venue/--year "
            "(exactly one of these)"
        )
    if pick is not None and search is None:
        raise UsageProblem("--pick goes with --search")
    marks = normalize.Marks(
        venue_type=_venue_type(kind),
        equal=tuple(_positions(equal)),
        award=award or "",
        tags=tuple(tag or ()),
        key=key or "",
    )
    run = common.state(ctx)
    opened = common.read_library(run, quiet=True)
    if not dry_run:
        opened.file.ensure_writable()  # fail before any network round trip
    network = common.network(run, opened.config)
    client = network.client()
    sources = default_sources(client, network.urls)
    fetching = plans.Report()
    if identifiers:
        records = plans.fetch_all(identifiers, sources, published, keep_going, fetching)
    elif bib is not None:
        records = _bib_records(bib)
    elif search is not None:
        chosen = _choose(search, pick, client, network.urls)
        records = (
            plans.fetch_all([str(chosen.identifier)], sources, published, False, fetching)
            if chosen
            else []
        )
    else:
        records = [_typed(title, author, venue, year, month, url, doi, kind)]
    outcome: dict = {}

    def make_plan(library):
        items = opened.publications if library is opened.file else reading.publications(library)
        plan, drafts, report = plans.add_plan(records, library, items, marks, force, keep_going)
        outcome.update(drafts=drafts, report=report)
        return plan

    if dry_run:
        make_plan(opened.file)
    else:
        common.carry_out(run, make_plan, dry_run=False, library=opened.file)
    report = outcome["report"]
    for note in fetching.notes + report.notes:
        common.info(note)
    for warning in fetching.warnings + report.warnings:
        common.warn(warning)
    if dry_run:
        drafts = "\n\n".join(entry.render() for entry in outcome["drafts"])
        typer.echo(common.visible_lines(drafts))
    else:
        for entry in outcome["drafts"]:
            common.info(f"Added {entry.key}" + (f" (from {entry.origin})" if entry.origin else ""))
    failures = fetching.failures + report.failures
    for failure in failures:
        common.warn(f"skipped {failure}")
    if failures:
        raise typer.Exit(ExitCode.ERROR)


def _venue_type(text: str | None):
    from publist.kinds import parse_venue_type

    return parse_venue_type(text) if text is not None else None


def _positions(text: str | None) -> list[int]:
    from publist.errors import UsageProblem
    from publist.tagging import split_numbers

    if text is None:
        return []
    numbers = split_numbers(text)
    if not numbers or min(numbers) < 1:
        raise UsageProblem(f"--equal wants author positions like 1,2 (got '{text}')")
    return numbers


def _bib_records(path: str):
    from publist import normalize
    from publist.errors import LibraryError
    from publist.sources import Record

    if path == "-":
        import sys

        text, origin = sys.stdin.read(), "<stdin>"
    else:
        from pathlib import Path

        from publist import bibfile

        if not Path(path).is_file():
            raise LibraryError(f"cannot read {path}: no such file")
        text, origin = bibfile.load(Path(path)).text, path
    entries = normalize.parse_entries(text, origin)
    if not entries:
        raise LibraryError(f"{origin} has no BibTeX entries")
    return [Record(entry_type, tuple(raw), "", key) for key, entry_type, raw in entries]


def _typed(title, authors, venue, year, month, url, doi, kind):
    from publist import bibtex, normalize
    from publist.errors import UsageProblem
    from publist.identifiers import normalize_doi
    from publist.sources import Record

    missing = [name for name, value in (("--title", title), ("--author", authors),
               ("--year", year), ("--type", kind)) if not value]  # fmt: skip
    if missing:
        raise UsageProblem(f"an entry by hand needs {', '.join(missing)}")
    if not str(year).isdigit() or len(str(year)) != 4:
        raise UsageProblem(f"--year wants a year like 2022 (got '{year}')")
    month_macro = bibtex.month_macro(month) if month else ""
    if month and not month_macro:
        raise UsageProblem(f"--month wants a month like jul, 7 or July (got '{month}')")
    bare_doi = normalize_doi(doi) if doi else ""
    if doi and not bare_doi:
        raise UsageProblem(f"--doi '{doi}' is not a DOI")
    if url and not url.startswith(("http://", "https://")):
        raise UsageProblem(f"--url wants an http(s) link (got '{url}')")
    entry_type, raw = normalize.by_hand(
        title, list(authors), venue or "", str(year), _venue_type(kind), month_macro or "",
        url or "", bare_doi or "",
    )  # fmt: skip
    return Record(entry_type, tuple(raw), "")


def _choose(words: str, pick: int | None, client, urls):
    """Search, show a numbered table on stderr, and take the user's pick."""
    from publist.errors import NotFound, PublistError, UsageProblem
    from publist.sources.dblp import DblpSource
    from publist.sources.doi import search_crossref

    hits = []
    errors = []
    for search in (lambda: DblpSource(client, urls.dblp).search(words),
                   lambda: search_crossref(client, urls.crossref, words)):  # fmt: skip
        try:
            hits.extend(search())
        except PublistError as error:
            errors.append(error)
    if errors and not hits:
        raise errors[0]
    for failed in errors:
        common.warn(str(failed))
    if not hits:
        raise NotFound(f"nothing found for '{words}'")
    if pick is None:
        _show(hits)
        pick = typer.prompt("Add which one (0 for none)", type=int, err=True)
        if pick == 0:
            return None
    elif pick <= len(hits):
        _show(hits)
    if not 1 <= pick <= len(hits):
        raise UsageProblem(f"--pick {pick}: there are {len(hits)} hits")
    return hits[pick - 1]


def _show(hits) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False)
    for name in ("#", "year", "title", "authors", "venue", "from"):
        table.add_column(name, overflow="fold")
    for number, hit in enumerate(hits, start=1):
        authors = ", ".join(hit.authors[:3]) + (" et al." if len(hit.authors) > 3 else "")
        cells = (str(number), hit.year, hit.title, authors, hit.venue, hit.origin)
        table.add_row(*(Text(str(cell)) for cell in cells))  # titles are not rich markup
    common.console(stderr=True).print(table)
