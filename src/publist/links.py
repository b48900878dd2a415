"""Which fields of an entry are links, and the address each one makes (pure).

The tools researchers keep their lists with name links their own way: BibTeX's `url`;
al-folio's `html`, `pdf`, `supp`, `poster`, `slides` (file names served from the site),
`arxiv` (an id), `website`, `blog`, `code`; biblatex's `eprint` with `eprinttype`, and
`*_url` fields of CV classes; Hugo Blox's `url_*`; BibDesk's `bdsk-url-N`. A value without
a scheme is a file of the owner's web site, resolved against `[export] base_url`.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import unquote, urljoin

from publist.identifiers import ARXIV_DOI_PREFIX, normalize_arxiv, strip_doi_prefix
from publist.model import Publication
from publist.patterns import compile_on_use
from publist.storage import is_safe_url

# In the order they are shown; ids (arxiv, eprint, doi) become addresses.
LINK_FIELDS = ("url", "html", "pdf", "arxiv", "eprint", "supp", "code", "website", "project",
               "blog", "poster", "slides", "video", "data", "dataset", "biorxiv", "medrxiv",
               "doi")  # fmt: skip
# Fields that hold a local file of a reference manager or plain text: never a link.
LOCAL_FIELDS = ("file", "local-url", "uri", "bdsk-file-1", "pdf-file")
TEXT_FIELDS = ("author", "title", "booktitle", "journal", "journaltitle", "year", "month", "date",
               "note", "abstract", "keywords", "publisher", "pages", "volume", "number",
               "award", "abbr", "annotation", "additional_info", "addendum", "pubstate")  # fmt: skip
_EXTRA_URL = compile_on_use(r"(?P<stem>[\w-]+)_url|url_(?P<tail>[\w-]+)")  # slides_url, url_pdf
_BDSK_URL = compile_on_use(r"bdsk-url-\d+")
_SCHEME = compile_on_use(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_PATH = compile_on_use(r"^[^\s<>\"'{}\\]+$")  # a file name or path of the site: 2025/paper.pdf
_EPRINT = compile_on_use(r"^[\w./-]+$")


_LINK_ORDER = {name: index for index, name in enumerate(LINK_FIELDS)}
_LINK_SET = frozenset(LINK_FIELDS)


class Link(NamedTuple):  # a tuple: made for every link of every entry an export shows
    field: str  # the field it came from: url, pdf, slides_url...
    url: str  # an http(s) or mailto address, safe to emit


def links(publication: Publication, base_url: str = "", extra: tuple[str, ...] = ()) -> list[Link]:
    """Every link of an entry, in LINK_FIELDS order, then `extra` fields, then `*_url` and
    `url_*` fields in the entry's order; one link per address (see same_address)."""
    fields = publication.latex_fields  # stored text: "~" and "%" in a URL are not LaTeX
    present = _LINK_SET.intersection(fields)  # most entries: one of them, or none
    names = sorted(present, key=_LINK_ORDER.__getitem__) if len(present) > 1 else list(present)
    names += [name for name in extra if name in fields and name not in names]
    # One pass over the names with "url" in them (most entries: "url" alone); a regex per
    # field of every entry was 5% of a first export.
    bdsk: list[str] = []
    for name in fields:
        if "url" not in name:
            continue
        if _EXTRA_URL.fullmatch(name):
            if name not in names:
                names.append(name)
        elif name.startswith("bdsk-url-") and _BDSK_URL.fullmatch(name):
            bdsk.append(name)
    if bdsk and "url" not in fields:  # BibDesk keeps an entry's links in bdsk-url-1, -2...
        names[:0] = bdsk
    if len(names) == 1:  # most entries: no other link to be at the same address (a fourth)
        url = address(publication, names[0], base_url)
        return [Link(names[0], url)] if url else []
    found: list[Link] = []
    seen: set[str] = set()
    for name in names:
        url = address(publication, name, base_url)
        if url and (key := same_address(url)) not in seen:
            seen.add(key)
            found.append(Link(name, url))
    return found


def by_field(publication: Publication, base_url: str = "") -> dict[str, str]:
    """Field name -> address of each link (for targets that file links by kind)."""
    return {link.field: link.url for link in links(publication, base_url)}


def address(publication: Publication, name: str, base_url: str = "") -> str:
    """The address a link field makes, or '' (not a link, or relative with no base URL)."""
    value = unescaped(publication.latex_fields.get(name, "")).strip()
    if not value or name in LOCAL_FIELDS:
        return ""
    if name == "doi" and "://" not in (doi := strip_doi_prefix(value)):
        url = "https://doi.org/" + doi
    elif name in ("arxiv", "eprint") and "://" not in value:  # 'arXiv:2406.16412' is an id
        url = _arxiv(publication, name, value)
    else:
        url = resolve(value, base_url)
    return url if url and is_safe_url(url) else ""


