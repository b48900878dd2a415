"""What the services say about a library's entries, for `publist refresh`: the published
version of each preprint, a DOI (and an open-access PDF) for entries without a link, and
citation counts. Everything is asked here, before any plan is made; nothing is written.

A service that fails is not asked again in the same run: what the others found is still
reported, with one line about the failure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from publist import citations, storage
from publist.citations import Count
from publist.errors import NetworkError, NotFound
from publist.identifiers import Identifier, Kind
from publist.kinds import CitationSource, VenueType
from publist.model import Publication
from publist.people import fold
from publist.sources import crossref_works, openalex, semanticscholar
from publist.sources.base import BaseUrls
from publist.sources.dblp import DblpSource
from publist.sources.doi import DoiSource
from publist.sources.http import Client
from publist.sources.record import Record
from publist.sources.works import Work

T = TypeVar("T")
Progress = Callable[[str, int, int], None]  # (what, done, total)
CLOSE_TITLE = 90  # rapidfuzz ratio of folded titles: the same title, bar typos or punctuation
SOURCE_NAMES = {
    CitationSource.OPENALEX: openalex.SERVICE,
    CitationSource.SEMANTIC_SCHOLAR: semanticscholar.SERVICE,
    CitationSource.CROSSREF: crossref_works.SERVICE,
}


@dataclass(frozen=True)
class Published:
    """A published version of a preprint entry."""

    key: str
    doi: str  # "" when the source names a venue but no DOI
    evidence: str
    sure: bool  # only sure ones are applied; a possible one is shown
    record: Record | None = None  # the published version, fetched (sure ones)


@dataclass(frozen=True)
class Link:
    """A DOI (and an open-access PDF) for an entry without url, doi or pdf."""

    key: str
    doi: str
    pdf: str
    evidence: str
    sure: bool


@dataclass
class Services:
    """The run's client and where each service lives; remembers which services failed."""

    client: Client
    urls: BaseUrls
    email: str = ""
    today: str = ""  # YYYY-MM-DD: the date counts are stamped with
    progress: Progress = lambda what, done, total: None
    failures: dict[str, str] = field(default_factory=dict)  # service -> its one error line
    notes: list[str] = field(default_factory=list)

    def ask(self, service: str, question: Callable[[], T]) -> T | None:
        """The answer, or None when the service failed (now or earlier in this run)."""
        if service in self.failures:
            return None
        try:
            return question()
        except NetworkError as error:
            self.failures[service] = str(error)
            return None


# --- matching a service's work to an entry ---


def same_title(item: Publication, work: Work) -> bool | None:
    """True for the same title once folded, None for a close one, False otherwise."""
    # Only an answer that came back is compared: dedupe (5-8 ms) and rapidfuzz (7-10 ms) load then.
    from publist.dedupe.titles import fold_text

    mine, theirs = fold_text(item.title), fold_text(work.title)
    if not mine or not theirs:
        return False
    if mine == theirs:
        return True
    from rapidfuzz import fuzz

    return None if fuzz.ratio(mine, theirs) >= CLOSE_TITLE else False


def shared_author(item: Publication, work: Work) -> bool:
    """A family name in common (the service's names are 'Given Family'); True when either
    side names nobody, since some works have no authors to compare."""
    mine = {fold(person.last.split()[-1]) for person in item.authors if person.last.strip()}
    theirs = {fold(name.split()[-1]) for name in work.authors if name.strip()}
    return not mine or not theirs or bool(mine & theirs)


def matches(item: Publication, work: Work, later: bool = False) -> bool | None:
    """Whether a work is this entry: True (same title, an author, the year), None (doubtful:
    a close title), False. `later`: a published version may appear years after its preprint."""
    title = same_title(item, work)
    if title is False or not shared_author(item, work):
        return False
    if item.year and work.year:
        if work.year < item.year - 1 or (not later and work.year > item.year + 1):
            return False
    return title


def _evidence(work: Work, item: Publication) -> str:
    families = [person.last for person in item.authors[:2] if person.last]
    parts = ["same title" if same_title(item, work) else "a close title"]
    if families and work.authors:
        parts.append("author " + ", ".join(families))
    if work.year:
        parts.append(str(work.year))
    return ", ".join(parts)


# --- published versions ---


def is_preprint(item: Publication) -> bool:
    """An arXiv, CoRR, bioRxiv, SSRN... entry, or a technical report, not yet published."""
    stored = storage.venue_type(item)
    if stored is not None:
        return stored is VenueType.PREPRINT
    return item.venue_type is VenueType.PREPRINT or item.entry_type in ("techreport", "unpublished")


