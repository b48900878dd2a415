"""`publist add` as a plan: records are fetched first (plans.fetching), then drafted and
screened against the library (`add_plan`); the library is written once, at the end, so a
failure at any step leaves it as it was. The plan is pure, so the command can make it
again on the locked file if another process added something meanwhile.

Keys are the user's: an entry pasted with `--bib` keeps the key it comes with (a key the
library already has is an error, or gets a letter with KeyRule.SUFFIX); publist's scheme
(yu2022orca) names entries that arrive without a key of their own (a DOI, an arXiv id, a
DBLP key) and, with KeyRule.REKEY, every entry, the old key then going into `ids`.

A published version whose preprint is in the library can take the preprint's place
(`upgrade`): the one entry the user cites becomes the published one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from publist import house, identifiers, normalize, storage, venues
from publist.bibfile import LibraryFile
from publist.bibtex import RawField, braced, evaluate, is_key, split_list
from publist.errors import DuplicateEntry, PublistError, UsageProblem
from publist.model import Publication
from publist.normalize import Draft, Marks
from publist.plans.base import Action, Change, Plan, plan_of
from publist.plans.fetching import ARXIV_ID_FIELDS, Request
from publist.plans.outcome import Outcome, Status
from publist.reading import as_publication
from publist.sources.record import Record

if TYPE_CHECKING:
    from publist.dedupe import Match


class KeyRule(StrEnum):
    KEEP = "keep"  # the key an entry comes with; one the library has is an error
    SUFFIX = "suffix"  # ... and one the library has gets a, b, ...
    REKEY = "rekey"  # publist's scheme for every entry; the old key goes into ids


@dataclass(frozen=True)
class Choices:
    """How the user wants the plan made."""

    force: bool = False  # add even what the library has
    keep_going: bool = False  # report a failure and go on (else the first one stops all)
    keys: KeyRule = KeyRule.KEEP
    upgrade: bool = False  # take every upgrade offered
    upgrades: frozenset[str] = frozenset()  # preprint keys the user agreed to upgrade

    def may_upgrade(self, key: str) -> bool:
        return self.upgrade or key in self.upgrades


@dataclass(frozen=True)
class AddPlan:
    """What `add` would change, what it says of each input, and the upgrades it can offer."""

    plan: Plan
    outcomes: list[Outcome]
    offers: list[str]  # preprint keys whose published version could replace them


# --- planning ---


def add_plan(
    requests: Sequence[Request],
    library: LibraryFile,
    items: Sequence[Publication],
    marks: Marks,
    choices: Choices = Choices(),
) -> AddPlan:
    """The entries to add and the preprints to upgrade, with an outcome for each request.

    Without keep_going the first failure raises; nothing is planned then."""
    if marks.key and len(requests) > 1:
        raise UsageProblem("--key names one entry, but there are several")
    screen = Screen(library, items, choices)
    outcomes: list[Outcome] = []
    for request in requests:
        try:
            outcome, change = screen.one(request, marks)
        except PublistError as error:
            if not choices.keep_going:
                raise
            outcome, change = Outcome(request.subject, Status.FAILED, reason=str(error)), None
        outcomes.append(outcome)
        if change is not None:
            screen.changes.append(change)
    return AddPlan(plan_of(screen.changes), outcomes, screen.offers)


class Screen:
    """Requests met one by one against the library and what this batch adds before them."""

    def __init__(self, library: LibraryFile, items: Sequence[Publication], choices: Choices):
        self.library = library
        self.items = list(items)
        self.seen = list(items)  # grows with what this batch adds
        self.taken = {block.key or "" for block in library.entries()}
        self.library_keys = {key.lower() for key in self.taken}
        self.dois = {doi: item for item in items if (doi := storage.doi_of(item))}
        self.choices = choices
        self.offers: list[str] = []
        self.changes: list[Change] = []

    def one(self, request: Request, marks: Marks) -> tuple[Outcome, Change | None]:
        record = request.record
        if record is None:
            raise PublistError(request.failure)
        subject = request.subject
        entry = normalize.draft(
            record.entry_type, record.fields, self.taken, dataclasses.replace(marks, key=""),
            record.origin, bool(record.origin),
        )  # fmt: skip
        matches = [] if self.choices.force else _matches(entry, self.seen)
        if not self.choices.force:
            found = self._present(subject, record, entry, matches)
            if found is not None:
                return found
        resembles = [
            _resembles(match, self._pasted_twice(record, match))
            for match in matches
            if not match.automatic or self._pasted_twice(record, match)
        ]
        own = record.key if not record.origin else ""
        same_key = [other for other in resembles if other[0].lower() == own.lower()]
        if same_key and not marks.key and self.choices.keys is KeyRule.KEEP:
            # the user's own key on an entry much like it: their word that it is that work
            why = f"the same key, and {same_key[0][1].split(';')[0]}"
            return Outcome(subject, Status.PRESENT, same_key[0][0], reason=why), None
        entry = self._keyed(entry, record, marks)
        self.taken.add(entry.key)
        self.seen.append(entry.probe())
        kind = str(venues.venue_type(entry.publication()))
        change = Change(Action.ADD, entry.key, entry.entry_type, entry.fields, reason=entry.origin)
        status = Status.POSSIBLE if resembles else Status.ADDED
        other, reason = resembles[0] if resembles else ("", "")
        if not resembles and own and entry.key != own:
            kept = own.lower() in (key.lower() for key in storage.ids(entry.publication()))
            reason = f"its key {own} " + ("kept in ids" if kept else "names another work")
        outcome = Outcome(subject, status, entry.key, kind, other, reason, record.origin,
                          entry.render())  # fmt: skip
        return outcome, change

    def _present(
        self, subject: str, record: Record, entry: Draft, matches: Sequence[Match]
    ) -> tuple[Outcome, None] | None:
        """The library (or this batch) has it already; or has its preprint, to upgrade."""
        from publist.dedupe import is_preprint

        published = self.dois.get(record.published_doi) if record.published_doi else None
        if published is not None:
            why = f"arXiv names its published version, DOI {record.published_doi}"
            return Outcome(subject, Status.PRESENT, published.key, reason=why), None
        probe = entry.probe()
        for match in matches:
            if not match.automatic:
                continue
            if self._pasted_twice(record, match):
                continue  # added too, as a possible duplicate: see _pasted_twice
            existing = next(item for item in self.seen if item.key == match.key)
            in_library = any(item is existing for item in self.items)
            if in_library and is_preprint(existing) and not is_preprint(probe):
                own = record.key if not record.origin else ""
                return self._upgrade(subject, existing, entry, match.rule, own)
            why = f"same {match.rule}" + ("" if in_library else "; given twice")
            return Outcome(subject, Status.PRESENT, match.key, reason=why), None
        return None

    def _pasted_twice(self, record: Record, match: Match) -> bool:
        """A pasted file's second entry of one work, under a key of its own: both keys are
        what the user's documents cite (with BibTeX too, which reads no `ids`), so both are
        added and the pair is reported; `publist dedupe` merges them, keys kept in `ids`."""
        own = record.key if not record.origin else ""
        return (
            bool(own)
            and own.lower() != match.key.lower()
            and (match.key.lower() not in self.library_keys)
        )

    def _upgrade(self, subject: str, preprint: Publication, entry: Draft, rule: str, own: str):
        if not self.choices.may_upgrade(preprint.key):
            self.offers.append(preprint.key)
            why = f"its preprint (same {rule}); --upgrade makes that entry the published version"
            return Outcome(subject, Status.PRESENT, preprint.key, reason=why), None
        block = self.library.entry(preprint.key)
        aliases = [own] if own else []
        upgraded = upgrade(preprint.key, block.entry_type or "misc", block.fields, entry, aliases)
        outcome = Outcome(
            subject, Status.UPGRADED, preprint.key, upgraded.venue_type, upgraded.old_type,
            upgraded.summary, entry.origin, upgraded.draft.render(),
        )  # fmt: skip
        return outcome, upgraded.change

    def _keyed(self, entry: Draft, record: Record, marks: Marks) -> Draft:
        """The entry under the key the user's rule gives it (see the module docstring)."""
        own = record.key if not record.origin else ""
        lowered = {key.lower() for key in self.taken}
        if marks.key:
            if marks.key.lower() in lowered:
                raise DuplicateEntry(f"--key {marks.key}: the library has that key already")
            return normalize.with_key(entry, marks.key, own)
        if own and self.choices.keys is not KeyRule.REKEY:
            if not is_key(own):
                raise UsageProblem(
                    f"'{own}' cannot be a citation key (no spaces or any of , {{ }} ( ) \" # % "
                    "' = \\); add it with --rekey for a key like yu2022orca"
                )
            if own.lower() not in lowered:
                return normalize.with_key(entry, own)
            if self.choices.keys is KeyRule.SUFFIX:  # its own key names another work
                return normalize.with_key(entry, normalize.unique_key(own, self.taken))
            where = "the library has" if own.lower() in self.library_keys else "an entry above has"
            raise DuplicateEntry(
                f"{where} the key {own}, on another work; --suffix adds it as "
                f"{normalize.unique_key(own, self.taken)}, --rekey with a key like yu2022orca"
            )
        scheme = normalize.unique_key(normalize.base_key(entry.publication()), self.taken)
        return normalize.with_key(entry, scheme, own)


