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
