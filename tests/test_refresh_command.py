"""`publist refresh` as a user runs it: the installed command against recorded answers on
loopback, a library of entries of the recorded papers, and the network's faults."""

from __future__ import annotations

import json
import re
import socket
import time

import pytest

from conftest import run_publist
from httpserver import Reply, Server
from refresh_recordings import recorded_papers
from test_startup import imported, packages

LIBRARY = """% Entries of papers whose answers are recorded
@misc{valerocuevas2017neuromechanical,
  author        = {Francisco J. Valero-Cuevas and Marco Santello},
  title         = {On neuromechanical approaches for the study of biological (and robotic) grasp and manipulation},
  year          = {2017},
  month         = oct,
  eprint        = {1710.08557},
  archiveprefix = {arXiv},
  url           = {https://arxiv.org/abs/1710.08557},
  keywords      = {preprint, robotics},
  author+an     = {1=highlight},
}

@article{herger2024highthroughput,
  author   = {Michael Herger and Christina M. Kajba and Megan Buckley and Ana Cunha and Molly Strom and Gregory M. Findlay},
  title    = {High-throughput screening of human genetic variants by pooled prime editing},
  journal  = {bioRxiv},
  year     = {2024},
  doi      = {10.1101/2024.04.01.587366},
  keywords = {preprint},
}

@article{skarlinski2015effect,
  author  = {Michael Skarlinski and D. J. Quesnel},
  title   = {Effect of native oxide layers on copper thin-film tensile properties: A reactive molecular dynamics study},
  journal = {Journal of Applied Physics},
  year    = {2015},
}

@article{adak2001essential,
  author  = {Subrata Adak and Debashis Bandyopadhyay and Uday Bandyopadhyay and Ranajit K. Banerjee},
  title   = {An essential role of active site arginine residue in iodide binding and histidine residue in electron transfer for iodide oxidation by horseradish peroxidase},
  journal = {Molecular and Cellular Biochemistry},
  year    = {2001},
}

@article{reactions2023convalescent,
  title   = {Convalescent-anti-sars-cov-2-plasma/immune-globulin},
  journal = {Reactions Weekly},
  year    = {2023},
}

@article{geary2015pharmacokinetics,
  author  = {Richard S. Geary and Daniel Norris and Rosie Yu and C. Frank Bennett},
  title   = {Pharmacokinetics, biodistribution and cell uptake of antisense oligonucleotides},
  journal = {Advanced Drug Delivery Reviews},
  year    = {2015},
  doi     = {10.1016/j.addr.2015.01.008},
}

@article{makris2014developing,
  author  = {Eleftherios A. Makris and Donald J. Responte and Nikolaos K. Paschos and Jerry C. Hu and Kyriacos A. Athanasiou},
  title   = {Developing functional musculoskeletal tissues through hypoxia and lysyl oxidase-induced collagen cross-linking},
  journal = {Proceedings of the National Academy of Sciences},
  year    = {2014},
  doi     = {10.1073/pnas.1414271111},
}
"""
# Crossref first: the recordings hold Crossref's answer for every DOI here, OpenAlex's for
# some; the one recorded Semantic Scholar batch is replayed on its own below.
SETTINGS = """[owner]
name = "Richard S. Geary"

[network]
email = "test@example.org"
timeout = 2
retries = 0
deadline = 60

[citations]
sources = ["crossref", "openalex"]
"""
DATE = re.compile(r"\d{4}-\d\d-\d\d")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "library.bib").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "publist.toml").write_text(SETTINGS, encoding="utf-8")
    return tmp_path


def refresh(server: Server, folder, *args, input=None, env=None):
    environment = {
        **server.environment(),
        "PUBLIST_CACHE_DIR": str(folder / "cache"),
        **(env or {}),
    }
    return run_publist("--library", folder / "library.bib", *args, env=environment, input=input)


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_a_refresh_its_kept_answers_serve_loads_no_network_code(folder, corpus):
    """A second refresh the same day reads every answer from the cache folder: it loads
    neither requests nor rich (requests alone is 50 ms or more of a start; issue 22)."""
    with Server() as server:
        recorded_papers(server, corpus)
        first = refresh(server, folder, "refresh", "--dry-run")
        assert first.returncode == 0, first.stderr
        asked = len(server.seen)
        loaded = imported(("refresh", "--dry-run"), folder, server.environment())
        assert len(server.seen) == asked  # every answer came from the cache folder
    assert "publist.plans.lookup" in loaded  # the command ran
    assert not packages(loaded) & {"requests", "urllib3", "rich"}


