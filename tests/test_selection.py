"""One selection (venue types, year range, tags) for export, stats and list."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from publist import bibfile, model, reading
from publist.errors import UsageProblem
from publist.kinds import VenueType
from publist.selection import Selection, parse, select


def bundled() -> list[model.Publication]:
    return reading.publications(bibfile.load(ROOT / "library.bib"))


def test_parse_checks_types_and_trims_tags():
    chosen = parse(["Conference", "demo", "conference"], 2019, 2020, [" ML ", ""])
    assert chosen == Selection((VenueType.CONFERENCE, VenueType.DEMO), 2019, 2020, ("ML",))
    with pytest.raises(UsageProblem, match="unknown venue type 'bogus'"):
        parse(["bogus"])


def test_since_after_until_is_a_usage_problem():
    with pytest.raises(UsageProblem, match="the years from 2022 to 2019 are an empty range"):
        Selection(since=2022, until=2019)


def test_select_by_type_years_and_tags():
    items = bundled()
    assert len(select(items, Selection())) == 18
    keys = [item.key for item in select(items, parse(["patent"]))]
    assert keys == ["yu2022selective", "yu2022dynamic"]
    assert len(select(items, Selection(since=2020))) == 7
    assert select(items, Selection(tags=("none-such",))) == []


@pytest.mark.parametrize("command", ["export", "stats", "list"])
def test_since_after_until_is_one_line_and_exit_2(cli, library, command):
    before = library.read_bytes()
    result = cli("-l", library, command, "--since", "2022", "--until", "2019")
    assert result.exit_code == 2
    assert result.stderr == "Error: --since 2022 is after --until 2019\n"
    assert result.stdout == "" and library.read_bytes() == before


@pytest.mark.parametrize("command", ["list", "list --json", "stats", "export"])
def test_an_unknown_type_is_one_line_and_exit_2(cli, library, command):
    result = cli("-l", library, *command.split(), "--type", "bogus")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown venue type 'bogus'")
    assert result.stderr.count("\n") == 1 and result.stdout == ""


@pytest.mark.parametrize("command", ["export", "stats", "list"])
@pytest.mark.parametrize("option", ["--since", "--until"])
def test_one_bundle_of_selection_options_with_one_year_type(cli, library, command, option):
    """export, stats and list take --type/--since/--until/--tag alike, years as years."""
    result = cli("-l", library, command, option, "last-year")
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {option} needs a year such as 2019, not 'last-year'\n",
    )
    tagged = cli("-l", library, command, "--tag", "no-such-tag", "--since", "2019", "-t", "demo")
    assert tagged.exit_code == 0, tagged.stderr


def test_list_selects_as_export_does(cli, library):
    listed = cli("-l", library, "list", "--json", "--since", "2021", "--until", "2022")
    exported = cli("-l", library, "export", "-f", "json", "--since", "2021", "--until", "2022")
    keys = [row["key"] for row in json.loads(listed.stdout)]
    shown = [i["key"] for s in json.loads(exported.stdout)["sections"] for i in s["items"]]
    assert sorted(keys) == sorted(shown) and keys
    both = cli("-l", library, "list", "--year", "2021", "--since", "2020")
    assert both.exit_code == 2 and "give one or the other" in both.stderr
