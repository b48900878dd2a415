"""`publist import` as a sync: works known by their profile ids, preprints upgraded, one line
per work, --json. The DBLP person list and the ORCID answers are the assembled ones of
tests/data (see PROVENANCE.md)."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, run_publist
from httpserver import Server

OWNER_PID = "00/0001"
ORCID = "0000-0002-1825-0097"


@pytest.fixture
def server():
    with Server() as running:
        running.add_file(f"/dblp.org/pid/{OWNER_PID}.bib", "dblp_pid_owner.assembled.bib")
        for part in ("works", "person"):
            running.add_file(f"/pub.orcid.org/v3.0/{ORCID}/{part}",
                             f"orcid_{ORCID}_{part}.assembled.json",
                             content_type="application/json")  # fmt: skip
        running.add_cassette("habanero_content_negotiation.json")
        running.add_cassette("habanero_content_negotiation_404.json")
        running.add_file(
            "/api.crossref.org/works/10.1126/science.169.3946.635", "habanero_works_404.json", 404
        )
        yield running


def publist(server, library, *args, input=None):
    return run_publist("--library", library, *args, env=server.environment(), input=input)


def retitle(library, key: str, title: str) -> None:
    """The user edits an entry's title by hand."""
    text = library.read_text(encoding="utf-8")
    start = text.index(f"{{{key},")
    line = text.index("  title", start)
    end = text.index("\n", line)
    library.write_text(text[:line] + f"  title = {{{title}}}," + text[end:], encoding="utf-8")


def test_dblp_ids_are_stored_so_an_edited_title_is_still_known(server, tmp_path):
    library = tmp_path / "library.bib"
    publist(server, library, "import", "dblp", OWNER_PID, "--yes")
    assert "dblp = {https://dblp.org/rec/conf/osdi/YuJKKC22}" in " ".join(
        library.read_text().split()
    )
    retitle(library, "yu2022orca", "Orca, as we call it")
    before = library.read_bytes()
    again = publist(server, library, "import", "dblp", OWNER_PID, "--yes", "--verbose")
    assert again.returncode == 0, again.stderr
    assert "in the library as yu2022orca (same dblp)" in again.stderr
    assert "new" not in again.stderr.split("works (")[1].split(")")[0]
    assert library.read_bytes() == before


def test_orcid_works_keep_their_put_code(server, tmp_path):
    library = tmp_path / "library.bib"
    publist(server, library, "import", "orcid", ORCID, "--yes")
    text = library.read_text(encoding="utf-8")
    assert f"orcid-put-code = {{{ORCID}/1005}}" in text
    key = text[text.rindex("@", 0, text.index(f"{ORCID}/1005")) :].split("{")[1].split(",")[0]
    retitle(library, key, "A Title Edited by Hand")
    again = publist(server, library, "import", "orcid", ORCID, "--yes", "--verbose")
    assert again.returncode == 0, again.stderr
    assert f"in the library as {key} (same orcid)" in again.stderr
    assert "0 new" not in again.stderr and " new" not in again.stderr.split("works (")[1]


def test_a_published_work_upgrades_its_preprint_in_the_library(server, tmp_path):
    """The library has the JANUS preprint (CoRR); the profile has its NSDI paper."""
    library = tmp_path / "library.bib"
    text = (DATA / "api" / "dblp_pid_owner.assembled.bib").read_text(encoding="utf-8")
    start = text.index("@article{DBLP:journals/corr/abs-1812-01329,")
    preprint = text[start : text.index("\n}\n", start) + 3]
    library.write_text("", encoding="utf-8")
    publist(server, library, "add", "--bib", "-", "--rekey", input=preprint)
    result = publist(server, library, "import", "dblp", OWNER_PID, "--yes")
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stderr.splitlines() if line.startswith("upgraded "))
    assert line.startswith(
        "upgraded jeong2018janus (preprint -> conference) from DBLP: dblp:conf/nsdi/JeongCYJSC19"
    )
    from publist import bibfile, reading

    items = {item.key: item for item in reading.publications(bibfile.load(library))}
    janus = items["jeong2018janus"]
    assert janus.entry_type == "inproceedings" and janus.year == 2019
    assert janus.get("eprint") == "1812.01329" and janus.get("eprinttype") == "arXiv"
    assert "CoRR" not in janus.get("journal") and "abs/" not in janus.get("volume")
    assert not any(item.get("volume").startswith("abs/1812") for item in items.values())


def test_import_json_reports_every_work(server, tmp_path):
    library = tmp_path / "library.bib"
    result = publist(server, library, "import", "dblp", OWNER_PID, "--yes", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    statuses = [row["status"] for row in data["results"]]
    assert statuses.count("added") == 12 and statuses.count("present") == 1
    assert data["summary"] == {"added": 12, "present": 1} and data["written"] is True
    orca = next(row for row in data["results"] if row.get("key") == "yu2022orca")
    assert orca["input"] == "dblp:conf/osdi/YuJKKC22" and orca["type"] == "conference"
    assert orca["bibtex"].startswith("@inproceedings{yu2022orca,")
