"""Crossref's REST API: a work's /works record, to complete doi.org's BibTeX or to stand in
for it when doi.org fails, and the bibliographic search."""

from __future__ import annotations

import dataclasses
import html
import re
from typing import Any
from urllib.parse import quote

from publist import storage
from publist.bibtex import MONTH_MACROS, RawField, braced
from publist.errors import NetworkError, NotFound
from publist.identifiers import Identifier, Kind
from publist.normalize import escape
from publist.sources.base import Candidate
from publist.sources.http import Client, reading_answer
from publist.sources.record import Record

CROSSREF_TYPES = {
    "journal-article": "article",
    "proceedings-article": "inproceedings",
    "book-chapter": "incollection",
    "book-part": "incollection",
    "book-section": "incollection",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "proceedings": "proceedings",
    "dissertation": "phdthesis",
    "report": "techreport",
    "posted-content": "misc",
}
CONTAINER_FIELDS = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}
# A plain-text value (Crossref's JSON is not LaTeX): every special escaped.
PLAIN_SPECIALS = "&%#_$"
_TAG = re.compile(r"<[^>]+>")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
DATE_FIELDS = ("issued", "published-print", "published-online", "published")
SAFE = "/()-._;:<>[]+"  # what stays unquoted in a DOI path


def doi_path(doi: str) -> str:
    return quote(doi, safe=SAFE)


def work(client: Client, base_url: str, doi: str, subject: str) -> dict[str, Any] | None:
    """The `message` of /works/{doi}; None when Crossref has no such work (a DataCite DOI).

    Failures other than a 404 are NetworkError: the caller decides whether they matter.
    """
    try:
        response = client.get(
            f"{base_url.rstrip('/')}/works/{doi_path(doi)}",
            "Crossref",
            accept="application/json",
            subject=subject,
        )
    except NotFound:
        return None
    data = response.json()
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict):
        raise NetworkError(f"Crossref sent a /works answer publist cannot read (for {subject})")
    return message


# --- a whole record from /works (doi.org failed) ---


def record_of_work(message: dict[str, Any], doi: str) -> Record:
    """BibTeX fields from a /works message: Crossref's JSON is all a DOI needs."""
    crossref_type = str(message.get("type") or "")
    entry_type = CROSSREF_TYPES.get(crossref_type, "misc")
    raw: list[RawField] = []
    authors = [name for name in map(_person, _list(message.get("author"))) if name]
    if authors:
        raw.append(("author", braced(" and ".join(authors))))
    editors = [name for name in map(_person, _list(message.get("editor"))) if name]
    if editors and not authors:
        raw.append(("editor", braced(" and ".join(editors))))
    title = _title(message)
    if title:
        raw.append(("title", braced(_plain(title))))
    container = _first(message.get("container-title")) or _event(message)
    if entry_type in CONTAINER_FIELDS and container:
        raw.append((CONTAINER_FIELDS[entry_type], braced(_plain(container))))
    if crossref_type == "posted-content":
        where = _first(message.get("group-title")) or _first(message.get("institution"))
        if where:
            raw.append(("howpublished", braced(_plain(where))))
    for name, key in (("volume", "volume"), ("number", "issue"), ("pages", "page")):
        value = _first(message.get(key))
        if value:
            raw.append((name, braced(_plain(value))))
    if not storage.get_raw(raw, "pages") and _first(message.get("article-number")):
        raw.append(("pages", braced(_plain(_first(message.get("article-number"))))))
    publisher = _first(message.get("publisher"))
    if publisher and entry_type not in ("phdthesis", "techreport"):
        raw.append(("publisher", braced(_plain(publisher))))
    elif publisher:
        field = "school" if entry_type == "phdthesis" else "institution"
        raw.append((field, braced(_plain(publisher))))
    year, month = date_of(message)
    if year:
        raw.append(("year", braced(year)))
    if month:
        raw.append(("month", month))
    raw.append(("doi", braced(doi)))
    return Record(entry_type, tuple(raw), "Crossref", doi)


def date_of(message: dict[str, Any]) -> tuple[str, str]:
    """(year, month macro) of a work, from its first dated field; a proceedings record
    that Crossref left undated ("issued": [[null]]) has its year in the event's name."""
    for name in DATE_FIELDS:
        parts = _date_parts(message.get(name))
        if parts and isinstance(parts[0], int):
            month = parts[1] if len(parts) > 1 and isinstance(parts[1], int) else 0
            return str(parts[0]), MONTH_MACROS[month - 1] if 1 <= month <= 12 else ""
    for text in (_event(message), _first(message.get("container-title"))):
        years = set(_YEAR.findall(text))
        if len(years) == 1:
            return years.pop(), ""
    return "", ""


