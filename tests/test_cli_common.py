"""The helpers every command shares: editing or previewing a change."""

from __future__ import annotations

from pathlib import Path

import pytest

from publist.cli import common

ORCA_PREPRINT = """
@misc{yu2021orca,
  author = {Yu, Gyeong-In},
  title = {{ORCA}: a distributed serving system for transformer-based generative models},
  journal = {arXiv preprint arXiv:2101.00001},
  year = {2021}
}"""  # no newline at the end of the file


def _retitle(library) -> None:
    block = library.entry("yu2022orca")
    fields = [(n, "{Changed}" if n == "title" else v) for n, v in block.fields]
    library.replace_entry("yu2022orca", block.entry_type, fields)


@pytest.mark.parametrize("dry_run", [True, False])
def test_edit_or_preview_returns_both_texts_and_writes_only_for_real(library, dry_run, capsys):
    before = library.read_bytes()
    run = common.State(Path(library))
    old, new = common.edit_or_preview(run, _retitle, dry_run)
    assert old == before.decode("utf-8") and "{Changed}," in new
    assert library.read_bytes() == (before if dry_run else new.encode("utf-8"))
    shown = capsys.readouterr().out
    assert shown.startswith(f"--- {library} (now)\n") if dry_run else shown == ""


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
