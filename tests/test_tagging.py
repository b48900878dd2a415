"""publist tag: pure edits, then the command (exit codes, stderr, bytes on disk)."""

from __future__ import annotations

import difflib
import re

import pytest

from publist import bibfile, blocks, model, reading, storage, tagging
from publist.errors import UsageProblem
from publist.kinds import VenueType

NIMBLE = """@inproceedings{kwon2020nimble,
  author    = {Woosuk Kwon and Gyeong-In Yu and Eunji Jeong and Byung-Gon Chun},
  title     = {Nimble},
  booktitle = {NeurIPS 2020},
  year      = {2020},
  keywords  = {conference, gpu},
}"""


def parsed(text: str = NIMBLE) -> tuple[blocks.Block, model.Publication]:
    parsed, _ = blocks.parse_text(text)
    return parsed[0], reading.publication(parsed[0], {})


def apply(request: tagging.TagRequest) -> dict[str, str]:
    block, item = parsed()
    return dict(tagging.tagged(item, block.fields, request))


def test_type_replaces_the_reserved_word_and_keeps_tags():
    assert apply(tagging.TagRequest(venue_type=VenueType.WORKSHOP))["keywords"] == "{workshop, gpu}"


@pytest.mark.parametrize(
    ("specs", "expected"),
    [
        (("1,2",), "{1=equal; 2=equal}"),
        (("Woosuk Kwon", "Gyeong-In Yu"), "{1=equal; 2=equal}"),
        (("W. Kwon", "2"), "{1=equal; 2=equal}"),
        (("gyeongin yu",), "{2=equal}"),
    ],
)
def test_equal_by_position_or_name(specs, expected):
    assert apply(tagging.TagRequest(equal=specs))["author+an"] == expected


def test_no_equal_clears_only_equal():
    text = NIMBLE.replace("  keywords", "  author+an = {1=equal; 2=equal,highlight},\n  keywords")
    block, item = parsed(text)
    result = dict(tagging.tagged(item, block.fields, tagging.TagRequest(clear_equal=True)))
    assert result["author+an"] == "{2=highlight}"
    result = dict(
        tagging.tagged(
            item, block.fields, tagging.TagRequest(clear_equal=True, clear_highlight=True)
        )
    )
    assert "author+an" not in result


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (tagging.TagRequest(equal=("5",)), "has 4 authors; there is no author 5"),
        (tagging.TagRequest(equal=("0",)), "there is no author 0"),
        (tagging.TagRequest(highlight=("Jane Doe",)), "'Jane Doe' matches no author"),
        (tagging.TagRequest(add_tags=("a,b",)), "is not a tag"),
        (tagging.TagRequest(add_tags=("Workshop",)), "is a venue type"),
    ],
)
def test_bad_requests_raise(request_, message):
    with pytest.raises(UsageProblem, match=message):
        apply(request_)


def test_award_set_and_cleared():
    assert apply(tagging.TagRequest(award="Best Paper Award"))["award"] == "{Best Paper Award}"
    block, item = parsed(NIMBLE.replace("  keywords", "  award = {Spotlight},\n  keywords"))
    assert "award" not in dict(tagging.tagged(item, block.fields, tagging.TagRequest(award="")))


def test_tags_added_once_and_removed():
    result = apply(tagging.TagRequest(add_tags=("serving", "GPU"), remove_tags=("gpu",)))
    assert result["keywords"] == "{conference, serving}"


def test_empty_request_changes_nothing():
    block, item = parsed()
    assert tagging.tagged(item, block.fields, tagging.TagRequest()) == block.fields


def test_classifications_skip_typed_entries_unless_all():
    untyped = NIMBLE.replace("conference, gpu", "gpu").replace("kwon2020nimble", "untyped")
    parsed, _ = blocks.parse_text(NIMBLE + "\n\n" + untyped)
    items = [reading.publication(block, {}) for block in parsed]
    rows = tagging.classifications(items, everything=False)
    assert [(row.key, row.old, row.new, row.rule) for row in rows] == [
        ("untyped", None, VenueType.CONFERENCE, "conference-acronym")
    ]
    assert len(tagging.classifications(items, everything=True)) == 2


# --- the command ---


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_tag_changes_only_the_edited_entry(cli, library):
    before = library.read_bytes()
    result = cli("-l", library, "tag", "kwon2020nimble", "--award", "Best Paper Award",
                 "--tag", "gpu", "--type", "workshop")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Changed 1 entries" in result.stderr
    after = library.read_bytes()
    # Everything outside the edited entry is byte-for-byte the same.
    start = before.index(b"@inproceedings{kwon2020nimble")
    end = before.index(b"}\n", before.index(b"award", start)) + 2
    assert after[:start] == before[:start]
    assert after[len(after) - (len(before) - end) :] == before[end:]
    assert sorted(changed_lines(before.decode(), after.decode())) == [
        "+  award     = {Best Paper Award},",
        "+  keywords  = {workshop, gpu},",
        "-  award     = {Spotlight},",
        "-  keywords  = {conference},",
    ]


def test_equal_by_name_on_the_owner_library(cli, library):
    result = cli("-l", library, "tag", "yu2022orca", "--equal", "Gyeong-In Yu",
                 "--equal", "Joo Seong Jeong")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    item = {p.key: p for p in reading.publications(bibfile.load(library))}["yu2022orca"]
    assert storage.equal_positions(item) == [1, 2]


