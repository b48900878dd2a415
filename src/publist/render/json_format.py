"""JSON: the structured list for scripts and site generators, with each item rendered."""

from __future__ import annotations

import json

from publist import storage
from publist.citations import Citations
from publist.render import html, markdown, plain
from publist.render.core import Document, Item, Kind


def short_venue(item: Item) -> str | None:
    """The venue's short name: the entry's own `abbr` (al-folio's), else the one publist
    counts it under in stats ("OSDI", "NeurIPS Workshop"); None when there is no venue."""
    from publist import stats

    abbr = item.publication.get("abbr").strip()
    return abbr or stats.venue_key(item.publication, item.venue_type)


def doi_of(item: Item) -> str | None:
    """The DOI as its own value, decoded (DBLP's `10.1007/11880561\\_13` is
    `10.1007/11880561_13`), without a doi.org prefix; None when there is none."""
    from publist.identifiers import strip_doi_prefix

    value = strip_doi_prefix(item.publication.get("doi"))
    return value or None


def item_data(item: Item) -> dict:
    publication = item.publication
    pieces = item.pieces
    return {
        "number": item.number,
        "label": item.label,
        "key": item.key,
        "type": item.venue_type.value,
        "entry_type": publication.entry_type,
        "authors": [
            {"name": piece.text, "owner": piece.owner, "equal": piece.equal}
            for piece in pieces
            if piece.kind is Kind.AUTHOR
        ],
        **({"truncated": True} if publication.truncated else {}),  # 'and others'
        "title": publication.title,
        "venue": next((piece.text for piece in pieces if piece.kind is Kind.VENUE), ""),
        "venue_short": short_venue(item),
        "award": storage.award(publication) or None,
        "doi": doi_of(item),
        "arxiv": storage.arxiv_of(publication),
        "date": next((piece.text for piece in pieces if piece.kind is Kind.DATE), ""),
        "year": publication.year,
        "month": publication.month,
        "links": [{"label": p.text, "url": p.url} for p in pieces if p.kind is Kind.LINK],
        "tags": storage.tags(publication),
        "text": plain.item_text(item),
        "markdown": markdown.item_text(item),
        "html": html.item_text(item),
        "fields": dict(publication.fields),
    }


def cited_by(item: Item, citations: Citations | None) -> dict:
    """The item's count and its source (export --citations), for site builders."""
    count = citations.of(item.publication) if citations is not None else None
    return {"cited_by": count.cited_by, "cited_by_source": count.source} if count else {}


def data(document: Document) -> dict:
    return {
        "owner": document.owner,
        **figures(document),
        "sections": [
            {
                "title": section.title,
                "anchor": section.anchor,
                "label": section.label,
                "items": [
                    {**item_data(item), **cited_by(item, document.citations)}
                    for item in section.items
                ],
            }
            for section in document.sections
        ],
    }


def render(document: Document, standalone: bool = False) -> str:
    return json.dumps(data(document), indent=2, ensure_ascii=False) + "\n"


def figures(document: Document) -> dict:
    """The citation figures of the exported entries (export --citations)."""
    if document.citations is None:
        return {}
    from publist import impact

    found = impact.compute([item.publication for item in document.items], document.citations)
    return {"citations": found.as_dict() if found else None}
