from enum import StrEnum
from typing import Annotated

import typer

from publist.cli import common


class Output(StrEnum):
    TABLE = "table"
    GITHUB = "github"
    JSON = "json"


def command(
    ctx: typer.Context,
    output: Annotated[
        Output,
        typer.Option("--format", "-f", help="table for people, github for Actions annotations."),
    ] = Output.TABLE,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Every finding, with its key and line.")
    ] = False,
) -> None:
    """Check the library for problems: one line per kind, with the command that fixes it;
    exit 3 when there are any (for CI and pre-commit).

    Example: publist check --format github
    """
    from publist import lint
    from publist.errors import ExitCode

    run = common.state(ctx)
    opened = common.read_library(run, quiet=True)
    library, items, owner = opened.file, opened.publications, opened.matcher
    config = opened.config
    findings = lint.check(library, items, owner, _duplicate_finder(), config.base_url)
    if as_json or output is Output.JSON:
        common.print_json([finding.as_dict() for finding in findings])
    elif output is Output.GITHUB:
        for finding in findings:
            typer.echo(_annotation(str(run.library), finding))
    elif findings and verbose:
        _table(str(run.library), findings)
    elif findings:
        for line in lint.summarize(findings, config.aliases):
            typer.echo(f"{line.count:>5}  {line.check.value:<16} {line.what}: {line.fix}")
    if not owner:
        common.warn("no owner in publist.toml, so entries without the owner are not checked")
    if findings:
        more = "" if verbose or as_json or output is not Output.TABLE else " (--verbose: each one)"
        common.info(
            f"{common.counted(len(findings), 'problem')} in {common.counted(len(items), 'entry')} of {run.library}{more}."
        )
        raise typer.Exit(ExitCode.CHECK_FAILED)
    common.info(f"No problems in {common.counted(len(items), 'entry')} of {run.library}.")


def _duplicate_finder():
    from publist import dedupe

    return dedupe.find_duplicates


def _annotation(path: str, finding) -> str:
    """A GitHub Actions workflow command, escaped as the runner expects."""
    message = f"{finding.key}: {finding.message}" if finding.key else finding.message
    message = _escape(message)
    where = f"file={_escape(path, True)},line={finding.line},title={finding.check.value}"
    return f"::warning {where}::{message}"


def _escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def _table(path: str, findings) -> None:
    columns = [
        common.Column("line", justify="right", no_wrap=True),
        common.Column("key"),
        common.Column("check", no_wrap=True),
        common.Column("problem"),
    ]
    rows = [(str(f.line), f.key, f.check.value, f.message) for f in findings]
    common.console().print(
        common.table(f"{common.counted(len(findings), 'problem')} in {path}", columns, rows)
    )