_ESCAPED = compile_on_use(r"\\([_%&#$])")


def unescaped(value: str) -> str:
    """A link field's stored text with its LaTeX escapes undone: DBLP writes
    `https://doi.org/10.1007/11880561\\_13` for the address with `_`, others `\\%` or `\\&`;
    an address never holds a backslash, so the link is built from the decoded value."""
    return _ESCAPED.sub(r"\1", value) if "\\" in value else value


def _arxiv(publication: Publication, name: str, value: str) -> str:
    if name == "eprint":
        archive = (publication.get("archiveprefix") or publication.get("eprinttype")).lower()
        if archive not in ("arxiv", "") or not _EPRINT.match(value):
            return ""  # a HAL, PubMed or JSTOR eprint: not an arXiv id
    found = normalize_arxiv(value)
    identifier = "".join(found) if found else value if name == "eprint" else ""
    return "https://arxiv.org/abs/" + identifier if identifier else ""


def resolve(value: str, base_url: str) -> str:
    """An address as written, or a file of the site ('paper.pdf') under base_url."""
    if _SCHEME.match(value):
        return value
    if is_relative(value) and base_url:
        return urljoin(base_url if base_url.endswith("/") else base_url + "/", value)
    return ""


def url_fields(publication: Publication, extra: tuple[str, ...] = ()) -> list[str]:
    """The fields of an entry that hold an address (not an id such as doi or arxiv)."""
    fields = publication.latex_fields
    present = _ADDRESS_SET.intersection(fields)  # export asks of every entry: most have none
    names = sorted(present, key=_LINK_ORDER.__getitem__) if len(present) > 1 else list(present)
    names += [name for name in extra
              if name in fields and name not in _ID_FIELDS and name not in names]  # fmt: skip
    names += [name for name in fields if "url" in name and _EXTRA_URL.fullmatch(name)
              and name not in _ID_FIELDS and name not in names]  # fmt: skip
    return names


_ID_FIELDS = ("doi", "arxiv", "eprint")
_ADDRESS_FIELDS = tuple(name for name in LINK_FIELDS if name not in _ID_FIELDS)
_ADDRESS_SET = frozenset(_ADDRESS_FIELDS)


def is_address(value: str) -> bool:
    """A web or mail address publist links as it is."""
    return bool(_SCHEME.match(value.strip())) and is_safe_url(value)


def is_relative(value: str) -> bool:
    """A value that names a file of the owner's site rather than an address (al-folio)."""
    value = value.strip()
    return (
        bool(value)
        and not _SCHEME.match(value)
        and not value.lower().startswith("www.")
        and (_PATH.match(value) is not None)
    )


def relative_fields(publication: Publication, extra: tuple[str, ...] = ()) -> list[str]:
    """The link fields whose value is relative to the owner's web site."""
    fields = publication.latex_fields
    return [name for name in url_fields(publication, extra) if is_relative(fields[name])]


def link_label(name: str, labels: dict[str, str]) -> str:
    """The label of a link field: the configured one, else that of its stem (slides_url ->
    slides); '' hides the link."""
    if name in labels:
        return labels[name]
    match = _EXTRA_URL.fullmatch(name)
    stem = (match.group("stem") or match.group("tail")) if match else name
    if _BDSK_URL.fullmatch(name):
        stem = "url"
    if stem in ("eprint", "arxiv", "doi") and match:
        return stem  # eprint_url is whatever the owner keeps there, not an arXiv id
    return labels.get(stem, stem)


_DOI_ADDRESS = re.compile(r"^(?:https?://)?(?:dx\.)?(?:www\.)?doi\.org/", re.IGNORECASE)
_WEB_PREFIX = compile_on_use(r"^https?://(?:www\.)?", re.IGNORECASE)
_ARXIV_PAGE = compile_on_use(r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/", re.IGNORECASE)


def same_address(url: str) -> str:
    """What two links share when they lead to the same place: scheme, 'www.' and a final
    '/' ignored, case folded; a doi.org link is its DOI, percent-escapes undone
    (`10.21428%2F92fbeb44` is `10.21428/92fbeb44`); arXiv's DataCite DOI and an arxiv.org
    page are one arXiv id."""
    if _DOI_ADDRESS.match(url):
        doi = unquote(_DOI_ADDRESS.sub("", url)).casefold()
        found = normalize_arxiv(doi) if doi.startswith(ARXIV_DOI_PREFIX) else None
        return "arxiv:" + found[0] if found else "doi:" + doi
    if _ARXIV_PAGE.match(url) and (found := normalize_arxiv(url)):
        return "arxiv:" + found[0]
    return _WEB_PREFIX.sub("", url).rstrip("/").casefold()
