"""Settings from publist.toml beside the library, with defaults for libraries that have none."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from publist import files
from publist.errors import ConfigError
from publist.kinds import VENUE_TYPES, CitationSource, VenueType
from publist.toml_values import boolean as _boolean
from publist.toml_values import kind as _kind
from publist.toml_values import known as _known
from publist.toml_values import listed as _list
from publist.toml_values import string as _string
from publist.toml_values import strings as _strings
from publist.toml_values import table as _table

CONFIG_NAME = "publist.toml"
Choice = TypeVar("Choice", bound=StrEnum)


class Numbering(StrEnum):
    PER_GROUP = "per-group"
    CONTINUOUS = "continuous"
    NONE = "none"


class MonthStyle(StrEnum):
    LONG = "long"  # July 2022
    SHORT = "short"  # Jul. 2022
    NONE = "none"  # 2022


class Detail(StrEnum):
    """What a CV shows after the venue, besides the date: [export] details, in this order."""

    VOLUME = "volume"  # a journal's volume(number)
    PAGES = "pages"  # pages, else the article number (eid, articleno)
    PUBSTATE = "pubstate"  # biblatex: submitted, in press, forthcoming...
    NOTE = "note"  # "To appear", "Oral"
    ADDENDUM = "addendum"  # biblatex's note printed last
    ADDITIONAL_INFO = "additional_info"  # al-folio's text after the venue


class DoiLink(StrEnum):
    ALWAYS = "always"  # a DOI is shown like every other link
    ALONE = "alone"  # only when the entry has no url or pdf of its own: one link per paper


EXPORT_FORMATS = ("md", "latex", "html", "txt", "json")  # [export.<format>] tables
ORDERS = ("newest", "oldest", "file")  # render.core.Order, which config cannot import


@dataclass(frozen=True)
class Group:
    """One section of an export: its title, the venue types it holds, its label."""

    title: str
    types: tuple[VenueType, ...]
    label: str = ""  # prefix for --labels numbering (C, J, W...)


DEFAULT_GROUPS = (
    Group("Conference Publications", (VenueType.CONFERENCE,), "C"),
    Group("Journal Articles", (VenueType.JOURNAL,), "J"),
    Group("Workshop Papers", (VenueType.WORKSHOP,), "W"),
    Group("Demos and Posters", (VenueType.DEMO, VenueType.POSTER), "D"),
    Group("Preprints", (VenueType.PREPRINT,), "R"),
    Group("Books and Chapters", (VenueType.BOOK, VenueType.CHAPTER), "B"),
    Group("Theses", (VenueType.THESIS,), "T"),
    Group("Patents", (VenueType.PATENT,), "P"),
    Group("Talks", (VenueType.TALK,), "K"),
    Group("Other", (VenueType.OTHER,), "O"),
)
DEFAULT_LINK_LABELS = {
    "url": "paper", "html": "HTML", "pdf": "PDF", "arxiv": "arXiv", "eprint": "arXiv",
    "supp": "supp", "code": "code", "website": "website", "project": "project", "blog": "blog",
    "poster": "poster", "slides": "slides", "video": "video", "data": "data", "dataset": "data",
    "biorxiv": "bioRxiv", "medrxiv": "medRxiv", "doi": "DOI",
}  # fmt: skip
# Fields that can never be links: text publist shows, or a reference manager's local file.
NOT_LINKS = {
    **dict.fromkeys(("author", "title", "booktitle", "journal", "journaltitle", "year", "month",
                     "date", "note", "abstract", "keywords", "publisher", "pages", "volume",
                     "number", "award", "abbr", "annotation", "additional_info", "addendum",
                     "pubstate"), "holds text, not an address"),
    **dict.fromkeys(("file", "local-url", "uri", "bdsk-file-1"),
                    "holds a file on one computer (BibDesk, JabRef, Zotero), never a web address"),
}  # fmt: skip


@dataclass(frozen=True)
class NetworkSettings:
    """How patient publist is with network services ([network] in publist.toml)."""

    timeout: float = 20.0  # seconds to wait for an answer to go on
    retries: int = 3  # further tries after a timeout, 429 or 5xx
    deadline: float = 120.0  # seconds for all of one command's requests
    cache_hours: float = 24.0  # how long `refresh` reuses a service's answer (0: never)


@dataclass(frozen=True)
class Config:
    """publist.toml as read, with the defaults for what it does not set."""

    owner: str = ""
    aliases: tuple[str, ...] = ()
    groups: tuple[Group, ...] = DEFAULT_GROUPS
    numbering: Numbering = Numbering.PER_GROUP
    reverse_numbers: bool = False
    month_style: MonthStyle = MonthStyle.LONG
    max_authors: int = 0  # 0: every author; N: the first N (and the owner), then "et al."
    link_labels: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LINK_LABELS))
    base_url: str = (
        ""  # where links without a scheme live: al-folio's https://you.github.io/assets/pdf/
    )
    doi_link: DoiLink = DoiLink.ALWAYS
    order: str = "newest"  # render.core.Order: newest, oldest or file
    details: tuple[Detail, ...] = tuple(Detail)
    format_details: dict[str, tuple[Detail, ...]] = field(default_factory=dict)
    email: str = ""  # contact for the polite pools of network services
    network: NetworkSettings = NetworkSettings()
    path: Path | None = None
    citation_sources: tuple[CitationSource, ...] = tuple(CitationSource)  # [citations] sources
    export_citations: bool = False  # [export] citations: "Cited by N." on every item

    @property
    def owner_names(self) -> tuple[str, ...]:
        return tuple(name for name in (self.owner, *self.aliases) if name)

    def with_owner(self, owner: str | None) -> Config:
        return replace(self, owner=owner, aliases=()) if owner else self

    @cached_property  # asked for every entry an export shows
    def link_fields(self) -> tuple[str, ...]:
        """The fields [export.links] names: each is read as a link, even one publist does
        not know."""
        return tuple(name for name in self.link_labels if name not in DEFAULT_LINK_LABELS)

    def details_for(self, format_name: str) -> tuple[Detail, ...]:
        """What follows the venue in one format: [export.<format>] details, else [export]'s."""
        return self.format_details.get(format_name, self.details)


