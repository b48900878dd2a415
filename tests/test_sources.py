"""Each source against recorded answers replayed on loopback."""

from __future__ import annotations

import json

import pytest

from conftest import FAST_POLICY
from httpserver import DATA, Reply
from publist.errors import NetworkError, NotFound
from publist.identifiers import Identifier, Kind, parse
from publist.sources import BaseUrls, Record, default_sources
from publist.sources.arxiv import ArxivSource, parse_feed, record_of
from publist.sources.dblp import DblpSource, candidates
from publist.sources.doi import DoiSource, complete, needs_completion, search_crossref
from publist.sources.http import Policy

FAST = Policy(**FAST_POLICY)  # conftest: the server and client fixtures


def fields(record: Record) -> dict[str, str]:
    return dict(record.fields)


# --- doi.org and Crossref ---


def test_doi_follows_the_recorded_redirect_to_crossref(server, client):
    server.add_cassette("habanero_content_negotiation.json")
    record = DoiSource(client, server.url("doi"), server.url("crossref")).fetch(
        parse("https://doi.org/10.1126/science.169.3946.635")
    )
    assert record.entry_type == "article"
    assert fields(record)["journal"] == "{Science}"
    assert fields(record)["month"] == "Aug"
    assert [seen.path for seen in server.seen] == [
        "/doi.org/10.1126/science.169.3946.635",
        "/api.crossref.org/v1/works/10.1126%2Fscience.169.3946.635/transform",
    ]
    assert server.seen[1].headers["Accept"] == "application/x-bibtex"


def test_crossref_404_does_not_fail_the_doi(server, client):
    # A DataCite DOI: doi.org answers, Crossref has no record.
    body = b"@misc{https://doi.org/10.48550/arxiv.1706.03762, title={Attention Is All You Need}, author={Vaswani, Ashish}, year={2017}}"
    server.add("/doi.org/10.48550/arxiv.1706.03762", Reply(200, body))
    server.add_file(
        "/api.crossref.org/works/10.48550/arxiv.1706.03762", "habanero_works_404.json", 404
    )
    record = DoiSource(client, server.url("doi"), server.url("crossref")).fetch(
        Identifier(Kind.DOI, "10.48550/arxiv.1706.03762")
    )
    assert fields(record)["title"] == "{Attention Is All You Need}"
    assert record.notes == ()
    assert len(server.requests_to("crossref")) == 1


def test_crossref_down_still_adds_with_a_note(server, client):
    body = b"@misc{x, title={T}, author={A, B}, year={2020}}"
    server.add("/doi.org/10.5281/zenodo.1212303", Reply(200, body))
    server.add("/api.crossref.org/works/10.5281/zenodo.1212303", Reply(503, b""))
    record = DoiSource(client, server.url("doi"), server.url("crossref")).fetch(
        Identifier(Kind.DOI, "10.5281/zenodo.1212303")
    )
    assert record.notes == (
        "Crossref answered 503 (after 1 try); the entry has doi.org's fields only",
    )


def test_crossref_completes_a_proceedings_article():
    message = json.loads((DATA / "crossref_works_10.1109_icdcsw.2003.1203662.json").read_text())[
        "message"
    ]
    bare = Record("misc", (("title", "{x}"), ("year", "{2003}")), "doi.org")
    assert needs_completion(bare)
    done = complete(bare, message)
    assert done.entry_type == "inproceedings"
    assert dict(done.fields)["booktitle"].startswith(
        "{23rd International Conference on Distributed"
    )
    assert "pages" in dict(done.fields)


def test_complete_never_overwrites():
    message = {
        "type": "journal-article",
        "container-title": ["Other"],
        "page": "1-2",
        "issued": {"date-parts": [[2020, 5]]},
    }
    record = Record(
        "article",
        (("journal", "{Mine}"), ("pages", "{3--4}"), ("month", "jan"), ("year", "{2019}")),
        "doi.org",
    )
    assert complete(record, message).fields == record.fields


def test_crossref_search(server, client):
    data = json.loads((DATA / "habanero_works_query.json").read_text())
    body = data["interactions"][0]["response"]["body"].encode()
    server.add("/api.crossref.org/works", Reply(200, body, {"Content-Type": "application/json"}))
    hits = search_crossref(client, server.url("crossref"), "ecology")
    assert len(hits) == 2
    assert all(hit.identifier.kind == Kind.DOI and hit.origin == "Crossref" for hit in hits)
    assert server.seen[-1].query == {"query.bibliographic": "ecology", "rows": "5"}


# --- arXiv ---


