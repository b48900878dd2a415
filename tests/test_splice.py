"""Field-level edits: only the bytes of the fields that change, a new field in the entry's
own layout; and on real files, `tag --auto` changes no line but the keywords it adds."""

from __future__ import annotations

import difflib
import json
import re
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_publist
from publist import bibfile, blocks, splice
from publist.errors import LibraryError


def edit(text: str, new: list[tuple[str, str]]) -> str:
    (block,) = [b for b in blocks.parse_text(text)[0] if b.kind == "entry"]
    result = splice.splice_fields(text[block.start : block.end], block.fields, new, "\n")
    assert result is not None
    return text[: block.start] + result + text[block.end :]


ALIGNED = """@inproceedings{k,
  author    = {A B},
  title     = {T},
  booktitle = {OSDI},
  year      = {2022},
  abbr      = {OSDI}
}
"""


def test_a_new_field_follows_the_alignment_and_the_house_order():
    fields = [("author", "{A B}"), ("title", "{T}"), ("booktitle", "{OSDI}"), ("year", "{2022}"),
              ("keywords", "{conference}"), ("abbr", "{OSDI}")]  # fmt: skip
    assert edit(ALIGNED, fields) == ALIGNED.replace("  abbr", "  keywords  = {conference},\n  abbr")


def test_a_value_changes_in_place_and_nothing_else_moves():
    text = '@article{k, author = "A B",\n\ttitle={Old}, year = 2020 }\n'
    changed = edit(text, [("author", '"A B"'), ("title", "{New}"), ("year", "2020")])
    assert changed == text.replace("{Old}", "{New}")


def test_a_field_goes_with_its_line_and_a_last_field_without_comma_stays_untouched():
    text = "@misc{k,\n    title = {T},\n    note = {N},\n    year = 2020\n}\n"
    assert edit(text, [("title", "{T}"), ("year", "2020")]) == text.replace("    note = {N},\n", "")
    # every field ranks before keywords, and the last has no comma: the new line goes before it
    added = edit(text, [("title", "{T}"), ("note", "{N}"), ("year", "2020"), ("keywords", "{x}")])
    assert added == text.replace("    year = 2020", "    keywords = {x},\n    year = 2020")


def test_one_line_entries_and_crlf():
    text = "@misc{k, title={T}, year={2020}}"
    assert edit(text, [("title", "{T}"), ("year", "{2020}"), ("keywords", "{x}")]) == (
        "@misc{k, title={T}, keywords={x}, year={2020}}"
    )
    crlf = "@misc{k,\r\n  title = {T},\r\n  abbr = {A},\r\n}\r\n"
    assert edit(crlf, [("title", "{T}"), ("keywords", "{x}"), ("abbr", "{A}")]) == (
        crlf.replace("  abbr", "  keywords = {x},\r\n  abbr")
    )


def test_an_entry_it_cannot_read_field_by_field_is_left_to_the_caller():
    text = "@misc{k, title = {a}, title = {b}}"
    assert splice.splice_fields(text, [("title", "{a}"), ("title", "{b}")], [], "\n") is None
    assert splice.splice_fields("@misc{k, title = {a}}", [("title", "{z}")], [], "\n") is None


NAMES = st.sampled_from(["author", "title", "journal", "year", "note", "abbr", "html", "pdf"])
VALUES = st.sampled_from(["{x}", "{Some {Nested} Title}", '"quoted, text"', "2020", "jan",
                          '{a} # " b"', "{}", "{multi\n  line}"])  # fmt: skip
LAYOUTS = st.sampled_from([("  ", " = ", ",\n"), ("\t", "=", ",\n"), ("    ", " =  ", ",\n"),
                           ("", " = ", ", "), ("  ", " = ", ",\r\n")])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(NAMES, VALUES), min_size=1, max_size=6, unique_by=lambda f: f[0]),
    LAYOUTS,
    st.booleans(),
    st.tuples(st.sampled_from(["keywords", "award", "note", "zzz"]), VALUES),
    st.integers(min_value=0, max_value=5),
)
def test_an_edit_changes_only_its_fields(fields, layout, last_comma, added, dropped):
    indent, equals, separator = layout
    body = separator.join(f"{indent}{name}{equals}{value}" for name, value in fields)
    opening = "\n" if "\n" in separator else " "
    text = f"@misc{{key,{opening}{body}{separator if last_comma else opening}}}\n"
    new = [field for index, field in enumerate(fields) if index != dropped]
    if added[0] not in dict(new):
        new.append(added)
    changed = edit(text, new)
    (block,) = blocks.parse_text(changed)[0]
    assert block.kind == "entry" and sorted(block.fields) == sorted(new)
    # every field that stays keeps its bytes
    for name, value in new:
        if (name, value) in fields:
            assert f"{name}{equals}{value}" in changed


