"""What one entry offers for comparison: identifiers, the title's words, names, years.

Blocking needs only the identifiers and the title of every entry; the rest is worked out
on first use, for the few entries that share a block with another.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from publist import storage
from publist.identifiers import ARXIV_DOI_PREFIX
from publist.kinds import VenueType
from publist.latex import plain_title
from publist.model import Publication
from publist.people import Person, fold, split_people

# Titles that many unrelated works share; never merged on the title alone.
GENERIC_TITLES = frozenset(
    re.sub(r"[^a-z0-9]", "", title)
    for title in (
        "editorial", "guest editorial", "editorial board", "editors note", "editor's note",
        "preface", "foreword", "introduction", "conclusion", "conclusions", "summary",
        "index", "author index", "subject index", "contents", "table of contents",
        "front matter", "back matter", "frontmatter", "backmatter", "title page",
        "errata", "erratum", "corrigendum", "correction", "corrections", "retraction",
        "acknowledgments", "acknowledgements", "reviewers", "list of reviewers",
        "in memoriam", "obituary", "book review", "book reviews", "letter to the editor",
        "letters", "abstracts", "keynote", "keynote address", "invited talk", "panel",
        "panel discussion", "announcements", "news", "message from the chairs",
        "message from the general chair", "welcome", "committees", "organizing committee",
        "program committee", "overview", "discussion", "reply", "response", "comment",
        "comments", "untitled", "no title", "appendix", "references", "bibliography",
    )
)  # fmt: skip
# Words left out of title block keys. Not normalize.STOP_WORDS (citation keys): that list
# also drops "does", "how", "we"..., which leaves short titles with one common word as
# their only key ("TeX does Windows" -> "tex"), and at 100,000 entries it lost an injected
# duplicate that this list finds.
STOP_WORDS = frozenset(
    "a an and the of for in on to with by from at as is are its via using towards toward "
    "into over under about based".split()
)
PUBLISHED_KINDS = frozenset(
    {"conference", "journal", "workshop", "demo", "poster", "book", "chapter", "thesis", "patent"}
)


@dataclass(frozen=True)
class Evidence:
    """What one entry offers for comparison.

    Blocking needs only the identifiers and the title of every entry; the rest is
    worked out on first use, for the few entries that share a block with another
    (at 100,000 entries, building everything for every entry was most of the search).
    """

    key: str
    line: int
    doi: str | None
    arxiv: str | None
    dblp: str | None
    title: str  # normalised, no spaces: the exact-title block key
    words: tuple[str, ...]  # normalised title words
    item: Publication = field(compare=False, repr=False)

    @cached_property
    def families(self) -> frozenset[str]:
        return _names_of(self.item)[0]

    @cached_property
    def name_tokens(self) -> frozenset[str]:
        return _names_of(self.item)[1]

    @cached_property
    def year(self) -> int | None:
        return self.item.year

    @cached_property
    def series(self) -> tuple[str, ...]:
        """number, edition, volume, chapter ("" when absent)."""
        item = self.item
        return (
            _digits(item.get("number")),
            _digits(item.get("edition")),
            _digits(item.get("volume")),
            fold_text(item.get("chapter")),
        )

    @cached_property
    def first_page(self) -> str:
        return _first_page(self.item.get("pages"))

    @cached_property
    def preprint(self) -> bool:
        return is_preprint(self.item)

    @cached_property
    def venue_type(self) -> str:
        """Stored in keywords, "" when absent."""
        stored = storage.venue_type(self.item)
        return stored.value if stored else ""

    @cached_property
    def venue_kind(self) -> str:
        """Stored or classified."""
        return self.item.venue_type.value


# --- normalising ---


WORD_BREAK = re.compile(r"[\W_]+")


@lru_cache(maxsize=131072)
def fold_text(text: str) -> str:
    """Lower case, accents folded (people.fold, letter by letter), punctuation turned into spaces."""
    if not text.isascii():
        text = "".join(char if char.isascii() else _folded_char(char) for char in text)
    return " ".join(WORD_BREAK.sub(" ", text.lower()).split())


@lru_cache(maxsize=4096)
def _folded_char(char: str) -> str:
    """A letter as people.fold spells it ("ü" -> "u", "ł" -> "l", "™" -> "tm"); a lone accent
    vanishes with its letter's fold; any other sign separates words."""
    if unicodedata.combining(char):
        return ""
    folded = fold(char.lower())  # lower first: people.fold's ł/ø/đ chain sees only small letters
    return folded if any(letter.isalnum() for letter in folded) else " "


