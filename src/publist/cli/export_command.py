from typing import Annotated

import typer

from publist.cli import common, options, pipes


def command(
    ctx: typer.Context,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="md, latex, html, txt, json, bib, typst, rendercv, jsonresume, csljson, "
            "al-folio or hugo [default: md, or from -o].",
        ),
    ] = None,
    for_: Annotated[
        str | None,
        typer.Option("--for", metavar="SITE", help="With -f bib: BibTeX for this site (al-folio)."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write to this file instead of stdout ('-': stdout)."),
    ] = None,
    type_: options.Types = None,
    since: options.Since = None,
    until: options.Until = None,
    tag: options.Tags = None,
    group_by: Annotated[
        str, typer.Option(help="Sections by venue type, by year, or none.")
    ] = "type",
    order: Annotated[
        str | None,
        typer.Option(
            help="newest (by date; the file's order within a date), oldest or file "
            "[default: from publist.toml, else newest]."
        ),
    ] = None,
    numbering: Annotated[
        str | None,
        typer.Option(help="per-group, continuous or none [default: from publist.toml]."),
    ] = None,
    reverse_numbers: Annotated[
        bool, typer.Option("--reverse-numbers", help="The newest entry gets the highest number.")
    ] = False,
    labels: Annotated[
        bool, typer.Option("--labels", help="Number as C1, J1, W1... by the groups' labels.")
    ] = False,
    no_links: Annotated[bool, typer.Option("--no-links", help="Leave out the links.")] = False,
    max_authors: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            min=0,
            help="At most N authors, then et al.; you stay shown (0: all) [default: from "
            "publist.toml].",
        ),
    ] = None,
    standalone: Annotated[
        bool,
        typer.Option("--standalone", help="A complete document (HTML, LaTeX, Typst, RenderCV…)."),
    ] = False,
    citations: Annotated[
        bool | None,
        typer.Option(
            "--citations/--no-citations",
            help="Add 'Cited by N.' from publist refresh [default: [export] citations].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export the list for a CV or web page: numbered, grouped, the owner in bold.

    Example: publist export --format latex --standalone -o publications.tex
    """
    from pathlib import Path

    from publist import files, render
    from publist.render import core

    target = Path(output) if output and output != "-" else None
    run = common.state(ctx)
    if target is not None:
        _refuse_own_file(target, Path(run.library))
    kind = render.choose_format(format_, target)
    if for_ is not None:
        kind = _for_site(kind, for_)
    library = common.read_library(run)
    config = library.config
    chosen = core.Options(
        selection=options.selection(type_, since, until, tag),
        group_by=common.choice(core.GroupBy, group_by, "--group-by"),
        numbering=common.choice(core.Numbering, numbering, "--numbering") if numbering else None,
        reverse_numbers=True if reverse_numbers else None,
        labels=labels,
        links=not no_links,
        max_authors=max_authors,
        order=common.choice(core.Order, order, "--order") if order else None,
        details=config.details_for(kind.value),
    )
    document = _with_citations(
        library.document(render.options_for(kind, chosen)), run, library, citations
    )
    if not no_links and kind not in render.AS_STORED:
        _warn_relative_links(document, config)
    if not document.owner:
        common.warn("no owner is set (publist.toml [owner] name, or --owner): nobody is in bold")
    else:
        for item in document.items:
            if not item.has_owner:
                line = item.publication.line
                common.warn(f"{run.library}:{line}: {item.key}: no author matches {document.owner}")
    if target is not None:
        pipes.stop_if_unheard()  # nothing is written for a reader that has gone
    if kind in render.FOLDERS:
        _write_folder(document, kind, library.file, target)
        return
    if target is None and kind in render.LINE_BY_LINE:
        common.echo_lines(render.render_lines(document, kind, standalone))
        return
    text = render.render(document, kind, library.file, standalone)
    if kind is not render.Format.BIB:
        text = common.visible(text)  # a control character in a URL or key is never obeyed
    if kind is render.Format.LATEX:
        _say_which_engine(text, standalone)
    if target is None:
        common.echo_text(text)
        return
    files.write_into(target, text.encode("utf-8"), _stdout_descriptor())
    common.info(f"Wrote {len(document.items)} entries to {target} ({kind.value}).")


def _for_site(kind, site: str):
    """-f bib --for al-folio is the al-folio format."""
    from publist import render
    from publist.errors import UsageProblem

    if kind not in (render.Format.BIB, render.Format.ALFOLIO) or site.lower() not in (
        "al-folio",
        "alfolio",
    ):
        raise UsageProblem(f"--for {site}: only -f bib --for al-folio is known")
    return render.Format.ALFOLIO


def _write_folder(document, kind, library, target) -> None:
    """A folder format (Hugo bundles): every file written, those already right left alone."""
    from publist import build, files, render
    from publist.errors import UsageProblem

    if target is None:
        raise UsageProblem(f"{kind.value} writes a folder of files: give it one with -o FOLDER")
    written = 0
    for name, text in render.render_files(document, kind, library, False).items():
        path = target / name
        if build.differs(path, text):
            files.write_output(path, text)
            written += 1
    common.info(
        f"Wrote {written} files for {len(document.items)} entries to {target} ({kind.value})."
    )


def _with_citations(document, run, library, wanted: bool | None):
    """The document with the citations file's counts, when asked (or set in publist.toml)."""
    from publist import citations
    from publist.render import cited

    if not (library.config.export_citations if wanted is None else wanted):
        return document
    path = citations.path_for(run.library)
    found = citations.load(path)
    if found.problem:
        common.warn(f"{found.problem}; exporting without citation counts")
    elif not found:
        common.warn(f"no citation counts in {path} yet (run publist refresh --citations)")
    return cited.with_counts(document, found)


def _warn_relative_links(document, config) -> None:
    """Links to files of the owner's site ('pdf = {paper.pdf}') need [export] base_url."""
    if config.base_url:
        return
    from publist import links

    found = [
        (item.publication, name)
        for item in document.items
        for name in links.relative_fields(item.publication, config.link_fields)
    ]
    if found:
        publication, name = found[0]
        common.warn(
            f"links to files of your web site were left out ({len(found)}, the first "
            f"{publication.key}: {name} = {{{publication.latex_fields[name]}}}): set [export] "
            "base_url in publist.toml to where they live (al-folio: https://YOU.github.io/assets/pdf/)"
        )


def _say_which_engine(text: str, standalone: bool) -> None:
    """pdflatex lacks CJK, emoji and most scripts: a standalone document still compiles with
    it (a box with the code point), but then LuaLaTeX is the engine to name."""
    from publist.render.latex import beyond_pdflatex

    missing = beyond_pdflatex(text)
    if missing:
        shown = ", ".join(f"{char} U+{ord(char):04X}" for char in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        how = (
            "build this document with lualatex (pdflatex prints a box with the code point)"
            if standalone
            else "\\input it in a document built with lualatex or xelatex"
        )
        common.warn(f"pdflatex cannot typeset {shown}{more}: {how}")


def _stdout_descriptor() -> int:
    """Our stdout's descriptor (flushed first), or -1 when it has none (a test's capture)."""
    import io
    import sys

    sys.stdout.flush()
    try:
        return sys.stdout.fileno()
    except (io.UnsupportedOperation, AttributeError, ValueError):
        return -1


def _refuse_own_file(target, library) -> None:
    """Also through links and relative paths: export never overwrites the library, its
    publist.toml, citation counts or lock, or anything in the cache."""
    import os

    from publist import cache
    from publist.errors import UsageProblem
    from publist.own_files import own_file

    what = own_file(target, library, cache.folder(os.environ))
    if what:
        raise UsageProblem(f"-o {target} is {what}; export to another file")