def test_recorded_papers_refresh_proposes_applies_and_then_asks_nothing(folder, corpus, golden):
    with Server() as server:
        recorded_papers(server, corpus)
        library = folder / "library.bib"
        before = library.read_bytes()

        told = refresh(server, folder, "refresh", "--dry-run")
        assert told.returncode == 0, told.stderr
        assert library.read_bytes() == before and not (folder / "library.citations.json").exists()
        assert server.unrecorded == []
        out = told.stdout
        assert (
            "valerocuevas2017neuromechanical  sure  DOI 10.1186/s12984-017-0305-3  (arXiv 1710.08557 names"
            in out
        )
        assert (
            "herger2024highthroughput  sure  DOI 10.1016/j.xgen.2025.100814  (Crossref: 10.1101/2024.04.01.587366 is a preprint of"
            in out
        )
        assert "skarlinski2015effect  sure  DOI 10.1063/1.4938384" in out
        assert "adak2001essential  sure  DOI 10.1023/a:1007154515475" in out
        assert "reactions2023convalescent  possible  no DOI  (the sources disagree" in out
        counted = dict(re.findall(r"^  (\w+)  (\d+)  Crossref", out, re.MULTILINE))
        assert counted == {"herger2024highthroughput": "2", "skarlinski2015effect": "10",
                           "adak2001essential": "7", "geary2015pharmacokinetics": "724",
                           "makris2014developing": "129"}  # fmt: skip
        assert "+  doi           = {10.1186/s12984-017-0305-3}," in out  # the diff
        asked = len(server.seen)

        applied = refresh(server, folder, "refresh", "--yes")
        assert applied.returncode == 0, applied.stderr
        assert len(server.seen) == asked  # the answers kept by the dry run
        assert "Updated 4 entries" in applied.stderr and "Wrote 5 citation counts" in applied.stderr
        golden("refresh_recorded.bib", library.read_text(encoding="utf-8"))
        counts = (folder / "library.citations.json").read_text(encoding="utf-8")
        golden("refresh_recorded.citations.json", DATE.sub("DATE", counts))

        again = refresh(server, folder, "refresh")
        assert again.returncode == 0, again.stderr
        assert again.stderr.strip() == "Nothing to change."
        assert len(server.seen) == asked
        assert "sure" not in again.stdout  # only the doubtful link is shown again

        for kind in ("md", "latex", "html", "txt", "json"):
            shown = run_publist("--library", library, "export", "--citations", "-f", kind)
            assert shown.returncode == 0, shown.stderr
            golden(f"refresh_export_citations.{kind}", DATE.sub("DATE", shown.stdout))
        stats = json.loads(run_publist("--library", library, "stats", "--json").stdout)
        figures = stats["citations"]
        assert (figures["total"], figures["h_index"], figures["i10_index"]) == (872, 4, 3)
        assert figures["sources"] == {"Crossref": 5} and figures["counted"] == 5
        assert figures["by_year"] == {"2001": 7, "2014": 129, "2015": 734, "2025": 2}
        assert figures["most_cited"][0]["key"] == "geary2015pharmacokinetics"
        people = run_publist("--library", library, "stats", env={"COLUMNS": "120"})
        assert (
            "Citations (as of " in people.stdout
            and ", Crossref): 872 in all, h-index 4, i10-index 3" in people.stdout
        )


