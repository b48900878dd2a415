"""What one scholarly service says about one work, in one shape for every service: its
identifiers, where and when it appeared, how often it is cited, an open-access PDF, and
the published version it names (for a preprint)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from publist.errors import NetworkError
from publist.identifiers import normalize_arxiv, normalize_doi
from publist.sources.http import Response


@dataclass(frozen=True)
class Work:
    source: str  # the service, as messages name it: "Crossref", "Semantic Scholar", ...
    title: str = ""
    authors: tuple[str, ...] = ()  # full names as the service spells them
    year: int | None = None
    venue: str = ""  # the journal or proceedings, "" when the service names none
    doi: str = ""  # bare, lower case; never an arXiv DataCite DOI (that is `arxiv`)
    arxiv: str = ""  # the arXiv id without version
    dblp: str = ""  # the DBLP key
    cited_by: int | None = None
    pdf: str = ""  # an open-access PDF (http or https), "" when none is known
    published_doi: str = ""  # a preprint's published version, as this service states it
    journal_ref: str = ""  # arXiv's free-text reference of the published version
    preprint: bool = False  # the service calls the work a preprint (posted content, CoRR...)
    score: float | None = None  # the service's own match score for a title search


def json_of(response: Response, service: str) -> Any:
    """The JSON of an answer; an HTML page or a cut body is one NetworkError line."""
    try:
        return json.loads(response.body)
    except ValueError:
        kind = "an HTML page" if response.body.lstrip()[:1] == b"<" else "an answer"
        raise NetworkError(f"{service} sent {kind} that is not JSON ({response.url})") from None


def split_doi(text: Any) -> tuple[str, str]:
    """(doi, arxiv) of a DOI as a service writes it: an arXiv DataCite DOI is the arXiv id."""
    doi = normalize_doi(str(text or "")) or ""
    if doi.startswith("10.48550/arxiv."):
        arxiv = normalize_arxiv(doi)
        return "", arxiv[0] if arxiv else ""
    return doi, ""


def web_link(text: Any) -> str:
    """An http(s) link, or "" (services write "" or null for none)."""
    value = str(text or "").strip()
    return value if re.match(r"^https?://[^\s<>\"]+$", value) else ""


def whole_number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def year_of(value: Any) -> int | None:
    """A year from 2015, "2015" or "2015-12-21"."""
    match = re.match(r"\s*(\d{4})", str(value or ""))
    return int(match.group(1)) if match else None