def config_path(library_path: Path) -> Path:
    return Path(library_path).resolve().parent / CONFIG_NAME


def load_config(library_path: Path) -> Config:
    """The settings beside a library; the defaults when it has no publist.toml."""
    path = config_path(library_path)
    text = read_config_text(path)
    return Config() if text is None else parse_config(parse_toml(text, path), path)


def read_config_text(path: Path) -> str | None:
    """publist.toml's text, None when there is none; other trouble is one ConfigError line."""
    try:
        return files.read_text(path)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from None


def parse_toml(text: str, path: Path) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path} nests its tables or arrays too deeply") from None


# Every table and key publist.toml may hold: anything else is a typo worth one line.
KNOWN_KEYS: dict[str, tuple[str, ...] | None] = {
    "owner": ("name", "aliases"),
    "export": (
        "groups", "numbering", "reverse_numbers", "months", "max_authors", "links", "base_url",
        "doi_link", "order", "details", "citations", *EXPORT_FORMATS,
    ),
    "network": ("email", "timeout", "retries", "deadline", "cache_hours"),
    "citations": ("sources",),
    "build": None,  # [[build.outputs]]: build.py checks each output
}  # fmt: skip
GROUP_KEYS = ("title", "types", "label")


def parse_config(data: dict, path: Path | None = None) -> Config:
    """Settings from parsed TOML; an unknown table or key, or a value of the wrong kind, is
    one ConfigError line that names it and what would be valid."""
    try:
        _check_known(data)
        owner, export, network = (_table(data, name) for name in ("owner", "export", "network"))
        groups = _list(export, "groups", "[export] groups")
        labels = {**DEFAULT_LINK_LABELS, **_link_labels(_table(export, "links", "[export] links"))}
        config = Config(
            owner=_string(owner, "name", "[owner] name"),
            aliases=tuple(_strings(owner, "aliases", "[owner] aliases")),
            groups=tuple(_group(item, index) for index, item in enumerate(groups, 1))
            or DEFAULT_GROUPS,
            numbering=_choice(
                Numbering, export.get("numbering", "per-group"), "[export] numbering"
            ),
            reverse_numbers=_boolean(export, "reverse_numbers", "[export] reverse_numbers"),
            month_style=_choice(MonthStyle, export.get("months", "long"), "[export] months"),
            max_authors=author_limit(export.get("max_authors", 0), "[export] max_authors"),
            link_labels=labels,
            base_url=_string(export, "base_url", "[export] base_url"),
            doi_link=_choice(DoiLink, export.get("doi_link", DoiLink.ALWAYS), "[export] doi_link"),
            order=_order(export.get("order", "newest")),
            details=_details(export.get("details", list(Detail)), "[export]"),
            format_details={
                name: _details(export[name]["details"], f"[export.{name}]")
                for name in EXPORT_FORMATS
                if "details" in _table(export, name, f"[export.{name}]")
            },
            email=_string(network, "email", "[network] email"),
            network=_network(network),
            path=path,
            citation_sources=_citation_sources(_table(data, "citations")),
            export_citations=_flag(export, "citations"),
        )
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise ConfigError(f"{path or CONFIG_NAME}: {error}") from None
    return config


def _check_known(data: dict) -> None:
    _known(data, tuple(KNOWN_KEYS), "", "table")
    for name, keys in KNOWN_KEYS.items():
        if keys is not None:
            _known(_table(data, name), keys, f"[{name}] ", "key")
    export = _table(data, "export")
    for name in EXPORT_FORMATS:
        _known(_table(export, name, f"[export.{name}]"), ("details",), f"[export.{name}] ", "key")


def _link_labels(table: dict) -> dict[str, str]:
    """[export.links]: a label per field; a field publist cannot read as a link is refused
    with the reason, so adding one never silently does nothing."""
    labels = {}
    for name, label in table.items():
        field_name = str(name).lower()
        if field_name in NOT_LINKS:
            raise ValueError(f"[export.links] {name}: this field {NOT_LINKS[field_name]}")
        labels[field_name] = str(label)
    return labels


