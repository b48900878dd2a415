"""`publist add` as a plan: records are fetched first (`fetch_all`), then drafted and
screened against the library (`add_plan`); the library is written once, at the end, so a
failure at any step leaves it as it was. The plan is pure, so the command can make it
again on the locked file if another process added something meanwhile."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from publist import identifiers, normalize
from publist.bibfile import LibraryFile
from publist.errors import DuplicateEntry, PublistError, UsageProblem
from publist.identifiers import Identifier, Kind
from publist.model import Publication
from publist.normalize import Draft, Marks
from publist.plans.base import Action, Change, Plan, plan_of
from publist.sources.base import Record, Source

ACCEPTED_FORMS = (
    "a DOI (10.1145/3600006.3613165, doi:10..., https://doi.org/10...), "
    "an arXiv id (2309.06180, 2309.06180v2, arXiv:2309.06180, hep-th/9901001, "
    "https://arxiv.org/abs/...) or a DBLP key (conf/osdi/YuJKKC22, https://dblp.org/rec/...); "
    "for BibTeX use --bib FILE or --bib -"
)


class UnknownIdentifier(PublistError):
    """Text that is none of the identifier forms add accepts."""


@dataclass
class Report:
    """What the user should hear: notes along the way, failures skipped by --keep-going."""

    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def identify(text: str) -> Identifier:
    found = identifiers.parse(text)
    if found is None:
        raise UnknownIdentifier(f"'{text}' is not {ACCEPTED_FORMS}")
    return found


def fetch_one(
    identifier: Identifier, sources: Sequence[Source], published: bool, report: Report
) -> Record:
    """A record from the first source that knows the identifier; --published follows arXiv's DOI."""
    record = _fetch(identifier, sources)
    if record.published_doi and published:
        report.notes.append(
            f"arXiv {identifier.value}: adding the published version, DOI {record.published_doi}"
        )
        return _fetch(Identifier(Kind.DOI, record.published_doi), sources)
    if published and identifier.kind == Kind.ARXIV:
        report.notes.append(
            f"arXiv {identifier.value} lists no published version; adding the preprint"
        )
    report.notes.extend(record.notes)
    return record


def _fetch(identifier: Identifier, sources: Sequence[Source]) -> Record:
    for source in sources:
        if source.recognises(identifier):
            return source.fetch(identifier)
    raise UnknownIdentifier(f"no source can fetch {identifier}")


def fetch_all(
    texts: Sequence[str],
    sources: Sequence[Source],
    published: bool,
    keep_going: bool,
    report: Report,
) -> list[Record]:
    """A record for every identifier; with keep_going a failure is reported and skipped."""
    records = []
    for text in texts:
        try:
            records.append(fetch_one(identify(text), sources, published, report))
        except PublistError as error:
            if not keep_going:
                raise
            report.failures.append(f"{text}: {error}")
    return records


def draft_all(
    records: Sequence[Record],
    taken: set[str],
    marks: Marks,
    keep_going: bool = False,
    report: Report | None = None,
) -> list[Draft]:
    """Normalise records into drafts with keys unique among `taken` (which grows). A record
    from a service (it has an origin) stores its guessed venue type; the user's own does not."""
    drafts = []
    for record in records:
        try:
            entry = normalize.draft(
                record.entry_type, record.fields, taken, marks, record.origin, bool(record.origin)
            )
        except PublistError as error:
            if not keep_going or report is None:
                raise
            report.failures.append(f"{record.key or record.origin}: {error}")
            continue
        taken.add(entry.key)
        drafts.append(entry)
    return drafts


def duplicates(entry: Draft, items: Sequence[Publication]) -> tuple[str | None, list[str]]:
    """A one-line reason when the entry is already in the library (else None), and a
    warning for each entry it may duplicate."""
    from publist.dedupe import find_matches

    probe = entry.probe()
    title = probe.title if len(probe.title) <= 60 else probe.title[:57].rstrip() + "..."
    possible = []
    for match in find_matches(probe, items):
        if match.automatic:
            return f"'{title}' is already in the library as '{match.key}' (same {match.rule})", []
        possible.append(
            f"'{title}' ({entry.key}) may be the same work as {match.key} "
            f"({match.rule} {match.score:g}); if so, merge them with publist dedupe"
        )
    return None, possible


def screen(
    drafts: Sequence[Draft],
    items: Sequence[Publication],
    force: bool,
    keep_going: bool,
    report: Report,
) -> list[Draft]:
    """Drop entries already present (in the library or earlier in this batch) unless forced;
    warn about the ones that may be."""
    kept: list[Draft] = []
    seen = list(items)
    for entry in drafts:
        reason, possible = (None, []) if force else duplicates(entry, seen)
        if reason:
            if not keep_going:
                raise DuplicateEntry(f"{reason}; use --force to add it anyway")
            report.failures.append(reason)
            continue
        report.warnings.extend(possible)
        kept.append(entry)
        seen.append(entry.probe())
    return kept


def add_plan(
    records: Sequence[Record],
    library: LibraryFile,
    items: Sequence[Publication],
    marks: Marks,
    force: bool = False,
    keep_going: bool = False,
) -> tuple[Plan, list[Draft], Report]:
    """The entries to add, with keys free in this library, and what the user should hear."""
    report = Report()
    taken = {block.key or "" for block in library.entries()}
    drafts = draft_all(records, taken, marks, keep_going, report)
    if marks.key and len(drafts) > 1:
        raise UsageProblem("--key names one entry, but there are several")
    drafts = screen(drafts, items, force, keep_going, report)
    changes = [
        Change(Action.ADD, entry.key, entry.entry_type, entry.fields, reason=entry.origin)
        for entry in drafts
    ]
    return plan_of(changes), drafts, report