def test_arxiv_2026_feed(server, client):
    server.add_file(
        "/export.arxiv.org/api/query", "arxiv_1706.03762.xml", query={"id_list": "1706.03762"}
    )
    record = ArxivSource(client, server.url("arxiv")).fetch(parse("arXiv:1706.03762"))
    assert record.entry_type == "misc"
    assert fields(record)["eprint"] == "{1706.03762}"
    assert fields(record)["month"] == "jun"
    assert fields(record)["primaryclass"] == "{cs.CL}"
    assert fields(record)["author"].startswith("{Ashish Vaswani and Noam Shazeer")
    assert record.published_doi == ""


def test_arxiv_old_style_id(server, client):
    server.add_file(
        "/export.arxiv.org/api/query",
        "arxiv_astro-ph_0601001.xml",
        query={"id_list": "astro-ph/0601001"},
    )
    record = ArxivSource(client, server.url("arxiv")).fetch(
        parse("https://arxiv.org/abs/astro-ph/0601001")
    )
    assert fields(record)["eprint"] == "{astro-ph/0601001}"


def test_arxiv_empty_feed_is_not_found(server, client):
    server.add_file("/export.arxiv.org/api/query", "arxiv_0000.0000_empty.xml")
    with pytest.raises(NotFound) as raised:
        ArxivSource(client, server.url("arxiv")).fetch(Identifier(Kind.ARXIV, "0000.0000"))
    assert str(raised.value) == "arXiv id 0000.0000 was not found at arXiv (empty feed)"


def test_arxiv_error_feed_is_a_bad_id(server, client):
    server.add_file("/export.arxiv.org/api/query", "arxiv_abc_status400.xml", status=400)
    with pytest.raises(NotFound) as raised:
        ArxivSource(client, server.url("arxiv")).fetch(Identifier(Kind.ARXIV, "abc"))
    assert str(raised.value) == "arXiv rejected the id abc: incorrect id format for abc"


def test_arxiv_html_is_a_network_error(server, client):
    server.add("/export.arxiv.org/api/query", Reply(200, b"<html><body>rate exceeded"))
    with pytest.raises(NetworkError):
        ArxivSource(client, server.url("arxiv")).fetch(Identifier(Kind.ARXIV, "1706.03762"))


def test_arxiv_2026_entry_with_published_doi():
    from xml.etree import ElementTree

    root = ElementTree.fromstring((DATA / "arxiv_q_testing.xml").read_bytes())
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    with_doi = [
        entry for entry in entries if entry.find("{http://arxiv.org/schemas/atom}doi") is not None
    ]
    record = record_of(with_doi[0], Identifier(Kind.ARXIV, "0000.00000"))
    assert record.published_doi.startswith("10.")
    assert "add that with --published" in record.notes[0]


def test_arxiv_2019_feed_with_doi(corpus):
    body = (corpus / "api/arxiv/bodies/pubs2019_1710.08557_status200.xml").read_bytes()
    record = parse_feed(body, Identifier(Kind.ARXIV, "1710.08557"))
    assert record.published_doi == "10.1186/s12984-017-0305-3"
    assert (
        fields(record)["title"]
        == "{On Neuromechanical Approaches for the Study of Biological Grasp and Manipulation}"
    )
    assert record.notes == (
        "arXiv 1710.08557 lists a published version: DOI 10.1186/s12984-017-0305-3 "
        "(Journal of NeuroEngineering and Rehabilitation, 2017); add that with --published",
    )


def test_arxiv_2019_error_feed(corpus):
    body = (corpus / "api/arxiv/bodies/pubs2019_INVALIDID_status400.xml").read_bytes()
    with pytest.raises(NotFound, match="incorrect id format for INVALIDID"):
        parse_feed(body, Identifier(Kind.ARXIV, "INVALIDID"))


# --- DBLP ---


def test_dblp_record(server, client):
    server.add_file(
        "/dblp.org/rec/conf/osdi/YuJKKC22.bib", "dblp_conf_osdi_YuJKKC22.handwritten.bib"
    )
    record = DblpSource(client, server.url("dblp")).fetch(
        parse("https://dblp.org/rec/conf/osdi/YuJKKC22")
    )
    assert record.key == "DBLP:conf/osdi/YuJKKC22"
    assert record.entry_type == "inproceedings"


def test_dblp_unknown_key(server, client):
    server.not_found("/dblp.org/rec/conf/osdi/Nobody99.bib")
    with pytest.raises(NotFound) as raised:
        DblpSource(client, server.url("dblp")).fetch(parse("conf/osdi/Nobody99"))
    assert str(raised.value) == "DBLP record conf/osdi/Nobody99 was not found at DBLP (404)"


def test_dblp_search_recorded_with_single_authors_as_objects():
    hits = candidates(json.loads((DATA / "dblp_search_black_holes.json").read_text()))
    assert len(hits) == 123
    bambi = next(hit for hit in hits if hit.identifier.value == "journals/symmetry/Bambi23")
    assert bambi.authors == ("Cosimo Bambi",)
    assert bambi.title == "X-ray Tests of General Relativity with Black Holes"


