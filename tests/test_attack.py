"""The hostile inputs of tests/attack/ (see its INDEX.md), each run through the installed
`publist` as a user or an attacker would: one error line and the documented exit code, or
a correct result; never a traceback, never a changed library after a refusal."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, run_publist
from httpserver import Reply, Server
from publist.errors import ExitCode

ATTACK = Path(__file__).resolve().parent / "attack"
OWNER = '[owner]\nname = "Ada Lovelace"\n'
# What a terminal obeys: ESC, BEL, CSI (C1) and every other control but tab and newline.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def folder_with(tmp_path: Path, name: str, config: str = OWNER) -> Path:
    library = tmp_path / "library.bib"
    shutil.copy(ATTACK / name, library)
    (tmp_path / "publist.toml").write_text(config, encoding="utf-8")
    return library


def one_error(done, code: int, *words: str) -> None:
    assert done.returncode == code, (done.returncode, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in lines[0], lines[0]


# --- item 8: tracebacks ---


@pytest.mark.parametrize(
    "command", [["list"], ["export"], ["stats", "--json"], ["check"], ["show", "lovelace2020notes"]]
)
def test_a_superscript_position_in_author_an_is_read_without_a_traceback(tmp_path, command):
    library = folder_with(tmp_path, "annotation-superscript.bib")
    done = run_publist("--library", library, *command)
    assert "Traceback" not in done.stderr
    assert done.returncode in (ExitCode.OK, ExitCode.CHECK_FAILED), done.stderr


@pytest.mark.parametrize("option", ["--equal", "--highlight"])
@pytest.mark.parametrize("position", ["²", "³", "١"])
def test_tag_positions_that_are_digits_only_to_unicode_are_one_error(tmp_path, option, position):
    library = folder_with(tmp_path, "annotation-superscript.bib")
    before = library.read_bytes()
    done = run_publist("--library", library, "tag", "lovelace2020notes", option, position)
    one_error(done, ExitCode.USAGE, position)
    assert library.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("config-unknown-key.toml", ["unknown key 'nmae'", "did you mean 'name'", "name, aliases"]),
        ("config-unknown-table.toml", ["unknown table 'exprt'", "did you mean 'export'"]),
        ("config-string-boolean.toml", ["reverse_numbers must be true or false", "'false'"]),
        ("config-group-without-title.toml", ["needs a title"]),
        ("config-groups-not-an-array.toml", ["groups must be an array"]),
        ("config-aliases-not-an-array.toml", ["aliases must be an array"]),
        ("config-deep-nesting.toml", ["too deeply"]),
    ],
)
def test_config_mistakes_are_one_line_naming_the_key(library, name, words):
    shutil.copy(ATTACK / name, library.parent / "publist.toml")
    for command in (["list"], ["export"], ["stats"]):
        before = library.read_bytes()
        one_error(run_publist("--library", library, *command), ExitCode.ERROR, *words)
        assert library.read_bytes() == before


def test_a_full_disk_while_taking_the_lock_is_one_error(cli, library, monkeypatch):
    import errno

    from publist import files

    real_open = os.open

    def full(path, flags, *args):
        if str(path).endswith(".lock"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_open(path, flags, *args)

    monkeypatch.setattr(files.os, "open", full)
    before = library.read_bytes()
    result = cli("-l", library, "tag", "yu2022orca", "--tag", "x")
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr == f"Error: cannot lock {library}: the disk is full\n"
    assert library.read_bytes() == before


@pytest.fixture
def server():
    with Server() as running:
        yield running


def serve(server: Server, path: str, name: str, query: dict | None = None) -> None:
    body = (ATTACK / name).read_bytes()
    server.add(path, Reply(200, body, {"Content-Type": "application/json"}), query=query)


def test_nonsense_from_dblp_and_crossref_search_is_exit_4(server, library):
    serve(server, "/dblp.org/search/publ/api", "dblp-search-shapes.json")
    serve(server, "/api.crossref.org/works", "crossref-search-shapes.json")
    before = library.read_bytes()
    done = run_publist("--library", library, "add", "--search", "orca", "--pick", "1",
                       env=server.environment())  # fmt: skip
    one_error(done, ExitCode.NETWORK, "cannot read")
    assert library.read_bytes() == before


@pytest.mark.parametrize("broken", ["orcid-person-shapes.json", "orcid-works-shapes.json"])
def test_nonsense_from_orcid_is_exit_4(server, library, broken):
    orcid = "0000-0002-1825-0097"
    for part in ("person", "works"):
        name = broken if part in broken else f"../data/api/orcid_{orcid}_{part}.assembled.json"
        serve(server, f"/pub.orcid.org/v3.0/{orcid}/{part}", name)
    before = library.read_bytes()
    done = run_publist("--library", library, "import", "orcid", orcid, "--yes",
                       env=server.environment())  # fmt: skip
    one_error(done, ExitCode.NETWORK, "ORCID", "cannot read")
    assert library.read_bytes() == before


def test_nonsense_from_crossref_completion_keeps_doi_orgs_fields(server, tmp_path):
    library = tmp_path / "library.bib"
    library.write_text("")
    bib = b"@article{x, author = {Ada Lovelace}, title = {Notes}, year = 2020, doi = {10.1234/x}}"
    server.add("/doi.org/10.1234/x", Reply(200, bib, {"Content-Type": "application/x-bibtex"}))
    serve(server, "/api.crossref.org/works/10.1234/x", "crossref-works-shapes.json")
    done = run_publist("--library", library, "add", "10.1234/x", env=server.environment())
    assert done.returncode == 0, done.stderr
    assert server.requests_to("crossref") and "Traceback" not in done.stderr
    assert "title    = {Notes}" in library.read_text()


def test_a_crossref_value_ending_in_a_backslash_is_stored_so_it_reads_back(server, tmp_path):
    library = tmp_path / "library.bib"
    library.write_text("")
    bib = b"@article{x, author = {Ada Lovelace}, title = {Notes}, year = 2020, doi = {10.1234/x}}"
    server.add("/doi.org/10.1234/x", Reply(200, bib, {"Content-Type": "application/x-bibtex"}))
    serve(server, "/api.crossref.org/works/10.1234/x", "crossref-works-backslash.json")
    done = run_publist("--library", library, "add", "10.1234/x", env=server.environment())
    assert done.returncode == 0, done.stderr
    from publist import bibfile

    stored = bibfile.load(library)
    assert not stored.problems
    fields = dict(stored.entries()[0].fields)
    assert fields["pages"] == "{12\\textbackslash{}}" and fields["number"] == "{50\\% \\& more}"
    import json

    key = stored.entries()[0].key
    shown = json.loads(run_publist("--library", library, "show", key, "--json").stdout)
    assert shown["fields"]["pages"] == "12\\"


# --- item 10 ---


def test_an_owner_name_with_control_characters_makes_valid_toml(tmp_path):
    """`init` and `import` write the owner's name with tomlkit: any character is escaped."""
    from publist import setup

    library = tmp_path / "library.bib"
    setup.set_owner(library, "Ada\x07 \x1b[2JLove\x00lace")
    library.write_text("")
    done = run_publist("--library", library, "list")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "command",
    [["list"], ["list", "--table"], ["show", "k\x1b[2J"], ["show", "link2021"],
     ["export", "-f", "txt"], ["export", "-f", "md"], ["export", "-f", "html"],
     ["export", "-f", "json"], ["export", "-f", "latex"], ["stats"], ["check"], ["dedupe"],
     ["list", "--json"], ["show", "link2021", "--json"], ["check", "--json"]],
)  # fmt: skip
def test_terminal_escapes_never_reach_the_terminal(tmp_path, command):
    library = folder_with(tmp_path, "terminal-escapes.bib")
    done = run_publist("--library", library, *command)
    assert "Traceback" not in done.stderr
    assert not CONTROL.search(done.stdout), repr(done.stdout)
    assert not CONTROL.search(done.stderr), repr(done.stderr)


