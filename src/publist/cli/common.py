"""What every command shares: the run's state, loading the library, warnings, output."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from publist.bibfile import LibraryFile
    from publist.config import Config
    from publist.model import Publication


@dataclass
class State:
    """Global options of one run."""

    library: Path
    owner: str | None = None
    encoding: str | None = None


def state(ctx: typer.Context) -> State:
    return ctx.find_root().obj or State(Path("library.bib"))


def warn(message: str) -> None:
    typer.echo(f"Warning: {message}", err=True)


def info(message: str) -> None:
    typer.echo(message, err=True)


def load_config(run: State) -> Config:
    from publist import config

    return config.load_config(run.library).with_owner(run.owner)


def read_library(run: State, quiet: bool = False) -> tuple[LibraryFile, list[Publication]]:
    """Load for reading: parse problems become warnings, not errors."""
    from publist import bibfile, model

    library = bibfile.load(run.library, run.encoding, cache=cache_folder())
    if library.cache_file:
        model.use_memo(bibfile.read_memo(library))
        _READ.append(library)
    items = model.publications(library)
    if not quiet:
        for problem in library.problems:
            warn(f"{run.library}:{problem.line}: {problem.message}")
        for item in items:
            for message in item.warnings:
                warn(f"{run.library}:{item.line}: {message}")
    return library, items


_READ: list[LibraryFile] = []  # the cached libraries this run read, for keep_memo


def keep_memo() -> None:
    """When a run ends: keep what it decoded with the parse of the library it read, so the
    next run on the same text need not decode it again (see model.memo). Best effort: the
    run's own outcome stands whatever happens here."""
    if not _READ:
        return  # nothing read, or too small to keep (and --help loads no more than it needs)
    from publist import bibfile, model

    try:
        memo = model.memo()
        if memo is not None:
            for library in _READ:
                bibfile.write_memo(library, memo)
    except Exception:  # a cache must never fail a run that did its work
        pass
    finally:
        _READ.clear()


def cache_folder() -> Path | None:
    """Where parsed libraries are remembered: $PUBLIST_CACHE_DIR ('off' for none), else
    $XDG_CACHE_HOME/publist or ~/.cache/publist."""
    chosen = os.environ.get("PUBLIST_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "publist"


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def console(stderr: bool = False):
    """A rich console, only for commands that draw for a person."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # Colour only on a terminal, and there as rich decides: it honours NO_COLOR.
    no_color = None if stream.isatty() else True
    return Console(file=stream, no_color=no_color, highlight=False, soft_wrap=False)


@dataclass(frozen=True)
class Column:
    """One column of a table for people."""

    name: str
    justify: str = "left"  # "right" for numbers
    overflow: str = "fold"  # "ellipsis" cuts a long cell to one line
    no_wrap: bool = False
    footer: str = ""
    max_width: int | None = None
    cut: bool = False  # one line cut with an ellipsis; the column gives way in a narrow terminal


def table(
    title: str, columns: Sequence[Column], rows: Iterable[Sequence[str]], light: bool = False
):
    """A rich table whose title, headers and cells are plain text.

    Library text is never rich markup: a title such as '[Re] ... [/]' shows as written.
    A light table (a rule under the header, two spaces between columns) leaves more room
    for text in an 80-column terminal.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    frame = {"box": box.SIMPLE_HEAD, "show_edge": False, "padding": (0, 1, 0, 0)} if light else {}
    drawn = Table(
        title=Text(title),
        title_justify="left",
        show_footer=any(c.footer for c in columns),
        pad_edge=not light,
        **frame,
    )
    for column in columns:
        drawn.add_column(
            Text(column.name),
            footer=Text(column.footer),
            justify=column.justify,
            overflow=column.overflow,
            no_wrap=column.no_wrap and not column.cut,  # a cut column may still shrink
            max_width=column.max_width,
        )
    for row in rows:
        drawn.add_row(*(_cell(text, column) for text, column in zip(row, columns, strict=True)))
    return drawn


def _cell(text: str, column: Column):
    from rich.text import Text

    if column.cut:
        return Text(text, no_wrap=True, overflow="ellipsis")
    return Text(text)


def choice(vocabulary: type[StrEnum], value: str, option: str):
    """The member of a closed vocabulary the user named; a one-line UsageProblem otherwise."""
    from publist.errors import UsageProblem

    try:
        return vocabulary(value)
    except ValueError:
        choices = ", ".join(item.value for item in vocabulary)
        raise UsageProblem(f"{option} must be one of {choices}, not '{value}'") from None


@contextmanager
def edit_library(run: State) -> Iterator[LibraryFile]:
    """bibfile.edit for a command: says what the user should know about the lock."""
    from publist import bibfile

    with bibfile.edit(run.library, run.encoding) as library:
        for notice in library.notices:
            warn(notice)
        yield library


def edit_or_preview(
    run: State, change: Callable[[LibraryFile], None], dry_run: bool
) -> tuple[str, str]:
    """Apply a change under the lock and save; with dry_run, print its diff and write nothing.

    Returns the library's text before and after the change.
    """
    from publist import bibfile, formatting

    if not dry_run:
        with edit_library(run) as library:
            change(library)
            return library.text, library.to_text()
    library = bibfile.load(run.library, run.encoding)
    library.ensure_writable()  # a preview of a change that could not be saved would mislead
    change(library)
    before, after = library.text, library.to_text()
    typer.echo(formatting.unified_diff(before, after, str(run.library)), nl=False)
    return before, after
