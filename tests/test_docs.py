"""README stays current: every command and every option a user can type is documented there."""

from __future__ import annotations

import re

import typer

from conftest import ROOT
from publist.cli.app import COMMANDS, app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def options_of(name: str) -> list[str]:
    command = typer.main.get_command(app).commands[name]
    return [
        opt
        for param in command.params
        for opt in param.opts
        if opt.startswith("--") and opt != "--help"
    ]


def test_readme_opens_with_the_two_commands():
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)
    assert blocks[0] == "pip install . && publist export --format md"
    assert blocks[1] == "pip install -e '.[test]' && pytest"


def test_every_command_has_a_section():
    for name in COMMANDS:
        assert re.search(rf"^#+ .*`publist {name}`", README, re.MULTILINE), name


def test_every_option_is_mentioned():
    missing = [
        f"publist {name} {option}"
        for name in COMMANDS
        for option in options_of(name)
        if option not in README
    ]
    assert not missing, f"not in README: {missing}"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install" in ci and "-e '.[test" in ci
    assert "pytest" in ci


def test_readme_venue_rules_are_the_table_in_venues():
    from publist import venues

    section = README.split("#### Venue types: how `--auto` classifies")[1].split("####")[0]
    rows = re.findall(r"^\| (\d+|–) \| ([\w-]+) \| (\w+) \|", section, re.MULTILINE)
    expected = [(str(i), r.name, r.kind.value) for i, r in enumerate(venues.RULES, 1)]
    assert rows == [*expected, ("–", "fallback", "other")]


def test_readme_says_what_publist_does_with_each_tools_fields():
    from publist import links

    section = README.split("### What publist reads from the tools")[1].split("\n## ")[0]
    fields = [*links.LINK_FIELDS, "*_url", "url_*", "bdsk-url-1", "abbr", "selected",
              "award_name", "additional_info", "annotation", "addendum", "pubstate",
              "howpublished", "date", "eprinttype", "what", "and others"]  # fmt: skip
    missing = [name for name in fields if f"`{name}" not in section]
    assert not missing, missing
    tools = (
        "al-folio",
        "academicpages",
        "Hugo Blox",
        "biblatex",
        "Google Scholar",
        "DBLP",
        "BibDesk",
    )
    for tool in tools:
        assert tool in section, tool