def find_published(items: Sequence[Publication], services: Services) -> list[Published]:
    preprints = [item for item in items if is_preprint(item)]
    found = []
    for done, item in enumerate(preprints, start=1):
        services.progress("published versions", done - 1, len(preprints))
        found.extend(_published_of(item, services))
    services.progress("published versions", len(preprints), len(preprints))
    return found


def _published_of(item: Publication, services: Services) -> list[Published]:
    arxiv = storage.arxiv_of(item)
    if arxiv:  # the arXiv reader (an XML parser and its patterns): 3-5 ms of a start
        from publist.sources import arxiv_versions
    said = services.ask("arXiv", lambda: arxiv_versions.versions(
        services.client, services.urls.arxiv, arxiv)) if arxiv else None  # fmt: skip
    if said and said.published_doi:
        where = f" ({said.journal_ref})" if said.journal_ref else ""
        evidence = f"arXiv {arxiv} names DOI {said.published_doi}{where}"
        return _fetched(item, Published(item.key, said.published_doi, evidence, True), services)
    named = _named_by_crossref(item, services)
    if named:
        return _fetched(item, named, services)
    possible: list[Published] = []
    if item.title:
        named = _from_semantic_scholar(item, services)
        if named and named.sure:
            return _fetched(item, named, services)
        possible += [named] if named else []
        possible += _from_dblp(item, services)
    if said and said.journal_ref:
        evidence = f"arXiv {arxiv} says: {said.journal_ref} (no DOI)"
        possible.append(Published(item.key, "", evidence, False))
    return possible


def _named_by_crossref(item: Publication, services: Services) -> Published | None:
    doi = storage.doi_of(item)
    if not doi:
        return None
    work = services.ask("Crossref", lambda: crossref_works.work(
        services.client, services.urls.crossref, doi))  # fmt: skip
    if not work or not work.published_doi:
        return None
    return Published(item.key, work.published_doi,
                     f"Crossref: {doi} is a preprint of {work.published_doi}", True)  # fmt: skip


def _from_semantic_scholar(item: Publication, services: Services) -> Published | None:
    """Sure when S2 ties the entry's own arXiv id to a published DOI; possible otherwise."""
    work = services.ask(semanticscholar.SERVICE, lambda: semanticscholar.match_title(
        services.client, services.urls.semanticscholar, item.title))  # fmt: skip
    if not work or work.preprint or not (work.doi or work.venue):
        return None
    match = matches(item, work, later=True)
    if match is False:
        return None
    arxiv = storage.arxiv_of(item)
    tied = bool(arxiv and work.arxiv == arxiv and work.doi and work.doi != storage.doi_of(item))
    venue = f" at {work.venue}" if work.venue else ""
    if tied:
        return Published(item.key, work.doi, f"Semantic Scholar links arXiv {arxiv} to DOI "
                         f"{work.doi}{venue}", True)  # fmt: skip
    what = f"DOI {work.doi}" if work.doi else "no DOI"
    return Published(item.key, work.doi, f"Semantic Scholar: {_evidence(work, item)}, "
                     f"published{venue} ({what})", False)  # fmt: skip


def _from_dblp(item: Publication, services: Services) -> list[Published]:
    hits = services.ask("DBLP", lambda: DblpSource(services.client, services.urls.dblp)
                        .search(item.title, hits=1)) or []  # fmt: skip
    found = []
    for hit in hits:
        work = Work("DBLP", hit.title, hit.authors, int(hit.year) if hit.year.isdigit() else None,
                    hit.venue, dblp=hit.identifier.value)  # fmt: skip
        if hit.venue.lower() in ("corr", "") or matches(item, work, later=True) is False:
            continue
        found.append(Published(item.key, "", f"DBLP: {_evidence(work, item)}, published at "
                               f"{hit.venue} ({hit.identifier.value}; no DOI)", False))  # fmt: skip
    return found


def _fetched(item: Publication, named: Published, services: Services) -> list[Published]:
    """A sure version with its record; doubtful again when the record is another work."""
    record = _record(named.doi, services)
    if record is None:
        if not services.failures:
            services.notes.append(f"{item.key}: {named.evidence}, but no service has a record "
                                  "of that DOI; left as it is")  # fmt: skip
        return []
    from publist.reading import as_publication

    published = as_publication("", record.entry_type, list(record.fields))
    fetched = Work(record.origin, published.title, tuple(p.display for p in published.authors),
                   published.year)  # fmt: skip
    if matches(item, fetched, later=True) is not True:
        return [Published(item.key, named.doi, f"{named.evidence}; its title or authors differ "
                          f"('{published.title}')", False)]  # fmt: skip
    return [Published(item.key, named.doi, named.evidence, True, record)]


