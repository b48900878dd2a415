"""Recognising and normalising identifier strings: DOIs, arXiv ids, DBLP keys (pure: where
an entry keeps them is storage's business).

Every identifier is validated here before any source puts it into a URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote

from publist.patterns import compile_on_use

# Crossref's recommended pattern, anchored; no whitespace, quotes or angle brackets.
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/[^\s\"<>]+$")
ARXIV_NEW = r"\d{4}\.\d{4,5}"
ARXIV_OLD = r"[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7}"
ARXIV_PATTERN = compile_on_use(
    rf"^(?P<id>{ARXIV_NEW}|{ARXIV_OLD})(?P<version>v\d+)?$", re.IGNORECASE
)
DBLP_KEY_PATTERN = compile_on_use(
    r"^(journals|conf|books|phd|series|reference|tr|persons|homepages|ms|www)/[\w\-]+/[\w\-'.]+$"
)
ARXIV_DOI_PREFIX = "10.48550/arxiv."


class Kind(StrEnum):
    DOI = "doi"
    ARXIV = "arxiv"
    DBLP = "dblp"


@dataclass(frozen=True)
class Identifier:
    """A DOI, arXiv id or DBLP key, normalised."""

    kind: Kind
    value: str  # normalised: DOI lower-cased, arXiv id without version, DBLP key
    version: str = ""  # arXiv version, "v2"

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.value}{self.version}"


# Compiled once: dedupe and export strip every DOI and arXiv id of a library.
_DOI_URL = compile_on_use(r"^(https?://)?(dx\.)?(www\.)?doi\.org/", re.IGNORECASE)
_DOI_LABEL = compile_on_use(r"^doi:\s*", re.IGNORECASE)
_ARXIV_URL = compile_on_use(
    r"^(https?://)?(www\.|export\.)?arxiv\.org/(abs|pdf|html)/", re.IGNORECASE
)
_PDF_SUFFIX = compile_on_use(r"\.pdf$", re.IGNORECASE)
_ARXIV_PREFIX = compile_on_use(r"^arxiv:\s*", re.IGNORECASE)


def strip_doi_prefix(text: str) -> str:
    """The text without a doi.org link or 'doi:' in front; case kept (the one DOI stripper)."""
    text = text.strip()
    if text[:1] not in "hHdDwW":  # a bare DOI ('10.1145/...'): neither pattern can match
        return text
    return _DOI_LABEL.sub("", _DOI_URL.sub("", text)).strip()


def normalize_doi(text: str) -> str | None:
    """A bare lower-case DOI, or None when the text is not one."""
    value = strip_doi_prefix(unquote(text.strip())).rstrip(".")
    if (
        not DOI_PATTERN.match(value)
        or ".." in value.split("/", 1)[1]
        or "?" in value
        or "#" in value
    ):
        return None
    return value.lower()


def normalize_arxiv(text: str) -> tuple[str, str] | None:
    """(id, version) of an arXiv id, URL or 'arXiv:' reference; None when it is not one."""
    value = text.strip()
    value = _ARXIV_URL.sub("", value)
    value = _PDF_SUFFIX.sub("", value)
    value = _ARXIV_PREFIX.sub("", value).strip().rstrip("/")
    if value.lower().startswith(ARXIV_DOI_PREFIX):
        value = value[len(ARXIV_DOI_PREFIX) :]
    match = ARXIV_PATTERN.match(value)
    if not match:
        return None
    identifier = match.group("id")
    return identifier, (match.group("version") or "").lower()


def normalize_dblp(text: str) -> str | None:
    value = text.strip()
    value = re.sub(
        r"^(https?://)?dblp\.(org|uni-trier\.de)/rec/(bib\d?/|bibtex/)?",
        "",
        value,
        flags=re.IGNORECASE,
    )
    value = re.sub(r"^dblp:", "", value, flags=re.IGNORECASE)
    value = re.sub(r"\.(html|bib|xml)$", "", value)
    return value if DBLP_KEY_PATTERN.match(value) else None


def parse(text: str) -> Identifier | None:
    """Recognise an identifier by its form; None when it is none of ours."""
    stripped = text.strip()
    if stripped.lower().startswith(
        ("10.48550/arxiv.", "https://doi.org/10.48550/arxiv.")
    ) or re.match(r"^(arxiv:|(https?://)?(www\.|export\.)?arxiv\.org/)", stripped, re.IGNORECASE):
        arxiv = normalize_arxiv(re.sub(r"^https?://doi\.org/", "", stripped, flags=re.IGNORECASE))
        return Identifier(Kind.ARXIV, *arxiv) if arxiv else None
    doi = normalize_doi(stripped)
    if doi:
        return Identifier(Kind.DOI, doi)
    arxiv = normalize_arxiv(stripped)
    if arxiv:
        return Identifier(Kind.ARXIV, *arxiv)
    dblp = normalize_dblp(stripped)
    if dblp:
        return Identifier(Kind.DBLP, dblp)
    return None


# "arXiv preprint arXiv:ID", "arXiv:ID", "CoRR abs/ID", "https://arxiv.org/abs/ID".
_ARXIV_MENTION = compile_on_use(
    rf"arxiv(?:\.org)?(?:\s*preprint)?\s*(?:arxiv)?[:\s/]*(?:abs/|pdf/|html/)?"
    rf"({ARXIV_NEW}|{ARXIV_OLD})(v\d+)?",
    re.IGNORECASE,
)
_DBLP_URL = compile_on_use(
    r"dblp\.(?:org|uni-trier\.de)/rec/(?:bib\d?/)?([\w/\-'.]+?)(?:\.bib)?(?:\s|$|\})"
)


def arxiv_mentioned(text: str) -> str | None:
    """The arXiv id (no version) that a venue, note or URL text mentions, or None."""
    match = _ARXIV_MENTION.search(text)
    found = normalize_arxiv(match.group(1)) if match else None
    return found[0] if found else None


def dblp_in_url(text: str) -> str | None:
    """The DBLP key in a dblp.org/rec/... link (a biburl or bibsource), or None."""
    match = _DBLP_URL.search(text + " ")
    return match.group(1) if match and DBLP_KEY_PATTERN.match(match.group(1)) else None
