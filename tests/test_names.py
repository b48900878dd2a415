import pytest

from publist.model import split_people
from publist.names import NameMatcher, fold

OWNER = NameMatcher.of(["Gyeong-In Yu", "Gyeongin Yu"])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Gyeong-In Yu", True),
        ("Gyeongin Yu", True),
        ("Yu, Gyeong-In", True),
        ("Yu, Gyeongin", True),
        ("G.-I. Yu", True),
        ("G. I. Yu", True),
        ("G. Yu", True),
        ("GYEONG-IN YU", True),
        ("Gyeong In Yu", True),
        ("H. Yu", False),
        ("Gyeong Yu", False),
        ("Gyeong-In Yuan", False),
        ("Byung-Gon Chun", False),
        ("{Yu Research Group}", False),
    ],
)
def test_owner_matching(name, expected):
    assert OWNER.matches(split_people(name)[0]) is expected


def test_a_different_person_with_a_similar_name_does_not_match():
    matcher = NameMatcher.of(["Anna Klimov"])
    assert not matcher.matches(split_people(r"Ana Klimovi{\'c}")[0])
    assert NameMatcher.of(["Ana Klimović"]).matches(split_people(r"Klimovi{\'c}, Ana")[0])


def test_positions_are_one_based():
    authors = split_people("Woosuk Kwon and Gyeong-In Yu and Eunji Jeong")
    assert OWNER.positions(authors) == [2]


def test_fold_drops_accents_case_and_punctuation():
    assert fold(r"Klimovi{\'c}") == "klimovic"
    assert fold("Gyeong-In") == fold("gyeongin")


def test_owner_positions_join_name_matches_and_highlight_marks_within_the_author_list():
    from publist import bibfile, model
    from publist.names import owner_positions

    text = (
        "@inproceedings{k, author={A One and Gyeong-In Yu and C Three},\n"
        "  author+an={1=highlight; 7=highlight}, title={T}, year={2020}}\n"
    )
    item = model.publications(bibfile.load_text(text))[0]
    assert owner_positions(item, OWNER) == (1, 2)  # 7 is past the last author
    assert owner_positions(item, NameMatcher.of([])) == (1,)


def test_capital_letters_without_decomposition_fold_too():
    assert fold("Łukasz Øster") == fold("lukasz oster") == "lukaszoster"
    assert NameMatcher.of(["Lukasz Kaiser"]).matches(split_people("Łukasz Kaiser")[0])
