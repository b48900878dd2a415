"""`publist refresh` as a plan: the sure findings of plans/lookup.py become changes of
library.bib (a preprint upgraded to its published version, a DOI and PDF added), made on
the entries as they are now, so the command can make the plan again on the locked file.
Possible findings are shown, never applied. Citation counts never touch the library: they
go to the citations file (citations.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from publist import house, normalize, reading, storage, venues
from publist.bibfile import LibraryFile
from publist.bibtex import RawField, braced, evaluate
from publist.errors import PublistError, UnknownKey
from publist.identifiers import arxiv_mentioned, normalize_doi
from publist.model import Publication
from publist.normalize import Draft
from publist.plans.base import Action, Change, Plan, plan_of
from publist.plans.lookup import Link, Published

# The preprint's place and date: the published version's own values replace them, and one
# it lacks goes (an arXiv month beside a journal would date the paper wrongly).
PLACE_FIELDS = frozenset(
    "journal journaltitle booktitle howpublished series volume number pages publisher "
    "institution organization school address type year month day date doi url eprinttype "
    "eventtitle venue edition chapter isbn issn".split()
)
# What only the user sets: carried over as it is.
USER_FIELDS = frozenset({storage.ANNOTATION_FIELD, "award", "ids", "distinct", "code", "slides",
                         "video", "pdf", "note"})  # fmt: skip
ARXIV_FIELDS = ("eprint", "archiveprefix", "primaryclass")


@dataclass(frozen=True)
class Findings:
    """What the services said, as plans/lookup.py found it."""

    published: tuple[Published, ...] = ()
    links: tuple[Link, ...] = ()


def refresh_plan(library: LibraryFile, findings: Findings) -> tuple[Plan, list[str]]:
    """The changes of the sure findings, on the entries as the library holds them now, and a
    note for each finding that no longer fits (the entry went, or changed meanwhile)."""
    changes: list[Change] = []
    notes: list[str] = []
    macros = library.macros()
    holders = _doi_holders(library, macros)
    for finding in findings.published:
        if not (finding.sure and finding.record):
            continue
        if _held_elsewhere(finding.key, finding.doi, holders, notes):
            continue
        try:
            block = library.entry(finding.key)
            published = normalize.draft(finding.record.entry_type, finding.record.fields, set(),
                                        origin=finding.record.origin)  # fmt: skip
            item = reading.publication(block, macros)
            changes.append(upgrade_to_published(item, block.fields, published, finding.doi))
            holders[finding.doi] = finding.key
        except UnknownKey:
            notes.append(f"{finding.key} is no longer in the library; its published version "
                         "was not added")  # fmt: skip
        except PublistError as error:
            notes.append(f"{finding.key}: the published version ({finding.doi}) cannot be "
                         f"stored: {error}")  # fmt: skip
    upgraded = {change.key for change in changes}
    for link in findings.links:
        if not link.sure or link.key in upgraded or not library.has_key(link.key):
            continue
        if _held_elsewhere(link.key, link.doi, holders, notes):
            continue
        block = library.entry(link.key)
        change = with_link(link, block.entry_type or "misc", block.fields)
        if change is not None:
            changes.append(change)
            holders[link.doi] = link.key
    return plan_of(changes), notes


def _doi_holders(library: LibraryFile, macros: dict[str, str]) -> dict[str, str]:
    """DOI -> the key of the entry that has it."""
    holders: dict[str, str] = {}
    for block in library.entries():
        doi = storage.doi_of(reading.publication(block, macros))
        if doi:
            holders.setdefault(doi, block.key or "")
    return holders


def _held_elsewhere(key: str, doi: str, holders: dict[str, str], notes: list[str]) -> bool:
    """Another entry has the DOI already: adding it here would make a duplicate."""
    holder = holders.get(doi)
    if holder is None or holder == key:
        return False
    notes.append(f"{key}: {doi} is already in the library as {holder}; if they are one work, "
                 "merge them with publist dedupe")  # fmt: skip
    return True


# --- the upgrade (issue 18 builds the same step for `publist add`: plans/add.upgrade) ---


def upgrade_to_published(
    preprint: Publication, fields: Sequence[RawField], published: Draft, doi: str
) -> Change:
    """The preprint's entry turned into its published version, as `publist add` upgrades one:
    the key stays (the user's documents cite it); the published version's type, venue, date,
    pages and DOI win; the arXiv id stays (eprint, archiveprefix, primaryclass); the
    preprint's own place and date go; the user's fields (tags, equal-contribution marks within
    the new author list, award, ids, code and other links) stay; the venue type becomes the
    published version's."""
    raw = [(name, value) for name, value in published.fields if name != "keywords"]
    arxiv = storage.arxiv_of(preprint)
    if arxiv:
        raw = storage.set_field(raw, "eprint", braced(arxiv))
        raw = storage.set_field(raw, "archiveprefix", braced("arXiv"))
    for name, value in fields:
        lower = name.lower()
        if storage.get_raw(raw, lower) is not None or lower in ("keywords", "eprint"):
            continue
        if lower in ("note", "url") and _names_the_preprint(evaluate(value, {})):
            continue  # "arXiv:1706.03762", an arxiv.org link: eprint says it
        if lower in USER_FIELDS or lower in ARXIV_FIELDS or lower == "url":
            raw.append((lower, value))  # the user's own: a project page too
        elif lower not in PLACE_FIELDS:
            raw.append((lower, value))
    if not storage.get_raw(raw, "doi"):
        raw = storage.set_field(raw, "doi", braced(doi))
    url = storage.get_raw(raw, "url")
    if url and normalize_doi(evaluate(url, {})) == doi:
        raw = storage.set_field(raw, "url", None)  # doi.org's link to the DOI: doi says it
    new_item = reading.as_publication(preprint.key, published.entry_type, raw)
    kind = storage.venue_type(published.publication()) or venues.classify(new_item)[0]
    raw = storage.with_venue_type(raw, kind)
    for tag in storage.tags(preprint):
        raw = storage.with_tag(raw, tag)
    raw = _marks_within(raw, len(new_item.authors))
    venue = new_item.venue or published.entry_type
    reason = f"upgraded to its published version ({venue}, DOI {doi}); kept its key" + (
        f" and arXiv id {arxiv}" if arxiv else ""
    )
    return Change(Action.REPLACE, preprint.key, published.entry_type,
                  tuple(house.house_order(raw)), reason=reason)  # fmt: skip


def _names_the_preprint(text: str) -> bool:
    return bool(arxiv_mentioned(text) or normalize_doi(text))


def _marks_within(raw: list[RawField], authors: int) -> list[RawField]:
    """Equal-contribution and highlight marks past the published author list are dropped."""
    annotation = storage.get_raw(raw, storage.ANNOTATION_FIELD)
    if not annotation:
        return raw
    marks = storage.parse_annotations(evaluate(annotation, {}))
    kept = {position: values for position, values in marks.items() if position <= authors}
    text = storage.format_annotations(kept)
    return storage.set_field(raw, storage.ANNOTATION_FIELD, braced(text) if text else None)


# --- a missing link ---


def with_link(link: Link, entry_type: str, fields: Sequence[RawField]) -> Change | None:
    """The entry with the DOI (and PDF) found for it; None when it has a link by now."""
    raw = list(fields)
    if any(storage.get_raw(raw, name) for name in ("url", "doi", "pdf")):
        return None
    raw = storage.set_field(raw, "doi", braced(link.doi))
    if link.pdf and storage.is_safe_url(link.pdf) and well_braced(link.pdf):
        raw = storage.set_field(raw, "pdf", braced(link.pdf))
    added = "DOI and PDF" if storage.get_raw(raw, "pdf") else "DOI"
    return Change(Action.REPLACE, link.key, entry_type, tuple(raw),
                  reason=f"added its {added} ({link.doi})")  # fmt: skip


def well_braced(text: str) -> bool:
    return "{" not in text and "}" not in text and "\\" not in text
