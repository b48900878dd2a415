"""The recorded answers `publist refresh` is tested against, put on the replay server.

Every answer here was recorded from the real service (tests/data/PROVENANCE.md); where a
test needs a service to say "I do not know this DOI" and no recording of that DOI exists,
the service's own recorded not-found answer (Crossref's "Resource not found.", OpenAlex's
404 page) is served at that path, and the test says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from httpserver import DATA, Reply, Server, vcr_reply

CROSSREF_NOT_FOUND = json.loads((DATA / "habanero_works_404.json").read_text())["interactions"][0][
    "response"
]["body"].encode()


def openalex_not_found() -> Reply:
    """OpenAlex's recorded 404 page (for 10.1046/j.1365-2699.2003.00795)."""
    data = yaml.safe_load((DATA / "paperqa_openalex_not_found.yaml").read_text())
    return vcr_reply(data["interactions"][0]["response"])


def unknown_to_crossref(server: Server, doi: str) -> None:
    """Crossref's recorded 404, for its record and its BibTeX of a DOI."""
    reply = Reply(404, CROSSREF_NOT_FOUND, {"Content-Type": "text/plain"})
    server.add(f"/api.crossref.org/works/{doi}", reply)
    server.add(f"/api.crossref.org/works/{doi}/transform/application/x-bibtex", reply)


def unknown_to_openalex(server: Server, doi: str) -> None:
    server.add(f"/api.openalex.org/works/https://doi.org/{doi}", openalex_not_found())


def arxiv_feed(server: Server, corpus: Path, arxiv_id: str, name: str) -> None:
    """An arXiv API answer from the corpus (pubs' 2019 recordings are LGPL: read, not copied)."""
    body = (corpus / "api/arxiv/bodies" / name).read_bytes()
    status = 400 if "status400" in name else 200
    server.add("/export.arxiv.org/api/query", Reply(status, body), query={"id_list": arxiv_id})


def doi_bibtex(server: Server, corpus: Path, doi: str, name: str) -> None:
    """doi.org's content negotiation answer from the corpus (pubs' recordings, LGPL)."""
    path = corpus / "api/doi-bibtex" / name
    status = 404 if "status404" in name else 200
    kind = "text/html" if status == 404 else "application/x-bibtex"
    server.add(f"/doi.org/{doi}", Reply(status, path.read_bytes(), {"Content-Type": kind}))


def recorded_papers(server: Server, corpus: Path) -> None:
    """Everything the library of recorded papers (tests/test_refresh_command.py) asks."""
    for name in ("paperqa_bulk_doi_search.yaml", "paperqa_bulk_title_search.yaml",
                 "paperqa_doi_search_0.yaml", "paperqa_doi_search_1.yaml",
                 "paperqa_doi_search_3.yaml", "paperqa_doi_search_4.yaml"):  # fmt: skip
        server.add_vcr(name)
    # Valero-Cuevas & Santello: arXiv names the journal DOI, doi.org has its BibTeX (pubs,
    # 2019); no Crossref or OpenAlex answer about that DOI is recorded.
    arxiv_feed(server, corpus, "1710.08557", "pubs2019_1710.08557_status200.xml")
    doi = "10.1186/s12984-017-0305-3"
    doi_bibtex(server, corpus, doi, "pubs2019_10.1186_s12984-017-0305-3_status200.bib")
    unknown_to_crossref(server, doi)
    unknown_to_openalex(server, doi)
