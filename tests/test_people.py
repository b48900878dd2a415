import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from publist import bibfile, people, reading
from publist.people import NameMatcher, fold, split_people

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
    from publist import bibfile
    from publist.storage import owner_positions

    text = (
        "@inproceedings{k, author={A One and Gyeong-In Yu and C Three},\n"
        "  author+an={1=highlight; 7=highlight}, title={T}, year={2020}}\n"
    )
    item = reading.publications(bibfile.load_text(text))[0]
    assert owner_positions(item, OWNER) == (1, 2)  # 7 is past the last author
    assert owner_positions(item, NameMatcher.of([])) == (1,)


def test_capital_letters_without_decomposition_fold_too():
    assert fold("Łukasz Øster") == fold("lukasz oster") == "lukaszoster"
    assert NameMatcher.of(["Lukasz Kaiser"]).matches(split_people("Łukasz Kaiser")[0])


# --- splitting: the plain-rule fast path must agree with bibtexparser's splitter ---


def bibtexparser_names(latex: str) -> list[tuple[str, str, str, str]]:
    from bibtexparser.middlewares.names import (
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    result = []
    for name in split_multiple_persons_names(latex):
        parts = parse_single_name_into_parts(name, strict=False)
        result.append(tuple(" ".join(p) for p in (parts.first, parts.von, parts.last, parts.jr)))
    return result


def publist_names(latex: str) -> list[tuple[str, str, str, str]]:
    return [people._split_name(name) for name in people.split_names(latex)]


NAME_WORDS = ["Ada", "King", "von", "de", "la", "Jr.", "Jr", "AND", "and", "And", "Mc-Bride",
              "O'Neil", "É.", "ß", "d'Arc", "{Big Co}", "\\'Eva", "1st", "(Ed.)", "J.~R.", "{",
              "}", "{Smith and Sons}", "and{X}", "{\\&}", 'B{\\"o}ckler', "Prad\\`ere", "S{\\o}ren",
              "Kri{\\v s}to", "A{\\}b", "X\\,Y", "D{\\'e}", "{\\'E}mile", "G\\~u", "H{\\{}i"]  # fmt: skip
NAME_GLUE = [" ", "  ", "\n", ", ", ",", " and ", "\tand\t"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAME_WORDS), st.sampled_from(NAME_GLUE)), min_size=1,
                max_size=8))  # fmt: skip
def test_plain_name_rules_agree_with_bibtexparser(pieces):
    latex = "".join(word + glue for word, glue in pieces).strip()
    assume(not OPENS_WITH_ESCAPE.search(latex))  # bibtexparser's bug, see below
    try:
        expected = bibtexparser_names(latex)
    except Exception:
        return  # bibtexparser gives up; publist keeps such a name whole
    assert publist_names(latex) == expected


def test_plain_name_rules_agree_on_every_author_of_the_corpus(corpus):
    checked = 0
    for path in sorted((corpus / "bib").rglob("*.bib")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for latex in re.findall(r"\bauthor\s*=\s*\{((?:[^{}]|\{[^{}]*\})*)\}", text, re.I):
            if OPENS_WITH_ESCAPE.search(latex):
                continue  # bibtexparser's bug (see below); four lists of the corpus
            try:
                expected = bibtexparser_names(latex)
            except Exception:
                continue
            assert publist_names(latex) == expected, latex
            checked += 1
    assert checked > 10_000


# A name right after 'and' that opens with an escape: bibtexparser drops the escape.
OPENS_WITH_ESCAPE = re.compile(r"[ \t\r\n]and[ \t\r\n]+\\", re.IGNORECASE)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="andAND {}\t\nxX,\\'", max_size=20))
def test_splitting_at_and_agrees_with_bibtexparser_character_by_character(latex):
    from bibtexparser.middlewares.names import split_multiple_persons_names

    assume(not OPENS_WITH_ESCAPE.search(latex))
    assert people.split_names(latex) == split_multiple_persons_names(latex)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(list("andAND {}\t\nxX,\\'") + ['{\\"o}', " and ", "\\{", "\\}",
                                 "\\ ", "{{", "}}", "\\\\"]), max_size=16))  # fmt: skip
def test_splitting_by_patterns_agrees_with_splitting_token_by_token(parts):
    """split_names' quick paths (no braces; braces that hold no 'and') change nothing."""
    text = "".join(parts).strip(" \r\n\t")
    assert people.split_names(text) == (people.split_by_tokens(text) if text else [])


def test_a_name_that_opens_with_an_accent_keeps_it():
    # bibtexparser 2.0 splits this into ['Ada King', "Eva B"]: the accent is lost.
    assert people.split_names("Ada King and \\'Eva B") == ["Ada King", "\\'Eva B"]
    (item,) = reading.publications(bibfile.load_text("@misc{k, author = {Ada King and \\'Eva B}}"))
    assert [person.display for person in item.authors] == ["Ada King", "Éva B"]


QUICK_WORDS = ["A.", "Z", "Éva", "x", "{de Rossi}", "{\\'S}ciesiek", "{\\'s}ci", "{L{\\'e}vy-Cl}",
               "{Myers, Ward}", "a", "{\\i}", "{\\v s}", "{a}b", "\\ "]  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(NAME_WORDS + QUICK_WORDS), min_size=1, max_size=5))
