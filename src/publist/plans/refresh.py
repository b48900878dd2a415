"""`publist refresh` as a plan: the sure findings of plans/lookup.py become changes of
library.bib (a preprint upgraded to its published version, a DOI and PDF added), made on
the entries as they are now, so the command can make the plan again on the locked file.
Possible findings are shown, never applied. Citation counts never touch the library: they
go to the citations file (citations.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from publist import normalize, reading, storage
from publist.bibfile import LibraryFile
from publist.bibtex import RawField, braced
from publist.blocks import Block
from publist.errors import PublistError, UnknownKey
from publist.normalize import Draft
from publist.plans.base import Action, Change, Plan, plan_of
from publist.plans.lookup import Link, Published
from publist.reading import as_publication


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
            changes.append(upgrade_to_published(block, published, finding.doi))
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


def upgrade_to_published(block: Block, published: Draft, doi: str) -> Change:
    """The preprint's entry as its published version: `publist add`'s upgrade (plans/add.py),
    the change saying why."""
    from publist.plans.add import upgrade  # add's plans: 4-6 ms of a refresh that finds none

    key = block.key or ""
    upgraded = upgrade(key, block.entry_type or "misc", block.fields, published, doi=doi)
    venue = as_publication(key, upgraded.draft.entry_type, list(upgraded.draft.fields)).venue
    why = f"upgraded to its published version ({venue or upgraded.draft.entry_type}, DOI {doi})"
    return dataclasses.replace(upgraded.change, reason=f"{why}; {upgraded.summary}")


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