def test_dblp_search_drops_homonym_numbers(server, client):
    server.add_file("/dblp.org/search/publ/api", "dblp_search_attention_h1.json")
    hits = DblpSource(client, server.url("dblp")).search("attention is all you need")
    assert hits[0].authors[0] == "Xiaopeng Zhang"
    assert server.seen[0].query == {"q": "attention is all you need", "format": "json", "h": "10"}


def test_dblp_search_nonsense_is_a_network_error():
    with pytest.raises(NetworkError):
        candidates({"unexpected": True})


def test_default_sources_cover_every_kind(client):
    sources = default_sources(client, BaseUrls())
    for kind in Kind:
        assert sum(source.recognises(Identifier(kind, "x")) for source in sources) == 1


def test_sources_import_requests_lazily():
    import subprocess
    import sys

    code = "import sys, publist.cli.app; print('requests' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- the shared fetch-and-parse and base URLs ---


def test_fetch_bibtex_parses_or_fails_with_one_network_message(server, client):
    from publist.errors import NetworkError
    from publist.sources import fetch_bibtex

    server.add("/good.bib", Reply(200, b"@misc{k, title={T}}\n"))
    server.add("/bad.bib", Reply(200, b"@misc{k, title={T}\n"))
    server.add("/empty.bib", Reply(200, b"% nothing here\n"))
    entries = fetch_bibtex(client, f"{server.base}/good.bib", "DBLP", "DBLP record k")
    assert entries == [("k", "misc", [("title", "{T}")])]
    with pytest.raises(NetworkError, match="^DBLP sent BibTeX that does not parse"):
        fetch_bibtex(client, f"{server.base}/bad.bib", "DBLP", "DBLP record k")
    with pytest.raises(NetworkError, match="^DBLP did not send BibTeX for DBLP record k$"):
        fetch_bibtex(client, f"{server.base}/empty.bib", "DBLP", "DBLP record k")


def test_base_urls_from_the_environment():
    urls = BaseUrls.from_environment(
        {"PUBLIST_DBLP_URL": "http://127.0.0.1:9/dblp", "PUBLIST_DOI_URL": "", "HOME": "/x"}
    )
    assert urls == BaseUrls(dblp="http://127.0.0.1:9/dblp")
    assert BaseUrls.from_environment({"PUBLIST_ORCID_URL": "http://o"}).orcid == "http://o"


# --- Crossref standing in for doi.org, and its types ---


def icdcsw_message():
    path = DATA / "crossref_works_10.1109_icdcsw.2003.1203662.json"
    return json.loads(path.read_text())["message"]


def test_a_proceedings_article_is_inproceedings_even_when_doi_org_says_incollection():
    from publist.sources.crossref import complete

    chapter = Record("incollection", (("title", "{x}"), ("booktitle", "{Y}")), "doi.org")
    done = complete(chapter, icdcsw_message())  # Crossref: type proceedings-article
    assert done.entry_type == "inproceedings"
    assert dict(done.fields)["booktitle"] == "{Y}"  # doi.org's value stays
    book_chapter = {**icdcsw_message(), "type": "book-chapter"}
    assert complete(chapter, book_chapter).entry_type == "incollection"


def test_an_undated_proceedings_record_takes_the_year_of_its_event():
    from publist.sources.crossref import date_of

    assert icdcsw_message()["issued"] == {"date-parts": [[None]]}
    assert date_of(icdcsw_message()) == ("2003", "")
    assert date_of({"issued": {"date-parts": [[2012, 3]]}}) == ("2012", "mar")


def test_doi_org_down_falls_back_to_crossref(server, client):
    doi = "10.1109/icdcsw.2003.1203662"
    server.add(f"/doi.org/{doi}", Reply(503, b""))
    server.add_file(
        f"/api.crossref.org/works/{doi}", "crossref_works_10.1109_icdcsw.2003.1203662.json"
    )
    record = DoiSource(client, server.url("doi"), server.url("crossref")).fetch(
        Identifier(Kind.DOI, doi)
    )
    assert record.origin == "Crossref" and record.entry_type == "inproceedings"
    assert fields(record)["author"] == "{Arya, V. and Turletti, T.}"
    assert fields(record)["year"] == "{2003}" and fields(record)["doi"] == f"{{{doi}}}"
    assert record.notes == (
        f"doi.org answered 503 (after 2 tries); the entry for DOI {doi} is built from "
        "Crossref's record",
    )


