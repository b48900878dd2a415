"""Hugo Blox publication bundles: content/publication/<slug>/index.md and cite.bib.

The front matter follows Hugo Blox's publication pages: title, authors with their
`author_notes` (equal contribution), date, a CSL `publication_types`, `publication`
(Markdown, the award after the venue), `publication_short`, tags, `featured` for the
selected papers, `hugoblox.ids` (DOI, arXiv) and `links`. A page's publishDate is the
publication's date, never the time of the build: Hugo skips pages dated in the future,
and a build that changes nothing must write nothing.
"""

from __future__ import annotations

import re
import unicodedata

from publist import links, storage
from publist.bibfile import LibraryFile
from publist.bibtex import MONTH_MACROS, RawField, braced
from publist.errors import LibraryError
from publist.house import render_entry
from publist.kinds import VenueType
from publist.render import csljson, markdown, parts, yaml_text
from publist.render.core import Document, Item, Kind
from publist.render.details import patent_text, venue_name

MARKER = "# Made by publist from the library; edit the library, not this page."
# What pages of earlier releases carry (written by `export -f hugo` too): still publist's.
EARLIER_MARKERS = ("# Made by publist build from the library; edit the library, not this page.",)
PAGE = "index.md"
CITATION = "cite.bib"
LINK_TYPES = {"pdf": "pdf", "code": "code", "slides": "slides", "video": "video"}
PRIVATE_FIELDS = {storage.ANNOTATION_FIELD, storage.DISTINCT_FIELD}
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(key: str, taken: set[str]) -> str:
    """A folder name from the key: lower case, accents folded, runs of anything else a '-'."""
    folded = unicodedata.normalize("NFKD", key.casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    base = _NOT_SLUG.sub("-", folded).strip("-") or "publication"
    name, counter = base, 2
    while name in taken:
        name, counter = f"{base}-{counter}", counter + 1
    taken.add(name)
    return name


def timestamp(item: Item) -> str:
    """The publication's date as Hugo wants it; the first of the month (or of January)."""
    publication = item.publication
    month = publication.month or 1
    return f"{publication.year:04d}-{month:02d}-01T00:00:00Z"


def front_matter(item: Item, owner_profile: str = "") -> dict:
    publication = item.publication
    data: dict = {"title": publication.title or item.key}
    people = [piece for piece in item.pieces if piece.kind is Kind.AUTHOR]
    data["authors"] = [owner_profile if piece.owner and owner_profile else piece.text
                       for piece in people]  # fmt: skip
    notes = ["Equal contribution" if piece.equal else "" for piece in people]
    while notes and not notes[-1]:
        notes.pop()
    if notes:
        data["author_notes"] = notes
    if publication.year:
        data["date"] = data["publishDate"] = timestamp(item)
    data["publication_types"] = [csljson.csl_type(item)]
    venue = _venue_markdown(item)
    if venue:
        data["publication"] = venue
    short = parts.short_venue(item)
    if short and venue_name(publication) and short != venue_name(publication):
        data["publication_short"] = f"In *{markdown.escape(short)}*"
    if publication.get("abstract"):
        data["abstract"] = markdown.escape(publication.get("abstract"))
    tags = storage.tags(publication)
    if tags:
        data["tags"] = tags
    data["featured"] = parts.is_selected(publication)
    ids = _ids(item)
    if ids:
        data["hugoblox"] = {"ids": ids}
    found_links = _links(item)
    if found_links:
        data["links"] = found_links
    return data


def _venue_markdown(item: Item) -> str:
    """ "In *Venue* (Award)", Markdown as Hugo Blox reads it; a patent's kind and number."""
    publication = item.publication
    if item.venue_type is VenueType.PATENT:
        return markdown.escape(patent_text(publication))
    name = venue_name(publication)
    award = storage.award(publication)
    text = f"In *{markdown.escape(name)}*" if name else ""
    return f"{text} ({markdown.escape(award)})".strip() if award else text


def _ids(item: Item) -> dict[str, str]:
    found = {}
    doi = storage.doi_of(item.publication)
    if doi:
        found["doi"] = doi
    arxiv = storage.arxiv_of(item.publication)
    if arxiv:
        found["arxiv"] = arxiv
    return found


def _links(item: Item) -> list[dict[str, str]]:
    result = []
    for name, url in links.by_field(item.publication).items():
        if name in LINK_TYPES:
            result.append({"type": LINK_TYPES[name], "url": url})
        elif name == "url" and not url.startswith(("https://doi.org/", "https://arxiv.org/")):
            result.append({"type": "pdf" if url.lower().endswith(".pdf") else "site", "url": url})
    return result


def page(item: Item, owner_profile: str = "") -> str:
    body = yaml_text.dump(front_matter(item, owner_profile))
    return f"---\n{MARKER}\n{body}---\n"


def citation(item: Item, library: LibraryFile) -> str:
    """The entry for visitors to cite: @string macros resolved, publist's own marks left out."""
    block = library.entry(item.key)
    fields: list[RawField] = []
    for name, raw in block.fields:
        if name.lower() in PRIVATE_FIELDS:
            continue
        if not _self_contained(raw):
            raw = braced(item.publication.latex_fields[name.lower()])
        fields.append((name, raw))
    try:
        return render_entry(block.entry_type or "misc", item.key, fields) + "\n"
    except LibraryError:  # a value publist cannot rewrite: the entry as stored
        return library.raw_text(block).strip("\r\n") + "\n"


def _self_contained(raw: str) -> bool:
    """A value that needs no @string: braced, quoted, a number or a month macro."""
    text = raw.strip()
    if "#" in text:
        return False
    return (text[:1] + text[-1:]) in ("{}", '""') or text.isdigit() or text.lower() in MONTH_MACROS


def bundles(document: Document, library: LibraryFile, owner_profile: str = "") -> dict[str, str]:
    """Relative path -> text of every file of every bundle."""
    files: dict[str, str] = {}
    taken: set[str] = set()
    for item in document.items:
        folder = slug(item.key, taken)
        files[f"{folder}/{PAGE}"] = page(item, owner_profile)
        files[f"{folder}/{CITATION}"] = citation(item, library)
    return files
