"""The helpers every command shares: carrying out a plan, or previewing it."""

from __future__ import annotations

from pathlib import Path

import pytest

from publist.cli import common
from publist.plans.base import Action, Change, Plan, plan_of

ORCA_PREPRINT = """
@misc{yu2021orca,
  author = {Yu, Gyeong-In},
  title = {{ORCA}: a distributed serving system for transformer-based generative models},
  journal = {arXiv preprint arXiv:2101.00001},
  year = {2021}
}"""  # no newline at the end of the file


def retitle(library, key: str = "yu2022orca", title: str = "{Changed}") -> Plan:
    block = library.entry(key)
    fields = [(n, title if n == "title" else v) for n, v in block.fields]
    return plan_of([Change(Action.REPLACE, key, block.entry_type, tuple(fields))])


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_plan_is_carried_out_or_previewed(library, dry_run, capsys):
    before = library.read_bytes()
    run = common.State(Path(library))
    plan = common.carry_out(run, retitle, dry_run)
    assert plan.keys(Action.REPLACE) == ["yu2022orca"]
    after = library.read_bytes()
    assert after == before if dry_run else b"{Changed}," in after
    shown = capsys.readouterr().out
    assert shown.startswith(f"--- {library} (now)\n") if dry_run else shown == ""


def test_a_change_made_meanwhile_is_planned_again(library):
    """The file changes between the command's read and its write (an editor saves another
    entry): the plan is made again on the new text, and both changes land."""
    from publist import bibfile

    run = common.State(Path(library))
    read = bibfile.load(library)
    text = library.read_text().replace("Orca: A Distributed", "Orca, by hand: A Distributed")
    library.write_text(text)  # the editor, after publist read the file
    common.carry_out(run, lambda target: retitle(target, "kim2021terra"), library=read)
    after = library.read_text()
    assert "Orca, by hand" in after and "{Changed}" in after


def test_a_confirmed_plan_that_no_longer_fits_writes_nothing(library):
    """The user answered a question about the old text; the entry was edited meanwhile."""
    from publist import bibfile
    from publist.errors import LibraryError

    run = common.State(Path(library))
    read = bibfile.load(library)
    confirmed = retitle(read)
    edited = library.read_text().replace("(OSDI 2022)", "(OSDI 2022, edited)")
    library.write_text(edited)
    with pytest.raises(LibraryError, match="changed while publist waited for your answer"):
        common.carry_out(run, retitle, library=read, confirmed=confirmed)
    assert library.read_text() == edited


def test_dedupe_dry_run_diff_is_the_shared_one(cli, library):
    with open(library, "a", encoding="utf-8") as stream:
        stream.write(ORCA_PREPRINT)
    before = library.read_bytes()
    result = cli("-l", library, "dedupe", "--apply", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"--- {library} (now)\n+++ {library} (after)\n")
    assert result.stdout.endswith("\n")  # the last line of the file has none
    assert library.read_bytes() == before


def test_fmt_sort_takes_formattings_orders_and_refuses_others_in_one_line(cli, library):
    result = cli("-l", library, "fmt", "--sort", "bogus")
    assert result.exit_code == 2
    assert result.stderr == "Error: --sort must be one of none, year, key, not 'bogus'\n"
    assert cli("-l", library, "fmt", "--sort", "year", "--dry-run").exit_code == 0


def test_a_diff_shows_control_characters_and_keeps_line_endings():
    """ESC, BEL, a lone CR and C1 in a line are shown as U+FFFD; LF and CRLF endings stay."""
    text = "-  title = {a\x1b]8;;http://x\x07b},\r\n+  note = {c\rd\x9be}\n tab\there\n"
    assert common.visible_lines(text) == (
        "-  title = {a\ufffd]8;;http://x\ufffdb},\r\n+  note = {c\ufffdd\ufffde}\n tab\there\n"
    )


def test_a_count_says_its_noun_in_the_right_number():
    from publist.cli.common import counted

    assert [counted(n, "entry") for n in (0, 1, 2)] == ["0 entries", "1 entry", "2 entries"]
    assert counted(1, "duplicate cluster") == "1 duplicate cluster"
    assert counted(3, "output") == "3 outputs"


def test_a_long_text_is_written_a_piece_at_a_time(monkeypatch, capsys):
    """echo_text writes whole lines a step at a time (no copy of the whole text encoded at
    once), and what arrives is what echo writes of the text at once (escape sequences taken
    out of a pipe's text); print_json ends with one newline."""
    import typer

    written: list[str] = []
    echo = typer.echo
    monkeypatch.setattr(common, "_STEP", 10)
    monkeypatch.setattr(
        typer, "echo", lambda text="", nl=True: written.append(text) or echo(text, nl=nl)
    )
    text = "".join(f"line {number} \x1b[1mbold\x1b[0m é\n" for number in range(40)) + "no end"
    echo(text, nl=False)
    at_once = capsys.readouterr().out
    common.echo_text(text)
    assert capsys.readouterr().out == at_once and "bold é" in at_once
    assert len(written) == 41 and all(piece.endswith("\n") for piece in written[:-1])
    common.print_json({"title": "\x9b2J é " * 20})
    assert capsys.readouterr().out == '{\n  "title": "' + "\\u009b2J é " * 20 + '"\n}\n'


def test_lines_are_written_as_they_come_visible_and_a_step_at_a_time(monkeypatch, capsys):
    """echo_lines writes what echo_text writes of the joined lines, with control characters
    shown, in pieces of whole lines, and takes the next line only after writing a piece."""
    import typer

    written: list[str] = []
    taken: list[int] = []
    echo = typer.echo
    monkeypatch.setattr(common, "_STEP", 30)
    monkeypatch.setattr(
        typer, "echo", lambda text="", nl=True: written.append(text) or echo(text, nl=nl)
    )
    lines = [f"line {number} \x1b[1mbold é\n" for number in range(20)]

    def made():
        for line in lines:
            taken.append(len(written))
            yield line

    common.echo_lines(made())
    out = capsys.readouterr().out
    assert out == common.visible("".join(lines)) and "\x1b" not in out
    assert len(written) > 5 and all(piece.endswith("\n") for piece in written)
    assert taken[-1] == len(written) - 1  # the last piece waited for the last line
