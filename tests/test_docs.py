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
