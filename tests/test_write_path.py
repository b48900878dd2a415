"""The write path refuses what would corrupt the library: one Error line, the bytes unchanged."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publist import bibfile, bibtex, house, storage
from publist.errors import LibraryError

ONE = """@inproceedings{smith2020thing,
  author    = {Jane Smith and John Doe},
  title     = {A Thing of Note},
  booktitle = {Proceedings of Something (SOMETHING 2020)},
  year      = {2020},
}
"""


@pytest.fixture
def one(tmp_path):
    path = tmp_path / "one.bib"
    path.write_text(ONE, encoding="utf-8")
    return path


def refused(result, library, before, code, message):
    assert result.exit_code == code, result.stderr
    assert result.stderr.startswith("Error: "), result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert library.read_bytes() == before


# --- finding 1: text that would break the file ---


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["yu2022orca", "--award", "Best {Paper"], "unbalanced braces"),
        (["yu2022orca", "--award", "Best} {Paper"], "unbalanced braces"),
        (["yu2022orca", "--tag", "a}b"], "is not a tag"),
    ],
)
def test_tag_refuses_unbalanced_text(cli, library, args, message):
    before = library.read_bytes()
    refused(cli("-l", library, "tag", *args), library, before, 2, message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tag", "a}b"], "is not a tag"),
        (["--tag", "{a"], "is not a tag"),
        (["--award", "Best {Paper"], "unbalanced braces"),
        (["--key", "bad key,x"], "is not a citation key"),
        (["--key", "a}b"], "is not a citation key"),
    ],
)
def test_add_refuses_text_that_would_break_the_file(cli, library, one, args, message):
    before = library.read_bytes()
    refused(cli("-l", library, "add", "--bib", one, *args), library, before, 2, message)


def test_add_with_balanced_award_still_works(cli, library, one):
    result = cli("-l", library, "add", "--bib", one, "--award", "Best {Paper} Award")
    assert result.exit_code == 0, result.stderr
    assert "award     = {Best {Paper} Award}," in library.read_text()
    assert cli("-l", library, "list", "--json").exit_code == 0


@pytest.mark.parametrize(
    ("key", "fields"),
    [
        ("bad key,x", [("title", "{T}")]),
        ("k", [("title", "{T")]),
        ("k", [("title", "{T}}")]),
        ("k", [("title", "{a}}{{b}")]),
        ("k", [("title", "{a} b")]),
        ("k", [("title", "")]),
        ("k", [("title", '"a"b"')]),
        ("k", [("bad name", "{T}")]),
    ],
)
def test_library_refuses_entries_that_would_not_parse(key, fields):
    library = bibfile.load_text(ONE)
    before = library.to_text()
    with pytest.raises(LibraryError):
        library.add_entry(key, "article", fields)
    with pytest.raises(LibraryError):
        library.replace_entry("smith2020thing", "article", [("title", "{T")])
    assert library.to_text() == before
    assert library.entry("smith2020thing").entry_type == "inproceedings"


@pytest.mark.parametrize(
    "raw", ["{T}", '"T"', "jul", "2020", "osdi # { 2022}", '"a {"} b"', '{a} # "b" # c']
)
def test_well_formed_values_are_accepted(raw):
    library = bibfile.load_text(ONE)
    library.add_entry("new", "misc", [("title", raw)])
    reread = bibfile.load_text(library.to_text())
    assert not reread.problems
    assert reread.entry("new").fields == [("title", raw)]


def _balanced_by_removal(text: str) -> bool:
    """The reference: innermost pairs removed until no brace is left (slow, obviously right)."""
    while "{" in text or "}" in text:
        reduced = re.sub(r"\{[^{}]*\}", "", text)
        if reduced == text:
            return False
        text = reduced
    return True


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="{}a\\ ", max_size=40))
def test_brace_balance_agrees_with_removing_innermost_pairs(inner):
    """bibtex.well_formed counts braces in one pass (it was one regex pass per level)."""
    balanced = _balanced_by_removal(inner)
    assert bibtex._balanced(inner) is balanced
    if balanced:
        assert bibtex.well_formed("{" + inner + "}")
    elif "#" not in inner and '"' not in inner:
        assert not bibtex.well_formed("{" + inner + "}")


# --- finding 2: export onto the library itself ---


@pytest.mark.parametrize("name", ["library.bib", "./library.bib"])
def test_export_refuses_to_overwrite_the_library(cli, library, name, monkeypatch):
    monkeypatch.chdir(library.parent)
    before = library.read_bytes()
    result = cli("-l", library, "export", "--type", "patent", "-o", name)
    refused(result, library, before, 2, "is the library")


def test_export_refuses_a_link_to_the_library(cli, library):
    link = library.parent / "link.bib"
    link.symlink_to(library)
    before = library.read_bytes()
    refused(cli("-l", library, "export", "-o", link), library, before, 2, "is the library")


@pytest.mark.parametrize(
    ("name", "message"),
    [("publist.toml", "settings file"), ("./sub/../publist.toml", "settings file"),
     ("library.citations.json", "citation counts"), ("library.bib.lock", "lock file"),
     ("cache/parse.json", "cache folder")],
)  # fmt: skip
def test_export_refuses_publists_own_files(cli, library, name, message, monkeypatch):
    """The settings, the citation counts, the lock and the cache are publist's, as the
    library is: never replaced by an export (review of 2026-12-02, finding 2)."""
    monkeypatch.chdir(library.parent)
    settings = library.parent / "publist.toml"
    settings.write_text('[owner]\nname = "Gyeong-In Yu"\n')
    (library.parent / "cache").mkdir()
    before = library.read_bytes()
    result = cli("-l", library, "export", "-f", "md", "-o", name,
                 env={"PUBLIST_CACHE_DIR": str(library.parent / "cache")})  # fmt: skip
    refused(result, library, before, 2, message)
    assert settings.read_text() == '[owner]\nname = "Gyeong-In Yu"\n'
    assert not (library.parent / "library.citations.json").exists()
    assert not (library.parent / "library.bib.lock").exists()
    assert list((library.parent / "cache").iterdir()) == []


# --- finding 3: a duplicate under another entry type ---

SCHOLAR_ORCA = r"""@article{yu2022orca,
  title={Orca: A distributed serving system for $\{$Transformer-Based$\}$ generative models},
  author={Yu, Gyeong-In and Jeong, Joo Seong and Kim, Geon-Woo and Kim, Soojeong and Chun, Byung-Gon},
  booktitle={16th USENIX Symposium on Operating Systems Design and Implementation (OSDI 22)},
  pages={521--538},
  year={2022}
}
"""


def test_scholars_article_form_of_a_conference_paper_is_that_paper(cli, library, tmp_path):
    """Google Scholar files OSDI papers as @article: the venue's text says conference (issue
    17) and the pasted copy is under the library's own key, so it is the library's paper
    (present: nothing written), not a possible duplicate."""
    pasted = tmp_path / "orca.bib"
    pasted.write_text(SCHOLAR_ORCA, encoding="utf-8")
    before = library.read_bytes()
    result = cli("-l", library, "add", "--bib", pasted, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("present yu2022orca: in the library as yu2022orca (")
    assert library.read_bytes() == before


def test_a_given_type_still_counts_for_duplicates(cli, library, tmp_path):
    """The user's --type is their word: a demo of a paper is another work, as dedupe says."""
    pasted = tmp_path / "orca.bib"
    pasted.write_text(SCHOLAR_ORCA, encoding="utf-8")
    result = cli("-l", library, "add", "--bib", pasted, "--type", "demo", "--suffix", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("added yu2022orcaa (demo)")  # not present, not possible


# --- finding 8: add checks its marks as tag does ---


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--equal", "1,3"], "smith2020thing has 2 authors; there is no author 3"),
        (["--tag", "journal"], "'journal' is a venue type; set it with --type journal"),
        (["--tag", "Journal"], "'Journal' is a venue type; set it with --type journal"),
    ],
)
def test_add_marks_are_checked_like_tag(cli, library, one, args, message):
    before = library.read_bytes()
    refused(cli("-l", library, "add", "--bib", one, *args), library, before, 2, message)


