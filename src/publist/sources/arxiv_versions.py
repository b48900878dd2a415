"""What arXiv says of a preprint's published version: the DOI and the journal reference its
authors added (`<arxiv:doi>`, `<arxiv:journal_ref>` in the API's Atom feed).

arXiv asks API users for at most one request every three seconds (sources/polite.py).
"""

from __future__ import annotations

from xml.etree import ElementTree

from publist.errors import NetworkError
from publist.sources.arxiv import ARXIV, ATOM, ERROR_MARK
from publist.sources.http import Client
from publist.sources.works import Work, split_doi, year_of

SERVICE = "arXiv"


def versions(client: Client, base_url: str, arxiv_id: str) -> Work | None:
    """arXiv's entry for an id; None when arXiv does not know it (an empty or error feed)."""
    response = client.get(
        f"{base_url.rstrip('/')}/api/query",
        SERVICE,
        params={"id_list": arxiv_id, "max_results": "1"},
        accept="application/atom+xml",
        passthrough=(400, 404),
    )
    try:
        root = ElementTree.fromstring(response.body)
    except ElementTree.ParseError:
        raise NetworkError(
            f"arXiv sent an answer that is not an Atom feed (for {arxiv_id})"
        ) from None
    entry = root.find(f"{ATOM}entry")
    if entry is None or ERROR_MARK in _text(entry, f"{ATOM}id") or response.status != 200:
        return None
    doi, _ = split_doi(_text(entry, f"{ARXIV}doi"))
    return Work(
        SERVICE,
        title=_text(entry, f"{ATOM}title"),
        authors=tuple(_text(author, f"{ATOM}name") for author in entry.findall(f"{ATOM}author")),
        year=year_of(_text(entry, f"{ATOM}published")),
        arxiv=arxiv_id,
        published_doi=doi,
        journal_ref=_text(entry, f"{ARXIV}journal_ref"),
        preprint=True,
    )


def _text(element: ElementTree.Element, path: str) -> str:
    found = element.find(path)
    return " ".join((found.text or "").split()) if found is not None else ""
