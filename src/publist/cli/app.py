"""The typer application: global options, command registration, and the error boundary."""

import contextlib
import gc
import importlib
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from publist.cli.common import State, visible
from publist.cli.pipes import ReaderGone
from publist.cli.version import version_line
from publist.errors import ExitCode, PublistError

# Each module defines `command`; its docstring is the help text. Order is the --help order.
COMMANDS = (
    "init", "add", "list", "show", "export", "build", "tag", "remove", "dedupe", "stats",
    "check", "fmt", "import", "refresh",
)  # fmt: skip


class Commands(Mapping):
    """Command name -> click command, each built on first use: typer would build all twelve
    at every start, a third of the time of `publist --help`."""

    def __init__(self) -> None:
        self._built: dict[str, object] = {}

    def __getitem__(self, name: str):
        if name not in COMMANDS:
            raise KeyError(name)
        if name not in self._built:
            self._built[name] = _build(name)
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)  # our order, not alphabetical

    def __len__(self) -> int:
        return len(COMMANDS)


class PublistGroup(TyperGroup):
    """Turns library errors into one line on stderr and a named exit code."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.commands = Commands()  # type: ignore[assignment]  # click only reads it

    def list_commands(self, ctx):
        return list(self.commands)

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, self.globals_first(list(args)))
        except USAGE_ERROR as error:
            _usage_error(error)

    def globals_first(self, args: list[str]) -> list[str]:
        """`publist export -l x.bib`, `export --owner X`: the run's options also after the
        command (moved in front of it), unless the command has an option of that name."""
        place = _command_place(args)
        if place is None:
            return args
        command = self.commands[args[place]]
        own: dict[str, bool] = {}  # the command's options, and whether each takes a value
        for param in command.params:
            for name in (*param.opts, *param.secondary_opts):
                own[name] = not getattr(param, "is_flag", False) and param.nargs != 0
        moved, kept, index = [], args[: place + 1], place + 1
        while index < len(args):
            arg = args[index]
            name = arg.split("=", 1)[0] if arg.startswith("--") else arg
            if arg == "--":
                kept += args[index:]
                break
            width = 1 if "=" in arg else 2
            if name in GLOBAL_OPTIONS and name not in own and index + width <= len(args):
                moved += args[index : index + width]
            else:
                width = width if own.get(name) else 1  # an option's value is never moved
                kept += args[index : index + width]
            index += width
        return [*args[:place], *moved, *kept[place:]]

    def format_commands(self, ctx, formatter):
        """The command list of --help, from the docstrings alone."""
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        rows = [
            (name, TyperCommand(name, help=_module(name).command.__doc__).get_short_help_str(limit))
            for name in COMMANDS
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx):
        finished = True
        try:
            return super().invoke(ctx)
        except USAGE_ERROR as error:  # a command's own options and arguments
            _usage_error(error)
        except PublistError as error:
            typer.echo(f"Error: {visible(str(error))}", err=True)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            finished = False  # an interrupted run keeps nothing
            typer.echo("Interrupted; the library was left as it was.", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except BrokenPipeError as error:
            # `publist export | head`: the reader left; nothing to report. But a change cut
            # off before it was saved is a failure, whoever stopped listening.
            unsaved = isinstance(error, ReaderGone) or (
                isinstance(ctx.obj, State) and ctx.obj.writing
            )
            if unsaved:  # said where it can still be read (stderr on a terminal)
                _try_to_say("Error: the reader of publist's output has gone; nothing was written")
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.close()
            raise typer.Exit(ExitCode.ERROR if unsaved else ExitCode.OK) from None
        finally:
            if finished and isinstance(ctx.obj, State):
                ctx.obj.finish()


# click's UsageError (a bad or unknown option, a missing argument): typer exports it only
# as the base of BadParameter.
USAGE_ERROR: type[Exception] = typer.BadParameter.__mro__[1]


def _usage_error(error) -> NoReturn:
    """One line, as for every other error, instead of click's usage block; bare `publist`
    still shows the help."""
    if type(error).__name__ == "NoArgsIsHelpError":
        raise error
    message = error.format_message().rstrip(".")
    if error.ctx is not None:
        message += f" (see '{error.ctx.command_path} -h')"
    typer.echo(f"Error: {visible(message)}", err=True)
    raise typer.Exit(ExitCode.USAGE) from None


def _try_to_say(line: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


GLOBAL_OPTIONS = ("--library", "-l", "--owner", "--encoding")  # each takes a value


def _command_place(args: list[str]) -> int | None:
    """Where the command's name is among the arguments (after the run's options)."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in GLOBAL_OPTIONS:
            index += 2
        elif arg.startswith("-"):
            index += 1
        else:
            return index if arg in COMMANDS else None
    return None


app = typer.Typer(
    cls=PublistGroup,
    help="Keep your publication list in one BibTeX file: add, dedupe, tag, export, stats.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(version_line())
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    library: Annotated[
        Path | None,
        typer.Option(
            "--library",
            "-l",
            envvar="PUBLIST_LIBRARY",
            show_envvar=True,
            help="The BibTeX library [default: ./library.bib].",
        ),
    ] = None,
    owner: Annotated[
        str | None, typer.Option(help="The owner's name for this run (overrides publist.toml).")
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Text encoding of the library [default: UTF-8, or its BOM].")
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Keep your publication list in one BibTeX file: add, dedupe, tag, export, stats."""
    if encoding is not None:
        _known_encoding(encoding)
    ctx.obj = State(library=library or Path("library.bib"), owner=owner, encoding=encoding)


def _known_encoding(name: str) -> None:
    """A bad --encoding is a bad option value (exit 2), whatever the command."""
    import codecs

    from publist.errors import UsageProblem

    try:
        codecs.lookup(name)
    except LookupError:
        raise UsageProblem(f"--encoding: unknown encoding '{name}'") from None


def _module(name: str):
    return importlib.import_module(f"publist.cli.{name}_command")


def _build(name: str):
    """One command, as typer makes it from the function's signature and docstring."""
    command = _module(name).command
    single = typer.Typer(add_completion=False, rich_markup_mode=None)
    single.command(name, help=command.__doc__)(command)
    return typer.main.get_command(single)


def main() -> None:
    try:
        app()
    finally:
        # Python collects every object once more as it exits, only for the system to take
        # back all of the memory: frozen objects are skipped (0.25 s of a 10k export).
        gc.freeze()
