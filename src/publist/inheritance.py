"""crossref: a child entry's view filled from the parent entry it names, as BibTeX and
biber fill it; xref names a parent and inherits nothing (biblatex manual, the xref field).

The rules are biblatex's defaults (biblatex.def, "DATA INHERITANCE"; manual appendix B):
every field the child lacks is inherited under its own name (BibTeX does the same), except
the ones biblatex never inherits; between some entry types the parent's title becomes the
child's booktitle, maintitle or journaltitle, and a book's author its chapters' bookauthor.
A field the child has is never replaced. Only the view changes: library.bib is never written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from publist.model import DecodedFields, Publication
from publist.patterns import compile_on_use
from publist.people import NameMatcher

PARENT_FIELDS = ("crossref", "xref")  # only crossref passes data on
# \DeclareDataInheritance{*}{*}: never inherited.
NOT_INHERITED = frozenset(("ids", "crossref", "xref", "entryset", "entrysubtype", "execute",
                           "label", "options", "presort", "related", "relatedoptions",
                           "relatedstring", "relatedtype", "shorthand", "shorthandintro",
                           "sortkey"))  # fmt: skip
# What names the parent itself, not the place its children appeared: a chapter with its
# book's DOI, links or tags would link to the book and look like the other chapters' twin.
OWN_FIELDS = frozenset(("doi", "url", "html", "pdf", "arxiv", "eprint", "eprinttype",
                        "archiveprefix", "primaryclass", "supp", "code", "website", "project",
                        "blog", "poster", "slides", "video", "data", "dataset", "biorxiv",
                        "medrxiv", "file", "biburl", "bibsource", "dblp", "keywords",
                        "author+an", "editor+an", "award", "award_name", "selected",
                        "distinct", "abstract", "timestamp"))  # fmt: skip
_OWN_PATTERN = compile_on_use(r"[\w-]+_url|url_[\w-]+|bdsk-url-\d+|bdsk-file-\d+")
TITLE_FIELDS = ("title", "subtitle", "titleaddon")
NO_TARGET = ("shorttitle", "sorttitle", "indextitle", "indexsorttitle")
# (parent types, child types, prefix): the parent's title is the child's <prefix>title.
TITLE_RULES = (
    ({"mvbook"}, {"book", "inbook", "bookinbook", "suppbook"}, "main"),
    ({"mvcollection", "mvreference"},
     {"collection", "reference", "incollection", "inreference", "suppcollection"}, "main"),
    ({"mvproceedings"}, {"proceedings", "inproceedings"}, "main"),
    ({"book"}, {"inbook", "bookinbook", "suppbook"}, "book"),
    ({"collection", "reference"}, {"incollection", "inreference", "suppcollection"}, "book"),
    ({"proceedings"}, {"inproceedings"}, "book"),
    ({"periodical"}, {"article", "suppperiodical"}, "journal"),
)  # fmt: skip
BOOK_AUTHOR = ({"mvbook", "book"}, {"inbook", "bookinbook", "suppbook"})
ALIASES = {"conference": "inproceedings"}  # biblatex's alias, resolved before inheritance


def parent_key(item: Publication) -> tuple[str, str] | None:
    """(field, key) of the parent an entry names, crossref first."""
    fields = item.latex_fields
    if "crossref" not in fields and "xref" not in fields:  # nearly every entry (PARENT_FIELDS)
        return None
    for name in PARENT_FIELDS:
        key = fields.get(name, "").strip()
        if key:
            return name, key
    return None


def finder(items: Sequence[Publication]):
    """Look a parent up by key: as written, else ignoring case (BibTeX matches so)."""
    exact = {item.key: item for item in items}
    folded: dict[str, Publication | None] = {}
    for item in items:
        folded[item.key.casefold()] = None if item.key.casefold() in folded else item

    def find(key: str) -> Publication | None:
        return exact.get(key) or folded.get(key.casefold())

    return find


def inherited(child_type: str, parent: Publication) -> dict[str, str]:
    """The LaTeX fields a child of this type takes from this parent, by the child's names."""
    child_type = ALIASES.get(child_type, child_type)
    parent_type = ALIASES.get(parent.entry_type, parent.entry_type)
    fields = parent.latex_fields
    prefix = next((p for sources, targets, p in TITLE_RULES
                   if parent_type in sources and child_type in targets), None)  # fmt: skip
    skipped = set(NOT_INHERITED | OWN_FIELDS)
    if prefix is not None:
        skipped.update((*TITLE_FIELDS, *NO_TARGET))
    taken = {name: value for name, value in fields.items()
             if name not in skipped and not _OWN_PATTERN.fullmatch(name)}  # fmt: skip
    # The parent's own field of that name first: BibTeX's parents carry a booktitle "only
    # so that the entries that cross reference it may inherit" it (btxdoc).
    if prefix is not None:
        for name in TITLE_FIELDS:
            if name in fields:
                taken.setdefault(prefix + name, fields[name])
    if parent_type in BOOK_AUTHOR[0] and child_type in BOOK_AUTHOR[1] and "author" in fields:
        taken.setdefault("bookauthor", fields["author"])
    return taken


def resolve(items: list[Publication]) -> list[Publication]:
    """Every entry, its crossref parent's fields filled in (parents of parents first)."""
    if not any(parent_key(item) for item in items):
        return items
    find = finder(items)
    done: dict[int, Publication] = {}

    def view(index: int, item: Publication, seen: frozenset[str]) -> Publication:
        if index in done:
            return done[index]
        named = parent_key(item)
        result = item
        if named and named[0] == "crossref":
            parent = find(named[1])
            if parent is not None and parent.key not in seen and parent is not item:
                parent = view(positions[id(parent)], parent, seen | {item.key})
                result = _with_fields(item, inherited(item.entry_type, parent))
        done[index] = result
        return result

    positions = {id(item): index for index, item in enumerate(items)}
    return [view(index, item, frozenset()) for index, item in enumerate(items)]


def _with_fields(item: Publication, taken: dict[str, str]) -> Publication:
    missing = {name: value for name, value in taken.items() if name not in item.latex_fields}
    if not missing:
        return item
    latex = {**item.latex_fields, **missing}
    return replace(item, latex_fields=latex, fields=DecodedFields(latex, item.memo))


def only_parents(items: Iterable[Publication], matcher: NameMatcher | None) -> set[str]:
    """Keys of the entries that are only some listed entry's parent: a proceedings, book or
    collection the owner neither wrote nor edited is where their papers are, not a paper."""
    items = list(items)
    if not any(parent_key(item) for item in items):
        return set()  # the common case: no lookup table for a library without parents
    find = finder(items)
    parents = {id(parent): parent for item in items
               if (named := parent_key(item)) and (parent := find(named[1])) is not None
               and parent is not item}  # fmt: skip
    return {parent.key for parent in parents.values() if not _owners(parent, matcher)}


def _owners(item: Publication, matcher: NameMatcher | None) -> bool:
    if not matcher:
        return False
    for name in ("author", "editor"):
        latex = item.latex_fields.get(name)
        if latex and matcher.positions(item.memo.people_of(latex)):
            return True
    return False
