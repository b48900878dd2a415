"""Tables for people: library text is shown as written (never read as rich markup), and fits."""

from __future__ import annotations

import pytest

MARKUP_TITLE = "[Re] Reproducing [b]bold[/b] claims [/]"
MARKUP_LIBRARY = f"""@inproceedings{{re[b]one,
  author = {{Ann [/bold] Lee and Bo Chen}},
  title = {{{MARKUP_TITLE}}},
  booktitle = {{Workshop on [i]Things[/]}},
  year = {{2021}},
}}

@inproceedings{{re[/]two,
  author = {{Ann [/bold] Lee and Bo Chen}},
  title = {{{MARKUP_TITLE}}},
  booktitle = {{Workshop on [i]Things[/]}},
  year = {{2021}},
}}
"""
WIDE = {"COLUMNS": "250"}


@pytest.fixture
def marked(tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(MARKUP_LIBRARY, encoding="utf-8")
    return path


def test_list_shows_markup_in_titles_literally(cli, marked):
    result = cli("-l", marked, "list", "--table", env=WIDE)
    assert result.exit_code == 0, result.stderr
    assert MARKUP_TITLE in result.stdout
    assert "re[b]one" in result.stdout and "re[/]two" in result.stdout


def test_stats_shows_markup_in_names_and_venues_literally(cli, marked):
    result = cli("-l", marked, "stats", env=WIDE)
    assert result.exit_code == 0, result.stderr
    assert "Ann [/bold] Lee" in result.stdout
    assert "Workshop on [i]Things[/]" in result.stdout


def test_dedupe_shows_markup_in_keys_literally(cli, marked):
    result = cli("-l", marked, "dedupe", env=WIDE)
    assert result.exit_code == 0, result.stderr
    assert "re[b]one" in result.stdout and "re[/]two" in result.stdout


def test_dedupe_interactive_shows_markup_in_fields_literally(cli, marked):
    result = cli("-l", marked, "dedupe", "--apply", "-i", "--dry-run", input="n\n", env=WIDE)
    assert result.exit_code == 0, result.stderr
    assert MARKUP_TITLE in result.stderr


def test_list_fits_80_columns_one_line_per_entry(cli, library):
    result = cli("-l", library, "list", "--table", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line.rstrip()) <= 80 for line in lines)
    orca = next(line for line in lines if line.startswith("yu2022orca "))
    assert " OSDI " in orca and "Orca: " in orca and orca.rstrip().endswith("1/5")
    assert "…" in orca  # the title is cut, not wrapped
    assert sum("NeurIPS" in line for line in lines) == 5
    rule = lines.index("─" * 80)
    assert len(lines[rule + 1 :]) == 18  # one line per entry


def test_list_json_keeps_the_full_venue(cli, library):
    import json

    rows = json.loads(cli("-l", library, "list", "--json", env={"COLUMNS": "80"}).stdout)
    orca = next(row for row in rows if row["key"] == "yu2022orca")
    assert orca["venue"].startswith("16th USENIX Symposium on Operating Systems Design")
    assert set(orca) == {
        "key", "year", "type", "typed", "venue", "title", "authors", "owner_positions"
    }  # fmt: skip


def test_add_search_table_shows_markup_literally(capsys):
    from types import SimpleNamespace

    from publist.cli import add_command

    hit = SimpleNamespace(
        year="2020", title="[Re] Reproducing [b]bold[/b] claims [/]", authors=["A [/] B"],
        venue="[i]Venue[/i]", origin="dblp",
    )  # fmt: skip
    add_command._show([hit])  # rich would raise MarkupError on "[/]" if read as markup
    shown = " ".join(capsys.readouterr().err.split())
    assert "[b]bold[/b]" in shown and "[i]Venue[/i]" in shown