def test_a_citations_only_refresh_leaves_the_library_byte_for_byte(folder, corpus):
    with Server() as server:
        recorded_papers(server, corpus)
        library = folder / "library.bib"
        before = library.read_bytes()
        done = refresh(server, folder, "refresh", "--citations", "--yes")
        assert done.returncode == 0, done.stderr
        assert library.read_bytes() == before
        assert (
            done.stderr == f"Wrote 3 citation counts to {folder / 'library.citations.json'}\n"
        )  # no bar
        counts = json.loads((folder / "library.citations.json").read_text())["counts"]
        assert sorted(counts) == ["geary2015pharmacokinetics", "herger2024highthroughput",
                                  "makris2014developing"]  # fmt: skip
        assert counts["herger2024highthroughput"]["id"] == "doi:10.1101/2024.04.01.587366"
        assert not any(
            "arxiv" in seen.path or "semanticscholar" in seen.path for seen in server.seen
        )


def test_without_yes_nothing_is_written_unless_the_user_agrees(folder, corpus):
    with Server() as server:
        recorded_papers(server, corpus)
        library = folder / "library.bib"
        before = library.read_bytes()
        silent = refresh(server, folder, "refresh", "--links")
        assert silent.returncode == 0, silent.stderr
        assert "Nothing was written (pass --yes to apply)." in silent.stderr
        assert library.read_bytes() == before
        agreed = refresh(server, folder, "refresh", "--links", input="y\n")
        assert agreed.returncode == 0, agreed.stderr
        assert "Write 2 changes to the library?" in agreed.stderr
        assert library.read_text().count("doi     = {") == 4  # two new ones beside geary, makris


def test_the_recorded_semantic_scholar_batch(tmp_path):
    """Entries linking their Semantic Scholar page, and one DOI: one batch request."""
    (tmp_path / "library.bib").write_text(
        "@article{unknown, title = {Unknown}, url = {https://api.semanticscholar.org/CorpusID:211530585}}\n"
        "@article{bertrand2001, title = {How Much Should We Trust Differences-in-Differences Estimates?},"
        " url = {https://api.semanticscholar.org/CorpusID:470667}}\n"
        "@article{banerjee2013, title = {The Miracle of Microfinance?}, doi = {10.2139/ssrn.2250500}}\n"
        "@article{duflo2023, title = {Improving Third-Party Audits}, url = {https://www.semanticscholar.org/paper/"
        "Improving-Third-Party-Audits/0f40b1f08821e22e859c6050916cec3667778613}}\n",
        encoding="utf-8",
    )
    (tmp_path / "publist.toml").write_text('[citations]\nsources = ["semanticscholar"]\n')
    with Server() as server:
        server.add_vcr("s2py_get_papers_not_found_warning.yaml")
        done = refresh(server, tmp_path, "refresh", "--citations", "--yes")
        assert done.returncode == 0, done.stderr
        assert len(server.seen) == 1 and server.seen[0].method == "POST"
        counts = json.loads((tmp_path / "library.citations.json").read_text())["counts"]
        assert {key: value["cited_by"] for key, value in counts.items()} == {
            "banerjee2013": 2185, "bertrand2001": 10670, "duflo2023": 0}  # fmt: skip
        assert "no count for 1: unknown" in done.stdout
        kept = refresh(server, tmp_path, "refresh", "--citations", "--json")
        assert len(server.seen) == 1  # the kept answer
        found = json.loads(kept.stdout)
        assert found["citations"]["bertrand2001"] == {
            "cited_by": 10670, "source": "Semantic Scholar", "date": found["citations"]["bertrand2001"]["date"],
            "id": "s2:CorpusId:470667"}  # fmt: skip
        assert found["failures"] == [] and kept.stderr.strip() == "Nothing to change."
        refresh(server, tmp_path, "refresh", "--citations", "--fresh", "--dry-run")
        assert len(server.seen) == 2  # --fresh asks again


# --- faults: each ends within the deadline with one line, exit 4, nothing written ---

