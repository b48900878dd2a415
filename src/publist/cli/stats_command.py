from typing import TYPE_CHECKING, Annotated

import typer

from publist.cli import common, options

if TYPE_CHECKING:
    from publist.stats import Stats, View

BAR_WIDTH = 40


def command(
    ctx: typer.Context,
    by: Annotated[
        str | None,
        typer.Option(
            metavar="VIEW", help="Show only one view: type, year, venue, role or coauthor."
        ),
    ] = None,
    type_: options.Types = None,
    since: options.Since = None,
    until: options.Until = None,
    tag: options.Tags = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Print the table as csv or md (type x year by default).",
        ),
    ] = None,
    plot: Annotated[
        str | None,
        typer.Option(
            metavar="FILE", help="Write a stacked bar chart by year and type (.svg, .png or .pdf)."
        ),
    ] = None,
    top: Annotated[
        int, typer.Option(metavar="N", help="How many venues and co-authors to show.")
    ] = 10,
) -> None:
    """Count publications per venue type and year, venue, role and co-author.

    Example: publist stats --since 2019 --by venue
    """
    from publist import stats
    from publist.errors import UsageProblem

    view = _view(by)
    chosen = options.selection(type_, since, until, tag)
    if format_ is not None and format_.lower() not in ("csv", "md"):
        raise UsageProblem(f"--format must be csv or md, not {format_!r}")
    if top < 1:
        raise UsageProblem(f"--top must be 1 or more, not {top}")
    if as_json and format_:
        raise UsageProblem("--json and --format cannot be used together")
    if plot is not None:
        from publist import chart

        image = chart.image_format(plot)

    run = common.state(ctx)
    library = common.read_library(run)
    config = library.config
    counts = stats.compute(library.publications, config.owner_names, chosen, library.matcher)
    cited = _impact(run, library, chosen, top)

    if plot is not None:
        from pathlib import Path

        from publist import files

        files.write_bytes_atomic(Path(plot), chart.bar_chart(counts, image))
        common.info(f"Wrote {plot}")
        if not (as_json or format_ or view):
            return
    if as_json:
        data = counts.as_dict()
        if view:
            data = {"total": data["total"], stats.JSON_KEYS[view]: data[stats.JSON_KEYS[view]]}
        elif cited is not None:
            data["citations"] = cited.as_dict()
        common.print_json(data)
    elif format_:
        table = stats.table(counts, view)
        render = stats.to_csv if format_.lower() == "csv" else stats.to_markdown
        typer.echo(render(table), nl=False)
    else:
        if not config.owner_names and view in (None, stats.View.ROLE):
            common.warn("no owner is set (publist.toml or --owner): roles are 'unmatched'")
        _draw(counts, view, top, str(run.library))
        if view is None and cited is not None:
            _draw_citations(cited)


def _view(text: str | None) -> "View | None":
    from publist.errors import UsageProblem
    from publist.stats import View

    if text is None:
        return None
    if text.lower() not in tuple(View):
        raise UsageProblem(f"--by must be one of: {', '.join(View)}; not {text!r}")
    return View(text.lower())


def _draw(counts: "Stats", view: "View | None", top: int, library: str) -> None:
    """The view for people: rich tables and a bar chart in the terminal."""
    from publist import stats

    out = common.console()
    out.print(f"{counts.total} publications in {library}", markup=False)

    def show(table: stats.Table, title: str, totals: bool = False) -> None:
        columns = [
            common.Column(
                name,
                justify="left" if index == 0 else "right",
                footer=table.rows[-1][index] if totals and table.rows else "",
            )
            for index, name in enumerate(table.header)
        ]
        out.print(common.table(title, columns, table.rows[:-1] if totals else table.rows))

    if view is None:
        show(stats.type_year_table(counts), "Venue type by year", totals=True)
    if view in (None, stats.View.YEAR):
        _draw_bars(out, counts)
    if view == stats.View.TYPE:
        show(stats.table(counts, view), "By venue type")
    if view in (None, stats.View.VENUE):
        show(stats.table(counts, stats.View.VENUE, top), f"Top {top} venues")
    if view in (None, stats.View.ROLE):
        show(stats.role_table(counts), "Owner's role by venue type", totals=True)
    if view in (None, stats.View.COAUTHOR):
        show(stats.table(counts, stats.View.COAUTHOR, top), f"Top {top} co-authors")


# One glyph per venue type, so the stacks read without colour too (piped, NO_COLOR).
GLYPHS = ("█", "▓", "▒", "░", "#", "=", "+", "*", "~", ":", "-", ".")
COLOURS = ("blue", "green", "yellow", "magenta", "cyan", "red")


def _draw_bars(out, counts: "Stats") -> None:
    """A bar per year, stacked by venue type, with a legend."""
    from rich.text import Text

    from publist import stats

    kinds = [kind for kind, years in counts.by_type_year.items() if any(years.values())]
    styles = {
        kind: (GLYPHS[index % len(GLYPHS)], COLOURS[index % len(COLOURS)])
        for index, kind in enumerate(counts.by_type_year)
    }
    legend = Text("Per year")
    for position, kind in enumerate(kinds):
        glyph, colour = styles[kind]
        legend.append(" " if position else " (")
        legend.append(glyph, style=colour)
        legend.append(f" {kind}")
    out.print(legend.append(")" if kinds else ""))
    width = max((len(year) for year in counts.by_year), default=4)
    for year, stack, count in stats.year_bars(counts, BAR_WIDTH):
        line = Text(f"{year:>{width}} ")
        for kind, length in stack:
            glyph, colour = styles[kind]
            line.append(glyph * length, style=colour)
        out.print(line.append(f" {count}"))


def _impact(run, library, chosen, top: int):
    """The citation figures of the selected entries, when `publist refresh` counted them."""
    from publist import citations, impact
    from publist.inheritance import only_parents

    found = citations.load(citations.path_for(run.library))
    if found.problem:
        common.warn(f"{found.problem}; no citation figures")
    if not found:
        return None
    containers = only_parents(library.publications, library.matcher)  # not the owner's works
    chosen_items = [item for item in library.publications
                    if item.key not in containers and chosen.admits(item, item.venue_type)]  # fmt: skip
    return impact.compute(chosen_items, found, top)


def _draw_citations(cited) -> None:
    """Citations: the figures overall and per venue type, the most cited, per year."""
    out = common.console()
    overall = cited.overall
    out.print(
        f"Citations ({cited.provenance}): {overall.total:,} in all, h-index {overall.h_index}, "
        f"i10-index {overall.i10_index}; {overall.counted} of {cited.entries} entries counted",
        markup=False,
    )
    rows = [
        (kind, str(f.counted), f"{f.total:,}", str(f.h_index), str(f.i10_index))
        for kind, f in [*cited.by_type.items(), ("total", overall)]
    ]
    columns = [common.Column("type")] + [
        common.Column(name, justify="right") for name in ("counted", "citations", "h", "i10")
    ]
    out.print(common.table("Citations by venue type", columns, rows))
    most = [(c.key, str(c.year or ""), f"{c.cited_by:,}", c.title) for c in cited.most_cited]
    out.print(
        common.table(
            f"Top {len(most)} cited",
            [
                common.Column("key"),
                common.Column("year"),
                common.Column("cited by", justify="right"),
                common.Column("title", cut=True),
            ],
            most,
        )
    )
    years = [(year, f"{total:,}") for year, total in cited.by_year.items()]
    out.print(common.table("Citations by year of publication", [common.Column("year"),
              common.Column("citations", justify="right")], years))  # fmt: skip
