"""`publist add` as a user runs it: the installed command against the loopback replay server."""

from __future__ import annotations

import shutil

import pytest

from conftest import DATA, ROOT, run_publist
from httpserver import Reply, Server


@pytest.fixture
def server():
    with Server() as running:
        running.add_cassette("habanero_content_negotiation.json")
        running.add_file(
            "/api.crossref.org/works/10.1126/science.169.3946.635", "habanero_works_404.json", 404
        )
        running.add_file(
            "/export.arxiv.org/api/query", "arxiv_1706.03762.xml", query={"id_list": "1706.03762"}
        )
        running.add_file(
            "/dblp.org/rec/conf/osdi/YuJKKC22.bib", "dblp_conf_osdi_YuJKKC22.handwritten.bib"
        )
        running.add_file(
            "/dblp.org/rec/conf/nips/VaswaniSPUJGKP17.bib", "dblp_conf_nips_VaswaniSPUJGKP17.bib"
        )
        running.add_file("/dblp.org/search/publ/api", "dblp_search_orca.handwritten.json")
        yield running


@pytest.fixture
def empty(tmp_path):
    """A library with a header comment and no entries yet, beside the owner's publist.toml."""
    shutil.copy(ROOT / "publist.toml", tmp_path / "publist.toml")
    path = tmp_path / "library.bib"
    path.write_text("% My publications\n", encoding="utf-8")
    return path


def add(server, library, *args, input=None):
    return run_publist("--library", library, "add", *args, env=server.environment(), input=input)


def appended(library, before: bytes) -> str:
    after = library.read_bytes()
    assert after.startswith(before)
    return after[len(before) :].decode("utf-8")


