"""Settings from publist.toml beside the library, with defaults for libraries that have none."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from publist.errors import ConfigError
from publist.fields import VENUE_TYPES, VenueType

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


@dataclass(frozen=True)
class Group:
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
    "url": "paper", "pdf": "PDF", "code": "code", "slides": "slides",
    "video": "video", "doi": "DOI", "eprint": "arXiv",
}  # fmt: skip


@dataclass(frozen=True)
class Config:
    owner: str = ""
    aliases: tuple[str, ...] = ()
    groups: tuple[Group, ...] = DEFAULT_GROUPS
    numbering: Numbering = Numbering.PER_GROUP
    reverse_numbers: bool = False
    month_style: MonthStyle = MonthStyle.LONG
    link_labels: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LINK_LABELS))
    email: str = ""  # contact for the polite pools of network services
    path: Path | None = None

    @property
    def owner_names(self) -> tuple[str, ...]:
        return tuple(name for name in (self.owner, *self.aliases) if name)

    def with_owner(self, owner: str | None) -> Config:
        return replace(self, owner=owner, aliases=()) if owner else self


def config_path(library_path: Path) -> Path:
    return Path(library_path).resolve().parent / CONFIG_NAME


def load_config(library_path: Path) -> Config:
    path = config_path(library_path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None
    return parse_config(data, path)


def parse_config(data: dict, path: Path | None = None) -> Config:
    owner = data.get("owner", {})
    export = data.get("export", {})
    network = data.get("network", {})
    try:
        groups = tuple(_group(item) for item in export["groups"]) if "groups" in export else None
        labels = {
            **DEFAULT_LINK_LABELS,
            **{str(k): str(v) for k, v in export.get("links", {}).items()},
        }
        config = Config(
            owner=str(owner.get("name", "")),
            aliases=tuple(str(alias) for alias in owner.get("aliases", [])),
            groups=groups or DEFAULT_GROUPS,
            numbering=_choice(Numbering, export.get("numbering", Numbering.PER_GROUP)),
            reverse_numbers=bool(export.get("reverse_numbers", False)),
            month_style=_choice(MonthStyle, export.get("months", MonthStyle.LONG)),
            link_labels=labels,
            email=str(network.get("email", "")),
            path=path,
        )
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise ConfigError(f"{path or CONFIG_NAME}: {error}") from None
    return config


def _group(item: dict) -> Group:
    types = item.get("types", [])
    unknown = [name for name in types if name not in VENUE_TYPES]
    if unknown:
        raise ValueError(f"unknown venue type {unknown[0]!r} in group {item.get('title')!r}")
    return Group(
        str(item["title"]), tuple(VenueType(name) for name in types), str(item.get("label", ""))
    )


def _choice(vocabulary: type[Choice], value: str) -> Choice:
    if value not in tuple(vocabulary):
        raise ValueError(f"{value!r} is not one of {', '.join(vocabulary)}")
    return vocabulary(value)


def render_config(owner: str, aliases: list[str], email: str = "") -> str:
    """A fresh publist.toml for `publist init`."""
    alias_list = ", ".join(f'"{_escape(alias)}"' for alias in aliases)
    return (
        "# publist settings; see README for every option.\n"
        "[owner]\n"
        f'name = "{_escape(owner)}"\n'
        f"aliases = [{alias_list}]\n"
        "\n[network]\n"
        f'email = "{_escape(email)}"  # sent to Crossref for its polite pool\n'
    )


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