ONE_DOI = "@article{geary, title = {T}, year = {2015}, doi = {10.1016/j.addr.2015.01.008}}\n"
FAULT_SETTINGS = """[network]
timeout = 1
retries = 1
deadline = 8

[citations]
sources = ["openalex", "crossref"]
"""
OPENALEX_PATH = "/api.openalex.org/works/https://doi.org/10.1016/j.addr.2015.01.008"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def faulty(kind: str) -> tuple[list[Reply], dict]:
    body = b'{"id":"https://openalex.org/W1","doi":"https://doi.org/10.1016/j.addr.2015.01.008","cited_by_count":750}'
    if kind == "refused":
        return [], {"PUBLIST_OPENALEX_URL": f"http://127.0.0.1:{closed_port()}/api.openalex.org"}
    replies = {
        "stall": Reply(200, body, {"Content-Type": "application/json"}, stall=3.0),
        "429 with a long Retry-After": Reply(429, b"", {"Retry-After": "3600"}),
        "5xx": Reply(503, b"Service Unavailable", {"Content-Type": "text/plain"}),
        "HTML instead of JSON": Reply(200, b"<!doctype html><title>Maintenance</title>", {"Content-Type": "text/html"}),
        "a truncated body": Reply(200, body[:40], {"Content-Type": "application/json"}, declared_length=len(body)),
    }  # fmt: skip
    return [replies[kind]], {}


@pytest.mark.parametrize(
    ("kind", "message"),
    [("refused", "cannot reach OpenAlex"), ("stall", "OpenAlex did not answer in time"),
     ("429 with a long Retry-After", "OpenAlex answered 429 and asks to wait 3600 s"),
     ("5xx", "OpenAlex answered 503: Service Unavailable (after 2 tries)"),
     ("HTML instead of JSON", "OpenAlex sent an HTML page that is not JSON"),
     ("a truncated body", "OpenAlex closed the connection before the answer was complete")],
)  # fmt: skip
def test_a_failing_source_is_one_line_exit_4_and_the_others_are_still_shown(
    tmp_path, kind, message
):
    library = tmp_path / "library.bib"
    library.write_text(ONE_DOI, encoding="utf-8")
    (tmp_path / "publist.toml").write_text(FAULT_SETTINGS)
    with Server() as server:
        server.add_vcr("paperqa_doi_search_3.yaml", only="crossref")
        replies, env = faulty(kind)
        if replies:
            server.add(OPENALEX_PATH, *replies)
        started = time.monotonic()
        done = refresh(server, tmp_path, "refresh", "--yes", env=env)
        elapsed = time.monotonic() - started
    assert done.returncode == 4, done.stderr
    (line,) = lines(done.stderr)
    assert line.startswith(f"Error: {message}") and line.endswith("; nothing was written")
    assert "  geary  724  Crossref" in done.stdout  # what Crossref found is still shown
    assert library.read_text() == ONE_DOI and not (tmp_path / "library.citations.json").exists()
    assert elapsed < 8 + 3  # the deadline, and the start of the process


def test_a_failing_archive_leaves_the_preprint_as_it_was(tmp_path):
    library = tmp_path / "library.bib"
    text = "@misc{p, year = {2017}, eprint = {1710.08557}, archiveprefix = {arXiv}}\n"  # no title: no search
    library.write_text(text, encoding="utf-8")
    (tmp_path / "publist.toml").write_text(FAULT_SETTINGS)
    with Server() as server:
        server.add("/export.arxiv.org/api/query", Reply(503, b"busy"))
        done = refresh(server, tmp_path, "refresh", "--published", "--yes")
    assert done.returncode == 4
    assert lines(done.stderr) == [
        "Error: arXiv answered 503: busy (after 2 tries); nothing was written"
    ]
    assert library.read_text() == text


def test_a_progress_bar_is_drawn_on_a_terminal(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    (tmp_path / "library.bib").write_text(ONE_DOI, encoding="utf-8")
    (tmp_path / "publist.toml").write_text('[citations]\nsources = ["crossref"]\n')
    with Server() as server:
        server.add_vcr("paperqa_doi_search_3.yaml", only="crossref")
        env = {**os.environ, **server.environment(), "PUBLIST_CACHE_DIR": "off", "COLUMNS": "80"}
        main, terminal = pty.openpty()
        command = [sys.executable, "-m", "publist", "-l", str(tmp_path / "library.bib"),
                   "refresh", "--dry-run"]  # fmt: skip
        done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=terminal,
                              stdin=subprocess.DEVNULL, timeout=60)  # fmt: skip
        os.close(terminal)
        drawn = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
        os.close(main)
    assert done.returncode == 0
    assert b"Citations (crossref)" in drawn and b"\x1b[" in drawn  # the bar, then erased
    assert b"Citations (crossref)" not in done.stdout