def _date_parts(node: Any) -> list[Any]:
    parts = (node or {}).get("date-parts") if isinstance(node, dict) else None
    return parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []


def _person(node: Any) -> str:
    """'Family, Given' (BibTeX's unambiguous order); an organisation's name in braces."""
    if not isinstance(node, dict):
        return ""
    family, given = _first(node.get("family")), _first(node.get("given"))
    if family:
        return _plain(f"{family}, {given}" if given else family)
    name = _first(node.get("name"))
    return "{" + _plain(name) + "}" if name else ""


def _title(message: dict[str, Any]) -> str:
    title = _first(message.get("title"))
    subtitle = _first(message.get("subtitle"))
    if subtitle and subtitle.casefold() not in title.casefold():
        return f"{title}: {subtitle}"
    return title


def _event(message: dict[str, Any]) -> str:
    event = message.get("event")
    return _first(event.get("name")) if isinstance(event, dict) else ""


def _plain(text: str) -> str:
    """Crossref's text (HTML tags and entities in titles) as a braced BibTeX value's inside."""
    return escape(html.unescape(_TAG.sub("", text)), PLAIN_SPECIALS)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _first(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name", "")
    return " ".join(str(value or "").split())


# --- filling the gaps of doi.org's BibTeX ---


def needs_completion(record: Record) -> bool:
    raw = list(record.fields)
    container = CONTAINER_FIELDS.get(record.entry_type.lower())
    missing_container = container is not None and not storage.get_raw(raw, container)
    return (
        record.entry_type.lower() in ("misc", "incollection", "inbook")
        or missing_container
        or not storage.get_raw(raw, "month")
        or not storage.get_raw(raw, "pages")
    )


def complete(record: Record, message: dict[str, Any]) -> Record:
    """Fill what the BibTeX lacks from a /works message; never overwrite a value.

    The entry type follows Crossref's type where doi.org's BibTeX is vaguer: a @misc
    becomes what Crossref says, and a paper Crossref calls a proceedings-article is
    @inproceedings even when doi.org writes @incollection (Springer's LNCS volumes).
    """
    entry_type = record.entry_type.lower()
    crossref_type = CROSSREF_TYPES.get(str(message.get("type", "")))
    if crossref_type and (
        entry_type == "misc"
        or (crossref_type == "inproceedings" and entry_type in ("incollection", "inbook"))
    ):
        entry_type = crossref_type
    raw: list[RawField] = list(record.fields)
    container = _first(message.get("container-title")) or _event(message)
    target = CONTAINER_FIELDS.get(entry_type)
    if target and container and not storage.get_raw(raw, target):
        raw.append((target, braced(_plain(container))))
    year, month = date_of(message)
    if month and not storage.get_raw(raw, "month"):
        raw.append(("month", month))
    if year and not storage.get_raw(raw, "year"):
        raw.append(("year", braced(year)))
    for name, key in (("pages", "page"), ("volume", "volume"), ("number", "issue")):
        value = _first(message.get(key))
        if value and not storage.get_raw(raw, name):
            raw.append((name, braced(_plain(value))))
    return dataclasses.replace(record, entry_type=entry_type, fields=tuple(raw))


# --- search ---


def search_crossref(client: Client, base_url: str, words: str, rows: int = 5) -> list[Candidate]:
    """Crossref's bibliographic search: best-scored works first."""
    response = client.get(
        f"{base_url.rstrip('/')}/works",
        "Crossref",
        params={"query.bibliographic": words, "rows": str(rows)},
        accept="application/json",
    )
    with reading_answer("Crossref", "a search answer"):
        return _crossref_candidates(response.json())


def _crossref_candidates(data: Any) -> list[Candidate]:
    items = ((data or {}).get("message") or {}).get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise NetworkError("Crossref sent a search answer publist cannot read")
    found = []
    for item in items:
        doi = str(item.get("DOI") or "")
        if not re.match(r"^10\.\d{4,9}/\S+$", doi):
            continue
        authors = tuple(
            " ".join(part for part in (person.get("given"), person.get("family")) if part)
            for person in item.get("author") or []
            if isinstance(person, dict)
        )
        year = (item.get("issued") or {}).get("date-parts") or [[None]]
        found.append(
            Candidate(
                title=html.unescape(_TAG.sub("", _first(item.get("title")))),
                authors=authors,
                venue=_first(item.get("container-title")),
                year=str(year[0][0] or "") if year and year[0] else "",
                identifier=Identifier(Kind.DOI, doi.lower()),
                origin="Crossref",
            )
        )
    return found
