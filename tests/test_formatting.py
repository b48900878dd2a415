"""publist fmt: the house style, idempotence, and nothing lost on real files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publist import bibfile, bibtex, blocks, house, storage
from publist.formatting import SortOrder, format_library

ROOT = Path(__file__).resolve().parent.parent

MESSY = """% My papers; keep this comment.
@String{osdi = "OSDI"}
@preamble{"\\newcommand{\\noop}[1]{}"}

Some text between blocks stays.

@InProceedings{b2019,
  Year = 2019, month = "July",
  title = "Quoted {Title}",
  doi = {https://doi.org/10.1145/3302424.3303957},
  booktitle = osdi # { 2019},
  Author = {Gyeong-In Yu},
  zzz = {kept last}, keywords = {conference}
}

@ARTICLE{a2021,
  journal = {PVLDB}, title = {Second}, year = {2021}, month = 9, author = {A. B},
}
"""

FORMATTED = """% My papers; keep this comment.
@String{osdi = "OSDI"}
@preamble{"\\newcommand{\\noop}[1]{}"}

Some text between blocks stays.

@inproceedings{b2019,
  author    = {Gyeong-In Yu},
  title     = {Quoted {Title}},
  booktitle = osdi # { 2019},
  year      = {2019},
  month     = jul,
  doi       = {10.1145/3302424.3303957},
  keywords  = {conference},
  zzz       = {kept last},
}

@article{a2021,
  author  = {A. B},
  title   = {Second},
  journal = {PVLDB},
  year    = {2021},
  month   = sep,
}
"""


def test_house_style():
    assert format_library(MESSY) == FORMATTED


def test_formatting_is_idempotent():
    assert format_library(FORMATTED) == FORMATTED


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("month", "{July}", "jul"),
        ("month", "7", "jul"),
        ("month", '"sept."', "sep"),
        ("month", "{July 15}", "{July 15}"),
        ("month", "jul", "jul"),
        ("doi", "{https://dx.doi.org/10.1/x}", "{10.1/x}"),
        ("doi", "{doi:10.1/x}", "{10.1/x}"),
        ("year", "2022", "{2022}"),
        ("pages", "{10-20}", "{10--20}"),
        ("pages", "{e1 – e9}", "{e1--e9}"),
        ("title", "{A\n   long\ttitle}", "{A long title}"),
        ("title", "{A\xa0B}", "{A\xa0B}"),
        ("year", "{2022}", "{2022}"),
        ("year", '"2022"', "{2022}"),
        ("title", '"A {"}B{"}"', '{A {"}B{"}}'),
        ("journal", "pvldb", "pvldb"),
        ("booktitle", 'osdi # " 2019"', 'osdi # " 2019"'),
    ],
)
def test_values(name, raw, expected):
    assert house.house_value(name, raw, {}) == expected


def test_month_macro_redefined_by_a_string_is_kept():
    assert house.house_value("month", "jul", {"jul": "{Juli}"}) == "jul"
    assert house.house_value("month", "{7}", {}) == "jul"


def test_sort_by_year_newest_first_and_by_key():
    by_year = format_library(MESSY, SortOrder.YEAR)
    assert by_year.index("@article{a2021") < by_year.index("@inproceedings{b2019")
    assert by_year.startswith("% My papers; keep this comment.\n@String{osdi")
    by_key = format_library(FORMATTED.replace("{a2021", "{z2021"), SortOrder.KEY)
    assert by_key.index("{b2019") < by_key.index("{z2021")
    assert format_library(by_year, SortOrder.YEAR) == by_year


def test_crlf_and_misparsed_entries_are_kept():
    from publist.errors import ParseError

    crlf = FORMATTED.replace("\n", "\r\n")
    assert format_library(crlf) == crlf
    # bibtexparser misreads a quote inside braces inside quotes: rather than format (or show)
    # a value cut short, publist reports the entry and formats nothing.
    odd = '@Article{key01,\n  author = "Simon {"}the {saint"} Templar", \n}'
    with pytest.raises(ParseError, match="key01': its author value does not read as BibTeX"):
        format_library(odd)


def test_library_with_parse_failures_is_refused():
    from publist.errors import ParseError

    with pytest.raises(ParseError, match=r"^line \d+: cannot parse"):
        format_library(FORMATTED + "\n@article{broken,\n title = {x\n")


def test_bundled_library_keeps_every_value():
    text = (ROOT / "library.bib").read_text()
    assert_same_values(text, format_library(text))
    assert format_library(format_library(text)) == format_library(text)


# --- Hypothesis: formatting generated entries is stable and loses nothing ---

NAMES = st.sampled_from(
    ["author", "title", "booktitle", "journal", "year", "month", "doi", "url", "pages",
     "note", "keywords", "author+an", "award", "abstract", "custom", "Title", "YEAR"]
)  # fmt: skip
TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_characters='{}"#@%\\', exclude_categories=("Cc", "Cs")
    ),
    max_size=30,
).map(str.strip)
VALUES = st.one_of(
    TEXT.map(lambda text: "{" + text + "}"),
    TEXT.map(lambda text: '"' + text + '"'),
    st.integers(0, 3000).map(str),
    st.sampled_from(
        ["jan", "feb", "dec", "{July}", '"sept"', "{Dec.}", "{https://doi.org/10.1/x}"]
    ),
    TEXT.map(lambda text: "{{" + text + "} and {x}}"),
)


@st.composite
def entries(draw) -> str:
    names = draw(st.lists(NAMES, min_size=1, max_size=8, unique_by=str.lower))
    values = [draw(VALUES) for _ in names]
    entry_type = draw(st.sampled_from(["article", "InProceedings", "MISC", "patent"]))
    key = draw(st.from_regex(r"[a-z][a-z0-9:_-]{0,12}", fullmatch=True))
    separator = draw(st.sampled_from([",\n  ", ", ", ",\n\t"]))
    body = separator.join(f"{name} = {value}" for name, value in zip(names, values, strict=True))
    trailing = draw(st.sampled_from(["", ",", ",\n"]))
    return f"@{entry_type}{{{key},\n  {body}{trailing}\n}}\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(), min_size=1, max_size=3), st.sampled_from(list(SortOrder)))
def test_generated_entries(texts, order):
    text = "% header\n\n" + "\n".join(texts)
    parsed, problems = blocks.parse_text(text)
    if problems or any(block.kind == "failed" for block in parsed):
        return  # duplicate keys among the generated entries
    once = format_library(text, order)
    assert format_library(once, order) == once
    assert_same_values(text, once)


# --- the corpus: every file that parses cleanly keeps every value ---


def values_of(library: bibfile.LibraryFile) -> list[tuple[str, str, dict[str, str]]]:
    macros = library.macros()
    result = []
    for block in library.entries():
        values = {}
        for name, raw in block.fields:
            value = bibtex.evaluate(raw, macros)
            if name.lower() == "month":
                number = bibtex.parse_month(value)
                value = str(number) if number else value
            elif name.lower() == "doi":
                value = storage.strip_doi(value)
            elif name.lower() == "pages":
                value = house.page_range(value)
            # BibTeX reads a run of spaces, tabs and newlines as one space, as house style writes it
            values[name.lower()] = " ".join(re.split(r"[ \t\r\n]+", value)).strip(" ")
        result.append((block.key, (block.entry_type or "").lower(), values))
    return result


def assert_same_values(before: str | bibfile.LibraryFile, after: str) -> None:
    if isinstance(before, str):
        before = bibfile.load_text(before)
    formatted = bibfile.load_text(after)
    assert not formatted.problems
    assert sorted(values_of(before), key=repr) == sorted(values_of(formatted), key=repr)


def test_corpus_keeps_every_value(corpus):
    checked = 0
    for path in sorted((corpus).rglob("*.bib")):
        try:
            library = bibfile.load(path)
        except Exception:  # not text in UTF-8: bibfile's own tests cover those
            continue
        if library.problems:
            continue
        after = format_library(library.text)
        assert_same_values(library, after)
        assert format_library(after) == after, path
        checked += 1
    assert checked > 900


# --- the command ---


def test_fmt_check_on_a_formatted_file(cli, tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(FORMATTED)
    result = cli("-l", path, "fmt", "--check")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "is formatted" in result.stderr


def test_fmt_check_exits_3_with_a_diff_and_writes_nothing(cli, tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(MESSY)
    before = path.read_bytes()
    result = cli("-l", path, "fmt", "--check")
    assert result.exit_code == 3
    assert result.stdout.startswith(f"--- {path} (now)\n+++ {path} (after)\n")
    assert "+  month     = jul," in result.stdout
    assert path.read_bytes() == before
    result = cli("-l", path, "fmt", "--dry-run")
    assert result.exit_code == 0 and "+  month     = jul," in result.stdout
    assert path.read_bytes() == before


def test_fmt_writes_the_house_style(cli, tmp_path):
    path = tmp_path / "library.bib"
    path.write_bytes(MESSY.replace("\n", "\r\n").encode())
    result = cli("-l", path, "fmt")
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == FORMATTED.replace("\n", "\r\n").encode()
    result = cli("-l", path, "fmt", "--sort", "year")
    assert result.exit_code == 0
    assert path.read_text().index("{a2021") < path.read_text().index("{b2019")
    assert cli("-l", path, "fmt", "--check", "--sort", "year").exit_code == 0


def test_fmt_refuses_a_broken_library(cli, tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(MESSY + "\n@article{broken,\n title = {x\n")
    before = path.read_bytes()
    for args in (["fmt"], ["fmt", "--check"]):
        result = cli("-l", path, *args)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
        assert path.read_bytes() == before


def test_fmt_bad_sort_is_a_usage_error(cli, library):
    result = cli("-l", library, "fmt", "--sort", "title")
    assert result.exit_code == 2


def test_fmt_on_the_bundled_library_changes_only_layout(cli, library):
    before = library.read_text()
    assert cli("-l", library, "fmt").exit_code == 0
    assert_same_values(before, library.read_text())
    assert cli("-l", library, "fmt", "--check").exit_code == 0
    assert cli("-l", library, "check").exit_code == 0


def test_the_read_back_check_splits_only_what_fmt_changed(monkeypatch):
    """fmt checks that its whole text reads back, from the parse of the text before: a
    formatted library is not split again, and one entry out of style costs one entry."""
    entries = [
        house.house_entry("misc", f"k{index}", [("title", f"{{T {index}}}")]) for index in range(50)
    ]
    formatted = "\n\n".join(entries) + "\n"
    untidy = formatted.replace("@misc{k7,\n  title = {T 7},", "@MISC{k7,  TITLE={T 7} ,")
    split = []
    plain = blocks.plain_entry
    for text, expected in ((formatted, 0), (untidy, 1)):
        parsed = blocks.parse_text(text)
        split.clear()
        monkeypatch.setattr(blocks, "plain_entry", lambda *a: split.append(a[1]) or plain(*a))
        assert format_library(text, parsed=parsed) == formatted
        monkeypatch.setattr(blocks, "plain_entry", plain)
        assert len(split) == expected