def title_words(title: str) -> tuple[str, ...]:
    return tuple(fold_text(title).split())


def _digits(text: str) -> str:
    return "".join(re.findall(r"\d+", text))


def _first_page(text: str) -> str:
    match = re.match(r"\s*([A-Za-z]*\d+)", text)
    return match.group(1).lower() if match else ""


def is_preprint(item: Publication) -> bool:
    """An arXiv (or similar) preprint rather than a published version: venues' rule,
    except that an entry with a DOI of its own has been published."""
    stored = storage.venue_type(item)
    if stored is not None:
        return stored == VenueType.PREPRINT
    if storage.doi_of(item):
        return False
    return item.venue_type == VenueType.PREPRINT


def evidence(item: Publication) -> Evidence:
    latex = item.latex_fields
    words = title_words(plain_title(latex.get("title", "")))
    return Evidence(
        key=item.key,
        line=item.line,
        doi=_doi(latex["doi"]) or storage.doi_of(item) if "doi" in latex else None,
        arxiv=storage.arxiv_of(item) if _may_name_arxiv(item) else None,
        dblp=storage.dblp_of(item) if _may_name_dblp(item) else None,
        title="".join(words),
        words=words,
        item=item,
    )


# A DOI written plainly (nearly all of them): no URL, no character LaTeX would decode
# (\ { } $ ~ % _ & ^ ` ' --), no escapes, no trailing dot.
PLAIN_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>\\{}$~%?#_&^`']+")


def _doi(latex: str) -> str | None:
    """storage.doi_of's answer for a plain DOI without its decoding and prefix stripping;
    None sends anything else to doi_of."""
    if not PLAIN_DOI.fullmatch(latex) or ".." in latex or "--" in latex or latex[-1] in ".-":
        return None
    value = latex.lower()
    return None if value.startswith(ARXIV_DOI_PREFIX) else value


ARXIV_FIELDS = ("eprint", "doi", "volume", "journal", "journaltitle", "note", "howpublished", "url")


def _may_name_arxiv(item: Publication) -> bool:
    """Cheap test on the LaTeX: every place storage.arxiv_of looks at says arxiv, abs/ or eprint."""
    latex = item.latex_fields
    if "eprint" in latex:
        return True
    for name in ARXIV_FIELDS:
        value = latex.get(name)
        if value and (
            "arxiv" in value.lower().replace("{", "").replace("}", "") or "abs/" in value
        ):
            return True
    return False


def _may_name_dblp(item: Publication) -> bool:
    """storage.dblp_of reads these fields, or a key that has a slash."""
    latex = item.latex_fields
    return "/" in item.key or "dblp" in latex or "biburl" in latex or "bibsource" in latex


@lru_cache(maxsize=65536)
def _people_names(people: tuple[Person, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """Folded family names, and every folded name token (for initials against full names)."""
    families = frozenset(
        name
        for name in (fold_text(p.von + " " + p.last).replace(" ", "") for p in people)
        if name and name != "others"
    )
    tokens = frozenset(
        token
        for person in people
        for token in fold_text(f"{person.first} {person.von} {person.last}").split()
        if len(token) > 1
    )
    return families, tokens | families


def _names_of(item: Publication) -> tuple[frozenset[str], frozenset[str]]:
    return _people_names(item.authors or _editors(item))


def _editors(item: Publication):
    editor = item.latex_fields.get("editor")
    return split_people(editor) if editor else ()
