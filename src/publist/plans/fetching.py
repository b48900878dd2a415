"""Fetching what `publist add` is asked for: each identifier's record from the first source
that knows it, in order, before anything is planned (so a failure stops before any change)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from publist import identifiers, storage
from publist.errors import PublistError
from publist.identifiers import Identifier, Kind
from publist.sources.record import Record

if TYPE_CHECKING:
    from publist.sources.base import Source

ACCEPTED_FORMS = (
    "a DOI (10.1145/3600006.3613165, doi:10..., https://doi.org/10...), "
    "an arXiv id (2309.06180, 2309.06180v2, arXiv:2309.06180, hep-th/9901001, "
    "https://arxiv.org/abs/...) or a DBLP key (conf/osdi/YuJKKC22, https://dblp.org/rec/...); "
    "for BibTeX use --bib FILE or --bib -"
)
ARXIV_ID_FIELDS = ("eprint", "archiveprefix", "primaryclass")


class UnknownIdentifier(PublistError):
    """Text that is none of the identifier forms add accepts."""


@dataclass(frozen=True)
class Request:
    """One thing the user asked to add, fetched (a record) or not (why)."""

    subject: str  # as the user named it
    record: Record | None = None
    failure: str = ""


@dataclass
class Report:
    """Notes along the way (what a service said), for the user."""

    notes: list[str] = field(default_factory=list)


def identify(text: str) -> Identifier:
    found = identifiers.parse(text)
    if found is None:
        raise UnknownIdentifier(f"'{text}' is not {ACCEPTED_FORMS}")
    return found


def fetch_one(
    identifier: Identifier, sources: Sequence[Source], published: bool, report: Report
) -> Record:
    """A record from the first source that knows the identifier; --published follows
    arXiv's DOI and keeps the arXiv id on the published record."""
    record = _fetch(identifier, sources)
    if record.published_doi and published:
        report.notes.append(
            f"arXiv {identifier.value}: adding the published version, DOI {record.published_doi}"
        )
        found = _fetch(Identifier(Kind.DOI, record.published_doi), sources)
        report.notes.extend(found.notes)
        return with_arxiv_id(found, record)
    if published and identifier.kind == Kind.ARXIV:
        report.notes.append(
            f"arXiv {identifier.value} lists no published version; adding the preprint"
        )
    report.notes.extend(record.notes)
    return record


def with_arxiv_id(published: Record, preprint: Record) -> Record:
    """The published record carrying its preprint's eprint, archiveprefix and primaryclass."""
    raw = list(published.fields)
    for name in ARXIV_ID_FIELDS:
        value = storage.get_raw(list(preprint.fields), name)
        if value and not storage.get_raw(raw, name):
            raw.append((name, value))
    return dataclasses.replace(published, fields=tuple(raw))


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
) -> list[Request]:
    """A request for every identifier; with keep_going a failure is kept as its reason."""
    requests = []
    for text in texts:
        try:
            requests.append(Request(text, fetch_one(identify(text), sources, published, report)))
        except PublistError as error:
            if not keep_going:
                raise
            requests.append(Request(text, failure=str(error)))
    return requests
