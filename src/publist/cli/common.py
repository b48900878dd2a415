"""What every command shares: the run's state, loading the library, warnings, output."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import typer

from publist.cli.pipes import stop_if_unheard
from publist.patterns import compile_on_use

if TYPE_CHECKING:
    from publist.bibfile import LibraryFile
    from publist.config import Config
    from publist.library import Library
    from publist.plans.base import Plan
    from publist.sources import Network


@dataclass
class State:
    """Global options of one run, and the libraries it read (their memos are kept when the
    command ends: see app.PublistGroup.invoke)."""

    library: Path
    owner: str | None = None
    encoding: str | None = None
    opened: list[Library] = field(default_factory=list)
    network: Network | None = None  # None: made from the environment and publist.toml
    writing: bool = False  # a change is on its way to the library and not yet saved

    def finish(self) -> None:
        for library in self.opened:
            library.keep_memo()
        self.opened.clear()


def state(ctx: typer.Context) -> State:
    return ctx.find_root().obj or State(Path("library.bib"))


# Control characters (C0 but tab and newline, DEL, C1): in a key, a raw entry or a message
# they would reach the terminal as escape sequences (clear the screen, forge an OSC 8 link).
_CONTROLS = dict.fromkeys([*range(0, 9), *range(11, 32), 127, *range(128, 160)], "\ufffd")
_ANY_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


_JSON_CONTROLS = {code: f"\\u{code:04x}" for code in range(127, 160)}


def visible(text: str) -> str:
    """Text for a terminal: every control character shown as U+FFFD, never obeyed."""
    # Looked for first: a search is 3 ms of a 10k export, str.translate with a table 145 ms.
    return text.translate(_CONTROLS) if _ANY_CONTROL.search(text) else text


def visible_lines(text: str) -> str:
    """Lines of a file (a diff, an entry) for a terminal: as visible(), a CRLF kept."""
    return "\n".join(
        visible(line[:-1]) + "\r" if line.endswith("\r") else visible(line)
        for line in text.split("\n")
    )


def counted(number: int, noun: str, plural: str = "") -> str:
    """'1 entry', '2 entries': a count with its noun in the right number."""
    many = plural or (noun[:-1] + "ies" if noun.endswith("y") else noun + "s")
    return f"{number} {noun if number == 1 else many}"


def warn(message: str) -> None:
    typer.echo(f"Warning: {visible(message)}", err=True)


def info(message: str) -> None:
    typer.echo(visible(message), err=True)


def load_config(run: State) -> Config:
    from publist import config

    return config.load_config(run.library).with_owner(run.owner)


def read_library(run: State, quiet: bool = False) -> Library:
    """Load for reading: parse problems become warnings, not errors."""
    from publist import cache
    from publist.library import Library

    opened = Library.open(
        run.library, owner=run.owner, encoding=run.encoding, cache_folder=cache.folder(os.environ)
    )
    run.opened.append(opened)
    items = opened.publications
    if not quiet:
        for problem in opened.file.problems:
            warn(f"{run.library}:{problem.line}: {problem.message}")
        for item in items:
            for message in item.warnings:
                warn(f"{run.library}:{item.line}: {message}")
    return opened


def print_json(data: Any) -> None:
    # json escapes C0 controls itself; DEL and C1 (a CSI is \x9b) only as \u escapes too.
    text = json.dumps(data, indent=2, ensure_ascii=False)
    echo_text(text.translate(_JSON_CONTROLS) if _JSON_CONTROL.search(text) else text)
    typer.echo()  # the newline, without a copy of the text to end it with one


_JSON_CONTROL = compile_on_use("[\x7f-\x9f]")
_STEP = 1 << 20  # characters


def echo_text(text: str) -> None:
    """typer.echo of a long text, a megabyte at a time: at once it encodes the whole text
    beside it (an export of 100k entries: 50 MB more at its peak). Cut at line ends, where
    no escape sequence that echo removes from a pipe's text can be cut in two."""
    start = 0
    while start < len(text):
        cut = text.find("\n", start + _STEP)
        end = len(text) if cut < 0 else cut + 1
        typer.echo(text[start:end], nl=False)
        start = end


