"""Citation figures for `publist stats` and the JSON export: total citations, h-index and
i10-index (overall and per venue type), the most-cited entries, and citations per year of
publication, with the date and sources of the counts. Pure functions over publications
and a Citations value (citations.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from publist.citations import Citations
from publist.kinds import VenueType
from publist.model import Publication

UNKNOWN_YEAR = "unknown"


@dataclass(frozen=True)
class Figures:
    counted: int  # entries with a count
    total: int  # their citations
    h_index: int  # h entries cited at least h times each
    i10_index: int  # entries cited at least 10 times

    def as_dict(self) -> dict:
        return {"counted": self.counted, "total": self.total, "h_index": self.h_index,
                "i10_index": self.i10_index}  # fmt: skip


@dataclass(frozen=True)
class Cited:
    key: str
    title: str
    year: int | None
    cited_by: int


@dataclass(frozen=True)
class Impact:
    as_of: str  # the day of the counts ("2026-03-01", or "2026-02-27 to 2026-03-01")
    sources: dict[str, int]  # service -> entries counted by it, most first
    entries: int  # entries looked at
    overall: Figures
    by_type: dict[str, Figures]
    by_year: dict[str, int]  # citations of the entries published each year
    most_cited: tuple[Cited, ...]

    @property
    def provenance(self) -> str:
        """'as of 2026-03-01, OpenAlex' (several sources: with how many entries each)."""
        if len(self.sources) == 1:
            named = next(iter(self.sources))
        else:
            named = ", ".join(f"{source} {count}" for source, count in self.sources.items())
        return f"as of {self.as_of}, {named}"

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of,
            "sources": dict(self.sources),
            "entries": self.entries,
            **self.overall.as_dict(),
            "by_type": {kind: figures.as_dict() for kind, figures in self.by_type.items()},
            "by_year": dict(self.by_year),
            "most_cited": [
                {"key": c.key, "title": c.title, "year": c.year, "cited_by": c.cited_by}
                for c in self.most_cited
            ],
        }


def h_index(counts: Iterable[int]) -> int:
    ranked = sorted(counts, reverse=True)
    return sum(1 for rank, count in enumerate(ranked, start=1) if count >= rank)


def figures(counts: Sequence[int]) -> Figures:
    return Figures(len(counts), sum(counts), h_index(counts), sum(1 for n in counts if n >= 10))


def compute(items: Sequence[Publication], citations: Citations, top: int = 10) -> Impact | None:
    """The figures of these entries; None when none of them has a count."""
    found = [(item, count) for item in items if (count := citations.of(item)) is not None]
    if not found:
        return None
    dates = sorted({count.date for _, count in found})
    sources = Counter(count.source for _, count in found)
    by_type: dict[str, list[int]] = {}
    by_year: Counter[str] = Counter()
    for item, count in found:
        by_type.setdefault(item.venue_type.value, []).append(count.cited_by)
        by_year[str(item.year) if item.year else UNKNOWN_YEAR] += count.cited_by
    ranked = sorted(found, key=lambda pair: (-pair[1].cited_by, pair[0].key))[:top]
    return Impact(
        as_of=dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}",
        sources=dict(sorted(sources.items(), key=lambda pair: (-pair[1], pair[0]))),
        entries=len(items),
        overall=figures([count.cited_by for _, count in found]),
        by_type={
            kind.value: figures(by_type[kind.value]) for kind in VenueType if kind.value in by_type
        },
        by_year=dict(sorted(by_year.items(), key=lambda pair: (pair[0] == UNKNOWN_YEAR, pair[0]))),
        most_cited=tuple(
            Cited(item.key, item.title, item.year, count.cited_by) for item, count in ranked
        ),
    )
