"""What `publist import` decides about each work of a profile (pure planning: no I/O).

Two steps, so that a sync fetches only what it needs: `screen` sets aside, before any
DOI is fetched, the works the library already has by identifier, the ones rejected
before and the ones older than --since; `plan` drafts the rest exactly as `publist add`
does and matches them against the library with the dedupe rules.

Rejected works are remembered in the library itself, in one block that BibTeX, biber
and other tools ignore and carry over (JabRef keeps its settings the same way):

    @comment{publist-skip:
      dblp:conf/nips/KwonYJC20
      doi:10.1145/3302424.3303957
    }
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from publist import normalize, storage, venues
from publist.bibfile import LibraryFile
from publist.bibtex import braced
from publist.errors import UsageProblem
from publist.model import Publication
from publist.normalize import Draft
from publist.plans import add
from publist.plans import outcome as reporting
from publist.plans.base import Action, Change, Plan, plan_of
from publist.reading import as_publication
from publist.sources.dblp import record_link
from publist.sources.profiles import ORCID_FIELD, Listing, Profile, identities
from publist.sources.record import Record

if TYPE_CHECKING:
    from publist.dedupe import Match

SKIP_MARKER = "publist-skip:"
SKIP_ID = re.compile(r"^(dblp|doi|arxiv|orcid):[^\s{}]+$")


class Status(StrEnum):
    NEW = "new"
    UPGRADE = "upgrade"  # its preprint is in the library: that entry becomes this version
    PRESENT = "present"  # the library has it
    POSSIBLE = "possible"  # the library may have it: not added, the user decides
    PREPRINT = "preprint"  # a preprint whose published version is in the library or profile
    REPEATED = "repeated"  # the profile lists the same work twice
    REJECTED = "rejected"  # the user said no before (or now, with --skip)
    EARLIER = "earlier"  # before --since


@dataclass(frozen=True)
class Outcome:
    status: Status
    listing: Listing
    reason: str = ""
    entry: Draft | None = None  # NEW: the entry to add; UPGRADE: the published version
    key: str = ""  # the library's entry that has it, resembles it, or is its preprint
    was: str = ""  # UPGRADE: the venue type of the preprint it replaces

    @property
    def id(self) -> str:
        return self.listing.id

    def report(self, written: bool) -> reporting.Outcome:
        """The line and --json object `publist import` shows for this work."""
        subject, entry = self.id, self.entry
        if self.status is Status.NEW and entry is not None:
            kind = str(venues.venue_type(entry.publication()))
            status = reporting.Status.ADDED
            return reporting.Outcome(subject, status, entry.key, kind, origin=entry.origin,
                                   bibtex=entry.render() if written else "")  # fmt: skip
        if self.status is Status.UPGRADE and entry is not None:
            kind = str(venues.venue_type(entry.publication()))
            return reporting.Outcome(subject, reporting.Status.UPGRADED, self.key, kind, self.was,
                                     self.reason, entry.origin)  # fmt: skip
        if self.status is Status.POSSIBLE:
            return reporting.Outcome(subject, reporting.Status.POSSIBLE, other=self.key,
                                   reason="not added; --skip it, or add it with publist add")  # fmt: skip
        if self.status in (Status.REJECTED, Status.EARLIER):
            return reporting.Outcome(subject, reporting.Status.SKIPPED, reason=self.reason)
        return reporting.Outcome(subject, reporting.Status.PRESENT, self.key, reason=self.reason)


# --- remembered rejections ---


def remembered(library: LibraryFile) -> tuple[str, ...]:
    """The ids in the library's publist-skip block, in their order."""
    body = library.comment(SKIP_MARKER) or ""
    return tuple(word for word in re.split(r"[\s,]+", body) if SKIP_ID.match(word))


def remember(library: LibraryFile, ids: Iterable[str]) -> tuple[Change | None, list[str]]:
    """The change that adds ids to the skip block (creating it), and the ids that were not
    there yet; no change when there are none."""
    known = list(remembered(library))
    added = [value for value in dict.fromkeys(ids) if value not in known and SKIP_ID.match(value)]
    if not added:
        return None, []
    lines = "".join(f"  {value}\n" for value in (*known, *added))
    return Change(Action.COMMENT, SKIP_MARKER, text=f"\n{lines}", reason="rejected"), added


# --- step 1: before fetching ---


def library_ids(items: Sequence[Publication]) -> dict[str, Publication]:
    """Every identifier in the library ('doi:10...'), with its entry."""
    return {value: item for item in items for value in identities(item)}