def _matches(entry: Draft, seen: Sequence[Publication]) -> list[Match]:
    from publist.dedupe import find_matches

    return find_matches(entry.probe(), seen)


def _resembles(match: Match, pasted_twice: bool = False) -> tuple[str, str]:
    """(key, 'rule score') of an entry the new one may duplicate."""
    if pasted_twice:
        return match.key, f"same {match.rule}, both in what you pasted; publist dedupe merges them"
    return match.key, f"{match.rule} {match.score:g}; if so, merge them with publist dedupe"


# --- a preprint becomes its published version ---

# What a preprint's entry says about where and when it appeared: the published version's
# own values replace them, and one it lacks is dropped, never kept (an arXiv month beside
# a NeurIPS booktitle would date the paper wrongly).
PLACE_FIELDS = frozenset(
    "journal journaltitle booktitle howpublished series volume number pages publisher "
    "institution organization school address type year month day date doi url "
    "eventtitle venue edition chapter isbn issn".split()
)
PREPRINT_ID_FIELDS = (*ARXIV_ID_FIELDS, "eprinttype", "eprintclass")  # biblatex's names too


@dataclass(frozen=True)
class Upgraded:
    """A preprint's entry replaced by its published version."""

    change: Change  # REPLACE of the preprint's entry, under its key
    draft: Draft  # the entry as it will be written
    old_type: str  # the preprint's venue type
    venue_type: str  # the published version's
    summary: str  # what changed, for the user


