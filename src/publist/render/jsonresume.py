"""JSON Resume: the `publications` array of a resume.json (valid against its schema).

JSON Resume has no author field and no markup: the authors and the equal-contribution
note go in `summary` as plain text, and also in an extra `authors` key that the schema
allows and themes may read.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from publist.render import parts, plain
from publist.render.core import Document, Item

SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
_RELEASE_DATE = re.compile(r"[12]\d{3}(-[01]\d)?")  # the schema's iso8601 pattern


def uri(url: str) -> str:
    """The URL as a URI: characters outside ASCII percent-encoded (UTF-8)."""
    return quote(url, safe="".join(chr(code) for code in range(0x21, 0x7F)))


def publication(item: Item) -> dict:
    data: dict = {"name": item.publication.title}
    venue = parts.venue_text(item)
    if venue:
        data["publisher"] = venue
    date = parts.iso_date(item)
    if _RELEASE_DATE.fullmatch(date):
        data["releaseDate"] = date
    links = parts.links(item)
    if links:
        data["url"] = uri(links[0][1])
    authors = "".join(map(plain.spell, parts.author_line(item)))
    if authors:
        data["summary"] = authors
    data["authors"] = [piece.text for piece in parts.author_pieces(item)]
    return data


def data(document: Document, standalone: bool = False) -> dict:
    publications = [publication(item) for item in document.items]
    if not standalone:
        return {"publications": publications}
    basics = {"name": document.owner} if document.owner else {}
    return {"$schema": SCHEMA, "basics": basics, "publications": publications}


def render(document: Document, standalone: bool = False) -> str:
    return json.dumps(data(document, standalone), indent=2, ensure_ascii=False) + "\n"