def _order(value: object) -> str:
    if value not in ORDERS:
        raise ValueError(f"[export] order {value!r} is not one of {', '.join(ORDERS)}")
    return str(value)


def _details(names: object, table: str) -> tuple[Detail, ...]:
    if not isinstance(names, list):
        raise ValueError(f'{table} details must be a list such as ["volume", "pages"]')
    known = ", ".join(Detail)
    for name in names:
        if name not in tuple(Detail):
            raise ValueError(f"{table} details: {name!r} is not one of {known}")
    return tuple(Detail(name) for name in names)


def _network(table: dict) -> NetworkSettings:
    defaults = NetworkSettings()
    timeout = _number(table, "timeout", defaults.timeout, positive=True)
    retries = _number(table, "retries", defaults.retries)
    deadline = _number(table, "deadline", defaults.deadline, positive=True)
    cache_hours = _number(table, "cache_hours", defaults.cache_hours)
    if retries != int(retries):
        raise ValueError(f"[network] retries must be a whole number, not {retries}")
    return NetworkSettings(float(timeout), int(retries), float(deadline), float(cache_hours))


def _citation_sources(table: dict) -> tuple[CitationSource, ...]:
    """[citations] sources: the services asked for counts, the preferred one first."""
    names = table.get("sources", [source.value for source in CitationSource])
    if not isinstance(names, list) or not names:
        raise ValueError('[citations] sources must be a list such as ["openalex", "crossref"]')
    unknown = [name for name in names if name not in tuple(CitationSource)]
    if unknown:
        choices = ", ".join(CitationSource)
        raise ValueError(f"[citations] sources: unknown source {unknown[0]!r} (choose {choices})")
    return tuple(dict.fromkeys(CitationSource(name) for name in names))


def _flag(table: dict, key: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"[export] {key} must be true or false, not {value!r}")
    return value


def _number(table: dict, key: str, default: float, positive: bool = False) -> float:
    value = table.get(key, default)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or value < 0
        or (positive and value == 0)
    ):
        wanted = "above 0" if positive else "of 0 or more"
        raise ValueError(f"[network] {key} must be a number {wanted}, not {value!r}")
    return value


def _group(item: object, index: int) -> Group:
    where = f"[[export.groups]] number {index}"
    if not isinstance(item, dict):
        raise ValueError(f'{where} must be a table such as {{ title = "...", types = [...] }}')
    _known(item, GROUP_KEYS, f"{where}: ", "key")
    if not isinstance(item.get("title"), str):
        raise ValueError(f"{where} needs a title in quotes")
    types = _strings(item, "types", f"{where} types")
    unknown = [name for name in types if name not in VENUE_TYPES]
    if unknown:
        raise ValueError(
            f"unknown venue type {unknown[0]!r} in group {item['title']!r}; the types are "
            + ", ".join(VENUE_TYPES)
        )
    label = _string(item, "label", f"{where} label")
    return Group(item["title"], tuple(VenueType(name) for name in types), label)


def _choice(vocabulary: type[Choice], value: object, name: str = "") -> Choice:
    if value not in tuple(vocabulary):
        what = f"{name} must be one of" if name else "is not one of"
        shown = _kind(value) if name else repr(value)
        raise ValueError(f"{what} {', '.join(vocabulary)}, not {shown}" if name
                         else f"{shown} {what} {', '.join(vocabulary)}")  # fmt: skip
    return vocabulary(value)  # type: ignore[arg-type]


def render_config(owner: str, aliases: Sequence[str], email: str = "") -> str:
    """A fresh publist.toml for `publist init` (tomlkit writes the strings: any name is safe)."""
    import tomlkit

    document = tomlkit.document()
    document.add(tomlkit.comment("publist settings; see README for every option."))
    document["owner"] = {"name": owner, "aliases": list(aliases)}
    network = tomlkit.table()
    network["email"] = email
    network["email"].comment("sent to Crossref for its polite pool")
    document["network"] = network
    return tomlkit.dumps(document)


def update_config(text: str, owner: str | None, aliases: Sequence[str], email: str | None) -> str:
    """Set the owner, aliases and contact address in a publist.toml's text, keeping its
    comments, layout and every other setting (tomlkit edits the document in place)."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(text)
        for table, key, value in (("owner", "name", owner), ("owner", "aliases", list(aliases)),
                                  ("network", "email", email)):  # fmt: skip
            if value:
                if table not in document:
                    document[table] = tomlkit.table()
                document[table][key] = value
    except (TOMLKitError, TypeError, KeyError) as error:
        raise ConfigError(f"cannot edit {CONFIG_NAME}: {error}") from None
    return tomlkit.dumps(document)


def author_limit(value: object, name: str) -> int:
    """A --max-authors value from publist.toml: a whole number, 0 for every author."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number of 0 or more, not {value!r}")
    return value
