import dataclasses
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
    volume: Annotated[str | None, typer.Option(help="By hand: the volume.")] = None,
    pages: Annotated[str | None, typer.Option(help="By hand: the pages (10-20).")] = None,
    note: Annotated[str | None, typer.Option(help="By hand: a note ('To appear').")] = None,
    url: Annotated[str | None, typer.Option(help="By hand: a link to the paper.")] = None,
    pdf: Annotated[str | None, typer.Option(help="By hand: a link to its PDF.")] = None,
    code: Annotated[str | None, typer.Option(help="By hand: a link to its code.")] = None,
    doi: Annotated[str | None, typer.Option(help="By hand: the DOI.")] = None,
    search: Annotated[
        str | None, typer.Option(help="Search DBLP and Crossref for these title words.")
    ] = None,
    pick: Annotated[
        int | None, typer.Option(help="With --search: take hit N without asking.", min=1)
    ] = None,
    key: Annotated[
        str | None, typer.Option(help="Citation key [default: its own, or like yu2022orca].")
    ] = None,
    suffix: Annotated[
        bool, typer.Option("--suffix", help="A pasted key the library has gets a, b, ...")
    ] = False,
    rekey: Annotated[
        bool,
        typer.Option("--rekey", help="Keys like yu2022orca for pasted entries; old keys to ids."),
    ] = False,
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
    upgrade: Annotated[
        bool,
        typer.Option("--upgrade", help="Make the entry of its preprint the published version."),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Take every upgrade offered.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Add even when the entry is already there.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the entries; write nothing.")
    ] = False,
    keep_going: Annotated[
        bool, typer.Option("--keep-going", help="Add what can be added; skip what fails.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="What became of each one, as JSON on stdout.")
    ] = False,
) -> None:
    """Add publications from DOIs, arXiv ids, DBLP keys, BibTeX, a search or typed fields.

    Example: publist add 10.1145/3600006.3613165 --equal 1,2 --tag serving
    """
    from publist import normalize, reading
    from publist.errors import ExitCode, UsageProblem
    from publist.plans import add as plans
    from publist.plans import fetching as fetch
    from publist.plans.outcome import Status
    from publist.sources import default_sources

    typed = {"title": title, "author": author, "venue": venue, "year": year, "month": month,
             "volume": volume, "pages": pages, "note": note, "url": url, "pdf": pdf,
             "code": code, "doi": doi}  # fmt: skip
    options.refuse_controls(
        [(f"--{name}", value) for name, value in typed.items()]
        + [("--key", key), ("--award", award), ("--tag", tag)]
    )
    by_hand = any(value is not None for value in typed.values())
    modes = [bool(identifiers), bib is not None, by_hand, search is not None]
    if sum(modes) != 1:
        raise UsageProblem(
            "give identifiers, --bib FILE, --search WORDS, or --title/--author/--venue/--year "
            "(exactly one of these)"
        )
    if pick is not None and search is None:
        raise UsageProblem("--pick goes with --search")
    if suffix and rekey:
        raise UsageProblem("--suffix and --rekey do not go together")
    hand_entry = _typed(typed, kind) if by_hand else None
    marks = normalize.Marks(
        venue_type=hand_entry.kind if hand_entry else _venue_type(kind),
        equal=tuple(_positions(equal)),
        award=award or "",
        tags=tuple(tag or ()),
        key=key or "",
    )
    rule = plans.KeyRule.REKEY if rekey else plans.KeyRule.SUFFIX if suffix else plans.KeyRule.KEEP
    choices = plans.Choices(force, keep_going, rule, upgrade or yes)
    run = common.state(ctx)
    opened = common.read_library(run, quiet=True)
    if not dry_run:
        opened.file.ensure_writable()  # fail before any network round trip
    fetching = fetch.Report()
    if bib is not None:
        requests = _bib_requests(bib)
    elif hand_entry is not None:
        requests = [fetch.Request("the entry typed by hand", _hand_record(hand_entry))]
    else:  # only these go to the network: the sources are not even imported for the others
        network = common.network(run, opened.config)
        client = network.client()
        sources = default_sources(client, network.urls)
        if identifiers:
            requests = fetch.fetch_all(identifiers, sources, published, keep_going, fetching)
        else:
            chosen = _choose(search or "", pick, client, network.urls)
            requests = (
                fetch.fetch_all([str(chosen.identifier)], sources, published, False, fetching)
                if chosen
                else []
            )
    for message in fetching.notes:
        common.info(message)

    def make_plan(library):
        items = opened.publications if library is opened.file else reading.publications(library)
        planned = plans.add_plan(requests, library, items, marks, choices)
        outcome["planned"] = planned
        return planned.plan

    outcome: dict = {}
    make_plan(opened.file)
    offers = outcome["planned"].offers
    if offers and not dry_run and not choices.upgrade:
        approved = frozenset(offer for offer in offers if _agrees(offer))
        if approved:
            choices = dataclasses.replace(choices, upgrades=approved)
            make_plan(opened.file)
    if not dry_run:
        common.carry_out(run, make_plan, library=opened.file, planned=outcome["planned"].plan)
    outcomes = outcome["planned"].outcomes
    _report(outcomes, as_json, dry_run)
    if any(item.status is Status.FAILED for item in outcomes):
        raise typer.Exit(ExitCode.ERROR)