def screen(
    listings: Sequence[Listing],
    known: Mapping[str, Publication],
    rejected: Iterable[str],
    since: int | None,
) -> tuple[list[Listing], list[Outcome]]:
    """The listings still to fetch and plan, and the outcomes of the ones set aside."""

    rejected = set(rejected)
    kept: list[Listing] = []
    outcomes: list[Outcome] = []
    for listing in listings:
        if set(listing.ids) & rejected:
            outcomes.append(Outcome(Status.REJECTED, listing, "rejected before"))
        elif since is not None and listing.year is not None and listing.year < since:
            outcomes.append(Outcome(Status.EARLIER, listing, f"before {since}"))
        elif shared := [value for value in listing.ids if value in known]:
            from publist.dedupe import is_preprint

            record = listing.record
            item = as_publication(record.key, record.entry_type, list(record.fields))
            present = known[shared[0]]
            if is_preprint(present) and not is_preprint(item):
                kept.append(listing)  # its published version: planned as an upgrade
                continue
            outcomes.append(_present(listing, item, present, shared[0].split(":")[0]))
        else:
            kept.append(listing)
    return kept, outcomes


# --- step 2: drafting and matching ---


def plan(
    fetched: Sequence[tuple[Listing, Record]], items: Sequence[Publication], taken: Iterable[str]
) -> list[Outcome]:
    """Each fetched work drafted like `publist add` and matched against the library."""
    from publist.dedupe import is_preprint

    drafting = set(taken)
    drafts = []
    for listing, record in fetched:
        entry = normalize.draft(record.entry_type, record.fields, drafting, origin=record.origin)
        entry = with_source_ids(entry, listing)
        drafting.add(entry.key)
        drafts.append((listing, entry, entry.probe()))
    library = Nearby(items)
    published = Nearby(item for _, _, item in drafts if not is_preprint(item))
    accepted = Nearby()
    outcomes = []
    for listing, entry, item in drafts:
        outcome = _decide(listing, entry, item, library, published, accepted)
        if outcome.status == Status.NEW:
            accepted.add(item)
        outcomes.append(outcome)
    return _final_keys(outcomes, set(taken))


def _decide(
    listing: Listing,
    entry: Draft,
    item: Publication,
    library: Nearby,
    published: Nearby,
    accepted: Nearby,
) -> Outcome:
    from publist.dedupe import is_preprint

    matches = library.matches(item)
    if matches and matches[0].automatic:
        present = library.by_key[matches[0].key]
        if is_preprint(present) and not is_preprint(item):
            why = f"its preprint (same {matches[0].rule})"
            return Outcome(Status.UPGRADE, listing, why, entry, present.key)
        return _present(listing, item, present, matches[0].rule)
    if matches:
        first = matches[0].key
        return Outcome(Status.POSSIBLE, listing, f"maybe the same work as {first}", key=first)
    if is_preprint(item):
        if any(match.automatic for match in published.matches(item)):
            return Outcome(Status.PREPRINT, listing, "a preprint of a work in the same profile")
    if any(match.automatic for match in accepted.matches(item)):
        return Outcome(Status.REPEATED, listing, "listed twice in the profile")
    return Outcome(Status.NEW, listing, "", entry)


class Nearby:
    """Publications indexed by dedupe's block keys, so each new work meets only its candidates.

    find_matches alone compares a new work with the whole library; a profile of a
    thousand works against a library of a thousand would be a million comparisons.
    """

    def __init__(self, items: Iterable[Publication] = ()) -> None:
        self.blocks: dict[tuple[str, str], list[Publication]] = defaultdict(list)
        self.by_key: dict[str, Publication] = {}
        for item in items:
            self.add(item)

    def add(self, item: Publication) -> None:
        from publist.dedupe import block_keys, evidence

        self.by_key.setdefault(item.key, item)
        for key in block_keys(evidence(item)):
            self.blocks[key].append(item)

    def matches(self, item: Publication) -> list[Match]:
        from publist.dedupe import block_keys, evidence, find_matches

        near: dict[int, Publication] = {}
        for key in block_keys(evidence(item)):
            for other in self.blocks.get(key, ()):
                near.setdefault(id(other), other)
        return find_matches(item, list(near.values())) if near else []


def _present(listing: Listing, item: Publication, present: Publication, rule: str) -> Outcome:
    """In the library already, as itself or as the published version of this preprint."""
    from publist.dedupe import is_preprint

    if is_preprint(item) and not is_preprint(present):
        why = f"a preprint of {present.key} (same {rule})"
        return Outcome(Status.PREPRINT, listing, why, key=present.key)
    why = f"in the library as {present.key} (same {rule})"
    return Outcome(Status.PRESENT, listing, why, key=present.key)


def _final_keys(outcomes: list[Outcome], taken: set[str]) -> list[Outcome]:
    """Keys made from scratch for the new entries only, so skipped works do not take any."""
    result = []
    for outcome in outcomes:
        if outcome.entry is not None and outcome.status is Status.NEW:
            base = normalize.base_key(outcome.entry.publication())
            entry = replace(outcome.entry, key=normalize.unique_key(base, taken))
            taken.add(entry.key)
            outcome = replace(outcome, entry=entry)
        result.append(outcome)
    return result


