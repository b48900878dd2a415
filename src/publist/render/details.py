"""What a CV shows besides authors, title, venue and date: volume(number):pages after the
venue, and notes (pubstate, note, addendum, al-folio's additional_info) after the date.
Which of them, and in which order, is [export] details (per format: [export.md] ...)."""

from __future__ import annotations

import re

from publist.bibtex import MONTH_NAMES
from publist.config import Detail, MonthStyle
from publist.kinds import VenueType
from publist.model import Publication

# Where pages are a place in a proceedings or an issue; a book's pages are its length.
PAGED_TYPES = frozenset(VenueType) - {VenueType.PREPRINT, VenueType.THESIS, VenueType.BOOK,
                                      VenueType.PATENT, VenueType.TALK}  # fmt: skip
NOTE_DETAILS = (Detail.PUBSTATE, Detail.NOTE, Detail.ADDENDUM, Detail.ADDITIONAL_INFO)
NOTE_FIELDS = frozenset(detail.value for detail in NOTE_DETAILS)
# biblatex's pubstate keys, as its English strings print them.
PUBSTATES = {
    "inpress": "In press", "submitted": "Submitted", "forthcoming": "Forthcoming",
    "inpreparation": "In preparation", "prepublished": "Pre-published",
}  # fmt: skip


def where(publication: Publication, kind: VenueType, details: tuple[Detail, ...]) -> list[str]:
    """The locator after the venue: ['12(3):45–67'] for a journal, ['pp. 45–67'] for
    proceedings; texts, in the order of `details` (volume and pages join into one)."""
    if kind not in PAGED_TYPES:
        return []
    volume = _volume(publication) if _VOLUME in details else ""
    paged = _PAGES in details
    pages = _pages(publication) if paged else ""
    article = _article(publication) if paged and not pages else ""
    if publication.venue_field in ("journal", "journaltitle"):  # 12(3):45–67
        spelled = [":".join(part for part in (volume, pages) if part)] if volume or pages else []
    else:
        spelled = [f"vol. {volume}"] if volume else []  # proceedings: vol. 7, pp. 45–67
        if pages:
            spelled.append(
                f"pp. {pages}" if "–" in pages else f"p. {pages}" if pages.isdigit() else pages
            )
    return [*spelled, f"Article {article}"] if article else spelled


def _volume(publication: Publication) -> str:
    volume = publication.get("volume").strip()
    if not volume:
        return ""
    number = publication.get("number").strip() or publication.get("issue").strip()
    return f"{volume}({number})" if number else volume


_VOLUME, _PAGES = Detail.VOLUME, Detail.PAGES  # module names: see pieces.AUTHOR


def _pages(publication: Publication) -> str:
    """'45--67' as 45–67: the parts between dashes, stripped, joined by an en dash."""
    pages = publication.get("pages").strip()
    if not pages:
        return ""
    simple = _SIMPLE_PAGES.fullmatch(pages)  # most: '45–67' (decoded from 45--67), or '45'
    if simple:  # as joined_pages says, in a third of its time
        first, last = simple.groups()
        return f"{first}–{last}" if last else first
    return joined_pages(pages)


def joined_pages(pages: str) -> str:
    return "–".join(part.strip() for part in pages.replace("—", "-").replace("–", "-")
                    .split("-") if part.strip())  # fmt: skip


_SIMPLE_PAGES = re.compile(r"(\w+)(?: ?(?:--?|–) ?(\w+))?")


def _article(publication: Publication) -> str:
    """An article number (ACM's `articleno`, biblatex's `eid`), which is no page: ACM's and
    APA's styles print "Article 15"; ACM puts the length in `numpages`, not in `pages`.
    Scopus writes its own record id in `eid` ("2-s2.0-8511..."), which is not shown."""
    number = publication.get("articleno").strip()
    if number:
        return number
    eid = publication.get("eid").strip()
    return "" if eid.startswith("2-s2.0-") else eid


def notes(publication: Publication, details: tuple[Detail, ...], shown: str) -> list[str]:
    """The field names of the notes to print after the date, in the order of `details`;
    a note that repeats what is shown already (`shown`, the item's text) is left out."""
    names = []
    for detail in details:
        if detail not in NOTE_DETAILS:
            continue
        text = publication.get(detail.value).strip()
        if text and text.casefold() not in shown.casefold():
            names.append(detail.value)
    return names


def note_text(publication: Publication, name: str) -> str:
    """A note as printed: pubstate keys spelled out, a full stop at the end."""
    text = publication.get(name).strip()
    if name == Detail.PUBSTATE:
        text = PUBSTATES.get(text.casefold().replace(" ", ""), text)
    return text if text.endswith((".", "?", "!")) else text + "."


def venue_name(publication: Publication) -> str:
    """The venue, or 'arXiv:ID' for a preprint known only by its eprint."""
    venue = publication.venue
    if venue:
        return venue
    eprint = publication.get("eprint")
    archive = publication.get("archiveprefix") or publication.get("eprinttype")
    if eprint and archive.lower() in ("arxiv", ""):
        return f"arXiv:{eprint}"
    return ""


def date_text(publication: Publication, month_style: MonthStyle = MonthStyle.LONG) -> str:
    year = publication.year
    if not year:
        return ""
    month = publication.month
    if not month or month_style == MonthStyle.NONE:
        return str(year)
    name = MONTH_NAMES[month - 1]
    if month_style == MonthStyle.SHORT and len(name) > 4:
        name = name[:3] + "."
    return f"{name} {year}"


def patent_text(publication: Publication) -> str:
    """US Patent 11,514,370: the kind of patent and its number grouped by thousands."""
    kind = publication.get("type") or "Patent"
    number = publication.get("number")
    if number.isdigit():
        number = f"{int(number):,}"
    return f"{kind} {number}" if number else kind