def test_names_of_the_quick_paths_split_as_bibtexparser_splits_them(words):
    for name in (" ".join(words), ", ".join([" ".join(words[:1]), " ".join(words[1:])])):
        if OPENS_WITH_ESCAPE.search(name):
            continue  # bibtexparser's bug, see below
        if people._CAPITALISED.fullmatch(name) or people._LAST_FIRST.fullmatch(name):
            assert publist_names(name) == bibtexparser_names(name), name


# --- issue 17: marks written in names, 'and others', initials without dots ---


MARK_PARTS = ["Ada", " ", ",", "{", "}", "\\", "\\'", '{\\"o}', "\\textbf{", "\\emph", "\\dag",
              "\\ddagger", "\\ast", "\\star", "\\footnotemark", "\\underline{", "{\\bf ", "$", "^",
              "*", "†", "∗", "\\textsuperscript{", "\\#", "\\S", "\\P", "x", "\\textdagger"]  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(MARK_PARTS), max_size=8))
def test_a_name_with_no_hint_of_a_mark_has_none_to_take(parts):
    """person skips take_marks when may_have_marks says no: it must never be wrong."""
    name = "".join(parts)
    if not people.may_have_marks(name):
        assert people.take_marks(name) == (name, "")


@pytest.mark.parametrize(
    ("name", "clean", "marks"),
    [
        ("Yuan*, Zhihang", "Yuan, Zhihang", "*"),
        ("Wang, Peiran*", "Wang, Peiran", "*"),
        ("Yuzhang Shang$^*$", "Yuzhang Shang", "*"),
        ("Zhengmao, Ye\\textsuperscript{*}", "Zhengmao, Ye", "*"),
        ("\\textbf{M. Yaghini}\\textsuperscript{*}", "M. Yaghini", "*"),
        ("Lianmin Zheng$^{*\\dagger}$", "Lianmin Zheng", "*†"),
        ("Alice Smith\\textsuperscript{\\textdagger}", "Alice Smith", "†"),
        ("Bob Jones$^\\ddagger$", "Bob Jones", "‡"),
        ("Eve Kim†", "Eve Kim", "†"),
        ("Zhang∗, Ran", "Zhang, Ran", "*"),
        ("Romanov *, a. E.", "Romanov, a. E.", "*"),
        ("Li, Wei$^1$", "Li, Wei", ""),  # an affiliation, not a mark
        ("Carol Wu\\footnotemark[1]", "Carol Wu", ""),
        ("Sowi{\\'n}ski, Piotr", "Sowi{\\'n}ski, Piotr", ""),
        ("$\\Sigma$ Smith", "$\\Sigma$ Smith", ""),
    ],
)
def test_marks_are_taken_out_of_names(name, clean, marks):
    assert people.take_marks(name) == (clean, marks)
    (person,) = split_people(name)
    assert person.marks == marks and "*" not in person.display and person.latex == name


def test_the_owner_is_matched_through_marks_and_counted_once():
    matcher = NameMatcher.of(["Ran Zhang"])
    starred = split_people("Krishnan*, Arjun and Zhang*, Ran and Zhang, Wei")
    assert matcher.positions(starred) == [2]
    assert fold(starred[0].display) == fold("Arjun Krishnan")


@pytest.mark.parametrize(
    ("latex", "names", "cut"),
    [
        ("Ada Lovelace and others", ["Ada Lovelace"], True),
        ("{Cang}, Tianqi and {Fu}, Jian-Ning and et al.", ["Tianqi Cang", "Jian-Ning Fu"], True),
        ("Ada Lovelace and {et al.}", ["Ada Lovelace"], True),
        ("Ada Lovelace and Otherson, Bo", ["Ada Lovelace", "Bo Otherson"], False),
        ("{Others and Sons}", ["Others and Sons"], False),
    ],
)
def test_and_others_is_no_person(latex, names, cut):
    assert [person.display for person in split_people(latex)] == names
    assert people.truncated(latex) is cut


@pytest.mark.parametrize(
    ("name", "expected"),
    [("GI Yu", True), ("Yu, GI", True), ("G.I. Yu", True), ("Yu, G.-I.", True),
     ("Gi Yu", False), ("Yu, GIX", False), ("GK Yu", False)],
)  # fmt: skip
def test_runs_of_capitals_are_initials(name, expected):
    assert OWNER.matches(split_people(name)[0]) is expected


def test_a_lookalike_of_the_owner_is_named_but_not_matched():
    matcher = NameMatcher.of(["Gyeong-In Yu"])
    for name, like in [("Gyeongim Yu", True), ("Yu Gyeong-In", True), ("Jianliang Yu", False)]:
        (person,) = split_people(name)
        assert not matcher.matches(person) and matcher.resembles(person) is like, name


@given(
    st.lists(st.sampled_from(["Ada Lovelace", " and ", "and", " and et al.", " and {Others}", " ", "\u00a0", "\n", "others", "OTHERS",
                              "otherſ", "et", "al", "al.", "Et.Al.", "{", "}", "}}", "."]),
             max_size=8).map("".join)
)  # fmt: skip
def test_a_list_is_truncated_as_its_pattern_says_whatever_its_end(latex):
    """The look at the end before the search never says no where the search says yes."""
    expected = bool(people._TRUNCATED_TAIL.search(latex))
    expected = expected and len(names := people.split_names(latex)) > 1
    expected = expected and people.is_truncation(names[-1])
    assert people.truncated(latex) == expected