def test_crossref_title_markup_becomes_plain_bibtex(corpus):
    from publist.sources.crossref import record_of_work

    path = corpus / "api/crossref-works/habanero2026_10.1136_jclinpath-2020-206745_status200.json"
    message = json.loads(path.read_text())["message"]
    title = fields(record_of_work(message, message["DOI"]))["title"]
    assert (
        title
        == "{Construction of a reference material panel for detecting KRAS / NRAS / EGFR / BRAF / MET mutations in plasma ctDNA}"
    )


def test_dblp_workshop_records_under_conf_stay_workshops(server, client, corpus):
    """DBLP files a GI-Workshop under conf/; its booktitle says what it is."""
    from publist.normalize import draft

    body = (corpus / "api/dblp/record-bib/bibtexdblp_ley.bib").read_bytes()
    server.add("/dblp.org/rec/conf/gvd/Ley07.bib", Reply(200, body))
    record = DblpSource(client, server.url("dblp")).fetch(Identifier(Kind.DBLP, "conf/gvd/Ley07"))
    entry = draft(record.entry_type, record.fields, set(), origin=record.origin)
    assert dict(entry.fields)["keywords"] == "{workshop}"
    assert dict(entry.fields)["dblp"] == "{https://dblp.org/rec/conf/gvd/Ley07}"


def test_dblp_record_with_a_crossref_folds_in_its_proceedings(server, client, corpus):
    body = corpus / "api/dblp/record-bib/bibtexdblp_conf_spire_BastMW06_param2_crossref.bib"
    server.add("/dblp.org/rec/conf/spire/BastMW06.bib", Reply(200, body.read_bytes()))
    record = DblpSource(client, server.url("dblp")).fetch(
        Identifier(Kind.DBLP, "conf/spire/BastMW06")
    )
    assert "crossref" not in fields(record)
    assert fields(record)["series"] == "{Lecture Notes in Computer Science}"
    assert fields(record)["publisher"] == "{Springer}"


# --- Semantic Scholar ---


def test_semanticscholar_paper_becomes_a_journal_article():
    from publist.sources.semanticscholar_paper import record_of_paper

    data = json.loads(
        (DATA / "semanticscholar_paper_10.1371_journal.pone.0000308.json").read_text()
    )
    record = record_of_paper(data, "10.1371/journal.pone.0000308")
    assert (record.entry_type, record.origin) == ("article", "Semantic Scholar")
    assert fields(record) == {
        "author": "{Heather A. Piwowar and R. Day and D. Fridsma}",
        "title": "{Sharing Detailed Research Data Is Associated with Increased Citation Rate}",
        "journal": "{PLoS ONE}",
        "year": "{2007}",
        "doi": "{10.1371/journal.pone.0000308}",
    }


def test_semanticscholar_prefers_the_journal_to_a_reprint_venue(corpus):
    """Turing 1950: S2's `venue` names a later collection; `journal` is where it appeared."""
    from publist.sources.semanticscholar_paper import record_of_paper

    path = corpus / "api/semanticscholar/Paper_10.1093_mind_lix.236.433_allfields.json"
    record = record_of_paper(json.loads(path.read_text()), "10.1093/mind/lix.236.433")
    assert fields(record)["journal"] == "{Mind}"
    assert fields(record)["pages"] == "{433-460}" and fields(record)["month"] == "oct"
    assert fields(record)["dblp"] == "{https://dblp.org/rec/journals/x/Turing50}"


def test_semanticscholar_without_a_title_is_not_found():
    from publist.sources.semanticscholar_paper import record_of_paper

    with pytest.raises(NotFound):
        record_of_paper({"paperId": "x", "authors": None}, "10.1/x")


@pytest.mark.parametrize(
    "data",
    [
        {"title": "T", "publicationTypes": 5},
        {"title": "T", "authors": 3, "year": 2007},
    ],
)
def test_semanticscholar_nonsense_is_a_network_error(data):
    """A paper whose fields have shapes S2 never sends: nonsense (exit 4), no traceback."""
    from publist.sources.semanticscholar_paper import record_of_paper

    with pytest.raises(NetworkError, match="^Semantic Scholar sent a paper publist cannot read$"):
        record_of_paper(data, "10.1/x")


def test_semanticscholar_without_authors_or_year_is_not_found(corpus):
    """S2's answer to a paper asked only for its title (a recorded cassette): no entry an
    author and a year would be missing from, so the DOI's error stays doi.org's."""
    from publist.sources.semanticscholar_paper import record_of_paper

    cassette = json.loads(
        (corpus / "api/semanticscholar/cassettes/test_get_paper.json").read_text()
    )
    answer = json.loads(cassette["interactions"][0]["response"]["body"])
    assert set(answer) == {"paperId", "title"}
    with pytest.raises(NotFound, match="has no authors or no year"):
        record_of_paper(answer, "10.1093/mind/lix.236.433")
    with pytest.raises(NotFound):
        record_of_paper({**answer, "authors": [{"name": "A. M. Turing"}]}, "10.1/x")
