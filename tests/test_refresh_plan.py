"""What `publist refresh` finds and plans, in-process against recorded answers: sure and
possible published versions, links, counts in the order of preference, and the upgrade."""

from __future__ import annotations

import pytest

from httpserver import Reply, Server
from publist import bibfile, reading
from publist.kinds import CitationSource
from publist.normalize import draft
from publist.plans import lookup
from publist.plans.refresh import Findings, refresh_plan, upgrade_to_published
from publist.sources.base import BaseUrls, Record
from publist.sources.http import Client, Policy
from refresh_recordings import arxiv_feed, doi_bibtex, unknown_to_crossref, unknown_to_openalex

FAST = Policy(connect_timeout=1.0, read_timeout=1.0, attempts=1, backoff=0.01)

VASWANI = """@misc{vaswani2017attention,
  author        = {Ashish Vaswani and Noam Shazeer and Niki Parmar and Jakob Uszkoreit and Llion Jones and Aidan N. Gomez and Lukasz Kaiser and Illia Polosukhin},
  title         = {Attention is All you Need},
  year          = {2017},
  eprint        = {1706.03762},
  archiveprefix = {arXiv},
  keywords      = {preprint},
}
"""
CHEMCROW = """@techreport{bran2023augmenting,
  author      = {Andres M. Bran and Sam Cox and Oliver Schilter and Carlo Baldassari and Andrew D. White and Philippe Schwaller},
  title       = {Augmenting large language models with chemistry tools},
  institution = {arXiv},
  year        = {2023},
  note        = {arXiv:2304.05376},
}
"""
TAMPERED = """@misc{yang2013tampered,
  author        = {Huan Yang},
  title         = {A tampered record},
  year          = {2013},
  eprint        = {1312.2021},
  archiveprefix = {arXiv},
}
"""


@pytest.fixture
def server():
    with Server() as running:
        yield running


def services(server: Server) -> lookup.Services:
    urls = BaseUrls(**{name: server.url(name) for name in
                       ("doi", "crossref", "arxiv", "dblp", "openalex", "semanticscholar")})  # fmt: skip
    return lookup.Services(Client(policy=FAST, sleep=lambda s: None), urls, today="2026-03-01")


def entries(text: str):
    return reading.publications(bibfile.load_text(text))


def test_semantic_scholar_tying_the_arxiv_id_to_a_doi_is_sure(server):
    server.add_vcr("paperqa_bulk_title_search.yaml", only="semanticscholar")
    (item,) = entries(CHEMCROW)
    asked = services(server)
    found = lookup._from_semantic_scholar(item, asked)
    assert found.sure and found.doi == "10.1038/s42256-024-00832-8"
    assert found.evidence.startswith("Semantic Scholar links arXiv 2304.05376 to DOI")
    (untied,) = entries(CHEMCROW.replace("  note        = {arXiv:2304.05376},\n", ""))
    doubtful = lookup._from_semantic_scholar(untied, asked)  # the title alone: only possible
    assert not doubtful.sure and doubtful.doi == "10.1038/s42256-024-00832-8"


def test_a_venue_without_a_doi_is_only_possible_and_a_false_dblp_hit_is_dropped(server, corpus):
    server.add_file("/export.arxiv.org/api/query", "arxiv_1706.03762.xml",
                    query={"id_list": "1706.03762"})  # fmt: skip
    server.add_vcr("paperqa_arxiv_doi_is_used_when_available.yaml", only="semanticscholar")
    server.add_file("/dblp.org/search/publ/api", "dblp_search_attention_h1.json", query={"h": "1"})
    asked = services(server)
    found = lookup.find_published(entries(VASWANI), asked)
    assert [(f.sure, f.doi) for f in found] == [(False, "")]
    assert "published at Neural Information Processing Systems (no DOI)" in found[0].evidence
    assert server.requests_to("dblp")[0].query["q"] == "Attention is All you Need"
    assert not asked.failures and server.unrecorded == []


