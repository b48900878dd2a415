"""What `publist add` does between the command line and the library file.

Everything is fetched and drafted first; the library is written once, at the end, so a
failure at any step leaves it as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from publist import identifiers, normalize
from publist.errors import DuplicateEntry, PublistError
from publist.identifiers import Identifier, Kind
from publist.model import Publication
from publist.normalize import Draft, Marks
from publist.sources import Record, Source

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


def each(
    items: Sequence[str],
    work: Callable[[str], list[Draft]],
    keep_going: bool,
    report: Report,
) -> list[Draft]:
    """Run work on every item; with keep_going a failure is reported and skipped."""
    drafts: list[Draft] = []
    for item in items:
        try:
            drafts.extend(work(item))
        except PublistError as error:
            if not keep_going:
                raise
            report.failures.append(f"{item}: {error}")
    return drafts


def draft_all(records: Sequence[Record], taken: set[str], marks: Marks) -> list[Draft]:
    """Normalise records into drafts with keys unique among `taken` (which grows)."""
    drafts = []
    for record in records:
        entry = normalize.draft(record.entry_type, record.fields, taken, marks, record.origin)
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