@pytest.mark.parametrize("view", ["venue", "coauthor", "type"])
def test_csv_cells_never_start_a_formula(tmp_path, view):
    import csv
    import io

    library = folder_with(tmp_path, "csv-formulas.bib")
    done = run_publist("--library", library, "stats", "--format", "csv", "--by", view)
    assert done.returncode == 0, done.stderr
    cells = [cell for row in csv.reader(io.StringIO(done.stdout)) for cell in row]
    assert cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@")) or re.fullmatch(r"[+-]?\d+", cell), cell
    if view == "coauthor":
        assert "'+Plus Sign" in cells and "'-Minus Sign" in cells and "'@SUM(1+1)" in cells


def test_inert_cells():
    from publist.stats import inert_cell

    assert [inert_cell(cell) for cell in ("=1+1", "@x", "+a", "-b", "\tc", "12", "-3", "OSDI")] == [
        "'=1+1", "'@x", "'+a", "'-b", "'\tc", "12", "-3", "OSDI"]  # fmt: skip


def test_tag_never_replaces_a_keywords_macro_with_its_name(tmp_path):
    library = folder_with(tmp_path, "keywords-macro.bib")
    before = library.read_bytes()
    for args in (["--tag", "new"], ["--type", "conference"], ["--untag", "ml"]):
        done = run_publist("--library", library, "tag", "yu2022orca", *args)
        one_error(done, ExitCode.ERROR, "@string")
        assert library.read_bytes() == before
    listed = run_publist("--library", library, "list", "--tag", "serving")
    assert "yu2022orca" in listed.stdout


