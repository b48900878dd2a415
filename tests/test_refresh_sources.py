"""The services `publist refresh` asks, against their recorded answers on loopback: parsing,
request shapes, what counts as "not found", the polite client's pace and kept answers."""

from __future__ import annotations

import json

import pytest

from conftest import FAST_POLICY
from httpserver import DATA, Reply
from publist.errors import NetworkError
from publist.sources import arxiv_versions, crossref_works, openalex, semanticscholar
from publist.sources.http import Policy
from publist.sources.polite import PoliteClient
from refresh_recordings import arxiv_feed, openalex_not_found

FAST = Policy(**FAST_POLICY)  # conftest: the server and client fixtures


# --- OpenAlex ---


def test_openalex_work_by_doi(server, client):
    server.add_vcr("paperqa_doi_search_0.yaml", only="openalex")
    work = openalex.work_by_doi(client, server.url("openalex"), "10.1016/j.xgen.2025.100814",
                                "ada@example.org")  # fmt: skip
    assert work is not None and work.cited_by == 3 and work.year == 2025
    assert work.doi == "10.1016/j.xgen.2025.100814"
    seen = server.requests_to("openalex")[0]
    assert seen.path == "/api.openalex.org/works/https://doi.org/10.1016%2Fj.xgen.2025.100814"
    assert seen.query["mailto"] == "ada@example.org"
    assert set(seen.query["select"].split(",")) >= {"cited_by_count", "doi"}


def test_openalex_404_page_is_not_found(server, client):
    # Recorded with select=open_access,doi: whatever a request selects, the work is not there.
    path = "/api.openalex.org/works/https://doi.org/10.1046/j.1365-2699.2003.00795"
    server.add(path, openalex_not_found())
    found = openalex.work_by_doi(client, server.url("openalex"), "10.1046/j.1365-2699.2003.00795")
    assert found is None


# --- Semantic Scholar ---


def test_batch_sends_the_ids_in_one_post_and_keeps_their_order(server, client):
    server.add_vcr("s2py_get_papers_not_found_warning.yaml")
    ids = ["CorpusId:211530585", "CorpusId:470667", "10.2139/ssrn.2250500",
           "0f40b1f08821e22e859c6050916cec3667778613"]  # fmt: skip
    works = semanticscholar.batch(client, server.url("semanticscholar"), ids)
    assert [work.cited_by if work else None for work in works] == [None, 10670, 2185, 0]
    assert works[1].pdf == "http://papers.nber.org/papers/w8841.pdf"
    assert works[2].doi == "10.2139/ssrn.2250500" and works[3].pdf == ""
    (seen,) = server.requests_to("semanticscholar")
    assert seen.method == "POST" and json.loads(seen.body) == {"ids": ids}
    assert seen.headers["Content-Type"] == "application/json"


def test_batch_403_is_a_network_error(server, client):
    server.add_vcr("s2py_debug.yaml")
    ids = ["CorpusId:470667", "10.2139/ssrn.2250500", "0f40b1f08821e22e859c6050916cec3667778613"]
    with pytest.raises(NetworkError, match="Semantic Scholar answered 403"):
        semanticscholar.batch(client, server.url("semanticscholar"), ids)


def test_batch_splits_at_the_api_limit(server, client, monkeypatch):
    server.add_vcr("s2py_get_papers_not_found_warning.yaml")
    monkeypatch.setattr(semanticscholar, "BATCH_LIMIT", 2)
    ids = ["CorpusId:211530585", "CorpusId:470667"]
    # Two ids a batch: the recorded four-id exchange cannot answer, and nothing is guessed.
    with pytest.raises(NetworkError, match="599"):
        semanticscholar.batch(client, server.url("semanticscholar"), ids + ids)
    assert len(server.requests_to("semanticscholar")) == 1