@pytest.mark.parametrize("limit", [400])
def test_spans_agree_with_bibtexparser_on_the_corpus(corpus, limit):
    checked = unreadable = 0
    for path in sorted((corpus / "bib").rglob("*.bib"))[:limit]:
        text = path.read_text(encoding="utf-8", errors="replace")
        for block in blocks.parse_text(text)[0]:
            if block.kind != "entry" or block.error:
                continue
            raw = text[block.start : block.end]
            spans = splice.field_spans(raw)
            if spans is None:
                unreadable += 1
                continue
            found = [(span.name, raw[span.value_start : span.value_end]) for span in spans]
            if found != block.fields:  # an escaped brace, which bibtexparser reads its own way
                assert "\\}" in raw or "\\{" in raw, raw[:300]
            checked += 1
    assert checked > 5000 and unreadable * 1000 < checked  # those are written whole


def test_library_edits_splice_or_refuse(tmp_path):
    text = ALIGNED + '\n@misc{odd, title = {a} # "b", note = {n}}\n'
    library = bibfile.load_text(text)
    library.edit_entry("k", [*library.entry("k").fields, ("keywords", "{conference}")])
    library.edit_entry("odd", [("title", '{a} # "b"'), ("note", "{m}")])
    assert library.to_text() == (
        ALIGNED.replace("  abbr", "  keywords  = {conference},\n  abbr") + text[len(ALIGNED) :]
    ).replace("{n}", "{m}")
    repeated = bibfile.load_text("@misc{dup, title = {a}, title = {b}}\n")
    with pytest.raises(LibraryError, match="run publist fmt first"):
        repeated.edit_entry("dup", [("title", "{a}"), ("note", "{n}")])


# --- real files: tag --auto changes only keywords lines ---


def realusers(corpus):
    folders = sorted(path.parent for path in (corpus / "realusers").glob("*/expected.json"))
    assert folders
    return folders


def owner_names(expected: dict) -> list[str]:
    match = re.match(r"\s*(.*?)\s*\((.*)\)\s*$", expected["owner"]["name"])
    return [match.group(1), match.group(2)] if match else [expected["owner"]["name"]]


def copy_library(folder, tmp_path):
    """A writable copy of a real library (read from ../shared, never kept), with init run."""
    expected = json.loads((folder / "expected.json").read_text())
    target = tmp_path / folder.name
    target.mkdir()
    bib = target / "library.bib"
    shutil.copyfile(folder / expected.get("file", "papers.bib"), bib)
    names = owner_names(expected)
    aliases = [part for name in names[1:] for part in ("--alias", name)]
    assert run_publist("init", "--owner", names[0], *aliases, cwd=target).returncode == 0
    return bib, expected


def test_tag_auto_on_real_libraries_adds_keywords_lines_only(corpus, tmp_path):
    written = 0
    for folder in realusers(corpus):
        bib, _ = copy_library(folder, tmp_path)
        before = bib.read_text(encoding="utf-8").splitlines()
        process = run_publist("-l", bib, "tag", "--auto", "--all", cwd=bib.parent)
        after = bib.read_text(encoding="utf-8").splitlines()
        if process.returncode != 0:  # a repeated field or key: refused in one line, unchanged
            assert process.stderr.startswith("Error: ") and after == before, process.stderr
            continue
        written += 1
        changes = [line for line in difflib.ndiff(before, after) if line[:2] in ("- ", "+ ")]
        assert changes and all("keywords" in line.lower() for line in changes), changes[:6]
    assert written >= 4
