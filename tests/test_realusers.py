"""Real researchers' own libraries (../shared/corpus/realusers: al-folio, Hugo Blox, biblatex
CV files), read where they are, as a new user would after `publist init --owner NAME`: the
owner bold and nobody else, venue types as a careful reader gave them, every link a link in
md, html and latex, equal contribution noted, no 'others' as a person."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata

import pytest

from publist import library as publist_library
from publist import links, setup
from publist.render import core, html, json_format, latex, markdown
from test_splice import owner_names, realusers


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return re.sub(
        r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)).lower()
    )


_CACHE: list = []


@pytest.fixture
def exported(corpus, tmp_path_factory):
    """Each library after `publist init` (setup.init, what the command runs), and its export
    document with the items by key; made once for the tests of this file."""
    if not _CACHE:
        for folder in realusers(corpus):
            expected = json.loads((folder / "expected.json").read_text())
            bib = tmp_path_factory.mktemp(folder.name) / "library.bib"
            shutil.copyfile(folder / expected.get("file", "papers.bib"), bib)
            names = owner_names(expected)
            setup.init(bib, names[0], names[1:], None)
            document = publist_library.open_library(bib).document(core.Options())
            _CACHE.append((folder.name, expected, {item.key: item for item in document.items}))
    return _CACHE


def test_venue_types_agree_with_the_careful_reader(exported):
    agree = total = 0
    wrong = []
    for name, expected, items in exported:
        for entry in expected["entries"]:
            types = {entry["venue_type"], *(entry.get("acceptable_venue_types") or [])}
            item = items.get(entry["key"])
            total += 1
            if item is not None and item.venue_type.value in types:
                agree += 1
            else:
                wrong.append(f"{name}/{entry['key']}")
    assert agree / total >= 0.97, wrong
    assert len(wrong) <= 3, wrong


def test_the_owner_is_bold_in_every_entry_of_theirs_and_nobody_else_is(exported):
    for name, expected, items in exported:
        owner = expected["owner"]["name"]
        families = {fold(part.split(",")[0] if "," in part else part.split()[-1])
                    for part in re.split(r"\s*[()]\s*", owner) if part.strip()}  # fmt: skip
        for entry in expected["entries"]:
            item = items[entry["key"]]
            if entry["owner_is_author"] and not entry.get("owner_hidden_by_truncation"):
                assert item.has_owner, f"{name}/{entry['key']}"
            for bold in re.findall(r"\*\*(.+?)\*\*", markdown.item_text(item)):
                assert any(family in fold(bold) for family in families), (name, bold)


def test_every_link_is_a_link_in_markdown_html_and_latex(exported):
    checked = 0
    for name, expected, items in exported:
        for entry in expected["entries"]:
            item = items[entry["key"]]
            texts = (markdown.item_text(item), html.item_text(item), latex.item_text(item))
            urls = " ".join(piece.url for piece in item.pieces if piece.kind is core.Kind.LINK)
            for field, value in (entry.get("links") or {}).items():
                # The labels hold the field as stored; its LaTeX escapes are no part of the
                # address (a trap of tgoelles: `procabstracts\%5F79.html`).
                value = links.unescaped(str(value).strip())
                if not (value.startswith("http") or field in ("arxiv", "eprint")):
                    continue  # a file of the site: linked once [export] base_url is set
                checked += 1
                wanted = value.rstrip("/") if value.startswith("http") else value.split("v")[0]
                assert wanted in urls, f"{name}/{entry['key']}: {field} = {value}"
                link = next(
                    p.url for p in item.pieces if p.kind is core.Kind.LINK and wanted in p.url
                )
                assert f"]({markdown.url(link)})" in texts[0]
                assert f'href="{html.escape(link)}"' in texts[1]
                assert f"\\href{{{latex.url(link)}}}" in texts[2]
    assert checked > 250


def test_equal_contribution_carries_the_note_and_others_is_no_person(exported):
    noted = 0
    for name, expected, items in exported:
        for entry in expected["entries"]:
            item = items[entry["key"]]
            authors = json_format.item_data(item)["authors"]
            assert not [a for a in authors if fold(a["name"]) in ("others", "etal")], name
            if entry.get("equal_contribution"):
                noted += 1
                assert any(a["equal"] for a in authors), f"{name}/{entry['key']}"
                assert "equal contribution" in markdown.item_text(item)
    assert noted >= 3
