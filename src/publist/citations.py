"""Citation counts: the small file beside the library that `publist refresh` writes.

Counts are not the user's data, so they never go into library.bib. They live in
`<library>.citations.json` (library.citations.json for library.bib): sorted keys, one
entry per line, so a site's CI can commit it and a diff shows what moved. Each entry
names the identifier it was looked up by; a count whose identifier the entry no longer
carries is not shown. Every command works without the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from publist import files, storage
from publist.model import Publication
from publist.patterns import compile_on_use

FORMAT = 1
SUFFIX = ".citations.json"
_PAPER_ID = compile_on_use(
    r"semanticscholar\.org/paper/(?:[^/\s]+/)?([0-9a-f]{40})\b", re.IGNORECASE
)
_CORPUS_ID = compile_on_use(r"semanticscholar\.org/(?:paper/)?CorpusI[dD]:(\d+)\b")


@dataclass(frozen=True)
class Count:
    """One entry's citation count, and where and when it was asked."""

    cited_by: int
    source: str  # the service: "OpenAlex", "Semantic Scholar", "Crossref"
    date: str  # the day it was asked, YYYY-MM-DD
    identifier: str  # what it was asked by: "doi:10.1/x", "arxiv:1706.03762", "s2:CorpusId:1"


@dataclass(frozen=True)
class Citations:
    """The citation counts of citations.json, by citation key."""

    counts: Mapping[str, Count] = field(default_factory=dict)  # citation key -> count
    problem: str = ""  # why the file could not be read ("" when it could, or is absent)

    def __bool__(self) -> bool:
        return bool(self.counts)

    def of(self, item: Publication) -> Count | None:
        """The entry's count, if it was asked by an identifier the entry still carries."""
        count = self.counts.get(item.key)
        return count if count and count.identifier in identifiers(item) else None


def path_for(library: Path) -> Path:
    """library.bib -> library.citations.json, beside it."""
    library = Path(library)
    name = library.name[: -len(".bib")] if library.name.lower().endswith(".bib") else library.name
    return library.with_name(name + SUFFIX)


def identifiers(item: Publication) -> list[str]:
    """What a count may be asked by, in the order sources are asked: DOI, S2 id, arXiv id."""
    found = []
    doi = storage.doi_of(item)
    if doi:
        found.append(f"doi:{doi}")
    paper = semantic_scholar_id(item)
    if paper:
        found.append(f"s2:{paper}")
    arxiv = storage.arxiv_of(item)
    if arxiv:
        found.append(f"arxiv:{arxiv}")
    return found


def semantic_scholar_id(item: Publication) -> str:
    """The Semantic Scholar paper an entry's url links: 'CorpusId:470667' (S2's permalink
    api.semanticscholar.org/CorpusID:470667) or a 40-hex paper id (its paper pages)."""
    url = item.latex_fields.get("url", "")
    corpus = _CORPUS_ID.search(url)
    if corpus:
        return f"CorpusId:{corpus.group(1)}"
    paper = _PAPER_ID.search(url)
    return paper.group(1).lower() if paper else ""


def load(path: Path) -> Citations:
    """The counts in a citations file; none (and no problem) when there is no file, and none
    with the reason when it cannot be read."""
    try:
        text = files.read_text(path)
    except (OSError, UnicodeDecodeError) as error:
        return Citations(problem=f"cannot read {path}: {error}")
    if text is None:
        return Citations()
    try:
        data = json.loads(text)
        counts = {
            str(key): Count(
                int(value["cited_by"]), str(value["source"]), str(value["date"]), str(value["id"])
            )  # fmt: skip
            for key, value in data["counts"].items()
        }
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        return Citations(problem=f"{path} is not a citations file publist can read ({error})")
    return Citations(counts)


def render(counts: Mapping[str, Count], library_name: str) -> str:
    """The file's text: sorted keys, one entry per line."""
    lines = [
        "{",
        f'  "about": {json.dumps(f"Citation counts of {library_name}, written by publist refresh; not part of the library.")},',
        f'  "format": {FORMAT},',
        '  "counts": {',
    ]
    rows = [
        f"    {json.dumps(key, ensure_ascii=False)}: "
        + json.dumps(
            {
                "cited_by": count.cited_by,
                "date": count.date,
                "id": count.identifier,
                "source": count.source,
            },
            ensure_ascii=False,
        )  # fmt: skip
        for key, count in sorted(counts.items())
    ]
    lines += [row + ("," if index < len(rows) - 1 else "") for index, row in enumerate(rows)]
    return "\n".join([*lines, "  }", "}"]) + "\n"