def echo_lines(lines: Iterable[str]) -> None:
    """Lines as they are made, visible() and a megabyte at a time (see echo_text): the
    whole text is never held at once."""
    batch: list[str] = []
    size = 0
    for line in lines:
        batch.append(line)
        size += len(line)
        if size >= _STEP:
            typer.echo(visible("".join(batch)), nl=False)
            batch, size = [], 0
    if batch:
        typer.echo(visible("".join(batch)), nl=False)


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
    justify: Literal["left", "right"] = "left"  # "right" for numbers
    overflow: Literal["fold", "ellipsis"] = "fold"  # "ellipsis" cuts a long cell to one line
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

    frame: dict[str, Any] = (
        {"box": box.SIMPLE_HEAD, "show_edge": False, "padding": (0, 1, 0, 0)} if light else {}
    )
    drawn = Table(
        title=Text(visible(title)),
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
        cells = (_cell(visible(text), column) for text, column in zip(row, columns, strict=True))
        drawn.add_row(*cells)
    return drawn


def _cell(text: str, column: Column):
    from rich.text import Text

    if column.cut:
        return Text(text, no_wrap=True, overflow="ellipsis")
    return Text(text)


def choice(vocabulary: type[StrEnum], value: str, option: str):
    """The member of a closed vocabulary the user named; a one-line UsageProblem otherwise."""
    from publist.errors import UsageProblem
    from publist.kinds import member

    return member(vocabulary, value, option, UsageProblem)


def network(run: State, config: Config) -> Network:
    """The one network value of a run: service URLs from the environment (PUBLIST_DOI_URL,
    ...), patience and contact address from publist.toml; tests hand their own in State."""
    if run.network is not None:
        return run.network
    from publist.sources import BaseUrls, Network
    from publist.sources.http import Policy

    settings = config.network
    policy = Policy(
        read_timeout=settings.timeout, attempts=settings.retries + 1, deadline=settings.deadline
    )
    return Network(BaseUrls.from_environment(os.environ), policy, config.email)


@contextmanager
def edit_library(run: State, known: LibraryFile | None = None) -> Iterator[LibraryFile]:
    """bibfile.edit for a command: says what the user should know about the lock (`known`:
    see bibfile.load)."""
    from publist import bibfile

    with bibfile.edit(run.library, run.encoding, known=known) as library:
        for notice in library.notices:
            warn(notice)
        yield library
        stop_if_unheard()  # before the save: a report nobody reads, no change


def carry_out(
    run: State,
    make_plan: Callable[[LibraryFile], Plan],
    dry_run: bool = False,
    library: LibraryFile | None = None,
    confirmed: Plan | None = None,
    missing_ok: bool = False,
    planned: Plan | None = None,
) -> Plan:
    """Apply a plan under the lock and save; with dry_run, print its diff and write nothing.

    `library` is the library as the command read it (else it is read now); `confirmed` is
    the plan the user agreed to, made on that text; `planned`, one the command has made on
    it already (not made twice: screening one new entry against a 10k library was a sixth of
    add's instructions). The file may change meanwhile (an editor saves an entry, another publist adds
    one): under the lock it is read again and, if it changed, planned again. A confirmed
    plan must still be part of the new one, else nothing is written. Returns the plan
    applied.
    """
    from publist import bibfile, cache, formatting
    from publist.errors import LibraryError

    load_config(run)  # a broken publist.toml is the same error for every command
    if library is None:
        library = bibfile.load(
            run.library, run.encoding, missing_ok, cache_folder=cache.folder(os.environ)
        )
    library.ensure_writable()  # a plan that could not be saved would mislead
    plan = confirmed if confirmed is not None else planned
    if plan is None:
        plan = make_plan(library)
    if dry_run:
        plan.apply(library)  # in memory: the diff of what would be written
        diff = formatting.unified_diff(library.text, library.to_text(), str(run.library))
        typer.echo(visible_lines(diff), nl=False)
        return plan
    if not plan:
        return plan
    run.writing = True  # until saved: a reader gone away (a broken pipe) is then a failure
    with bibfile.edit(run.library, run.encoding, missing_ok, known=library) as target:
        for notice in target.notices:
            warn(notice)
        if target.text != library.text:
            fresh = make_plan(target)
            if confirmed is not None and not set(confirmed.changes) <= set(fresh.changes):
                raise LibraryError(
                    f"{run.library} changed while publist waited for your answer; nothing was "
                    "written (run the command again)"
                )
            plan = confirmed if confirmed is not None else fresh
        plan.apply(target)
        stop_if_unheard()  # before the save: a report nobody reads, no change
    run.writing = False
    return plan
