"""The write path: any value from any source either reads back exactly as it was stored, or
is refused before anything is written (and the library keeps every byte). Real BibTeX judges
how a value is read."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import need
from publist import bibfile, normalize, storage
from publist.bibtex import braced
from publist.blocks import parse_text
from publist.errors import PublistError

BASE = (
    "% kept\n@misc{first, title = {First}, year = {2020}}\n\n"
    "@misc{a, author = {Ada Lovelace}, title = {Notes}, year = {1843}}\n"
)
# What breaks BibTeX text most: braces, backslashes, quotes, comment and macro marks, '@'.
PIECES = [*'{}\\"%#@,=&$ \n\tab\u00e9\u03b2', "\\}", "\\{", "\r\n", "\n@misc{x,", "\x00"]
HOSTILE = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


def tagged_award(library: bibfile.LibraryFile, value: str) -> tuple[str, str]:
    block = library.entry("a")
    library.replace_entry("a", "misc", storage.with_text(block.fields, "award", value))
    return "a", "award"


def tagged_word(library: bibfile.LibraryFile, value: str) -> tuple[str, str]:
    block = library.entry("a")
    library.replace_entry("a", "misc", storage.with_tag(block.fields, value))
    return "a", "keywords"


def typed_title(library: bibfile.LibraryFile, value: str) -> tuple[str, str]:
    """`add --title` and JSON from a service: plain text made a value by normalize.escape."""
    library.add_entry("new", "misc", [("title", braced(normalize.escape(value)))])
    return "new", "title"


def raw_value(library: bibfile.LibraryFile, value: str) -> tuple[str, str]:
    """Any raw value at all, as a plan might hand it on."""
    library.add_entry("new", "misc", [("note", braced(value))])
    return "new", "note"


def pasted(library: bibfile.LibraryFile, value: str) -> tuple[str, str]:
    """`add --bib`: pasted text, parsed, cleaned, in the house style."""
    ((_, entry_type, fields),) = normalize.parse_entries(
        "@misc{p, title = {" + value + "}, year = 2020}", "pasted"
    )
    entry_type, fields = normalize.clean(entry_type, fields)
    library.add_entry("new", entry_type, fields)
    return "new", "title"


SOURCES: list[Callable[[bibfile.LibraryFile, str], tuple[str, str]]] = [
    tagged_award, tagged_word, typed_title, raw_value, pasted,
]  # fmt: skip


def stored_or_refused(path: Path, source, value: str) -> None:
    path.write_text(BASE, encoding="utf-8")
    before = path.read_bytes()
    try:
        with bibfile.edit(path) as library:
            key, name = source(library, value)
            intended = (
                dict(library.entry(key).fields)[name]
                if name in dict(library.entry(key).fields)
                else None
            )
    except (PublistError, ValueError) as error:  # ValueError: pasted text with no entry
        assert path.read_bytes() == before, error
        return
    again = bibfile.load(path)
    assert not again.problems, (value, again.problems)
    assert [block.key for block in again.entries()][:2] == ["first", "a"]
    if intended is not None:
        assert dict(again.entry(key).fields)[name] == intended
    assert again.text.startswith(BASE.split("@misc{a")[0])  # the untouched entry kept its bytes


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=HOSTILE, source=st.sampled_from(SOURCES))
def test_any_value_from_any_source_reads_back_or_is_refused(tmp_path_factory, value, source):
    stored_or_refused(tmp_path_factory.mktemp("w") / "library.bib", source, value)


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.__name__)
@pytest.mark.parametrize(
    "value",
    [
        "Best\\",
        "x\\",
        "T \\",
        "ml\\ ",
        "a \\} b",
        "\\{upOmega}",
        "{",
        "}",
        "a\\\\",
        "@misc{x,",
        "a\x00b",
    ],
)
def test_values_that_broke_the_library(tmp_path, source, value):
    stored_or_refused(tmp_path / "library.bib", source, value)


# --- BibTeX itself as the judge of how a value reads ---

DUMP_STYLE = """ENTRY { title } {} {}
READ
FUNCTION {show} { "<" cite$ * "|" * title * ">" * write$ newline$ }
ITERATE {show}
"""
# Values whose reading BibTeX and a parser that skips escaped braces disagree on.
BRACES = [
    "Measurements of $\\{upOmega}$ and $\\{upLambda}$ from 42 High-Redshift Supernovae",
    "Best\\",
    "a \\{ b \\} {c}",
    "\\textbackslash\\textbackslash\\{\\}: \\\\{}",
    "50% \\% & \\& x",
]


def bibtex_reads(tmp_path: Path, text: str) -> dict[str, str]:
    need(shutil.which("bibtex") is not None, "bibtex (texlive-binaries) is not installed")
    (tmp_path / "dump.bst").write_text(DUMP_STYLE)
    (tmp_path / "x.bib").write_text(text, encoding="utf-8")
    (tmp_path / "x.aux").write_text("\\citation{*}\n\\bibdata{x}\n\\bibstyle{dump}\n")
    subprocess.run(["bibtex", "-terse", "x"], cwd=tmp_path, capture_output=True, timeout=60)
    # BibTeX wraps long output lines at a space (and indents the next line).
    written = re.sub(r"\s+", " ", (tmp_path / "x.bbl").read_text(encoding="utf-8"))
    return dict(re.findall(r"<([^|<>]*)\|([^<>]*)>", written))


def test_publist_reads_braces_as_bibtex_does(tmp_path):
    text = "".join(
        f"@misc{{k{index}, title = {{{value}}}}}\n" for index, value in enumerate(BRACES)
    )
    blocks, problems = parse_text(text)
    assert not problems
    ours = {block.key: block.fields[0][1][1:-1] for block in blocks if block.kind == "entry"}
    assert ours == bibtex_reads(tmp_path, text)
    assert list(ours.values()) == BRACES


# Values BibTeX stops reading early (a brace escaped only for other parsers, text after a
# closed value, a quote inside quotes): publist reads such an entry as a failed block.
MISREAD = ["{a \\} b {c\\{}}", "{a } b", '"Schr\\"odinger"', '"a {"} b {c"']


def test_entries_bibtex_cannot_read_are_failed_blocks(tmp_path):
    good = "@misc{good, title = {Fine}}\n"
    for value in MISREAD:
        text = f"@misc{{bad, title = {value}, note = {{after}}}}\n{good}"
        blocks, problems = parse_text(text)
        assert [block.kind for block in blocks] == ["failed", "entry"], value
        assert bibtex_reads(tmp_path, text).get("bad") != value[1:-1], value  # cut or dropped


def test_what_publist_writes_bibtex_reads_the_same(tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(BASE, encoding="utf-8")
    with bibfile.edit(path) as library:
        for index, value in enumerate(BRACES):
            library.add_entry(f"k{index}", "misc", [("title", braced(value))])
    shown = bibtex_reads(tmp_path, path.read_text(encoding="utf-8"))
    assert [shown[f"k{index}"] for index in range(len(BRACES))] == BRACES


# --- a real record that BibTeX reads whole (issue 18, item 1) ---


def test_perlmutter_1999_adds_by_doi_with_its_title_whole(corpus, tmp_path):
    """doi.org's BibTeX for 10.1086/307221 holds `$\\{upOmega}$`: balanced for BibTeX, so it
    is stored verbatim, never cut or refused."""
    from conftest import run_publist
    from httpserver import Reply, Server

    recorded = corpus / "api/doi-bibtex/pubs2019_10.1086_307221_status200.bib"
    library = tmp_path / "library.bib"
    library.write_text("% mine\n", encoding="utf-8")
    with Server() as server:
        server.add(
            "/doi.org/10.1086/307221",
            Reply(200, recorded.read_bytes(), {"Content-Type": "application/x-bibtex"}),
        )
        done = run_publist("--library", library, "add", "10.1086/307221", env=server.environment())
        assert not server.unrecorded
    assert done.returncode == 0, done.stderr
    title = "Measurements of $\\{upOmega}$ and $\\{upLambda}$ from 42 High-Redshift Supernovae"
    stored = bibfile.load(library)
    assert not stored.problems
    (entry,) = stored.entries()
    assert dict(entry.fields)["title"] == braced(title)
    assert bibtex_reads(tmp_path, library.read_text(encoding="utf-8"))[entry.key] == title
