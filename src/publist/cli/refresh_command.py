from typing import TYPE_CHECKING, Annotated, Any

import typer

from publist.cli import common, pipes

if TYPE_CHECKING:
    from publist.citations import Citations, Count
    from publist.plans.lookup import Services
    from publist.plans.refresh import Findings


def command(
    ctx: typer.Context,
    published: Annotated[
        bool, typer.Option("--published", help="Published versions of preprints.")
    ] = False,
    links: Annotated[
        bool,
        typer.Option("--links", help="A DOI (and open-access PDF) for entries without a link."),
    ] = False,
    citations: Annotated[
        bool, typer.Option("--citations", help="Citation counts, kept beside the library.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Apply without asking.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Ask the services again, not the answers kept today.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
) -> None:
    """Bring the list up to date: published versions, missing links, citation counts.

    Example: publist refresh --citations --yes
    """
    import datetime
    import os

    from publist import cache
    from publist import citations as counts_file
    from publist.errors import ExitCode
    from publist.plans import lookup
    from publist.sources.polite import polite_client

    everything = not (published or links or citations)
    run = common.state(ctx)
    opened = common.read_library(run)
    config = opened.config
    if (published or links or everything) and not dry_run:
        opened.file.ensure_writable()  # refuse before any network round trip
    network = common.network(run, config)
    folder = cache.folder(os.environ)
    client = polite_client(network, folder, config.network.cache_hours, reuse=not fresh)
    services = lookup.Services(client, network.urls, config.email,
                               datetime.date.today().isoformat())  # fmt: skip
    target = counts_file.path_for(run.library)
    before = counts_file.load(target)
    with _progress(services, show=not as_json):
        findings, plan, notes = _library_part(opened, services, published or everything,
                                              links or everything)  # fmt: skip
        counts = None
        if citations or everything:
            items = _planned(opened.publications, plan)
            counts = lookup.find_counts(items, services, config.citation_sources)
    if folder is not None:
        cache.prune_answers(folder, config.network.cache_hours * 3600, client.now())
    counts_text = None
    if counts is not None:
        counts_text = counts_file.render(counts, run.library.name)
    if as_json:
        _print_json(findings, plan, counts, services)
    else:
        _show(findings, plan, counts, before, opened.publications)
    for note in services.notes + notes:
        common.info(note)
    if services.failures:
        _fail(services.failures)
        raise typer.Exit(ExitCode.NETWORK)
    changed_counts = counts_text is not None and counts_text != _text_of(target)
    if dry_run:
        if plan:
            common.carry_out(run, lambda _: plan, dry_run=True, library=opened.file)
        return
    if not plan and not changed_counts:
        common.info("Nothing to change.")
        return
    if not _confirmed(yes, len(plan.changes), changed_counts, target):
        common.info("Nothing was written (pass --yes to apply).")
        return
    if plan:
        from publist.plans.refresh import refresh_plan

        common.carry_out(run, lambda library: refresh_plan(library, findings)[0],
                         library=opened.file, confirmed=plan)  # fmt: skip
        common.info(f"Updated {len(plan.changes)} entries in {run.library}")
    if changed_counts and counts_text is not None:
        from publist import files

        pipes.stop_if_unheard()
        files.write_text_atomic(target, counts_text)
        common.info(f"Wrote {len(counts or {})} citation counts to {target}")


def _library_part(opened, services: "Services", published: bool, links: bool):
    from publist.plans import lookup
    from publist.plans.refresh import Findings, refresh_plan

    items = opened.publications
    findings = Findings(
        tuple(lookup.find_published(items, services)) if published else (),
        tuple(lookup.find_links(items, services)) if links else (),
    )
    plan, notes = refresh_plan(opened.file, findings)
    return findings, plan, notes


def _planned(items, plan):
    """The entries as they will be: counts are asked by the DOIs the plan adds."""
    from publist.reading import as_publication

    changed = {change.key: change for change in plan.changes}
    return [
        as_publication(item.key, changed[item.key].entry_type, list(changed[item.key].fields))
        if item.key in changed
        else item
        for item in items
    ]


def _text_of(path) -> str | None:
    from publist import files

    try:
        return files.read_text(path)
    except (OSError, UnicodeDecodeError):
        return None


def _confirmed(yes: bool, changes: int, counts: bool, target) -> bool:
    if yes:
        return True
    what = [f"{changes} changes to the library"] if changes else []
    what += [f"the citation counts to {target}"] if counts else []
    try:
        return typer.confirm(f"Write {' and '.join(what)}?", default=False, err=True)
    except typer.Abort:  # no answer: stdin closed or empty
        return False


def _fail(failures: dict[str, str]) -> None:
    first, *others = failures.values()
    more = f" (and {', '.join(list(failures)[1:])} failed too)" if others else ""
    typer.echo(f"Error: {first}{more}; nothing was written", err=True)


def _show(
    findings: "Findings", plan, counts: "dict[str, Count] | None", before: "Citations", items
):
    """The findings for people, one line each, on stdout."""
    lines: list[str] = []
    for title, found in (("Published versions", findings.published),
                         ("Missing links", findings.links)):  # fmt: skip
        if not found:
            continue
        lines.append(f"{title}:")
        for finding in found:
            state = "sure" if finding.sure else "possible"
            doi = f"DOI {finding.doi}" if finding.doi else "no DOI"
            pdf = getattr(finding, "pdf", "")
            pdf = f", PDF {pdf}" if pdf else ""
            lines.append(f"  {finding.key}  {state}  {doi}{pdf}  ({finding.evidence})")
    if counts is not None:
        lines.append("Citation counts:")
        for item in items:
            count = counts.get(item.key)
            if count is None:
                continue
            old = before.counts.get(item.key)
            was = f" (was {old.cited_by})" if old and old.cited_by != count.cited_by else ""
            lines.append(f"  {item.key}  {count.cited_by}{was}  {count.source}, {count.date}")
        missing = [item.key for item in items if item.key not in counts]
        if missing:
            lines.append(f"  no count for {len(missing)}: {', '.join(missing)}")
    if lines:
        typer.echo("\n".join(lines))


def _print_json(findings: "Findings", plan, counts, services: "Services") -> None:
    applied = {change.key: change.reason for change in plan.changes}

    def finding(item) -> dict:
        data = {"key": item.key, "doi": item.doi, "evidence": item.evidence, "sure": item.sure}
        if hasattr(item, "pdf"):
            data["pdf"] = item.pdf
        return data

    common.print_json({
        "published": [finding(item) for item in findings.published],
        "links": [finding(item) for item in findings.links],
        "changes": [{"key": key, "reason": reason} for key, reason in applied.items()],
        "citations": None if counts is None else {
            key: {"cited_by": c.cited_by, "source": c.source, "date": c.date, "id": c.identifier}
            for key, c in sorted(counts.items())
        },
        "failures": list(services.failures.values()),
    })  # fmt: skip


class _progress:
    """A progress bar on stderr while the services answer, only on a terminal."""

    def __init__(self, services: "Services", show: bool) -> None:
        import sys

        self.services, self.bar = services, None
        self.tasks: dict[str, Any] = {}
        if show and sys.stderr.isatty():
            from rich.progress import Progress

            self.bar = Progress(console=common.console(stderr=True), transient=True)
            services.progress = self.update

    def update(self, what: str, done: int, total: int) -> None:
        assert self.bar is not None
        if what not in self.tasks:
            self.tasks[what] = self.bar.add_task(what.capitalize(), total=max(total, 1))
        self.bar.update(self.tasks[what], completed=done, total=max(total, 1))

    def __enter__(self):
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