# --- findings 9 and 19: publist.toml read and written in one place (setup) ---


@pytest.mark.parametrize("args", [["--owner", "Ada Lovelace"], ["--email", "a@b.org"]])
def test_init_with_a_publist_toml_not_in_utf8_is_one_error(cli, tmp_path, args):
    library = tmp_path / "library.bib"
    library.write_text("% mine\n", encoding="utf-8")
    settings = tmp_path / "publist.toml"
    settings.write_bytes('[owner]\nname = "José Ñ"\n'.encode("latin-1"))
    before = settings.read_bytes(), library.read_bytes()
    result = cli("-l", library, "init", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot read {settings}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert (settings.read_bytes(), library.read_bytes()) == before


def test_set_owner_creates_then_updates_keeping_other_lines(tmp_path):
    from publist import setup

    library = tmp_path / "library.bib"
    assert setup.ensure_library(library)
    assert not setup.ensure_library(library)
    assert library.read_text(encoding="utf-8") == setup.LIBRARY_HEADER
    assert setup.set_owner(library, "Ada Lovelace").startswith("Created ")
    settings = tmp_path / "publist.toml"
    settings.write_text(settings.read_text() + "# my note\n", encoding="utf-8")
    assert setup.set_owner(library, "Augusta Ada King").startswith("Updated ")
    text = settings.read_text(encoding="utf-8")
    assert 'name = "Augusta Ada King"' in text and "# my note" in text


# --- finding 5: one DOI stripper ---

WWW_DOI = "https://www.doi.org/10.1145/3600006.3613165"


def test_export_links_a_www_doi_once(cli, library):
    url = "  url       = {https://www.usenix.org/conference/osdi22/presentation/yu},\n"
    text = library.read_text(encoding="utf-8")
    assert url in text
    library.write_text(text.replace(url, f"  doi = {{{WWW_DOI}}},\n"), encoding="utf-8")
    result = cli("-l", library, "export", "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert "https://doi.org/10.1145/3600006.3613165" in result.stdout
    assert "doi.org/https" not in result.stdout


def test_add_stores_a_www_doi_bare(cli, library, tmp_path):
    pasted = tmp_path / "www.bib"
    pasted.write_text(ONE.replace("  year ", f"  doi = {{{WWW_DOI}}},\n  year "), encoding="utf-8")
    result = cli("-l", library, "add", "--bib", pasted, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "doi       = {10.1145/3600006.3613165}," in result.stdout


# --- finding 7: one strict month parser ---


@pytest.mark.parametrize(
    ("text", "number"),
    [("7", 7), ("07", 7), ("Jul", 7), ("July", 7), ("jul.", 7), ("Sept.", 9), ("sep", 9)],
)
def test_parse_month_accepts_a_month_on_its_own(text, number):
    from publist.bibtex import month_macro, parse_month

    assert parse_month(text) == number
    assert month_macro(text) == ("jul" if number == 7 else "sep")


@pytest.mark.parametrize("text", ["Junk", "July 15", "Ju", "13", "0", "", "Spring", "Marché"])
def test_parse_month_refuses_anything_else(text):
    from publist.bibtex import parse_month

    assert parse_month(text) is None


@given(
    st.sampled_from(["", " ", "\t"]),
    st.sampled_from(["jan", "JUL", "July", "july.", "Sept", "sep", "May", "7", "07", "12", "00",
                     "13", "٧", "Ju", "Junk", "Decembers", "Mar"]),
    st.sampled_from(["", " ", "."]),
)  # fmt: skip
def test_parse_month_lookup_agrees_with_the_rule(head, word, tail):
    """The lookup of common spellings answers as the rule does: a number 1-12, or a word of
    three letters or more that begins a month's name."""
    from publist.bibtex import MONTH_NAMES, parse_month

    written = head + word + tail
    text = written.strip()
    if text.isdigit() and len(text) <= 2:
        expected = int(text) if 1 <= int(text) <= 12 else None
    else:
        stem = text.rstrip(".").lower()
        starts = [n for n, name in enumerate(MONTH_NAMES, 1) if name.lower().startswith(stem)]
        expected = starts[0] if len(stem) >= 3 and stem.isalpha() and starts else None
    assert parse_month(written) == expected


def test_export_shows_no_month_for_junk(cli, library):
    text = library.read_text(encoding="utf-8")
    assert "  month     = jul,\n" in text
    library.write_text(text.replace("  month     = jul,\n", "  month     = {Junk},\n", 1))
    result = cli("-l", library, "export", "--format", "txt")
    assert result.exit_code == 0, result.stderr
    [orca] = [line for line in result.stdout.splitlines() if "Orca" in line]
    assert "June" not in orca and "(OSDI 2022), 2022." in orca


def test_add_keeps_a_month_with_a_day(cli, library, tmp_path):
    pasted = tmp_path / "day.bib"
    pasted.write_text(ONE.replace("  year ", "  month = {July 15},\n  year "), encoding="utf-8")
    result = cli("-l", library, "add", "--bib", pasted, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "month     = {July 15}," in result.stdout


# --- finding 6: one house order, so what add and tag write passes fmt --check ---


def test_added_entry_with_an_unknown_field_passes_fmt_check(cli, library, tmp_path):
    assert cli("-l", library, "fmt", "--check").exit_code == 0
    pasted = tmp_path / "abstract.bib"
    pasted.write_text(
        ONE.replace(
            "  year ", "  abstract = {We study things.},\n  language = {english},\n  year "
        ),
        encoding="utf-8",
    )
    added = cli("-l", library, "add", "--bib", pasted, "--award", "Best Paper", "--tag", "x")
    assert added.exit_code == 0, added.stderr
    result = cli("-l", library, "fmt", "--check")
    assert result.exit_code == 0, result.stdout + result.stderr
    tagged = cli("-l", library, "tag", "smith2020thing", "--equal", "1,2", "--award", "Other")
    assert tagged.exit_code == 0, tagged.stderr
    result = cli("-l", library, "fmt", "--check")
    assert result.exit_code == 0, result.stdout + result.stderr


def test_set_field_puts_a_new_field_in_its_house_place():

    raw = [("author", "{A}"), ("title", "{T}"), ("year", "2020"), ("abstract", "{x}")]
    assert [name for name, _ in storage.set_field(raw, "award", "{Best}")] == [
        "author", "title", "year", "award", "abstract"
    ]  # fmt: skip
    assert [name for name, _ in storage.set_field(raw, "doi", "{10.1/x}")] == [
        "author", "title", "year", "doi", "abstract"
    ]  # fmt: skip
    assert house.house_order(storage.set_field(raw, "award", "{B}")) == storage.set_field(
        raw, "award", "{B}"
    )