@pytest.mark.parametrize(
    ("name", "title"),
    [("paperqa_bad_titles.yaml", "askldjrq3rjaw938h"),
     ("paperqa_s2_title_search_empty_data.yaml", "empty results edge case query")],
)  # fmt: skip
def test_no_title_match_is_none(server, client, name, title):
    server.add_vcr(name, only="semanticscholar")
    assert semanticscholar.match_title(client, server.url("semanticscholar"), title) is None


def test_title_match_reads_ids_venue_and_pdf(server, client):
    server.add_vcr("paperqa_bulk_title_search.yaml", only="semanticscholar")
    work = semanticscholar.match_title(client, server.url("semanticscholar"),
                                       "Augmenting large language models with chemistry tools")  # fmt: skip
    assert (work.arxiv, work.doi, work.venue) == ("2304.05376", "10.1038/s42256-024-00832-8",
                                                  "Nat. Mac. Intell.")  # fmt: skip
    assert (
        work.pdf == "https://www.nature.com/articles/s42256-024-00832-8.pdf" and not work.preprint
    )
    assert work.score and work.score > 0


# --- Crossref ---


def test_crossref_names_the_published_version_of_a_preprint(server, client):
    server.add_vcr("paperqa_bulk_doi_search.yaml", only="crossref")
    work = crossref_works.work(client, server.url("crossref"), "10.1101/2024.04.01.587366")
    assert work.preprint and work.published_doi == "10.1016/j.xgen.2025.100814"
    assert work.cited_by == 2


def test_has_preprint_is_not_a_published_version(server, client):
    """A journal article naming its preprint (has-preprint) is the published version itself."""
    server.add_vcr("rcrossref_works_empty_funder.yml")
    work = crossref_works.work(client, server.url("crossref"), "10.3389/fgene.2017.00147")
    assert work.published_doi == "" and not work.preprint and work.cited_by == 2


def test_crossref_404_for_a_datacite_doi_is_none(server, client):
    server.add_vcr("paperqa_bulk_doi_search.yaml", only="crossref")
    assert crossref_works.work(client, server.url("crossref"), "10.48550/arxiv.2312.07559") is None


def test_crossref_title_search_and_bibtex(server, client):
    server.add_vcr("paperqa_bulk_title_search.yaml", only="crossref")
    title = "Effect of native oxide layers on copper thin-film tensile properties: A reactive molecular dynamics study"  # noqa: E501
    hit = crossref_works.search_title(client, server.url("crossref"), title)
    assert hit.doi == "10.1063/1.4938384" and hit.authors == (
        "Michael D. Skarlinski",
        "David J. Quesnel",
    )
    assert server.requests_to("crossref")[0].query == {"query.title": title, "rows": "1"}
    record = crossref_works.bibtex(client, server.url("crossref"), "10.1063/1.4938384")
    fields = {name.lower(): value for name, value in record.fields}
    assert record.entry_type == "article" and fields["doi"] == "{10.1063/1.4938384}"


# --- arXiv ---


@pytest.mark.parametrize(
    ("arxiv_id", "name", "doi", "reference"),
    [("1710.08557", "pubs2019_1710.08557_status200.xml", "10.1186/s12984-017-0305-3",
      "Journal of NeuroEngineering and Rehabilitation, 2017"),
     ("math/9501234", "pubs2019_math_9501234_status200.xml", "",
      "J. Algebraic Combin. 6 (1997), no. 3, 253--257"),
     ("math/0211159", "pubs2019_math_0211159_status200.xml", "", "")],
)  # fmt: skip
def test_arxiv_names_the_published_version(server, client, corpus, arxiv_id, name, doi, reference):
    arxiv_feed(server, corpus, arxiv_id, name)
    work = arxiv_versions.versions(client, server.url("arxiv"), arxiv_id)
    assert (work.published_doi, work.journal_ref) == (doi, reference)


@pytest.mark.parametrize("name", ["arxiv_0000.0000_empty.xml", "arxiv_abc_status400.xml"])
def test_arxiv_unknown_or_refused_id_is_none(server, client, name):
    status = 400 if "400" in name else 200
    server.add_file("/export.arxiv.org/api/query", name, status)
    assert arxiv_versions.versions(client, server.url("arxiv"), "0000.0000") is None


