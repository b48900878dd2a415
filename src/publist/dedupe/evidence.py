"""What one entry offers for comparison: identifiers, the title's words, names, years, venue.

Blocking needs only the identifiers and the title of every entry; the rest is worked out
on first use, for the few entries that share a block with another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from publist import storage
from publist.dedupe.places import Venue, venue_of
from publist.dedupe.titles import comparable_title, fold_text, title_words
from publist.identifiers import ARXIV_DOI_PREFIX, normalize_arxiv
from publist.kinds import VenueType
from publist.model import Publication
from publist.patterns import compile_on_use
from publist.people import Person, split_people

__all__ = ["Evidence", "evidence", "fold_text", "is_early", "is_preprint", "title_words"]

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
# Versions before publication: a report, a manuscript "in review".
EARLY_TYPES = frozenset({"techreport", "report", "unpublished"})
IN_REVIEW = compile_on_use(
    r"\b(in review|under review|submitted|under submission|in preparation)\b", re.IGNORECASE
)
SEMINAR = compile_on_use(r"dagstuhl seminar|dagstuhl reports|seminar proceedings", re.IGNORECASE)
SEMINAR_DBLP = compile_on_use(r"^(DBLP:)?(conf/dagstuhl/|journals/dagstuhl-reports/)")
WHOLE_TYPES = frozenset(
    "book mvbook collection mvcollection proceedings mvproceedings reference mvreference "
    "booklet manual".split()
)
# Kinds that an entry type alone gives ("@article" says little about a venue).
WEAK_KINDS = frozenset({"journal", "conference", "preprint", "other"})
ORDINALS = {word: str(number) for number, word in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1)}  # fmt: skip


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
    # Weaker identifiers, as (kind, value): a PubMed id, another archive's eprint, a DOI
    # field that holds no DOI, and for a record without a title its whole text.
    others: tuple[tuple[str, str], ...] = ()

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
        """number, edition, volume, chapter ("" when absent); "Second" edition is "2"."""
        latex = self.item.latex_fields  # digits and presence read as well from the LaTeX
        edition = latex.get("edition", "")
        return (
            _digits(latex.get("number", "")),
            _digits(edition) or ORDINALS.get(fold_text(edition).split(" ")[0], ""),
            _digits(latex.get("volume", "")),
            fold_text(self.item.get("chapter")) if "chapter" in latex else "",
        )

    @cached_property
    def first_page(self) -> str:
        return _first_page(self.item.latex_fields.get("pages", ""))

    @cached_property
    def preprint(self) -> bool:
        return is_preprint(self.item)

    @cached_property
    def early(self) -> bool:
        return self.preprint or is_early(self.item, preprint=False)

    @cached_property
    def seminar(self) -> bool:
        """A Dagstuhl seminar item: its own publication, never the paper of the same title."""
        item = self.item
        latex = item.latex_fields
        text = " ".join(latex.get(name, "") for name in ("series", "booktitle", "journal", "note"))
        return bool(SEMINAR.search(text)) or bool(self.dblp and SEMINAR_DBLP.match(self.dblp))

    @cached_property
    def venue_type(self) -> str:
        """Stored in keywords, "" when absent."""
        stored = storage.venue_type(self.item)
        return stored.value if stored else ""

    @cached_property
    def kind(self) -> str:
        """The venue type, stored or classified ("journal", "conference", "book"...)."""
        return self.item.venue_type.value

    @cached_property
    def strong_kind(self) -> str:
        """The kind of venue when its name (or a stored type, or a telling entry type such
        as @book) says it: workshop, poster, demo, seminar, book...; "" for a journal or a
        conference, which sources file under @article or @inproceedings for any paper."""
        if self.seminar:
            return "seminar"
        if self.venue_type:
            return self.venue_type
        return "" if self.kind in WEAK_KINDS else self.kind

    @cached_property
    def aggregated(self) -> bool:
        """A copy an aggregator made (Semantic Scholar): venue and pages are often the arXiv
        version's or a reprint's."""
        return is_aggregated(self.item)

    @cached_property
    def venue(self) -> Venue:
        return venue_of(self.item, self.dblp)

    @cached_property
    def skeleton(self) -> str:
        """The title without stop words and spaces: "Log-space" and "Logspace", "the VP"."""
        return "".join(word for word in self.words if word not in STOP_WORDS)

    @cached_property
    def isbns(self) -> frozenset[str]:
        """A book's ISBNs; none for a part of a book, which carries its book's ISBN."""
        return isbns_of(self.item.get("isbn")) if self.whole else frozenset()

    @cached_property
    def whole(self) -> bool:
        """A whole book (or collection, proceedings volume), not a part of one."""
        return self.item.entry_type in WHOLE_TYPES


# --- normalising ---


def _digits(text: str) -> str:
    return "".join(re.findall(r"\d+", text))


def _first_page(text: str) -> str:
    match = re.match(r"\s*([A-Za-z]*\d+)", text)
    return match.group(1).lower() if match else ""


ISBN = compile_on_use(r"(?:97[89][\s-]?)?\d[\d\s-]{7,15}[\dXx]")


def isbns_of(text: str) -> frozenset[str]:
    """The ISBN-13 digits of every ISBN in a field, an ISBN-10 converted: one book, two forms."""
    found = set()
    for match in ISBN.finditer(text or ""):
        digits = re.sub(r"[^0-9Xx]", "", match.group()).upper()
        if len(digits) == 10:
            core = "978" + digits[:9]
            weights = sum((1 if index % 2 == 0 else 3) * int(c) for index, c in enumerate(core))
            found.add(core + str((10 - weights % 10) % 10))
        elif len(digits) == 13 and digits.isdigit():
            found.add(digits)
    return frozenset(found)


def is_preprint(item: Publication) -> bool:
    """An arXiv (or similar) preprint rather than a published version: venues' rule,
    except that an entry with a DOI of its own has been published."""
    stored = storage.venue_type(item)
    if stored is not None:
        return stored == VenueType.PREPRINT
    if storage.doi_of(item):
        return False
    return item.venue_type == VenueType.PREPRINT


AGGREGATORS = ("semanticscholar.org",)


def is_aggregated(item: Publication) -> bool:
    """Made by an aggregator: Semantic Scholar's CorpusID URL."""
    latex = item.latex_fields
    text = (latex.get("url", "") + " " + latex.get("biburl", "")).lower()
    return any(name in text for name in AGGREGATORS)


