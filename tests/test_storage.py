"""fields: the storage conventions and the one parser of venue types typed by users."""

from __future__ import annotations

import pytest

from publist import kinds, storage
from publist.errors import UsageProblem
from publist.kinds import VenueType


@pytest.mark.parametrize("text", ["journal", "Journal", " JOURNAL "])
def test_parse_venue_type_any_case(text):
    assert kinds.parse_venue_type(text) is VenueType.JOURNAL


def test_parse_venue_type_rejects_unknown_with_one_line_listing_the_types():
    with pytest.raises(UsageProblem) as caught:
        kinds.parse_venue_type("bogus")
    message = str(caught.value)
    assert "\n" not in message
    assert "'bogus'" in message
    assert all(kind.value in message for kind in VenueType)


# --- issue 17: equal contribution in names, award_name, selected ---


def entry(text: str):
    from publist import bibfile, reading

    (item,) = reading.publications(bibfile.load_text(text))
    return item


@pytest.mark.parametrize(
    ("authors", "annotation", "equal"),
    [
        ("Krishnan*, Arjun and Zhang*, Ran and Troyanskaya, Olga", "", [1, 2]),
        ("Yuan*, Zhihang and Shang$^*$, Yuzhang", "", [1, 2]),
        ("A One$^{*\\dagger}$ and B Two$^*$ and C Three$^\\dagger$", "", [1, 2]),  # * first
        ("A One$^\\dagger$ and B Two$^\\dagger$ and C Three", "", [1, 2]),
        ("A One* and B Two and C Three", "", []),  # one mark: a note on one author
        ("A One and B Two and C Three", "2=highlight,dagger;1=dagger", [1, 2]),
        ("A One* and B Two* and C Three", "3=equal", [3]),  # the file's own annotation wins
    ],
)
def test_equal_contribution_from_marks_in_names_and_symbol_annotations(authors, annotation, equal):
    extra = f", author+an = {{{annotation}}}" if annotation else ""
    item = entry(f"@misc{{k, author = {{{authors}}}, title = {{T}}{extra}}}")
    assert storage.equal_positions(item) == equal


def test_award_name_is_the_short_label_and_selected_is_a_tag():
    item = entry("@misc{k, title={T}, award={Best paper among 900}, award_name={Best Paper},"
                 " selected={true}, keywords={ml}}")  # fmt: skip
    assert storage.award(item) == "Best Paper" and storage.award_field(item) == "award_name"
    assert storage.tags(item) == ["ml", "selected"]
    assert storage.award(entry("@misc{k, award={Spotlight}}")) == "Spotlight"
