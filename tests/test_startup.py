"""Start-up stays light (issue 22, target 6): no command imports a heavy library it does
not use. Each command runs in a fresh interpreter on a copy of the bundled library, and
what it imported is read from sys.modules when it ends."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# The command runs in-process so that its sys.modules can be read when it ends.
CHILD = """
import json, os, sys
from publist.cli.app import app
try:
    app(args=sys.argv[1:], prog_name="publist")
except SystemExit:
    pass
with open(os.environ["MODULES_FILE"], "w") as stream:
    json.dump(sorted(sys.modules), stream)
"""
NETWORK, TABLES, FUZZY, TOML_EDITS, PLOTS = "requests", "rich", "rapidfuzz", "tomlkit", "matplotlib"
PARSERS = ("bibtexparser", "pylatexenc")  # a warm run needs neither; a first run may
EVERYTHING = (NETWORK, TABLES, FUZZY, TOML_EDITS, PLOTS)
HEAVY = EVERYTHING + PARSERS
FORBIDDEN = [
    (("--version",), HEAVY),
    (("--help",), HEAVY),
    (("build", "--help"), HEAVY),
    (("refresh", "--help"), HEAVY),
    (("export", "--format", "md"), EVERYTHING),
    (("export", "-f", "bib"), EVERYTHING),
    (("list", "--json"), EVERYTHING),
    (("show", "yu2022orca", "--json"), EVERYTHING),
    (("stats", "--json"), EVERYTHING),
    (("fmt", "--check"), EVERYTHING),
    (("tag", "yu2022orca", "--award", "Best Paper"), EVERYTHING),
    (("check",), (NETWORK, TABLES, TOML_EDITS, PLOTS)),  # duplicates: rapidfuzz
    (("dedupe", "--json"), (NETWORK, TABLES, TOML_EDITS, PLOTS)),
]


def imported(args: tuple[str, ...], folder: Path, services: dict | None = None) -> set[str]:
    """The modules `publist --library folder/library.bib ARGS` loaded (`services`: more
    environment, a test server's URLs)."""
    target = folder / "modules.json"
    environment = {**os.environ, **(services or {}), "MODULES_FILE": str(target),
                   "PUBLIST_CACHE_DIR": str(folder / "cache")}  # fmt: skip
    subprocess.run(
        [sys.executable, "-c", CHILD, "--library", str(folder / "library.bib"), *args],
        cwd=folder, env=environment, stdin=subprocess.DEVNULL, capture_output=True, check=False,
    )  # fmt: skip
    return set(json.loads(target.read_text()))


def packages(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize(("args", "forbidden"), FORBIDDEN, ids=[" ".join(a) for a, _ in FORBIDDEN])
def test_no_command_imports_a_heavy_library_it_does_not_use(library, args, forbidden):
    folder = library.parent
    imported(args, folder)  # a first run warms the cache, as a user's runs find it
    loaded = packages(imported(args, folder)) & set(forbidden)
    assert not loaded, f"publist {' '.join(args)} imports {sorted(loaded)}"


def test_the_check_sees_an_import(library):
    """The probe itself works: dedupe, comparing two titles that differ by a typo, is seen
    to import rapidfuzz."""
    library.write_text(
        "@article{a, author = {Ada Lovelace}, title = {Notes on the Analytical Engine},"
        " journal = {Memoirs}, year = 1843}\n"
        "@article{b, author = {Ada Lovelace}, title = {Notes on the Analytcal Engine},"
        " journal = {Memoirs}, year = 1843}\n"
    )
    assert FUZZY in packages(imported(("dedupe", "--json"), library.parent))


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("tag", "--help")])
def test_help_reads_no_library_machinery(library, args):
    """--help builds every command to list it: a command module that imports the library
    machinery at its top (tag's plans.base did: bibfile, cache, blocks) slows every --help."""
    machinery = {"publist.bibfile", "publist.cache", "publist.blocks", "publist.plans.base"}
    assert not imported(args, library.parent) & machinery


def test_add_from_a_file_imports_no_network_source(library):
    """`add --bib` and an entry typed by hand need Record, never a service's module (their
    XML and e-mail parsing cost `add --bib` 20 ms of start-up) nor the HTTP client (8 ms)."""
    folder = library.parent
    (folder / "one.bib").write_text(
        "@misc{lovelace1843notes, author = {Ada Lovelace}, title = {Notes by the Translator},"
        " year = 1843}\n"
    )
    services = {"publist.sources.arxiv", "publist.sources.dblp", "publist.sources.doi",
                "publist.sources.base", "publist.sources.http"}  # fmt: skip
    for args in (("add", "--bib", "one.bib"),
                 ("add", "--title", "Sketch of the Analytical Engine", "--author", "Ada Lovelace",
                  "--year", "1842", "--venue", "Scientific Memoirs")):  # fmt: skip
        loaded = imported(args, folder)
        assert "publist.plans.add" in loaded, args  # the command ran
        assert not loaded & services, args
        assert NETWORK not in packages(loaded), args


@pytest.mark.parametrize("args", [("check",), ("fmt", "--check"), ("dedupe", "--json"),
                                  ("tag", "yu2022orca", "--award", "Best Paper")])  # fmt: skip
def test_commands_that_print_no_list_load_no_formatting_core(library, args):
    """Library.document imports render.core when asked (14 ms of `check`'s start-up)."""
    folder = library.parent
    imported(args, folder)
    assert "publist.render.core" not in imported(args, folder), args


@pytest.mark.parametrize("name", __import__("publist.cli.app", fromlist=["COMMANDS"]).COMMANDS)
def test_command_signatures_need_no_evaluation(name):
    """typer reads a command's options from its annotations: left as strings (`from
    __future__ import annotations`), each is compiled and evaluated at every start, 10 ms of
    `add`'s (27 options). Evaluated when the module loads, they come from its bytecode cache."""
    import importlib

    command = importlib.import_module(f"publist.cli.{name}_command").command
    strings = [name for name, value in command.__annotations__.items() if isinstance(value, str)]
    assert not strings, f"{name}: annotations left as strings: {strings}"


def test_finding_duplicates_loads_no_merging(library):
    """`check` and `add` find duplicates; merging and explaining load when asked (5 ms)."""
    folder = library.parent
    (folder / "one.bib").write_text("@misc{babbage1864passages, author = {Charles Babbage},"
                                    " title = {Passages from the Life of a Philosopher}}\n")  # fmt: skip
    later = {"publist.dedupe.merging", "publist.dedupe.explanations", "publist.dedupe.values"}
    for args in (("check",), ("add", "--bib", "one.bib")):
        loaded = imported(args, folder)
        assert "publist.dedupe.clusters" in loaded, args  # duplicates were looked for
        assert not loaded & later, args


def test_a_build_without_a_hugo_output_loads_no_hugo_backend(library):
    """build looks for Hugo's bundles only for a Hugo output, and for `selected` only when
    an output asks: render.hugo, render.parts and stats are 4-5 ms of a build."""
    folder = library.parent
    with (folder / "publist.toml").open("a", encoding="utf-8") as settings:
        settings.write('\n[[build.outputs]]\nformat = "md"\npath = "site/publications.md"\n')
    loaded = imported(("build",), folder)
    assert (folder / "site" / "publications.md").is_file()  # the command ran
    assert not loaded & {"publist.render.hugo", "publist.render.parts", "publist.stats"}
    assert not packages(loaded) & set(EVERYTHING)