def is_early(item: Publication, preprint: bool | None = None) -> bool:
    """A version before publication: a preprint, a report, a manuscript "in review"
    (`preprint` is is_preprint's answer when the caller has it)."""
    if preprint is None:
        preprint = is_preprint(item)
    return (
        preprint
        or item.entry_type in EARLY_TYPES
        or bool(IN_REVIEW.search(item.latex_fields.get("note", "")))
        or bool(IN_REVIEW.search(item.latex_fields.get("pubstate", "")))
    )


def evidence(item: Publication) -> Evidence:
    latex = item.latex_fields
    title = latex.get("title", "")
    if "subtitle" in latex:  # biblatex: "Communications" + "Blindspot of Western Marxism"
        title = f"{title}: {latex['subtitle']}"
    words = title_words(comparable_title(title))
    title = "".join(words)
    doi = _doi(latex["doi"]) or storage.doi_of(item) if "doi" in latex else None
    arxiv = arxiv_of(item) if _may_name_arxiv(item) else None
    return Evidence(
        key=item.key,
        line=item.line,
        doi=doi,
        arxiv=arxiv,
        dblp=storage.dblp_of(item) if _may_name_dblp(item) else None,
        title=title,
        words=words,
        item=item,
        others=_other_identifiers(item, doi, arxiv, title),
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


def arxiv_of(item: Publication) -> str | None:
    """storage.arxiv_of, and al-folio's `arxiv = {2406.16412}` (its link field)."""
    found = storage.arxiv_of(item)
    if found is None and item.get("arxiv"):
        parsed = normalize_arxiv(item.get("arxiv"))
        found = parsed[0] if parsed else None
    return found


ARXIV_FIELDS = ("eprint", "doi", "volume", "journal", "journaltitle", "note", "howpublished", "url")


def _may_name_arxiv(item: Publication) -> bool:
    """Cheap test on the LaTeX: every place arxiv_of looks at says arxiv, abs/ or eprint."""
    latex = item.latex_fields
    if "eprint" in latex or "arxiv" in latex:
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


def _other_identifiers(item: Publication, doi: str | None, arxiv: str | None, title: str):
    """(kind, value) pairs for Evidence.others; () for nearly every entry."""
    latex = item.latex_fields
    if title and "pmid" not in latex and "pmcid" not in latex and "eprint" not in latex:
        if doi is not None or "doi" not in latex:
            return ()  # nearly every entry: nothing to look at
    found = []
    for name in ("pmid", "pmcid"):
        value = re.sub(r"\s+", "", latex.get(name, "")).lower()
        if value:
            found.append((name, value))
    eprint = latex.get("eprint", "").strip()
    if eprint and not arxiv:
        archive = (latex.get("archiveprefix") or latex.get("eprinttype") or "").strip().lower()
        found.append(("eprint", f"{archive}:{eprint.lower()}"))
    if "doi" in latex and doi is None and not arxiv:
        written = " ".join(latex["doi"].split()).lower()
        if written:
            found.append(("doi-text", written))
    if not title:
        found.append(("record", _record_text(item)))
    return tuple(found)


def _record_text(item: Publication) -> str:
    """The whole record but its key, spaces and line endings squashed: one record twice."""
    fields = sorted(
        f"{name}={' '.join(value.split())}" for name, value in item.latex_fields.items()
    )
    return item.entry_type + "|" + "|".join(fields)


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