# --- rejecting now ---


def reject(outcomes: Sequence[Outcome], skips: Sequence[str]) -> tuple[list[Outcome], list[str]]:
    """Outcomes with the --skip works rejected, and the ids to remember for them.

    A skip names a work by any of its ids (dblp:..., doi:..., orcid:...) or by the
    citation key the table proposed for it.
    """
    chosen: dict[int, str] = {}
    for skip in skips:
        wanted = skip.strip()
        found = [
            index
            for index, outcome in enumerate(outcomes)
            if wanted.lower() in {value.lower() for value in outcome.listing.ids}
            or (outcome.entry is not None and outcome.entry.key == wanted)
        ]
        if not found:
            raise UsageProblem(
                f"--skip {skip}: no work of this profile has that id or proposed key"
            )
        for index in found:
            chosen[index] = skip
    result = [
        replace(outcome, status=Status.REJECTED, reason="rejected now", entry=None)
        if index in chosen and outcome.status != Status.REJECTED
        else outcome
        for index, outcome in enumerate(outcomes)
    ]
    return result, [outcomes[index].id for index in sorted(chosen)]


def new_entries(outcomes: Sequence[Outcome]) -> list[Draft]:
    return [
        outcome.entry
        for outcome in outcomes
        if outcome.entry is not None and outcome.status is Status.NEW
    ]


def with_source_ids(entry: Draft, listing: Listing) -> Draft:
    """The entry with the profile's identifiers of the work stored (the `dblp` record URL,
    the ORCID work as `orcid-put-code`), so a later sync knows it whatever its title."""
    fields = list(entry.fields)
    for value in listing.ids:
        kind, _, rest = value.partition(":")
        if kind == "dblp" and not storage.get_raw(fields, "dblp"):
            fields = storage.set_field(fields, *record_link(rest))
        elif kind == "orcid" and not storage.get_raw(fields, ORCID_FIELD):
            fields = storage.set_field(fields, ORCID_FIELD, braced(rest))
    return replace(entry, fields=tuple(fields))


def upgrades(
    outcomes: Sequence[Outcome], library: LibraryFile
) -> tuple[list[Outcome], list[Change]]:
    """Each UPGRADE planned with add.upgrade (the first one for a preprint; a second
    published version of the same preprint is left to the user, as a possible duplicate)."""
    result: list[Outcome] = []
    changes: list[Change] = []
    done: set[str] = set()
    for outcome in outcomes:
        entry = outcome.entry
        if outcome.status is Status.UPGRADE and entry is not None:
            if outcome.key in done:
                why = f"another published version of {outcome.key}"
                outcome = replace(outcome, status=Status.POSSIBLE, entry=None, reason=why)
            else:
                block = library.entry(outcome.key)
                stored = block.entry_type or "misc"
                upgraded = add.upgrade(outcome.key, stored, block.fields, entry)
                done.add(outcome.key)
                changes.append(upgraded.change)
                outcome = replace(outcome, reason=upgraded.summary, entry=upgraded.draft,
                                  was=upgraded.old_type)  # fmt: skip
        result.append(outcome)
    return result, changes


# --- the whole plan ---


@dataclass(frozen=True)
class ProfilePlan:
    plan: Plan
    outcomes: list[Outcome]
    entries: list[Draft]  # what is added, as the plan adds it
    remembered: list[str]  # ids newly rejected, to remember


def waiting(profile: Profile, library: LibraryFile, items: Sequence[Publication], since):
    """The listings a sync must fetch: not in the library, not rejected, not too old."""
    return screen(profile.listings, library_ids(items), remembered(library), since)[0]


def profile_plan(
    profile: Profile,
    fetched: Mapping[str, Record],
    library: LibraryFile,
    items: Sequence[Publication],
    since: int | None,
    skips: Sequence[str],
) -> ProfilePlan:
    """What importing the profile into this library adds and remembers. `fetched` holds the
    full records of the waiting listings by id; a listing without one keeps its own record."""
    kept, screened = screen(profile.listings, library_ids(items), remembered(library), since)
    pairs = [(listing, fetched.get(listing.id, listing.record)) for listing in kept]
    planned = plan(pairs, items, {block.key or "" for block in library.entries()})
    outcomes, rejected = reject([*screened, *planned], skips)
    outcomes, changes = upgrades(outcomes, library)
    entries = new_entries(outcomes)
    changes += [
        Change(Action.ADD, entry.key, entry.entry_type, entry.fields, reason=entry.origin)
        for entry in entries
    ]
    skip, added = remember(library, rejected)
    if skip is not None:
        changes.append(skip)
    return ProfilePlan(plan_of(changes), outcomes, entries, added)
