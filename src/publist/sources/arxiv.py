"""arXiv ids through the arXiv API's Atom feed (the 2019 and the 2026 layouts both parse)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree

from publist.bibtex import MONTH_MACROS, RawField, braced
from publist.errors import NetworkError, NotFound
from publist.identifiers import Identifier, Kind, normalize_doi
from publist.normalize import escape
from publist.sources.http import Client
from publist.sources.record import Record

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
ERROR_MARK = "/api/errors"


@dataclass
class ArxivSource:
    client: Client
    base_url: str = "https://export.arxiv.org"
    name: str = "arXiv"

    def recognises(self, identifier: Identifier) -> bool:
        return identifier.kind == Kind.ARXIV

    def fetch(self, identifier: Identifier) -> Record:
        wanted = identifier.value + identifier.version
        response = self.client.get(
            f"{self.base_url.rstrip('/')}/api/query",
            "arXiv",
            params={"id_list": wanted, "max_results": "1"},
            accept="application/atom+xml",
            subject=f"arXiv id {wanted}",
            not_found=(404,),
            passthrough=(400,),
        )
        return parse_feed(response.body, identifier)


def parse_feed(body: bytes, identifier: Identifier) -> Record:
    """The one entry of an id_list answer; an error entry or an empty feed is NotFound."""
    wanted = identifier.value + identifier.version
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise NetworkError(
            f"arXiv sent an answer that is not an Atom feed (for {wanted})"
        ) from None
    entries = root.findall(f"{ATOM}entry")
    if not entries:
        raise NotFound(f"arXiv id {wanted} was not found at arXiv (empty feed)")
    entry = entries[0]
    if ERROR_MARK in _text(entry, f"{ATOM}id"):
        reason = _text(entry, f"{ATOM}summary") or "error"
        raise NotFound(f"arXiv rejected the id {wanted}: {reason}")
    return record_of(entry, identifier)


def record_of(entry: ElementTree.Element, identifier: Identifier) -> Record:
    authors = [
        " ".join(_text(author, f"{ATOM}name").split()) for author in entry.findall(f"{ATOM}author")
    ]
    published = _text(entry, f"{ATOM}published")
    year, month = (
        (published[:4], published[5:7]) if re.match(r"\d{4}-\d\d", published) else ("", "")
    )
    primary = entry.find(f"{ARXIV}primary_category")
    raw: list[RawField] = [
        ("author", braced(" and ".join(escape(name, "&%#") for name in authors if name))),
        ("title", braced(escape(_text(entry, f"{ATOM}title"), "&%#"))),
        ("year", braced(year)),
    ]
    if month.isdigit() and 1 <= int(month) <= 12:
        raw.append(("month", MONTH_MACROS[int(month) - 1]))
    raw += [
        ("eprint", braced(identifier.value)),
        ("archiveprefix", braced("arXiv")),
    ]
    if primary is not None and primary.get("term"):
        raw.append(("primaryclass", braced(primary.get("term", ""))))
    raw.append(("url", braced(f"https://arxiv.org/abs/{identifier.value}")))
    doi = normalize_doi(_text(entry, f"{ARXIV}doi")) or ""
    notes: tuple[str, ...] = ()
    if doi:
        where = _text(entry, f"{ARXIV}journal_ref")
        notes = (
            f"arXiv {identifier.value} lists a published version: DOI {doi}"
            + (f" ({where})" if where else "")
            + "; add that with --published",
        )
    return Record("misc", tuple(raw), "arXiv", identifier.value, published_doi=doi, notes=notes)


def _text(element: ElementTree.Element, path: str) -> str:
    found = element.find(path)
    return " ".join((found.text or "").split()) if found is not None else ""