# --- one golden per kind of input ---


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("10.1126/science.169.3946.635",), "add_doi.bib"),
        (("arXiv:1706.03762",), "add_arxiv.bib"),
        (("https://dblp.org/rec/conf/nips/VaswaniSPUJGKP17",), "add_dblp.bib"),
        (
            ("conf/osdi/YuJKKC22", "--equal", "1,2", "--award", "Best Paper", "--tag", "serving"),
            "add_dblp_marks.bib",
        ),
        (("--bib", str(DATA / "google_scholar_pasted.bib")), "add_google_scholar.bib"),
    ],
)
def test_add_writes_the_normalised_entry(server, empty, golden, args, name):
    before = empty.read_bytes()
    result = add(server, empty, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("added ")
    golden(name, appended(empty, before))


def test_add_doi_tells_where_it_came_from(server, empty):
    result = add(server, empty, "https://doi.org/10.1126/science.169.3946.635")
    assert result.stderr == (
        "added frank1970structure (journal) from doi.org: "
        "https://doi.org/10.1126/science.169.3946.635\n"
    )
    assert "@article{frank1970structure," in empty.read_text()


def test_pasted_bib_from_stdin(server, empty):
    text = (DATA / "google_scholar_pasted.bib").read_text()
    result = add(server, empty, "--bib", "-", input=text)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("added ") == 3
    assert result.stderr.endswith("Summary: 3 added\n")


def test_by_hand(server, empty, golden):
    result = add(
        server, empty, "--title", "Orca & Friends", "--author", "Gyeong-In Yu", "--author", "Byung-Gon Chun",
        "--venue", "OSDI", "--year", "2022", "--month", "July", "--type", "conference",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    golden("add_by_hand.bib", appended(empty, b"% My publications\n"))


def test_search_and_pick(server, empty):
    result = add(server, empty, "--search", "orca distributed serving", "--pick", "1")
    assert result.returncode == 0, result.stderr
    assert "Orca: A Distributed Serving" in result.stderr  # the table, on stderr
    assert "@inproceedings{yu2022orca," in empty.read_text()


def test_dry_run_prints_and_writes_nothing(server, library):
    before = library.read_bytes()
    result = add(server, library, "arXiv:1706.03762", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("@misc{vaswani2017attention,\n")
    assert library.read_bytes() == before


def test_new_key_gets_a_suffix_when_taken(server, library):
    result = add(server, library, "conf/osdi/YuJKKC22", "--force")
    assert result.returncode == 0, result.stderr
    assert "@inproceedings{yu2022orcaa," in library.read_text()


# --- refusals leave the library byte for byte ---


def refused(result, library, before, code, message):
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"
    assert library.read_bytes() == before


def test_present_names_the_entry_that_has_it_and_writes_nothing(server, library):
    before = library.read_bytes()
    result = add(server, library, "conf/osdi/YuJKKC22")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == (
        "present conf/osdi/YuJKKC22: in the library as yu2022orca (same title)\n"
    )
    assert library.read_bytes() == before


def test_unknown_form(server, library):
    before = library.read_bytes()
    result = add(server, library, "orca")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: 'orca' is not a DOI (10.1145/3600006.3613165")
    assert result.stderr.count("\n") == 1
    assert library.read_bytes() == before


def test_doi_not_found(server, library):
    server.add_cassette("habanero_content_negotiation_404.json")
    before = library.read_bytes()
    refused(
        add(server, library, "10.1126/foo"),
        library,
        before,
        1,
        "DOI 10.1126/foo was not found at doi.org (404)",
    )


def test_html_instead_of_bibtex_is_exit_4(server, library):
    server.add(
        "/doi.org/10.1145/3600006.3613165",
        Reply(200, b"<html>Log in</html>", {"Content-Type": "text/html"}),
    )
    # Crossref has no record either (its recorded 404): nothing to fall back on
    server.add_file(
        "/api.crossref.org/works/10.1145/3600006.3613165", "habanero_works_404.json", 404
    )
    server.add_file("/api.semanticscholar.org/graph/v1/paper/10.1145/3600006.3613165",
                    "semanticscholar_paper_not_found_status404.json", 404)  # fmt: skip
    before = library.read_bytes()
    refused(
        add(server, library, "10.1145/3600006.3613165"), library, before, 4,
        "doi.org did not send BibTeX for DOI 10.1145/3600006.3613165",
    )  # fmt: skip


def test_several_identifiers_are_all_or_nothing(server, empty):
    server.not_found("/dblp.org/rec/conf/osdi/Nobody99.bib")
    before = empty.read_bytes()
    result = add(server, empty, "arXiv:1706.03762", "conf/osdi/Nobody99")
    refused(result, empty, before, 1, "DBLP record conf/osdi/Nobody99 was not found at DBLP (404)")


def test_keep_going_adds_what_it_can(server, empty):
    server.not_found("/dblp.org/rec/conf/osdi/Nobody99.bib")
    result = add(server, empty, "arXiv:1706.03762", "conf/osdi/Nobody99", "--keep-going")
    assert result.returncode == 1
    assert result.stderr == (
        "added vaswani2017attention (preprint) from arXiv: arXiv:1706.03762\n"
        "failed conf/osdi/Nobody99: DBLP record conf/osdi/Nobody99 was not found at DBLP (404)\n"
        "Summary: 1 added, 1 failed\n"
    )
    assert "@misc{vaswani2017attention," in empty.read_text()


def test_same_paper_twice_in_one_call_is_added_once(server, empty):
    result = add(server, empty, "conf/osdi/YuJKKC22", "https://dblp.org/rec/conf/osdi/YuJKKC22")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[1:] == [
        "present https://dblp.org/rec/conf/osdi/YuJKKC22: in the library as yu2022orca "
        "(same dblp; given twice)",
        "Summary: 1 added, 1 present",
    ]
    assert empty.read_text().count("@inproceedings{yu2022orca,") == 1


def test_unparseable_pasted_bibtex(server, empty, tmp_path):
    pasted = tmp_path / "pasted.bib"
    pasted.write_text("@article{a, title={T}}\n\n@article{b, title={T}, title={U}}\n")
    before = empty.read_bytes()
    refused(
        add(server, empty, "--bib", pasted), empty, before, 1,
        f"{pasted}:3: entry 'b' has the field title more than once",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (),
            "give identifiers, --bib FILE, --search WORDS, or --title/--author/--venue/--year (exactly one of these)",
        ),
        (
            ("10.1/x", "--bib", "-"),
            "give identifiers, --bib FILE, --search WORDS, or --title/--author/--venue/--year (exactly one of these)",
        ),
        (("--title", "T", "--year", "2022"), "an entry by hand needs --author"),
        (
            ("10.1126/science.169.3946.635", "--type", "talkshow"),
            "unknown venue type 'talkshow' (choose conference, journal, workshop, demo, poster, preprint, patent, thesis, book, chapter, talk, other)",
        ),
        (
            ("10.1126/science.169.3946.635", "--equal", "first"),
            "--equal wants author positions like 1,2 (got 'first')",
        ),
        (("10.1126/science.169.3946.635", "--pick", "2"), "--pick goes with --search"),
    ],
)
def test_usage_errors(server, library, args, message):
    before = library.read_bytes()
    refused(add(server, library, *args), library, before, 2, message)
    assert server.seen == []  # no network before the command line is sound


# --- arXiv's published version (2019 recordings, read from ../shared: LGPL, not copied) ---


def test_arxiv_with_published_doi_tells_and_published_fetches_it(server, empty, corpus):
    bodies = corpus / "api/arxiv/bodies"
    server.add("/export.arxiv.org/api/query", Reply(200, (bodies / "pubs2019_1710.08557_status200.xml").read_bytes()),
               query={"id_list": "1710.08557"})  # fmt: skip
    bib = (corpus / "api/doi-bibtex/pubs2019_10.1186_s12984-017-0305-3_status200.bib").read_bytes()
    server.add(
        "/doi.org/10.1186/s12984-017-0305-3",
        Reply(200, bib, {"Content-Type": "application/x-bibtex"}),
    )

    told = add(server, empty, "1710.08557", "--dry-run")
    assert told.returncode == 0, told.stderr
    assert "lists a published version: DOI 10.1186/s12984-017-0305-3" in told.stderr
    assert told.stdout.startswith("@misc{valerocuevas2017neuromechanical,")

    published = add(server, empty, "1710.08557", "--published")
    assert published.returncode == 0, published.stderr
    assert "adding the published version, DOI 10.1186/s12984-017-0305-3" in published.stderr
    text = empty.read_text()
    assert "doi           = {10.1186/s12984-017-0305-3}," in text
    assert "eprint        = {1710.08557}," in text  # the preprint's identity is kept


def test_an_add_screens_its_entries_once_when_the_file_stays_as_read(cli, empty, monkeypatch):
    """The plan made on the file as read is the one applied under the lock: screening the
    new entries against a large library is not done twice (it is planned again only when
    the file changed meanwhile: test_lost_updates)."""
    from publist.plans import add as plans

    made = []
    original = plans.add_plan

    def counted(*arguments, **options):
        made.append(1)
        return original(*arguments, **options)

    monkeypatch.setattr(plans, "add_plan", counted)
    text = (DATA / "google_scholar_pasted.bib").read_text()
    result = cli("--library", empty, "add", "--bib", "-", input=text)
    assert result.exit_code == 0, result.stderr
    assert len(made) == 1 and empty.read_text().count("@") == 3
