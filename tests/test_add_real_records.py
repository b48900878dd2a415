"""`publist add` on real records, as a user runs it, against recorded answers on loopback:
the user's keys, preprints and their published versions, doi.org down, one line per
identifier. GPL/LGPL recordings are read from ../shared (the corpus fixture), never copied.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import DATA, add_attention_records, run_publist
from httpserver import Reply, Server

ARXIV_2019 = "api/arxiv/bodies/pubs2019_{}_status200.xml"
VALERO_DOI = "10.1186/s12984-017-0305-3"
SETTINGS = "[network]\ntimeout = 5\nretries = 0\n"  # a 503 is not tried again


@pytest.fixture
def server(server):  # conftest's replay server, with the papers these tests add
    add_attention_records(server)
    return server


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "library.bib").write_text("", encoding="utf-8")
    (tmp_path / "publist.toml").write_text(SETTINGS, encoding="utf-8")
    return tmp_path


@pytest.fixture
def valero(server, corpus):
    """arXiv 1710.08557 (2019 feed, naming its published DOI) and that DOI at doi.org."""
    feed = (corpus / ARXIV_2019.format("1710.08557")).read_bytes()
    server.add("/export.arxiv.org/api/query", Reply(200, feed), query={"id_list": "1710.08557"})
    bib = corpus / f"api/doi-bibtex/pubs2019_{VALERO_DOI.replace('/', '_')}_status200.bib"
    server.add(f"/doi.org/{VALERO_DOI}", Reply(200, bib.read_bytes(),
                                                {"Content-Type": "application/x-bibtex"}))  # fmt: skip
    return server


def add(server, folder, *args, input=None):
    library = folder / "library.bib"
    return run_publist("-l", library, "add", *args, env=server.environment(), input=input)


def entries(folder) -> dict:
    from publist import bibfile, reading

    return {item.key: item for item in reading.publications(bibfile.load(folder / "library.bib"))}


# --- the keys are the user's ---


def test_pasted_keys_are_kept(server, folder, golden):
    result = add(server, folder, "--bib", DATA / "google_scholar_pasted.bib")
    assert result.returncode == 0, result.stderr
    assert list(entries(folder)) == ["guu2020realm", "Luong2015EffectiveAT", "he2021deberta"]


PASTED = "@article{guu2020realm, title={Another Work Entirely}, author={Guu, Kelvin}, journal={J}, year={2020}}\n"  # fmt: skip


def test_a_key_the_library_has_is_an_error_or_a_suffix_when_asked(server, folder):
    library = folder / "library.bib"
    add(server, folder, "--bib", DATA / "google_scholar_pasted.bib")
    before = library.read_bytes()
    clash = add(server, folder, "--bib", "-", input=PASTED)
    assert clash.returncode == 1
    assert clash.stderr == (
        "Error: the library has the key guu2020realm, on another work; --suffix adds it as "
        "guu2020realma, --rekey with a key like yu2022orca\n"
    )
    assert library.read_bytes() == before
    suffixed = add(server, folder, "--bib", "-", "--suffix", input=PASTED)
    assert suffixed.returncode == 0, suffixed.stderr
    assert suffixed.stderr == (
        "added guu2020realma (journal) from guu2020realm (its key guu2020realm names another "
        "work)\n"
    )
    assert "ids" not in entries(folder)["guu2020realma"].fields  # the key is another work's


def test_rekey_makes_keys_and_keeps_the_old_one_in_ids(server, folder):
    result = add(server, folder, "--bib", DATA / "google_scholar_pasted.bib", "--rekey")
    assert result.returncode == 0, result.stderr
    found = entries(folder)
    assert list(found) == ["guu2020realm", "luong2015effective", "he2021deberta"]
    assert found["luong2015effective"].get("ids") == "Luong2015EffectiveAT"
    assert "ids" not in found["guu2020realm"].fields  # the key was the scheme's already
    assert "(its key Luong2015EffectiveAT kept in ids)" in result.stderr


def test_real_libraries_keep_every_key(server, folder, shared):
    """Real researchers' files into an empty library: every key the file gives stays a key
    or an `ids` alias; only a key the file gives to two different works is refused."""
    from publist import normalize, storage

    for source in sorted((shared / "corpus" / "realusers").glob("*/*.bib")):
        (folder / "library.bib").write_text("", encoding="utf-8")
        result = add(server, folder, "--bib", source, "--keep-going")
        found = entries(folder)
        aliases = {alias for item in found.values() for alias in storage.ids(item)}
        pasted = [key for key, _, _ in normalize.parse_entries(source.read_text(), "x")]
        lost = [key for key in pasted if key not in found and key not in aliases]
        refused = [line for line in result.stderr.splitlines() if line.startswith("failed ")]
        assert not lost, (source, lost, result.stderr)
        for line in refused:  # a key the file gives twice: kept by the first of the two works
            key = line.split()[1].rstrip(":")
            assert f"has the key {key}, on another work" in line and key in found, line


def test_eight_concurrent_pasted_entries_keep_their_keys(folder, shared):
    """Eight `add --bib` at once on one library: all eight land, each under its own key."""
    source = shared / "corpus" / "realusers" / "Ostrzyciel" / "papers.bib"
    from publist.blocks import parse_text

    text = source.read_text(encoding="utf-8")
    blocks = [block for block in parse_text(text)[0] if block.kind == "entry"][:8]
    keys = [block.key for block in blocks]
    pieces = []
    for number, block in enumerate(blocks):
        path = folder / f"paste{number}.bib"
        path.write_text(text[block.start : block.end] + "\n", encoding="utf-8")
        pieces.append(path)
    library = folder / "library.bib"
    command = [sys.executable, "-m", "publist", "-l", str(library), "add", "--bib"]
    runs = [subprocess.Popen([*command, str(path)], stderr=subprocess.PIPE, text=True)
            for path in pieces]  # fmt: skip
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read() if run.stderr else ""
    assert sorted(entries(folder)) == sorted(keys)


# --- preprints and their published versions ---


def test_published_keeps_the_arxiv_id_so_the_preprint_is_present_after(valero, folder):
    first = add(valero, folder, "1710.08557", "--published")
    assert first.returncode == 0, first.stderr
    (item,) = entries(folder).values()
    assert item.get("doi") == VALERO_DOI and item.get("eprint") == "1710.08557"
    assert item.get("archiveprefix") == "arXiv"
    again = add(valero, folder, "1710.08557")
    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines()[-1] == (
        f"present 1710.08557: in the library as {item.key} (arXiv names its published "
        f"version, DOI {VALERO_DOI})"
    )


def test_an_arxiv_id_whose_doi_is_in_the_library_is_present(valero, folder):
    add(valero, folder, VALERO_DOI)
    before = (folder / "library.bib").read_bytes()
    result = add(valero, folder, "1710.08557")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "present 1710.08557: in the library as valerocuevas2017neuromechanical (arXiv names its "
        f"published version, DOI {VALERO_DOI})"
    )
    assert (folder / "library.bib").read_bytes() == before


def test_the_published_version_is_offered_and_not_taken_without_an_answer(server, folder):
    add(server, folder, "arXiv:1706.03762")
    before = (folder / "library.bib").read_bytes()
    result = add(server, folder, "conf/nips/VaswaniSPUJGKP17")
    assert result.returncode == 0, result.stderr
    assert "make that entry the published version?" in result.stderr  # asked; no answer
    assert result.stderr.splitlines()[-1] == (
        "present conf/nips/VaswaniSPUJGKP17: in the library as vaswani2017attention (its "
        "preprint (same title); --upgrade makes that entry the published version)"
    )
    assert (folder / "library.bib").read_bytes() == before


@pytest.mark.parametrize("how", [("--upgrade",), ("--yes",), ("answer",)])
def test_upgrade_makes_the_preprint_the_published_entry(server, folder, golden, how):
    add(server, folder, "arXiv:1706.03762", "--tag", "transformers")
    args = () if how == ("answer",) else how
    result = add(server, folder, "conf/nips/VaswaniSPUJGKP17", *args, input="y\n")
    assert result.returncode == 0, result.stderr
    assert (
        "upgraded vaswani2017attention (preprint -> conference) from DBLP: "
        "conf/nips/VaswaniSPUJGKP17; @misc -> @inproceedings; set booktitle, pages, editor, "
        "dblp; changed title, url, keywords; dropped month; kept eprint 1706.03762\n"
    ) in result.stderr
    (item,) = entries(folder).values()  # one entry, under the preprint's key
    assert item.key == "vaswani2017attention" and item.get("eprint") == "1706.03762"
    assert item.month is None  # arXiv's June is not the NeurIPS paper's month
    golden("add_upgrade_dblp.bib", (folder / "library.bib").read_text(encoding="utf-8"))
    exported = run_publist("-l", folder / "library.bib", "export", "-f", "txt").stdout
    assert "June" not in exported and "Neural Information Processing Systems 30" in exported


def test_published_upgrades_its_own_preprint(valero, folder, golden):
    add(valero, folder, "1710.08557", "--equal", "1,2")
    result = add(valero, folder, "1710.08557", "--published", "--yes")
    assert result.returncode == 0, result.stderr
    (item,) = entries(folder).values()
    assert item.key == "valerocuevas2017neuromechanical"
    assert item.get("doi") == VALERO_DOI and item.get("eprint") == "1710.08557"
    assert item.get("author+an") == "1=equal; 2=equal"  # the user's marks stay
    golden("add_upgrade_published.bib", (folder / "library.bib").read_text(encoding="utf-8"))


def test_dedupe_of_the_preprint_and_its_published_version_keeps_the_clean_key_and_date(
    server, folder, golden
):
    """The old way round (`--force`, then `dedupe --apply`, issue 19's merge): arXiv's June is
    not the NeurIPS paper's month, and the merged entry takes the key without the collision
    letter."""
    add(server, folder, "arXiv:1706.03762")
    forced = add(server, folder, "conf/nips/VaswaniSPUJGKP17", "--force")
    assert forced.stderr.startswith("added vaswani2017attentiona (conference)"), forced.stderr
    library = folder / "library.bib"
    merged = run_publist("-l", library, "dedupe", "--apply")
    assert merged.returncode == 0, merged.stderr
    assert merged.stderr.splitlines()[:2] == [
        "Merged vaswani2017attentiona into vaswani2017attention (old keys kept in ids).",
        "  month: 'June' (from vaswani2017attention) is now month_alt",  # BibTeX skips it
    ]
    (item,) = entries(folder).values()
    assert item.key == "vaswani2017attention" and item.month is None
    assert item.get("ids") == "vaswani2017attentiona" and item.get("eprint") == "1706.03762"
    golden("dedupe_preprint_published.bib", library.read_text(encoding="utf-8"))
    exported = run_publist("-l", library, "export", "-f", "txt").stdout
    assert "June" not in exported and "Neural Information Processing Systems 30" in exported


# --- doi.org down, Crossref up ---


def test_doi_org_down_crossref_builds_the_entry(folder, golden):
    doi = "10.1109/icdcsw.2003.1203662"
    with Server() as server:
        server.add(f"/doi.org/{doi}", Reply(503, b"", {"Content-Type": "text/plain"}))
        server.add_file(f"/api.crossref.org/works/{doi}",
                        "crossref_works_10.1109_icdcsw.2003.1203662.json")  # fmt: skip
        result = add(server, folder, doi)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"doi.org answered 503 (after 1 try); the entry for DOI {doi} is built from Crossref's "
        "record\nadded arya2003accurate (workshop) from Crossref: 10.1109/icdcsw.2003.1203662\n"
    )
    golden("add_crossref_fallback.bib", (folder / "library.bib").read_text(encoding="utf-8"))


def test_doi_org_down_and_crossref_without_the_doi_fails_with_doi_orgs_error(folder):
    doi = "10.1126/science.169.3946.635"
    with Server() as server:
        server.add(f"/doi.org/{doi}", Reply(503, b"", {"Content-Type": "text/plain"}))
        server.add_file(f"/api.crossref.org/works/{doi}", "habanero_works_404.json", 404)
        server.add_file(f"/api.semanticscholar.org/graph/v1/paper/{doi}",
                        "semanticscholar_paper_not_found_status404.json", 404)  # fmt: skip
        result = add(server, folder, doi)
    assert result.returncode == 4
    assert result.stderr == "Error: doi.org answered 503 (after 1 try)\n"
    assert (folder / "library.bib").read_text() == ""


def test_doi_org_down_and_crossref_without_it_semantic_scholar_builds_the_entry(folder, golden):
    doi = "10.1371/journal.pone.0000308"
    with Server() as server:
        server.add(f"/doi.org/{doi}", Reply(503, b"", {"Content-Type": "text/plain"}))
        server.add_file(f"/api.crossref.org/works/{doi}", "habanero_works_404.json", 404)
        server.add_file(f"/api.semanticscholar.org/graph/v1/paper/{doi}",
                        "semanticscholar_paper_10.1371_journal.pone.0000308.json")  # fmt: skip
        result = add(server, folder, doi)
        asked = server.requests_to("semanticscholar")[0].query["fields"]
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"doi.org answered 503 (after 1 try); the entry for DOI {doi} is built from Semantic "
        "Scholar's record",
        f"added piwowar2007sharing (journal) from Semantic Scholar: {doi}",
    ]
    assert "authors" in asked and "journal" in asked
    golden("add_semanticscholar_fallback.bib", (folder / "library.bib").read_text("utf-8"))


# --- what the command says ---


def test_one_line_per_identifier_and_json(server, folder):
    server.not_found("/dblp.org/rec/conf/osdi/Nobody99.bib")
    args = ("arXiv:1706.03762", "conf/osdi/Nobody99", "arXiv:1706.03762", "--keep-going")
    result = add(server, folder, *args, "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert [(row["input"], row["status"], row.get("key")) for row in data["results"]] == [
        ("arXiv:1706.03762", "added", "vaswani2017attention"),
        ("conf/osdi/Nobody99", "failed", None),
        ("arXiv:1706.03762", "present", "vaswani2017attention"),
    ]
    assert data["results"][0]["type"] == "preprint"
    assert data["results"][0]["bibtex"].startswith("@misc{vaswani2017attention,")
    assert data["summary"] == {"added": 1, "present": 1, "failed": 1}
    assert data["written"] is True


# --- by hand ---


def test_by_hand_classifies_from_the_venue_and_takes_cv_fields(server, folder, golden):
    result = add(
        server, folder, "--title", "Demo of Things", "--author", "Ada Lovelace",
        "--venue", "VLDB 2023 Demonstrations", "--year", "2023", "--pages", "10-12",
        "--volume", "16", "--note", "To appear", "--pdf", "https://example.org/demo.pdf",
        "--code", "https://github.com/example/demo",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == "added lovelace2023demo (demo) from the entry typed by hand\n"
    golden("add_by_hand_venue.bib", (folder / "library.bib").read_text(encoding="utf-8"))


def test_by_hand_venue_that_says_no_kind_needs_a_type(server, folder):
    result = add(server, folder, "--title", "T", "--author", "A B", "--venue", "Nature",
                 "--year", "2022")  # fmt: skip
    assert result.returncode == 2
    assert (
        result.stderr
        == "Error: --venue 'Nature' does not say what kind of venue it is; give --type\n"
    )
    assert server.seen == []


# --- Perlmutter 1999: BibTeX's own brace counting (bibtex.well_formed, issue 16) ---


@pytest.mark.parametrize("args", [("10.1086/307221",), ("astro-ph/9812133", "--published")])
def test_perlmutter_adds_by_doi_and_by_its_arxiv_id(server, folder, corpus, args):
    feed = (corpus / ARXIV_2019.format("astro-ph_9812133")).read_bytes()
    server.add(
        "/export.arxiv.org/api/query", Reply(200, feed), query={"id_list": "astro-ph/9812133"}
    )
    bib = (corpus / "api/doi-bibtex/pubs2019_10.1086_307221_status200.bib").read_bytes()
    server.add("/doi.org/10.1086/307221", Reply(200, bib, {"Content-Type": "application/x-bibtex"}))
    result = add(server, folder, *args)
    assert result.returncode == 0, result.stderr
    (item,) = entries(folder).values()
    assert item.title.startswith("Measurements of") and item.title.endswith("Supernovae")
    assert item.get("doi") == "10.1086/307221"
    if "--published" in args:
        assert item.get("eprint") == "astro-ph/9812133"


def test_a_pasted_file_that_holds_one_work_twice_keeps_both_keys(server, folder):
    """A researcher's file (tgoelles' Schlager2021 / Schlager2021IEEE) holds one paper under
    two keys: both are what their documents cite, with BibTeX too (which reads no `ids`), so
    add keeps both and names the pair; `dedupe --apply` then merges them, the key in ids."""
    pasted = (
        "@inproceedings{Schlager2021,\n  author = {Birgit Schlager and Thomas Goelles},\n"
        "  title = {Contaminated Lidar Sensors},\n  booktitle = {2021 IEEE Sensors},\n"
        "  year = {2021},\n  doi = {10.1109/SENSORS47087.2021.9639697},\n}\n\n"
        "@inproceedings{Schlager2021IEEE,\n  author = {Schlager, Birgit and Goelles, Thomas},\n"
        "  title = {Contaminated lidar sensors},\n  booktitle = {2021 {IEEE} Sensors},\n"
        "  year = {2021},\n  doi = {10.1109/sensors47087.2021.9639697},\n}\n"
    )
    result = add(server, folder, "--bib", "-", input=pasted)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[1:] == [
        "possible duplicate Schlager2021IEEE: added as Schlager2021IEEE (conference); it may be"
        " the same work as Schlager2021 (same doi, both in what you pasted; publist dedupe"
        " merges them)",
        "Summary: 1 added, 1 possible duplicate",
    ]
    assert list(entries(folder)) == ["Schlager2021", "Schlager2021IEEE"]
    library = folder / "library.bib"
    merged = run_publist("-l", library, "dedupe", "--apply")
    assert merged.returncode == 0, merged.stderr
    assert entries(folder)["Schlager2021"].get("ids") == "Schlager2021IEEE"
