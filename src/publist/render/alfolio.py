"""al-folio-ready BibTeX: the stored entries with the fields al-folio's bib layout reads.

al-folio (jekyll-scholar) shows a badge from `abbr`, an award button from `award` and
`award_name`, buttons from `arxiv`, `html`, `pdf`, `code`, `slides`, `video`, the
`selected` papers on the about page, and equal contribution as a mark on the family name
(`Yu*, Gyeong-In`) explained in `annotation`. Everything else of the entry is kept as
stored; only `author+an` goes (its marks are in the names now). The owner is set in bold
by al-folio itself, from `scholar.last_name` and `first_name` in its _config.yml.
"""

from __future__ import annotations

import re

from bibtexparser.middlewares.names import parse_single_name_into_parts

from publist import links, storage
from publist.bibfile import LibraryFile
from publist.bibtex import RawField, braced
from publist.house import render_entry
from publist.kinds import VenueType
from publist.people import split_names
from publist.render import parts
from publist.render.core import Document, Item
from publist.render.details import patent_text

EQUAL_MARK = "*"
# Fields al-folio turns into links (buttons); a file name is a file of the site's assets.
LINK_FIELDS = {"url", "html", "pdf", "code", "slides", "video", "poster", "supp", "blog", "website"}
_SCHEME = re.compile(r"^\s*[A-Za-z][A-Za-z0-9+.-]*:")
ANNOTATION = "* Equal contribution"


def marked_name(latex: str) -> str:
    """'Gyeong-In Yu' as 'Yu*, Gyeong-In': al-folio looks for the mark on the family name."""
    try:
        parts = parse_single_name_into_parts(latex.strip(), strict=False)
    except Exception:  # a name bibtexparser cannot split: the mark goes at its end
        return latex.strip() + EQUAL_MARK
    family = " ".join([*parts.von, *parts.last]) + EQUAL_MARK
    return ", ".join(part for part in (family, " ".join(parts.jr), " ".join(parts.first)) if part)


def authors(item: Item) -> str | None:
    """The author list with equal-contribution marks; None when nothing is marked."""
    equal = set(storage.equal_positions(item.publication))
    raw = item.publication.latex_fields.get("author", "")
    names = split_names(raw)
    if not equal & set(range(1, len(names) + 1)):
        return None
    return " and ".join(
        marked_name(name) if position in equal else name.strip()
        for position, name in enumerate(names, start=1)
    )


def additions(item: Item, bibtex_show: bool) -> dict[str, str]:
    """Field -> text for what al-folio reads and the entry lacks."""
    publication = item.publication
    found: dict[str, str] = {}
    short = parts.short_venue(item)
    if short:
        found["abbr"] = short
    marked = authors(item)
    if marked:
        found["annotation"] = ANNOTATION
    award = storage.award(publication)
    if award:
        found["award_name"] = award
    arxiv = storage.arxiv_of(publication)
    if arxiv:
        found["arxiv"] = arxiv
    url = links.by_field(publication).get("url")
    if url:
        found["html"] = url
    if item.venue_type is VenueType.PATENT:
        found["note"] = patent_text(publication)  # al-folio shows no venue for a @patent
    if bibtex_show:
        found["bibtex_show"] = "true"
    return found


def entry_fields(item: Item, fields: list[RawField], bibtex_show: bool) -> list[RawField]:
    present = {name.lower() for name, _ in fields}
    marked = authors(item)
    result: list[RawField] = []
    for name, raw in fields:
        lowered = name.lower()
        if lowered == storage.ANNOTATION_FIELD or (
            lowered in LINK_FIELDS and _unsafe(item, lowered)
        ):
            continue
        if lowered == "author" and marked:
            raw = braced(marked)
        elif lowered == "selected":
            raw = braced("true" if parts.is_selected(item.publication) else "false")
        result.append((name, raw))
    for name, text in additions(item, bibtex_show).items():
        if name not in present:
            result.append((name, braced(text)))
    return result


def _unsafe(item: Item, name: str) -> bool:
    """A link with a scheme other than http(s) or mailto (javascript:, data:) never goes
    onto a web page; a bare file name does."""
    value = item.publication.latex_fields.get(name, "")
    return bool(_SCHEME.match(value)) and not storage.is_safe_url(value)


def render(document: Document, library: LibraryFile, bibtex_show: bool = False) -> str:
    macros = [library.raw_text(block) for block in library.blocks if block.kind == "string"]
    entries = []
    for item in document.items:
        block = library.entry(item.key)
        fields = entry_fields(item, list(block.fields), bibtex_show)
        entries.append(render_entry(block.entry_type or "misc", item.key, fields))
    chunks = [text.strip("\r\n") for text in [*macros, *entries]]
    return "\n\n".join(chunks) + "\n" if chunks else ""
