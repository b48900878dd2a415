"""publist check: one finding per problem, with key and line; exit 3 when anything is found."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from publist import bibfile, dedupe, lint, reading
from publist.lint import Check
from publist.people import NameMatcher

OWNER = NameMatcher.of(["Gyeong-In Yu", "Gyeongin Yu"])

GOOD = """@inproceedings{good,
  author    = {Gyeong-In Yu and Byung-Gon Chun},
  title     = {Orca},
  booktitle = {OSDI},
  year      = {2022},
  month     = jul,
  doi       = {10.1145/3302424.3303957},
  url       = {https://example.org/orca},
  keywords  = {conference},
}
"""


def findings(text: str, duplicates: bool = False) -> list[tuple[int, str, Check]]:
    library = bibfile.load_text(text)
    items = reading.publications(library)
    finder = dedupe.find_duplicates if duplicates else None
    return [(f.line, f.key, f.check) for f in lint.check(library, items, OWNER, finder)]


def variant(**changes: str | None) -> str:
    """GOOD with fields replaced (a string) or removed (None)."""
    lines = GOOD.splitlines()
    for name, value in changes.items():
        name = name.replace("_an", "+an")
        lines = [line for line in lines if not line.startswith(f"  {name} ")]
        if value is not None:
            lines.insert(-1, f"  {name} = {value},")
    return "\n".join(lines) + "\n"


def test_a_good_entry_has_no_findings():
    assert findings(GOOD) == []


@pytest.mark.parametrize(
    ("changes", "check"),
    [
        ({"keywords": None}, Check.NO_VENUE_TYPE),
        ({"keywords": "{systems}"}, Check.NO_VENUE_TYPE),
        ({"title": None}, Check.MISSING_FIELD),
        ({"author": None}, Check.MISSING_FIELD),
        ({"year": None}, Check.MISSING_FIELD),
        ({"booktitle": None}, Check.MISSING_FIELD),
        ({"year": "{in press}"}, Check.BAD_DATE),
        ({"year": "{22}"}, Check.BAD_DATE),
        ({"month": "{Jully}"}, Check.BAD_DATE),
        ({"month": "{13}"}, Check.BAD_DATE),
        ({"date": "{July 2022}"}, Check.BAD_DATE),
        ({"author_an": "{3=equal}"}, Check.BAD_ANNOTATION),
        ({"author_an": "{1=equal; 5=highlight}"}, Check.BAD_ANNOTATION),
        ({"author": "{Byung-Gon Chun and Woosuk Kwon}"}, Check.NO_OWNER),
        ({"doi": "{10.1145}"}, Check.BAD_DOI),
        ({"doi": "{https://doi.org/not a doi}"}, Check.BAD_DOI),
        ({"url": "{javascript:alert(1)}"}, Check.BAD_URL),
        ({"url": "{www.example.org}"}, Check.BAD_URL),
        ({"booktitle": "osdi"}, Check.UNDEFINED_MACRO),
    ],
)
def test_each_check(changes, check):
    assert findings(variant(**changes)) == [(1, "good", check)]


def test_owner_alias_and_initials_count_as_the_owner():
    assert findings(variant(author="{G. Yu and Byung-Gon Chun}")) == []
    assert findings(variant(author="{Gyeongin Yu}")) == []


def test_owner_as_editor_of_a_book():
    book = """@book{b, editor = {Gyeong-In Yu}, title = {T}, year = 2020, publisher = {P},
  keywords = {book}}"""
    assert findings(book) == []


def test_preprint_with_published_doi():
    preprint = """@misc{p,
  author = {Gyeong-In Yu}, title = {T}, year = {2020}, eprint = {2012.02732},
  archiveprefix = {arXiv}, doi = {10.1145/3302424.3303957}, keywords = {preprint},
}"""
    assert findings(preprint) == [(1, "p", Check.PREPRINT_DOI)]
    arxiv_doi = preprint.replace("10.1145/3302424.3303957", "10.48550/arXiv.2012.02732")
    assert findings(arxiv_doi) == []


def test_required_fields_per_type():
    patent = (
        """@patent{p, author = {Gyeongin Yu}, title = {T}, year = {2022}, keywords = {patent}}"""
    )
    assert findings(patent) == [(1, "p", Check.MISSING_FIELD)]
    thesis = """@phdthesis{t, author = {Gyeong-In Yu}, title = {T}, year = {2024},
  school = {Seoul National University}, keywords = {thesis}}"""
    assert findings(thesis) == []


def test_parse_failures_and_duplicate_keys_have_lines():
    text = GOOD + "\n@article{broken,\n  title = {no end\n\n" + GOOD.replace("good", "Good")
    found = findings(text)
    assert (11, "", Check.PARSE) in found or any(f[2] is Check.PARSE for f in found)
    duplicated = GOOD + "\n" + GOOD
    found = findings(duplicated)
    assert [f for f in found if f[2] is Check.PARSE] == [(12, "good", Check.PARSE)]
    cased = GOOD + "\n" + GOOD.replace("{good,", "{GOOD,")
    assert findings(cased) == [(12, "GOOD", Check.DUPLICATE_KEY)]


def test_duplicate_entries_use_the_dedupe_rules():
    twin = GOOD.replace("{good,", "{good2,").replace("https://example.org/orca", "https://x.org")
    found = findings(GOOD + "\n" + twin, duplicates=True)
    assert [f for f in found if f[2] is Check.DUPLICATE_ENTRY] == [
        (12, "good2", Check.DUPLICATE_ENTRY)
    ]


def test_findings_are_in_file_order():
    text = variant(keywords=None) + "\n" + variant(year="{soon}").replace("{good,", "{later,")
    lines = [line for line, _, _ in findings(text)]
    assert lines == sorted(lines) and lines[0] == 1 and lines[-1] == 11


# --- the command ---


def test_bundled_library_checks_clean(cli, library):
    result = cli("-l", library, "check")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "No problems in 18 entries" in result.stderr


def test_bundled_library_checks_clean_as_installed(library):
    from conftest import run_publist

    result = run_publist("check", "--format", "github", cwd=library.parent)
    assert (result.returncode, result.stdout) == (0, "")


def broken_library(library: Path) -> bytes:
    text = library.read_text().replace("  month     = jul,\n", "  month     = {Jully},\n", 1)
    text = text.replace("{Gyeongin Yu and", "{Gyeongim Yu and", 1)
    library.write_text(text)
    return library.read_bytes()


def test_verbose_table_lists_problems_and_exits_3(cli, library):
    before = broken_library(library)
    result = cli("-l", library, "check", "--verbose")
    assert result.exit_code == 3
    assert "yu2022orca" in result.stdout and "bad-date" in result.stdout
    assert "[owner] aliases" in result.stdout  # not swallowed as rich markup
    assert "2 problems in 18 entries" in result.stderr
    assert library.read_bytes() == before


def test_check_speaks_in_summaries_first(cli, library):
    """One line per kind of problem: its count and the command that fixes it."""
    text = library.read_text()
    untyped = re.sub(r"  keywords += \{(conference|workshop)\},\n", "", text)
    library.write_text(untyped.replace("{Gyeongin Yu and", "{Gyeongim Yu and", 1))
    result = cli("-l", library, "check")
    assert result.exit_code == 3
    assert result.stdout.splitlines() == [
        "   14  no-venue-type    entries without a venue type: publist tag --auto",
        "    1  no-owner         entries without the owner: if that is you: publist init "
        "--alias 'Gyeongin Yu' --alias 'Gyeongim Yu'",
    ]
    assert "15 problems in 18 entries" in result.stderr and "--verbose" in result.stderr
    detailed = cli("-l", library, "check", "--json")
    assert len(json.loads(detailed.stdout)) == 15  # json and github: every finding


def test_a_stored_type_that_only_repeats_the_entry_type_against_the_venue():
    scholar = (
        GOOD.replace("@inproceedings", "@article")
        .replace(
            "booktitle = {OSDI}",
            "journal   = {Conference on Neural Information Processing Systems}",
        )
        .replace("{conference}", "{journal}")
    )
    assert findings(scholar) == [(1, "good", Check.TYPE_MISMATCH)]
    chosen = GOOD.replace("{conference}", "{workshop}")  # a choice of its own: not reported
    assert findings(chosen) == []


def test_relative_links_need_a_base_url():
    text = variant(pdf="{paper.pdf}")
    library = bibfile.load_text(text)
    items = reading.publications(library)
    assert [f.check for f in lint.check(library, items, OWNER, None, "")] == [Check.RELATIVE_LINK]
    assert lint.check(library, items, OWNER, None, "https://me.github.io/assets/pdf/") == []
    assert findings(text) == []  # not a bad URL


def test_truncated_author_lists_and_al_folio_literals_are_no_problems():
    assert findings(variant(author="{Byung-Gon Chun and others}")) == []
    assert findings(variant(month="June", bibtex_show="true")) == []
    assert findings(variant(month="{27 Apr--2 May}")) == []


def test_github_annotations(cli, library):
    broken_library(library)
    result = cli("-l", library, "check", "--format", "github")
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"::warning file={str(library).replace(':', '%3A')},line=19,title=bad-date::"
        "yu2022orca: month 'Jully' is not a month"
    )
    assert lines[1].startswith(f"::warning file={library},line=182,title=no-owner::yu2022selective")


def test_json(cli, library):
    broken_library(library)
    result = cli("-l", library, "check", "--json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert [(d["line"], d["key"], d["check"]) for d in data] == [
        (19, "yu2022orca", "bad-date"),
        (182, "yu2022selective", "no-owner"),
    ]


def test_unreadable_library_is_one_error(cli, tmp_path):
    result = cli("-l", tmp_path / "missing.bib", "check")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no library at")


def test_parse_failure_is_a_finding_not_an_error(cli, library):
    library.write_text(library.read_text() + "\n@article{broken,\n  title = {no end\n")
    result = cli("-l", library, "check", "--json")
    assert result.exit_code == 3
    assert [d["check"] for d in json.loads(result.stdout)] == ["parse-failure"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab1 ~{}\\$^_é-", max_size=12))
def test_a_field_has_text_exactly_when_it_decodes_to_text(value):
    """lint._has reads the LaTeX first and decodes only when it cannot tell."""
    from publist.bibtex import well_formed
    from publist.lint import _has

    assume(well_formed("{" + value + "}"))
    [item] = reading.publications(bibfile.load_text(f"@misc{{k, title = {{{value}}}}}"))
    assert _has(item, "title") is bool(item.get("title").strip())
