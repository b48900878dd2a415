"""`publist import` as a user runs it: the installed command against the loopback replay server.

The DBLP person lists and the ORCID answers are assembled (see tests/data/PROVENANCE.md);
pid 00/0001 stands in for the owner's DBLP id and 00/0002 for Rudy Bunel's.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, run_publist
from httpserver import Reply, Server
from publist import reading, storage

OWNER_PID = "00/0001"
ORCID = "0000-0002-1825-0097"  # Josiah Carberry, ORCID's documented example record


@pytest.fixture
def server():
    with Server() as running:
        running.add_file(f"/dblp.org/pid/{OWNER_PID}.bib", "dblp_pid_owner.assembled.bib")
        running.add_file("/dblp.org/pid/00/0002.bib", "dblp_pid_bunel.assembled.bib")
        for part in ("works", "person"):
            running.add_file(
                f"/pub.orcid.org/v3.0/{ORCID}/{part}",
                f"orcid_{ORCID}_{part}.assembled.json",
                content_type="application/json",
            )
        running.add_cassette("habanero_content_negotiation.json")
        running.add_cassette("habanero_content_negotiation_404.json")
        running.add_file(
            "/api.crossref.org/works/10.1126/science.169.3946.635", "habanero_works_404.json", 404
        )
        yield running


@pytest.fixture
def folder(tmp_path):
    """A folder with neither library.bib nor publist.toml: the very first run."""
    return tmp_path


def publist_import(server, library, *args, input=None):
    return run_publist("--library", library, "import", *args, env=server.environment(), input=input)


def entry_keys(library) -> list[str]:
    from publist import bibfile

    return [block.key for block in bibfile.load(library).entries()]


def venue_types(library) -> dict[str, str]:
    from publist import bibfile

    return {
        item.key: str(storage.venue_type(item))
        for item in reading.publications(bibfile.load(library))
    }


# --- starting a library from the owner's DBLP profile ---


def test_first_import_starts_the_library_and_the_owner(server, folder, golden):
    library = folder / "library.bib"
    result = publist_import(server, library, "dblp", f"https://dblp.org/pid/{OWNER_PID}", "--yes")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\nadded ") == 12
    assert "12 new, 1 preprint" in result.stderr
    assert "Set the owner to 'Gyeong-In Yu' in publist.toml" in result.stderr
    golden("import_dblp_owner.bib", library.read_text(encoding="utf-8"))
    assert 'name = "Gyeong-In Yu"' in (folder / "publist.toml").read_text(encoding="utf-8")


def test_dblp_workshop_under_conf_and_pvldb_are_told_apart(server, folder):
    library = folder / "library.bib"
    publist_import(server, library, "dblp", f"pid/{OWNER_PID}", "--yes")
    kinds = venue_types(library)
    assert kinds["kim2017auto"] == "workshop"  # conf/sosp/..., AISys@SOSP
    assert kinds["yu2021windtunnel"] == "conference"  # PVLDB
    assert kinds["jeong2019speculative"] == "journal"
    assert kinds["yu2019making"] == "preprint"  # CoRR, its published version is not in DBLP
    text = library.read_text(encoding="utf-8")
    assert "abs-1812-01329" not in text  # the JANUS preprint: its NSDI paper is in the profile


def test_second_run_adds_nothing(server, folder):
    library = folder / "library.bib"
    publist_import(server, library, "dblp", f"pid/{OWNER_PID}", "--yes")
    before = library.read_bytes()
    settings = (folder / "publist.toml").read_bytes()
    result = publist_import(server, library, "dblp", f"pid/{OWNER_PID}.bib", "--yes", "--verbose")
    assert result.returncode == 0, result.stderr
    assert "Added" not in result.stderr
    assert "1 preprint, 12 present" in result.stderr
    assert "present: 'Orca: A Distributed Serving System" in result.stderr
    assert library.read_bytes() == before
    assert (folder / "publist.toml").read_bytes() == settings


def test_real_dblp_records_name_the_person(server, folder):
    library = folder / "library.bib"
    result = publist_import(server, library, "dblp", "https://dblp.org/pid/00/0002.xml", "--yes")
    assert result.returncode == 0, result.stderr
    assert entry_keys(library) == [
        "bunel2020efficient", "dathathri2020enabling", "qin2019verification",
        "bunel2018leveraging", "bunel2017learning",
    ]  # fmt: skip
    assert "Set the owner to 'Rudy Bunel'" in result.stderr


def test_since_limits_the_years(server, folder):
    library = folder / "library.bib"
    result = publist_import(server, library, "dblp", OWNER_PID, "--since", "2021", "--yes")
    assert result.returncode == 0, result.stderr
    assert entry_keys(library) == ["yu2022orca", "yu2021windtunnel", "kim2021terra"]
    assert "10 earlier" in result.stderr


# --- syncing the owner's real library ---
# The copy lacks Terra, so DBLP's Terra is the one new work. DBLP lists Nimble under its
# camera-ready title ("Parallel", not "Efficient"): a possible duplicate, never added.
TERRA = "dblp:conf/nips/KimJKKKYC21"


@pytest.fixture
def lacking_terra(library):
    text = library.read_text(encoding="utf-8")
    start = text.index("@inproceedings{kim2021terra,")
    end = text.index("\n}\n", start) + 3
    library.write_text(text[:start] + text[end:].lstrip("\n"), encoding="utf-8")
    return library


def test_sync_offers_only_what_the_library_lacks(server, lacking_terra):
    library = lacking_terra
    before = library.read_bytes()
    result = publist_import(server, library, "dblp", OWNER_PID, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("@inproceedings{kim2021terra,\n")
    assert result.stdout.count("@") == 1
    assert "dblp:conf/nips/KwonYJC20" in result.stderr  # the possible one, named with its id
    assert "1 new, 1 possible, 2 preprint, 9 present" in result.stderr
    assert library.read_bytes() == before


def test_answering_no_writes_nothing(server, lacking_terra):
    before = lacking_terra.read_bytes()
    result = publist_import(server, lacking_terra, "dblp", OWNER_PID, input="n\n")
    assert result.returncode == 0, result.stderr
    assert "Add 1 entry to" in result.stderr
    assert "Nothing written (use --skip ID" in result.stderr
    assert lacking_terra.read_bytes() == before


def test_answering_yes_adds(server, lacking_terra):
    before = lacking_terra.read_bytes()
    result = publist_import(server, lacking_terra, "dblp", OWNER_PID, input="y\n")
    assert result.returncode == 0, result.stderr
    assert "added kim2021terra (conference) from DBLP: dblp:conf/nips/KimJKKKYC21" in result.stderr
    assert lacking_terra.read_bytes().startswith(before)


@pytest.mark.parametrize("skip", [TERRA, "kim2021terra"])
def test_skip_is_remembered_in_the_library(server, lacking_terra, skip):
    library = lacking_terra
    before = library.read_bytes()
    result = publist_import(server, library, "dblp", OWNER_PID, "--skip", skip)
    assert result.returncode == 0, result.stderr
    assert f"Remembered {TERRA} as rejected" in result.stderr
    after = library.read_bytes()
    assert after == before + f"\n@comment{{publist-skip:\n  {TERRA}\n}}\n".encode()
    again = publist_import(server, library, "dblp", OWNER_PID, "--verbose")
    assert again.returncode == 0, again.stderr
    assert "rejected: 'Terra: Imperative-Symbolic Co-Execution" in again.stderr
    assert "1 rejected" in again.stderr and "Add " not in again.stderr
    assert library.read_bytes() == after


def test_skip_of_an_unknown_work_is_a_usage_error(server, library):
    before = library.read_bytes()
    result = publist_import(server, library, "dblp", OWNER_PID, "--skip", "doi:10.1/none")
    assert result.returncode == 2
    assert result.stderr.endswith(
        "Error: --skip doi:10.1/none: no work of this profile has that id or proposed key\n"
    )
    assert library.read_bytes() == before


# --- ORCID ---


def test_orcid_fetches_dois_and_falls_back_to_the_summary(server, folder, golden):
    library = folder / "library.bib"
    result = publist_import(server, library, "orcid", f"https://orcid.org/{ORCID}", "--yes")
    assert result.returncode == 0, result.stderr
    assert "doi.org does not know DOI 10.1126/foo" in result.stderr
    assert "Set the owner to 'Josiah Carberry'" in result.stderr
    golden("import_orcid.bib", library.read_text(encoding="utf-8"))
    before = library.read_bytes()
    doi_requests = len(server.requests_to("doi"))
    again = publist_import(server, library, "orcid", ORCID, "--yes")
    assert again.returncode == 0, again.stderr
    assert "4 present" in again.stderr
    assert library.read_bytes() == before
    assert len(server.requests_to("doi")) == doi_requests  # a sync fetches no known DOI again


def test_orcid_since_fetches_nothing_older(server, folder):
    library = folder / "library.bib"
    result = publist_import(server, library, "orcid", ORCID, "--since", "2020", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "2 earlier, 2 new" in result.stderr
    assert not [seen for seen in server.seen if "science" in seen.path]
    assert not library.exists()


# --- failures: one line, the library byte for byte ---


def refused(result, library, before, code, message):
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"
    assert library.read_bytes() == before


def test_dblp_refusing_is_exit_4(server, library):
    server.add(f"/dblp.org/pid/{OWNER_PID}.bib", Reply(403, b"Forbidden\n"))
    before = library.read_bytes()
    result = publist_import(server, library, "dblp", OWNER_PID, "--yes")
    refused(result, library, before, 4, "DBLP answered 403: Forbidden")


def test_a_doi_failing_midway_is_exit_4(server, library):
    server.add(
        "/doi.org/10.1126/science.169.3946.635",
        Reply(200, b"<html>Log in</html>", {"Content-Type": "text/html"}),
    )
    server.add_file("/api.semanticscholar.org/graph/v1/paper/10.1126/science.169.3946.635",
                    "semanticscholar_paper_not_found_status404.json", 404)  # fmt: skip
    before = library.read_bytes()
    result = publist_import(server, library, "orcid", ORCID, "--yes")
    assert result.returncode == 4
    assert result.stderr.endswith(
        "Error: doi.org did not send BibTeX for DOI 10.1126/science.169.3946.635\n"
    )
    assert library.read_bytes() == before


def test_unknown_person(server, library):
    server.not_found("/dblp.org/pid/00/0404.bib")
    before = library.read_bytes()
    result = publist_import(server, library, "dblp", "pid/00/0404", "--yes")
    refused(result, library, before, 1, "DBLP person pid/00/0404 was not found at DBLP (404)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("dblp", "Gyeong-In Yu"), "'Gyeong-In Yu' is not a DBLP person (give "
         "https://dblp.org/pid/12/3456, pid/12/3456 or its .bib or .xml export URL)"),
        (("orcid", "0000-0002-1825-0098"),
         "'0000-0002-1825-0098' is not an ORCID iD: its check digit is wrong (a typo?)"),
        (("orcid", "1234"), "'1234' is not an ORCID iD (like 0000-0002-1825-0097)"),
        (("scholar", "x"), "import from dblp or orcid (got 'scholar')"),
    ],
)  # fmt: skip
def test_bad_profile_is_one_line_and_no_request(server, library, args, message):
    before = library.read_bytes()
    refused(publist_import(server, library, *args), library, before, 2, message)
    assert server.seen == []


def test_unparsable_library_is_refused_before_the_network(server, tmp_path):
    shutil.copy(ROOT / "publist.toml", tmp_path / "publist.toml")
    library = tmp_path / "library.bib"
    library.write_text("@misc{a, title = {x}\n", encoding="utf-8")
    before = library.read_bytes()
    result = publist_import(server, library, "dblp", OWNER_PID, "--yes")
    assert result.returncode == 1
    assert "fix it before publist writes" in result.stderr
    assert library.read_bytes() == before
    assert server.seen == []


def test_unreachable_service_is_exit_4(server, library):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = library.with_name("publist.toml")
    settings.write_text(settings.read_text() + "retries = 1\n")  # [network] is the last table
    before = library.read_bytes()
    result = run_publist(
        "--library", library, "import", "dblp", OWNER_PID, "--yes",
        env={**server.environment(), "PUBLIST_DBLP_URL": f"http://127.0.0.1:{port}"},
    )  # fmt: skip
    refused(result, library, before, 4, "cannot reach DBLP (after 2 tries)")