def _record(doi: str, services: Services) -> Record | None:
    """The published version's BibTeX: from Crossref, where almost every published DOI is
    (doi.org redirects there); from doi.org for the DOIs Crossref does not register."""
    record = services.ask("Crossref", lambda: crossref_works.bibtex(
        services.client, services.urls.crossref, doi))  # fmt: skip
    if record is not None or "Crossref" in services.failures:
        return record
    source = DoiSource(services.client, services.urls.doi, services.urls.crossref)
    try:
        return services.ask("doi.org", lambda: source.fetch(Identifier(Kind.DOI, doi)))
    except NotFound:
        return None


# --- missing links ---


def needs_link(item: Publication) -> bool:
    return not any(item.get(name) for name in ("url", "doi", "pdf")) and not is_preprint(item)


def find_links(items: Sequence[Publication], services: Services) -> list[Link]:
    wanting = [item for item in items if needs_link(item) and item.title]
    found = []
    for done, item in enumerate(wanting):
        services.progress("missing links", done, len(wanting))
        link = _link_of(item, services)
        if link:
            found.append(link)
    services.progress("missing links", len(wanting), len(wanting))
    return found


def _link_of(item: Publication, services: Services) -> Link | None:
    hits = [
        services.ask(crossref_works.SEARCH, lambda: crossref_works.search_title(
            services.client, services.urls.crossref, item.title)),
        services.ask(semanticscholar.SERVICE, lambda: semanticscholar.match_title(
            services.client, services.urls.semanticscholar, item.title)),
    ]  # fmt: skip
    agreeing = [(work, match) for work in hits if work and work.doi
                if (match := matches(item, work)) is not False]  # fmt: skip
    if not agreeing:
        return None
    dois = sorted({work.doi for work, _ in agreeing})
    said = "; ".join(f"{work.source}: {_evidence(work, item)} ({work.doi})" for work, _ in agreeing)
    if len(dois) > 1:
        return Link(item.key, "", "", f"the sources disagree: {said}", False)
    pdf = next((work.pdf for work, _ in agreeing if work.pdf), "")
    sure = all(match is True for _, match in agreeing)
    return Link(item.key, dois[0], pdf, said, sure)


# --- citation counts ---


def find_counts(
    items: Sequence[Publication], services: Services, order: Sequence[CitationSource]
) -> dict[str, Count]:
    """A count for every entry some source knows: each source is asked, in the order of
    preference, for the entries the ones before it could not count."""
    wanted = {item.key: citations.identifiers(item) for item in items}
    wanted = {key: ids for key, ids in wanted.items() if ids}
    counts: dict[str, Count] = {}
    for source in order:
        left = {key: ids for key, ids in wanted.items() if key not in counts}
        if source is CitationSource.SEMANTIC_SCHOLAR:
            counts.update(_semantic_scholar_counts(left, services))
        else:
            counts.update(_doi_counts(source, left, services))
    return counts


def _doi_counts(source: CitationSource, wanted: dict[str, list[str]], services: Services):
    name = SOURCE_NAMES[source]
    asking = {key: ids[0] for key, ids in wanted.items() if ids[0].startswith("doi:")}
    counts = {}
    for done, (key, identifier) in enumerate(asking.items()):
        services.progress(f"citations ({name})", done, len(asking))
        doi = identifier.removeprefix("doi:")
        if source is CitationSource.OPENALEX:
            ask = partial(openalex.work_by_doi, services.client, services.urls.openalex, doi,
                          services.email)  # fmt: skip
        else:
            ask = partial(crossref_works.work, services.client, services.urls.crossref, doi)
        work = services.ask(name, ask)
        if work is not None and work.cited_by is not None:
            counts[key] = Count(work.cited_by, name, services.today, identifier)
    services.progress(f"citations ({name})", len(asking), len(asking))
    return counts


def _semantic_scholar_counts(wanted: dict[str, list[str]], services: Services):
    name = semanticscholar.SERVICE
    keys = list(wanted)
    if not keys:
        return {}
    services.progress(f"citations ({name})", 0, 1)
    ids = [semanticscholar.lookup_id(wanted[key][0]) for key in keys]
    works = services.ask(name, lambda: semanticscholar.batch(
        services.client, services.urls.semanticscholar, ids)) or []  # fmt: skip
    services.progress(f"citations ({name})", 1, 1)
    return {
        key: Count(work.cited_by, name, services.today, wanted[key][0])
        for key, work in zip(keys, works, strict=False)
        if work is not None and work.cited_by is not None
    }