def test_percent_next_to_latex_is_kept_and_no_two_papers_merge(tmp_path):
    library = folder_with(tmp_path, "percent-next-to-latex.bib")
    shown = run_publist("--library", library, "export", "-f", "txt").stdout
    assert "50% Faster Clustering with k-Means" in shown
    assert "50% Less Memory for α-Nets" in shown
    assert "R&D at Scale: O(n) Memory" in shown
    before = library.read_bytes()
    done = run_publist("--library", library, "dedupe", "--apply")
    assert done.returncode == 0 and "Nothing to merge" in done.stderr
    assert library.read_bytes() == before


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can run a write for another user")
def test_a_run_as_root_keeps_the_librarys_owner(library):
    os.chown(library, 65534, 65534)
    done = run_publist("--library", library, "tag", "yu2022orca", "--tag", "x")
    assert done.returncode == 0, done.stderr
    status = os.stat(library)
    assert (status.st_uid, status.st_gid) == (65534, 65534)


def test_a_temporary_file_left_by_a_killed_write_is_removed(library):
    left = library.parent / f".{library.name}.k1ll3d_x.tmp"
    left.write_text("half a library")
    other = library.parent / ".notes.txt.abcdefgh.tmp"  # not the library's: kept
    other.write_text("someone else's")
    done = run_publist("--library", library, "tag", "yu2022orca", "--tag", "x")
    assert done.returncode == 0, done.stderr
    assert not left.exists() and other.exists()


def test_a_write_cut_off_by_a_closed_pipe_never_claims_success(library):
    """`publist dedupe --apply 2>&1 | head -1`: when the reader leaves before the change is
    saved, nothing is written and the exit code says so."""
    duplicate = (
        "@inproceedings{a, author = {Ada Lovelace}, title = {Notes on the Engine}, booktitle = {X},"
        " year = 2020, doi = {10.1234/x}}\n\n@inproceedings{b, author = {Ada Lovelace}, title = "
        "{Notes on the Engine}, booktitle = {X}, year = 2020, doi = {10.1234/x}, pages = {1--2}}\n"
    )
    library.write_text(duplicate)
    (library.parent / f"{library.name}.lock").write_text("99999")  # a stale lock: a notice first
    command = f'publist --library "{library}" dedupe --apply 2>&1 | true; exit "${{PIPESTATUS[0]}}"'
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONUNBUFFERED": "1"})  # fmt: skip
    if library.read_text() == duplicate:
        assert done.returncode != 0
    else:
        assert done.returncode == 0  # it was saved before the pipe closed


def test_the_attack_index_names_every_file():
    index = (ATTACK / "INDEX.md").read_text(encoding="utf-8")
    for path in sorted(ATTACK.iterdir()):
        if path.name != "INDEX.md":
            assert f"`{path.name}`" in index, path.name
    assert ROOT.joinpath("tests", "attack").is_dir()