def test_setting_what_is_already_there_writes_nothing(cli, library):
    before = library.read_bytes()
    result = cli("-l", library, "tag", "kwon2020nimble", "--type", "conference")
    assert result.exit_code == 0
    assert "Nothing to change" in result.stderr
    assert library.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["nope", "--type", "demo"], 1, "no entry with key 'nope'"),
        (["kwon2020nimble", "nope", "--type", "demo"], 1, "no entry with key 'nope'"),
        (["yu2022orca", "kwon2020nimble", "--equal", "5"], 2, "no author 5"),
        (["kwon2020nimble", "--equal", "Jane Doe"], 2, "'Jane Doe' matches no author"),
        (["kwon2020nimble", "--type", "keynote"], 2, "unknown venue type 'keynote'"),
        (["kwon2020nimble"], 2, "nothing to change"),
        (["--type", "demo"], 2, "name the entries"),
        (["kwon2020nimble", "--equal", "1", "--no-equal"], 2, "contradict"),
        (["--auto", "--type", "demo"], 2, "--auto decides"),
        (["--all"], 2, "--all only goes with --auto"),
    ],
)
def test_errors_change_nothing(cli, library, args, code, message):
    before = library.read_bytes()
    result = cli("-l", library, "tag", *args)
    assert result.exit_code == code
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert library.read_bytes() == before


def test_dry_run_prints_a_diff_and_writes_nothing(cli, library):
    before = library.read_bytes()
    result = cli("-l", library, "tag", "kwon2020nimble", "--award", "", "--dry-run")
    assert result.exit_code == 0
    assert "-  award     = {Spotlight}," in result.stdout
    assert result.stdout.startswith("--- ")
    assert library.read_bytes() == before


def untyped_library(library):
    text = library.read_text()
    text = re.sub(r"  keywords += \{(workshop|demo)\},\n", "", text)
    library.write_text(text)
    return text


def test_auto_classifies_entries_without_a_type(cli, library):
    untyped_library(library)
    result = cli("-l", library, "tag", "--auto", "--dry-run")
    assert result.exit_code == 0
    assert "6 entries classified, 6 to change" in result.stderr  # the table, beside the diff
    assert "+  keywords  = {workshop}," in result.stdout
    result = cli("-l", library, "tag", "--auto")
    assert result.exit_code == 0, result.stderr
    assert "jeong2019demonstration" in result.stdout and "demo-venue" in result.stdout
    restored = library.read_text()
    items = reading.publications(bibfile.load(library))
    assert all(storage.venue_type(item) for item in items)
    # Classifying again finds nothing to do: --auto is idempotent.
    result = cli("-l", library, "tag", "--auto", "--all")
    assert result.exit_code == 0
    assert "18 entries classified, 0 to change" in result.stdout
    assert library.read_text() == restored


def test_auto_restores_the_owner_library_types(cli, library):
    """Every stored type of the bundled library is what the rules would say."""
    original = library.read_text()
    library.write_text(
        "\n".join(line for line in original.splitlines() if "keywords" not in line) + "\n"
    )
    assert cli("-l", library, "tag", "--auto").exit_code == 0
    types = {p.key: storage.venue_type(p) for p in reading.publications(bibfile.load(library))}
    stored = reading.publications(bibfile.load_text(original))
    assert types == {p.key: storage.venue_type(p) for p in stored}


# --- issue 17: --fix corrects stored types the user accepts; marks moved into author+an ---

SCHOLAR = """@article{nips,
  author = {Ada Lovelace},
  title = {Engines},
  journal = {Advances in Neural Information Processing Systems},
  year = {2020},
  keywords = {journal},
}

@article{nature,
  author = {Ada Lovelace},
  title = {Notes},
  journal = {Nature},
  year = {2021},
  keywords = {journal},
}

@inproceedings{fresh,
  author = {Ada Lovelace},
  title = {Fresh},
  booktitle = {OSDI},
  year = {2022},
}
"""


def test_auto_fix_asks_and_corrects_the_stored_types_it_shows(cli, tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(SCHOLAR)
    refused = cli("-l", path, "tag", "--auto", "--fix", input="n\n")
    assert refused.exit_code == 0 and "Correct 1 stored types?" in refused.stderr
    assert "nips" in refused.stderr and "proceedings-journal" in refused.stderr
    assert "keywords = {journal}," in path.read_text().split("@article{nature")[0]
    assert "  keywords = {conference},\n}" in path.read_text()  # the untyped one still
    accepted = cli("-l", path, "tag", "--auto", "--fix", input="y\n")
    assert accepted.exit_code == 0, accepted.stderr
    text = path.read_text()
    assert changed_lines(SCHOLAR, text) == [
        "-  keywords = {journal},", "+  keywords = {conference},", "+  keywords = {conference},"
    ]  # fmt: skip
    assert cli("-l", path, "tag", "--auto", "--fix", "--yes").exit_code == 0
    assert path.read_text() == text  # nothing left to fix


def test_normalise_equal_moves_the_marks_into_author_an(cli, tmp_path):
    path = tmp_path / "library.bib"
    text = (
        "@article{k,\n  author = {Krishnan*, Arjun and Zhang*, Ran and Lee, Chen},\n"
        "  title = {T},\n  journal = {J},\n  year = {2016},\n}\n"
    )
    path.write_text(text)
    result = cli("-l", path, "tag", "--normalise-equal")
    assert result.exit_code == 0, result.stderr
    assert changed_lines(text, path.read_text()) == [
        "-  author = {Krishnan*, Arjun and Zhang*, Ran and Lee, Chen},",
        "+  author = {Krishnan, Arjun and Zhang, Ran and Lee, Chen},",
        "+  author+an = {1=equal; 2=equal},",
    ]
    (item,) = reading.publications(bibfile.load(path))
    assert storage.equal_positions(item) == [1, 2]
    again = cli("-l", path, "tag", "--normalise-equal")
    assert "Nothing to change" in again.stderr
