"""init, list, show, --help, --version and the error boundary, in-process and installed."""

from __future__ import annotations

import json
import os
import re

import pytest

from conftest import ROOT, run_publist
from publist import __version__


def test_version_and_help(cli):
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"publist {__version__}"
    result = cli("--help")
    assert result.exit_code == 0
    for name in ("init", "add", "list", "show", "export", "tag", "dedupe", "stats", "check", "fmt"):
        assert re.search(rf"^\s+{name}\s", result.stdout, re.MULTILINE), name


def test_every_command_has_help_with_an_example(cli):
    from publist.cli.app import COMMANDS

    for name in COMMANDS:
        result = cli(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, f"{name} --help has no example"


def test_list_shows_all_18_publications_with_types(cli, library):
    result = cli("-l", library, "list", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 18
    counts = {}
    for row in rows:
        counts[row["type"]] = counts.get(row["type"], 0) + 1
        assert row["typed"] is True
        assert row["owner_positions"], row["key"]
    assert counts == {"conference": 9, "workshop": 5, "journal": 1, "demo": 1, "patent": 2}


def test_list_filters(cli, library):
    rows = json.loads(cli("-l", library, "list", "--json", "--type", "patent").stdout)
    assert [r["key"] for r in rows] == ["yu2022selective", "yu2022dynamic"]
    rows = json.loads(cli("-l", library, "list", "--json", "--year", "2018").stdout)
    assert {r["key"] for r in rows} == {"jeong2018improving", "yu2018making"}
    rows = json.loads(cli("-l", library, "list", "--json", "--search", "janus").stdout)
    assert {r["key"] for r in rows} == {"jeong2019janus", "jeong2019demonstration"}


def test_list_table_for_people(cli, library):
    result = cli("-l", library, "list", "--table")
    assert result.exit_code == 0
    assert "yu2022orca" in result.stdout and "18 publications" in result.stdout


def test_list_piped_is_one_tab_separated_line_per_entry(cli, library):
    result = cli("-l", library, "list", "--type", "patent")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(line.count("\t") == 5 for line in lines)
    key, year, kind, _, title, owner = lines[0].split("\t")
    assert (kind, owner) == ("patent", "1/5") and year.isdigit()
    assert title == "Selective batching for inference system for transformer-based generation tasks"


def test_list_never_imports_rich_when_piped(library):
    import subprocess
    import sys

    script = (
        "import sys; from publist.cli.app import app\n"
        f"app(['-l', {str(library)!r}, 'list'], standalone_mode=False)\n"
        "print('rich' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.splitlines()[-1] == "False", result.stderr


def test_show_prints_decoded_and_raw(cli, library):
    result = cli("-l", library, "show", "kwon2020nimble")
    assert result.exit_code == 0
    assert "Woosuk Kwon; Gyeong-In Yu" in result.stdout
    assert "author+an = {1=equal; 2=equal}," in result.stdout
    detail = json.loads(cli("-l", library, "show", "kwon2020nimble", "--json").stdout)
    assert detail["owner_positions"] == [2] and detail["type"] == "conference"


def test_unknown_key_is_one_line_and_exit_1(cli, library):
    before = library.read_bytes()
    result = cli("-l", library, "show", "nope")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: no entry with key 'nope' in {library}"]
    assert library.read_bytes() == before


def test_missing_library_is_a_clear_error(cli, tmp_path):
    result = cli("-l", tmp_path / "none.bib", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no library at") and "publist init" in result.stderr


def test_malformed_library_warns_with_line_for_read_only_commands(cli, tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(
        "@misc{ok, title = {Fine}}\n\n@article{bad, title = {x}\n\n@misc{b, title={y}}\n"
    )
    result = cli("-l", path, "list", "--json")
    assert result.exit_code == 0
    assert f"Warning: {path}:3: cannot parse" in result.stderr
    assert [r["key"] for r in json.loads(result.stdout)] == ["ok", "b"]


def test_bad_usage_exits_2(cli, library):
    result = cli("-l", library, "list", "--year", "soon")
    assert result.exit_code == 2


def test_init_creates_and_updates_without_touching_publications(cli, tmp_path):
    path = tmp_path / "library.bib"
    result = cli("-l", path, "init", "--owner", "Ada Lovelace", "--alias", "A. Lovelace")
    assert result.exit_code == 0, result.stderr
    toml = (tmp_path / "publist.toml").read_text()
    assert 'name = "Ada Lovelace"' in toml and 'aliases = ["A. Lovelace"]' in toml
    path.write_text(path.read_text() + "@misc{k, title = {Mine}}\n")
    before = path.read_bytes()
    result = cli("-l", path, "init", "--owner", "Augusta Ada King")
    assert result.exit_code == 0
    assert path.read_bytes() == before
    toml = (tmp_path / "publist.toml").read_text()
    assert 'name = "Augusta Ada King"' in toml and 'aliases = ["A. Lovelace"]' in toml
    assert "[network]" in toml


def test_environment_variable_names_the_library(cli, library):
    result = cli("list", "--json", env={"PUBLIST_LIBRARY": str(library)})
    assert len(json.loads(result.stdout)) == 18


def test_installed_command_runs_in_the_project_folder():
    result = run_publist("list", "--json", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 18
    result = run_publist("show", "missing-key", cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_python_dash_m_works():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "publist", "--version"], capture_output=True, text=True
    )
    assert result.stdout.strip() == f"publist {__version__}"


def test_version_answers_without_loading_typer_or_the_commands():
    import subprocess
    import sys

    script = (
        "import sys; sys.argv = ['publist', '--version']\n"
        "from publist.cli import main; main()\n"
        "print(sorted(m for m in ('typer', 'click', 'publist.cli.app') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.splitlines() == [f"publist {__version__}", "[]"]


def test_help_lists_every_command_without_building_one():
    import subprocess
    import sys

    script = (
        "import typer\nfrom publist.cli.app import app\n"
        "group = typer.main.get_command(app)\n"
        "group.main(['--help'], standalone_mode=False)\n"
        "print(sorted(group.commands._built))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.splitlines()[-1] == "[]", result.stderr
    for name in ("init", "add", "list", "show", "export", "tag", "dedupe", "stats", "check"):
        assert f"\n  {name} " in result.stdout


def test_a_mistyped_command_gets_a_suggestion(cli):
    result = cli("expor")
    assert result.exit_code == 2
    assert "No such command 'expor'. Did you mean 'export'?" in result.stderr


def _at_exit(library, command: str, report: str) -> str:
    """What `report` (an expression over gc) says as a publist run ends."""
    import subprocess
    import sys

    script = (
        "import atexit, gc, sys\n"
        f"atexit.register(lambda: print('at exit', {report}, file=sys.stderr))\n"
        f"sys.argv = ['publist', '--library', {str(library)!r}, {command!r}]\n"
        "from publist.cli import main; main()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_the_objects_of_a_run_are_frozen_before_python_exits(library):
    """Python's last collections at exit rescan every object a run made (0.25 s of a
    10,000-entry export); frozen ones are skipped, and the system takes back the memory."""
    assert "at exit True" in _at_exit(library, "list", "gc.get_freeze_count() > 0")


def test_a_command_runs_without_the_cyclic_collector(library):
    """Nearly every object of a run lives until it ends: the collector's scans of them were
    a tenth of a first export (issue 22). Only build --watch, which lasts, turns it on."""
    assert "at exit False" in _at_exit(library, "export", "gc.isenabled()")


def test_a_second_run_on_a_large_library_takes_its_names_and_text_from_the_first(tmp_path):
    """The parse and what a run decoded are kept in the cache folder; the next run on the
    same text neither parses nor decodes, and prints the same list."""
    import subprocess
    import sys

    entries = [
        f"@inproceedings{{k{index}, author = {{Ana Klimovi{{\\'c}} and de la Fontaine, Jean}},"
        f' title = {{Paper {index} \\& $\\approx$}}, booktitle = {{Proc. {{\\"O}}}}, year = 2020}}'
        for index in range(1200)
    ]
    library = tmp_path / "library.bib"
    library.write_text("\n\n".join(entries) + "\n", encoding="utf-8")
    cache = tmp_path / "cache"
    environment = {"PUBLIST_CACHE_DIR": str(cache)}
    first = run_publist("-l", library, "--owner", "Jean de la Fontaine", "export", env=environment)
    assert first.returncode == 0, first.stderr
    assert "**Jean de la Fontaine**" in first.stdout and "Klimović" in first.stdout
    assert len(list(cache.glob("*.memo"))) == 1
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted(m for m in sys.modules if m.startswith("
        "('bibtexparser', 'pylatexenc.latex'))), file=sys.stderr))\n"
        f"sys.argv = ['publist', '-l', {str(library)!r}, '--owner', 'Jean de la Fontaine', 'export']\n"
        "from publist.cli import main; main()\n"
    )
    second = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
    )
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
    assert second.stderr.splitlines()[-1] == "[]"


def test_a_memo_that_cannot_be_kept_leaves_the_run_as_it_was(tmp_path, monkeypatch, capsys):
    import gc

    import pytest

    from publist import bibfile, memo_files
    from publist.cli import app

    entries = "\n".join(
        f"@misc{{k{n}, author = {{Ana Klimovi{{\\'c}}}}, year = 2020}}" for n in range(2500)
    )
    library = tmp_path / "library.bib"
    library.write_text(entries, encoding="utf-8")
    monkeypatch.setenv("PUBLIST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("sys.argv", ["publist", "-l", str(library), "list", "--json"])

    def broken(*arguments):
        raise RuntimeError("no memo today")

    monkeypatch.setattr(memo_files, "_memo_data", broken)
    try:
        with pytest.raises(SystemExit) as stop:
            app.main()
    finally:
        gc.unfreeze()  # what main does before the process ends
        gc.enable()
    assert stop.value.code in (0, None)
    assert "k2499" in capsys.readouterr().out
    monkeypatch.undo()
    assert not list((tmp_path / "cache").glob("*.memo"))
    loaded = bibfile.load(library, cache_folder=tmp_path / "cache")
    assert memo_files.read_memo(loaded.cache_file).decoded == {}


@pytest.mark.parametrize(
    "settings",
    [
        '[owner]\nname = "Ada"\naliases = [\n  "A. Lovelace",  # as in 1843\n  "Ada King",\n]\n',
        '[owner] # me\nname = "Ada"\n\n[export]\nmonths = "short"\n',
        '# dotted keys\nowner.name = "Ada"\nowner.aliases = ["Ada King"]\n',
    ],
)
def test_init_edits_any_valid_publist_toml_and_keeps_the_rest(cli, tmp_path, settings):
    import tomllib

    (tmp_path / "publist.toml").write_text(settings, encoding="utf-8")
    library = tmp_path / "library.bib"
    result = cli("-l", library, "init", "--owner", 'Ada "the first" Lovelace', "--alias", "AL")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "publist.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["owner"]["name"] == 'Ada "the first" Lovelace'
    assert data["owner"]["aliases"] == ["AL"]
    for line in settings.splitlines():  # every comment and other setting is kept
        if line.startswith("#") or "months" in line or "[export]" in line:
            assert line in text


def test_a_name_with_control_characters_makes_valid_toml(cli, tmp_path):
    import tomllib

    library = tmp_path / "library.bib"
    result = cli("-l", library, "init", "--owner", "Ada\x07 Lovelace\t")
    assert result.exit_code == 0, result.stderr
    data = tomllib.loads((tmp_path / "publist.toml").read_text(encoding="utf-8"))
    assert data["owner"]["name"] == "Ada\x07 Lovelace\t"
    assert cli("-l", library, "list").exit_code == 0


# --- issue 17: the run's options after the command, accents in --search, remove ---


def test_the_runs_options_also_after_the_command(cli, library, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    after = run_publist("export", "-l", library, "-f", "txt", cwd=elsewhere)
    before = run_publist("-l", library, "export", "-f", "txt", cwd=elsewhere)
    assert after.returncode == 0 and after.stdout == before.stdout != ""
    owner = cli("export", "--library", library, "--owner", "Byung-Gon Chun", "-f", "md")
    assert owner.exit_code == 0 and "**Byung-Gon Chun**" in owner.stdout
    assert "**Gyeong-In Yu**" not in owner.stdout
    # an option's value is never taken for one, and a command's own option stays its own
    search = cli("list", "--json", "--search", "-l", "--library", library)
    assert search.exit_code == 0 and json.loads(search.stdout) == []
    (tmp_path / "new").mkdir()
    init = cli("init", "--owner", "Ada Lovelace", "-l", tmp_path / "new" / "library.bib")
    assert init.exit_code == 0 and (tmp_path / "new" / "library.bib").exists()
    assert 'name = "Ada Lovelace"' in (tmp_path / "new" / "publist.toml").read_text()


def test_search_ignores_accents(cli, tmp_path):
    path = tmp_path / "library.bib"
    path.write_text("@misc{k, author = {D{\\'a}niel Varr{\\'o} and {\\L}ukasz {\\L}{\\'o}d{\\'z}},"
                    " title = {Graph Queries}, year = 2020}\n")  # fmt: skip
    for text in ("varro", "VARRÓ", "lodz", "Łódź"):
        rows = json.loads(cli("-l", path, "list", "--json", "--search", text).stdout)
        assert [row["key"] for row in rows] == ["k"], text


def test_remove_takes_out_entries_through_a_plan(cli, library):
    before = library.read_text()
    result = cli("-l", library, "remove", "kim2021terra", "--dry-run")
    assert result.exit_code == 0 and "-@inproceedings{kim2021terra," in result.stdout
    assert library.read_text() == before
    missing = cli("-l", library, "remove", "kim2021terra", "nope")
    assert missing.exit_code == 1 and "no entry with key 'nope'" in missing.stderr
    assert library.read_text() == before
    result = cli("-l", library, "remove", "kim2021terra")
    assert result.exit_code == 0 and "Removed kim2021terra." in result.stderr
    start = before.index("@inproceedings{kim2021terra")
    end = before.index("@", start + 1)
    assert library.read_text() == before[:start] + before[end:]


@pytest.mark.parametrize(
    ("args", "words"),
    [(["export", "--max-authors", "-1"], "-1 is not in the range"),
     (["export", "--max-authors", "abc"], "'abc' is not a valid"),
     (["check", "--format", "foo"], "'foo' is not one of"),
     (["list", "--bogus"], "No such option: --bogus (see '"),
     (["import", "dblp"], "Missing argument 'PROFILE'"),
     (["import", "orcid", "x", "--since", "20x"], "'20x' is not a valid"),
     (["--bogus", "list"], "No such option: --bogus (see '"),
     (["nosuch"], "No such command 'nosuch'"),
     (["--encoding", "bogus", "list"], "unknown encoding 'bogus'"),
     (["--encoding", "bogus", "tag", "--auto", "--all"], "unknown encoding 'bogus'")],
)  # fmt: skip
def test_a_usage_error_click_finds_is_one_line(cli, library, args, words):
    """README: every error is one line on stderr starting with `Error:` (exit 2)."""
    result = cli("-l", library, *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("Error: ") and words in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("args", "option"),
    [(["init", "--owner", ""], "--owner"), (["init", "--owner", "  "], "--owner"),
     (["--owner", "", "init"], "--owner"), (["init", "--owner", "A", "--alias", ""], "--alias")],
)  # fmt: skip
def test_init_refuses_an_empty_name(cli, tmp_path, args, option):
    result = cli("-l", tmp_path / "library.bib", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {option} needs a name")
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