def test_a_doi_arxiv_names_but_nobody_knows_is_left_with_a_note(server, corpus):
    arxiv_feed(server, corpus, "1312.2021", "pubs2019_1312.2021_status200.xml")
    unknown_to_crossref(server, "10.1103/invaliddoi.89.084044")  # no such DOI: Crossref 404s
    doi_bibtex(server, corpus, "10.1103/invaliddoi.89.084044",
               "pubs2019_10.1103_INVALIDDOI.89.084044_status404.txt")  # fmt: skip
    asked = services(server)
    assert lookup.find_published(entries(TAMPERED), asked) == []
    assert server.unrecorded == [] and not asked.failures
    assert asked.notes == [
        "yang2013tampered: arXiv 1312.2021 names DOI 10.1103/invaliddoi.89.084044 (Phys. Rev. D "
        "89, 084044 (2014)), but no service has a record of that DOI; left as it is"
    ]


def test_counts_come_from_the_first_source_that_knows_the_entry(server):
    for name in (
        "paperqa_doi_search_1.yaml",
        "paperqa_doi_search_2.yaml",
        "paperqa_doi_search_3.yaml",
    ):
        server.add_vcr(name)
    unknown = "10.1186/s12984-017-0305-3"
    unknown_to_crossref(server, unknown)
    unknown_to_openalex(server, unknown)
    text = "".join(
        f"@article{{{key}, title = {{T}}, year = {{2015}}, doi = {{{doi}}}}}\n"
        for key, doi in (("adak", "10.1023/a:1007154515475"), ("geary", "10.1016/j.addr.2015.01.008"),
                         ("reactions", "10.1007/s40278-023-41815-2"), ("valero", unknown), ("nodoi", ""))
    )  # fmt: skip
    order = (CitationSource.OPENALEX, CitationSource.CROSSREF)
    counts = lookup.find_counts(entries(text), services(server), order)
    assert {key: (c.cited_by, c.source) for key, c in counts.items()} == {
        "adak": (7, "OpenAlex"), "geary": (750, "OpenAlex"), "reactions": (0, "OpenAlex"),
    }  # fmt: skip
    asked = [seen.path.split("/")[1] for seen in server.seen]
    assert asked == ["api.openalex.org"] * 4 + ["api.crossref.org"]  # Crossref: only the rest


def test_a_failed_source_is_not_asked_again_and_the_others_still_answer(server):
    server.add_vcr("paperqa_doi_search_3.yaml", only="crossref")
    server.add_vcr("paperqa_doi_search_4.yaml", only="crossref")
    server.add(
        "/api.openalex.org/works/https://doi.org/10.1016/j.addr.2015.01.008", Reply(503, b"down")
    )
    text = ("@article{geary, title = {T}, year = {2015}, doi = {10.1016/j.addr.2015.01.008}}\n"
            "@article{makris, title = {T}, year = {2014}, doi = {10.1073/pnas.1414271111}}\n")  # fmt: skip
    asked = services(server)
    order = (CitationSource.OPENALEX, CitationSource.CROSSREF)
    counts = lookup.find_counts(entries(text), asked, order)
    assert {key: c.cited_by for key, c in counts.items()} == {"geary": 724, "makris": 129}
    assert asked.failures == {"OpenAlex": "OpenAlex answered 503: down (after 1 try)"}
    assert len(server.requests_to("openalex")) == 1


# --- the plan and the upgrade ---


def published_draft(raw: str):
    (key, entry_type, fields), = [(b.key, b.entry_type, b.fields)
                                  for b in bibfile.load_text(raw).entries()]  # fmt: skip
    return draft(entry_type, fields, set(), origin="Crossref")