def upgrade(
    key: str,
    entry_type: str,
    fields: Sequence[RawField],
    published: Draft,
    aliases: Sequence[str] = (),
    doi: str = "",
) -> Upgraded:
    """The preprint's entry (key, entry type, raw fields as stored) turned into its
    published version (a Draft, as `normalize.draft` makes it from a service's record);
    `aliases` are other keys the user cites it by (a pasted published entry's own key),
    kept in `ids`; `doi` is the published version's DOI when its record may lack it.

    The one upgrade of add, import and refresh. The key stays: it is what the user's
    documents cite. The published version's type, venue, date, pages and DOI win; the
    arXiv id stays (eprint, archiveprefix, primaryclass; or, for a CoRR entry or one that
    names it only in a note or link, an eprint made from that); the preprint's own place
    and date fields go (PLACE_FIELDS), and so does a link to a DOI; the user's fields
    stay (tags, equal-contribution marks within the new author list, award, ids, links
    such as code or slides). The venue type becomes the published version's.
    """
    old = list(fields)
    raw = list(published.fields)
    for name, value in old:
        lower = name.lower()
        if storage.get_raw(raw, lower) is not None and lower not in ("keywords", "ids"):
            continue
        if lower in PREPRINT_ID_FIELDS or normalize.is_user_field(lower) and lower != "keywords":
            raw = _carry(raw, lower, value)
        elif lower in ("note", "url") and _names_the_preprint(evaluate(value, {})):
            continue  # "arXiv:1706.03762", an arxiv.org link: eprint says it
        elif lower == "url":
            raw.append((lower, value))  # the user's own link (a project page)
        elif lower not in PLACE_FIELDS and lower != "keywords":
            raw.append((lower, value))
    before = as_publication(key, entry_type, old)
    raw = _with_identity(raw, before, doi)
    new_item = as_publication(key, published.entry_type, raw)
    kind = storage.venue_type(new_item) or venues.classify(new_item)[0]
    raw = storage.with_venue_type(raw, kind)
    for tag in storage.tags(as_publication(key, entry_type, old)):
        raw = storage.with_tag(raw, tag)
    raw = _marks_within(raw, len(new_item.authors))
    raw = normalize.with_ids(raw, [alias for alias in aliases if alias.lower() != key.lower()])
    draft = dataclasses.replace(published, key=key, fields=tuple(house.house_order(raw)))
    old_kind = venues.venue_type(before)
    summary = _what_changed(entry_type, old, draft)
    change = Change(Action.REPLACE, key, draft.entry_type, draft.fields, reason=summary)
    return Upgraded(change, draft, str(old_kind), str(kind), summary)