# --- the polite client ---


def polite(tmp_path, now, slept) -> PoliteClient:
    return PoliteClient(
        "ada@example.org", policy=FAST, sleep=slept.append, clock=lambda: now[0],
        folder=tmp_path, max_age=3600.0, now=lambda: now[0],
    )  # fmt: skip


def test_answers_are_kept_for_their_age_limit(server, tmp_path):
    server.add_vcr("paperqa_doi_search_0.yaml", only="openalex")
    now, slept = [1000.0], []

    def ask(client):
        return openalex.work_by_doi(client, server.url("openalex"), "10.1016/j.xgen.2025.100814")

    assert ask(polite(tmp_path, now, slept)).cited_by == 3
    again = polite(tmp_path, now, slept)
    assert ask(again).cited_by == 3 and again.asked == [] and len(again.reused) == 1
    assert len(server.seen) == 1
    now[0] += 3601  # past the age limit: asked again
    assert ask(polite(tmp_path, now, slept)).cited_by == 3 and len(server.seen) == 2


def test_not_found_is_kept_but_errors_are_asked_again(server, tmp_path):
    server.add("/api.openalex.org/works/https://doi.org/10.1/x", Reply(503, b"busy"))
    server.add("/api.openalex.org/works/https://doi.org/10.1046/j.1365-2699.2003.00795",
               openalex_not_found())  # fmt: skip
    now, slept = [0.0], []
    for _ in range(2):
        with pytest.raises(NetworkError):
            openalex.work_by_doi(polite(tmp_path, now, slept), server.url("openalex"), "10.1/x")
        found = openalex.work_by_doi(polite(tmp_path, now, slept), server.url("openalex"),
                                     "10.1046/j.1365-2699.2003.00795")  # fmt: skip
        assert found is None
    assert [seen.path.rsplit("/", 1)[-1] for seen in server.seen].count("10.1%2Fx") == 4  # 2 x 2
    assert len(server.seen) == 5  # the 404 once, then kept


def test_each_service_is_paced_by_its_documented_limit(server, tmp_path):
    server.add(
        "/export.arxiv.org/api/query", Reply(200, (DATA / "arxiv_0000.0000_empty.xml").read_bytes())
    )
    now, slept = [0.0], []
    client = polite(tmp_path, now, slept)
    client.folder = None  # nothing kept: every call asks
    for _ in range(3):
        arxiv_versions.versions(client, server.url("arxiv"), "0000.0000")
        now[0] += 0.5
    assert slept == [2.5, 2.5]  # arXiv: one request every three seconds


def test_a_pace_past_the_deadline_gives_up(server, tmp_path):
    server.add(
        "/export.arxiv.org/api/query", Reply(200, (DATA / "arxiv_0000.0000_empty.xml").read_bytes())
    )
    now, slept = [0.0], []
    client = polite(tmp_path, now, slept)
    client.folder, client.policy = None, Policy(deadline=2.0)
    arxiv_versions.versions(client, server.url("arxiv"), "0000.0000")
    with pytest.raises(NetworkError, match="took too long"):
        arxiv_versions.versions(client, server.url("arxiv"), "0000.0000")
    assert slept == []


def test_a_post_is_kept_by_its_body(server, tmp_path):
    server.add_vcr("s2py_get_papers_not_found_warning.yaml")
    ids = ["CorpusId:211530585", "CorpusId:470667", "10.2139/ssrn.2250500",
           "0f40b1f08821e22e859c6050916cec3667778613"]  # fmt: skip
    now, slept = [0.0], []
    for _ in range(2):
        semanticscholar.batch(polite(tmp_path, now, slept), server.url("semanticscholar"), ids)
    assert len(server.seen) == 1
    with pytest.raises(NetworkError, match="599"):  # another body: not the kept answer
        semanticscholar.batch(polite(tmp_path, now, slept), server.url("semanticscholar"), ids[1:])