PREPRINT = """@misc{lovelace2023engine,
  author        = {Ada Lovelace and Charles Babbage and Mary Somerville},
  title         = {The Analytical Engine},
  howpublished  = {arXiv preprint},
  year          = {2023},
  month         = mar,
  eprint        = {2303.00001},
  archiveprefix = {arXiv},
  primaryclass  = {cs.LG},
  url           = {https://arxiv.org/abs/2303.00001},
  note          = {arXiv:2303.00001},
  code          = {https://github.com/ada/engine},
  keywords      = {preprint, engines},
  author+an     = {1=equal; 2=equal; 3=highlight},
  award         = {Best Poster},
}
"""
JOURNAL = """@article{Lovelace_2024, title={The Analytical Engine}, volume={7}, DOI={10.1000/engine.7},
  journal={Journal of Engines}, author={Lovelace, Ada and Babbage, Charles}, year={2024}, month=jan,
  pages={1-10}, url={http://dx.doi.org/10.1000/engine.7}}
"""


def test_the_upgrade_keeps_the_key_the_arxiv_id_and_the_users_fields():
    block = bibfile.load_text(PREPRINT).entry("lovelace2023engine")
    change = upgrade_to_published(block, published_draft(JOURNAL), "10.1000/engine.7")
    fields = dict(change.fields)
    assert change.key == "lovelace2023engine" and change.entry_type == "article"
    assert fields["journal"] == "{Journal of Engines}" and fields["year"] == "{2024}"
    assert fields["month"] == "jan" and fields["doi"] == "{10.1000/engine.7}"
    assert (fields["eprint"], fields["archiveprefix"], fields["primaryclass"]) == (
        "{2303.00001}", "{arXiv}", "{cs.LG}")  # fmt: skip
    assert fields["keywords"] == "{journal, engines}" and fields["award"] == "{Best Poster}"
    assert fields["code"] == "{https://github.com/ada/engine}"
    assert fields["author+an"] == "{1=equal; 2=equal}"  # position 3 is past the two authors
    assert not {"howpublished", "url", "note"} & set(fields)
    assert change.reason.startswith(
        "upgraded to its published version (Journal of Engines, DOI 10.1000/engine.7); @misc -> "
    )
    assert change.reason.endswith("; kept eprint 2303.00001")


def test_the_plan_is_made_again_on_the_entries_as_they_are(tmp_path):
    library = bibfile.load_text(PREPRINT + "\n@article{other, title = {Other}, year = {2020}}\n")
    published = lookup.Published("lovelace2023engine", "10.1000/engine.7", "arXiv names it", True,
                                 Record("article", tuple(published_draft(JOURNAL).fields), "Crossref"))  # fmt: skip
    link = lookup.Link(
        "other", "10.1000/other", "https://example.org/other.pdf", "same title", True
    )
    doubtful = lookup.Link("gone", "10.1000/gone", "", "a close title", False)
    plan, notes = refresh_plan(library, Findings((published,), (link, doubtful)))
    assert [change.key for change in plan.changes] == ["lovelace2023engine", "other"]
    assert dict(plan.changes[1].fields)["pdf"] == "{https://example.org/other.pdf}"
    edited = bibfile.load_text(
        "@article{other, title = {Other}, year = {2020}, url = {https://x.org}}\n"
    )
    plan, notes = refresh_plan(edited, Findings((published,), (link,)))
    assert plan.changes == () and notes == [
        "lovelace2023engine is no longer in the library; its published version was not added"
    ]


def test_a_doi_another_entry_has_is_never_added_twice():
    published = lookup.Published("lovelace2023engine", "10.1000/engine.7", "arXiv names it", True,
                                 Record("article", tuple(published_draft(JOURNAL).fields), "Crossref"))  # fmt: skip
    link = lookup.Link("other", "10.1000/engine.7", "", "same title", True)
    both = (
        PREPRINT
        + "\n@article{journal, title = {The Analytical Engine}, doi = {10.1000/engine.7}}\n"
    )
    both += "@article{other, title = {Other}, year = {2020}}\n"
    plan, notes = refresh_plan(bibfile.load_text(both), Findings((published,), (link,)))
    assert plan.changes == ()
    assert notes == [
        "lovelace2023engine: 10.1000/engine.7 is already in the library as journal; if they are "
        "one work, merge them with publist dedupe",
        "other: 10.1000/engine.7 is already in the library as journal; if they are one work, "
        "merge them with publist dedupe",
    ]