def _agrees(key: str) -> bool:
    """Ask whether the preprint KEY becomes its published version; no answer is no."""
    question = f"The library has the preprint {key}: make that entry the published version?"
    try:
        return typer.confirm(question, default=False, err=True)
    except typer.Abort:
        common.info("")  # no answer (stdin is not a terminal, or at its end): the line ends
        return False


def _report(outcomes, as_json: bool, dry_run: bool) -> None:
    from publist.plans.outcome import counts, summary

    if as_json:
        common.print_json(
            {
                "results": [item.as_dict() for item in outcomes],
                "summary": counts(outcomes),
                "written": not dry_run,
            }  # fmt: skip
        )
        return
    for item in outcomes:
        common.info(item.line())
    if len(outcomes) > 1:
        common.info(summary(outcomes))
    if dry_run:
        entries = [item.bibtex for item in outcomes if item.bibtex]
        if entries:
            typer.echo(common.visible_lines("\n\n".join(entries)))


def _venue_type(text: str | None):
    from publist.kinds import parse_venue_type

    return parse_venue_type(text) if text is not None else None


def _positions(text: str | None) -> list[int]:
    if text is None:  # before the imports: publist.tagging costs 4 ms of every other add
        return []
    from publist.errors import UsageProblem
    from publist.tagging import split_numbers

    numbers = split_numbers(text)
    if not numbers or min(numbers) < 1:
        raise UsageProblem(f"--equal wants author positions like 1,2 (got '{text}')")
    return numbers


def _bib_requests(path: str):
    from publist import normalize
    from publist.errors import LibraryError
    from publist.plans.fetching import Request
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
    return [
        Request(key or f"entry {number} of {origin}", Record(entry_type, tuple(raw), "", key))
        for number, (key, entry_type, raw) in enumerate(entries, start=1)
    ]


def _typed(typed: dict, kind: str | None):
    """The entry typed on the command line, checked; its venue type from --type, else
    from what --venue says ("VLDB 2023 Demonstrations" is a demo)."""
    from publist import bibtex, normalize
    from publist.errors import UsageProblem
    from publist.identifiers import normalize_doi

    missing = [f"--{name}" for name in ("title", "author", "year") if not typed[name]]
    if missing:
        raise UsageProblem(f"an entry by hand needs {', '.join(missing)}")
    venue_type = _venue_type(kind) or normalize.venue_type_of(typed["venue"] or "")
    if venue_type is None:
        said = f"--venue '{typed['venue']}' does not say" if typed["venue"] else "say"
        raise UsageProblem(f"{said} what kind of venue it is; give --type")
    year = str(typed["year"])
    if not year.isdigit() or len(year) != 4:
        raise UsageProblem(f"--year wants a year like 2022 (got '{year}')")
    month = typed["month"]
    month_macro = bibtex.month_macro(month) if month else ""
    if month and not month_macro:
        raise UsageProblem(f"--month wants a month like jul, 7 or July (got '{month}')")
    bare_doi = normalize_doi(typed["doi"]) if typed["doi"] else ""
    if typed["doi"] and not bare_doi:
        raise UsageProblem(f"--doi '{typed['doi']}' is not a DOI")
    for name in ("url", "pdf", "code"):
        link = typed[name]
        if link and not link.startswith(("http://", "https://")):
            raise UsageProblem(f"--{name} wants an http(s) link (got '{link}')")
    return normalize.Typed(
        typed["title"], tuple(typed["author"]), year, venue_type, typed["venue"] or "",
        month_macro or "", typed["volume"] or "", typed["pages"] or "", bare_doi or "",
        typed["url"] or "", typed["pdf"] or "", typed["code"] or "", typed["note"] or "",
    )  # fmt: skip


def _hand_record(typed):
    from publist import normalize
    from publist.sources import Record

    entry_type, raw = normalize.by_hand(typed)
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
