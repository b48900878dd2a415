"""The network deadline and the lost-update guard, from the command line: a dripping server
is given up on within the deadline, an edit made while publist waits is never overwritten,
and concurrent adds of one work leave exactly one entry."""

from __future__ import annotations

import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from conftest import DATA, ROOT, run_publist
from httpserver import Reply, Server
from publist import bibfile
from publist.errors import ExitCode

DOI = "10.1126/science.169.3946.635"


def owner_folder(tmp_path: Path, deadline: float | None = None) -> Path:
    config = (ROOT / "publist.toml").read_text(encoding="utf-8")
    if deadline is not None:
        config = config.replace("[network]", f"[network]\ndeadline = {deadline}", 1)
    (tmp_path / "publist.toml").write_text(config, encoding="utf-8")
    library = tmp_path / "library.bib"
    library.write_text("% mine\n", encoding="utf-8")
    return library


def test_a_dripping_server_ends_within_the_deadline_with_exit_4(tmp_path):
    library = owner_folder(tmp_path, deadline=3)
    assert "deadline = 3" in (tmp_path / "publist.toml").read_text()
    body = b"@article{x, title = {" + b"x" * 400 + b"}}"
    with Server() as server:
        server.add(
            f"/doi.org/{DOI}", Reply(200, body, {"Content-Type": "application/x-bibtex"}, drip=0.05)
        )
        started = time.monotonic()
        done = run_publist("--library", library, "add", DOI, env=server.environment())
        took = time.monotonic() - started
    assert done.returncode == ExitCode.NETWORK, done.stderr
    assert done.stderr.startswith("Error: ") and len(done.stderr.splitlines()) == 1
    assert "deadline" in done.stderr
    assert took < 3 + 10  # the deadline, and a start-up; never three slow tries
    assert library.read_text() == "% mine\n"


# --- the lost-update guard ---

DUPLICATES = (
    "@inproceedings{a, author = {Ada Lovelace}, title = {Notes on the Engine}, booktitle = {X},\n"
    "  year = 2020, doi = {10.1234/x}}\n\n"
    "@inproceedings{b, author = {Ada Lovelace}, title = {Notes on the Engine}, booktitle = {X},\n"
    "  year = 2020, doi = {10.1234/x}, pages = {1--2}}\n"
)
EDITED = "@misc{edited, author = {Grace Hopper}, title = {Saved in an editor}, year = 2021}\n"


def test_dedupe_interactive_never_overwrites_an_edit_made_during_the_question(tmp_path):
    library = tmp_path / "library.bib"
    library.write_text(DUPLICATES, encoding="utf-8")
    process = subprocess.Popen(
        ["publist", "--library", str(library), "dedupe", "--apply", "--interactive"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "COLUMNS": "100"},
    )  # fmt: skip
    asked = ""
    while "Merge these entries?" not in asked:  # publist has read the file and waits
        char = process.stderr.read(1)
        assert char, asked
        asked += char
    library.write_text(DUPLICATES + "\n" + EDITED, encoding="utf-8")  # the editor saves
    out, err = process.communicate("y\n", timeout=120)
    err = asked + err
    text = library.read_text(encoding="utf-8")
    assert "Saved in an editor" in text, err  # the edit survives, whatever happened
    if process.returncode == 0:
        assert text.count("Notes on the Engine") == 1  # merged on the new text
    else:
        assert "changed while publist waited" in err and text == DUPLICATES + "\n" + EDITED


def test_concurrent_adds_of_one_pasted_entry_give_one_entry(tmp_path):
    library = owner_folder(tmp_path)
    filler = "".join(
        f"@misc{{filler{index}, author = {{Ada Lovelace}}, title = {{Filler number {index} "
        f"of a large library}}, year = 2000}}\n\n"
        for index in range(3000)
    )
    library.write_text(filler, encoding="utf-8")
    pasted = DATA / "google_scholar_pasted.bib"
    with ThreadPoolExecutor(8) as pool:
        runs = list(
            pool.map(lambda _: run_publist("--library", library, "add", "--bib", pasted), range(8))
        )
    # One run adds the entries; each other one finds them there (present: exit 0, nothing
    # written, issue 18's one line per entry).
    assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
    added = [run for run in runs if "added " in run.stderr]
    assert len(added) == 1, [run.stderr for run in runs]
    assert all(run.stderr.endswith("Summary: 3 present\n") for run in runs if run not in added), [
        run.stderr for run in runs
    ]
    pasted_keys = len(bibfile.load(pasted).entries())
    entries = bibfile.load(library).entries()
    assert len(entries) == 3000 + pasted_keys  # each pasted entry once


def test_concurrent_adds_of_one_doi_against_a_slow_server_give_one_entry(tmp_path):
    library = owner_folder(tmp_path)
    with Server() as server:
        server.add_cassette("habanero_content_negotiation.json")
        for route in server.routes:
            for reply in route.replies:
                reply.stall = 1.0  # every answer is slow: all four runs plan before any writes
        server.add_file(f"/api.crossref.org/works/{DOI}", "habanero_works_404.json", 404)
        with ThreadPoolExecutor(4) as pool:
            runs = list(
                pool.map(
                    lambda _: run_publist(
                        "--library", library, "add", DOI, env=server.environment()
                    ),
                    range(4),
                )
            )
    assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
    # A loaded machine may make a run retry the slow server first (a line before the outcome).
    added = [run for run in runs if "\nadded " in "\n" + run.stderr]
    assert len(added) == 1, [run.stderr for run in runs]
    assert all(f"\npresent {DOI}: in the library as " in "\n" + run.stderr for run in runs
               if run not in added)  # fmt: skip
    assert len(bibfile.load(library).entries()) == 1