def _with_identity(raw: list[RawField], preprint: Publication, doi: str) -> list[RawField]:
    """The arXiv id the preprint had in any form (a CoRR volume, a note, an arxiv.org
    link) as eprint; the published DOI; no url that only links that DOI (doi.org's
    percent-encoded `10.1000%2Fx` too: `doi` says it)."""
    arxiv = storage.arxiv_of(preprint)
    if arxiv and not storage.get_raw(raw, "eprint"):
        raw = storage.set_field(raw, "eprint", braced(arxiv))
        raw = storage.set_field(raw, "archiveprefix", braced("arXiv"))
    if doi and not storage.get_raw(raw, "doi"):
        raw = storage.set_field(raw, "doi", braced(doi))
    stored = storage.get_raw(raw, "doi")
    url = storage.get_raw(raw, "url")
    if url and stored:
        linked = identifiers.normalize_doi(evaluate(url, {}))
        if linked and linked == identifiers.normalize_doi(evaluate(stored, {})):
            raw = storage.set_field(raw, "url", None)
    return raw


def _names_the_preprint(text: str) -> bool:
    return bool(identifiers.arxiv_mentioned(text) or identifiers.normalize_doi(text))


def _carry(raw: list[RawField], name: str, value: str) -> list[RawField]:
    if name == "ids":
        return normalize.with_ids(raw, split_list(evaluate(value, {})))
    return storage.set_field(raw, name, value)


def _marks_within(raw: list[RawField], authors: int) -> list[RawField]:
    """Equal-contribution and highlight marks past the published author list are dropped."""
    annotation = storage.get_raw(raw, storage.ANNOTATION_FIELD)
    if not annotation:
        return raw
    marks = storage.parse_annotations(evaluate(annotation, {}))
    kept = {position: values for position, values in marks.items() if position <= authors}
    text = storage.format_annotations(kept)
    return storage.set_field(raw, storage.ANNOTATION_FIELD, braced(text) if text else None)


def _what_changed(entry_type: str, old: list[RawField], new: Draft) -> str:
    before = {name.lower(): value for name, value in old}
    after = dict(new.fields)
    parts = []
    if entry_type.lower() != new.entry_type:
        parts.append(f"@{entry_type.lower()} -> @{new.entry_type}")
    for label, names in (
        ("set", [name for name in after if name not in before]),
        ("changed", [name for name in after if name in before and before[name] != after[name]]),
        ("dropped", [name for name in before if name not in after]),
    ):
        if names:
            parts.append(f"{label} {', '.join(names)}")
    eprint = after.get("eprint")
    if eprint:
        parts.append(f"kept eprint {evaluate(eprint, {})}")
    return "; ".join(parts)
