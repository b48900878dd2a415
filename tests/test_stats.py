"""stats.py: the counts on the owner's library, venue short names, roles, co-authors, filters."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from publist import bibfile, config, model, reading, selection, stats
from publist.errors import UsageProblem
from publist.kinds import VenueType
from publist.selection import Selection
from publist.stats import Role, Stats, year_bars

OWNER = ("Gyeong-In Yu", "Gyeongin Yu")
CV_BY_TYPE = {"conference": 9, "journal": 1, "workshop": 5, "demo": 1, "patent": 2}
CV_BY_YEAR = {"2016": 1, "2017": 1, "2018": 2, "2019": 7, "2020": 2, "2021": 1, "2022": 4}


def bundled() -> list[model.Publication]:
    return reading.publications(bibfile.load(ROOT / "library.bib"))


def entries(text: str) -> list[model.Publication]:
    return reading.publications(bibfile.load_text(text))


def entry(body: str, entry_type: str = "inproceedings") -> model.Publication:
    return entries(f"@{entry_type}{{k,\n{body}\n}}\n")[0]


def test_bundled_library_matches_the_cv():
    owner_names = config.load_config(ROOT / "library.bib").owner_names
    counts = stats.compute(bundled(), owner_names)
    assert counts.total == 18
    assert counts.by_type == CV_BY_TYPE
    assert counts.by_year == CV_BY_YEAR
    assert counts.by_type_year["conference"] == {
        "2016": 0, "2017": 0, "2018": 1, "2019": 3, "2020": 2, "2021": 1, "2022": 2,
    }  # fmt: skip
    assert counts.by_type_year["patent"]["2022"] == 2
    assert sum(sum(row.values()) for row in counts.by_type_year.values()) == 18


def test_per_year_counts_agree_with_the_cv_text(shared):
    """Count the CV's own items by their last year, so the figures are not hand-copied."""
    cv = (shared / "owner" / "cv-publications.md").read_text(encoding="utf-8")
    items = [line for line in cv.splitlines() if re.match(r"^\d+\. ", line)]
    years = Counter(re.findall(r"\b(20\d\d)\b", line)[-1] for line in items)
    assert len(items) == 18
    assert dict(sorted(years.items())) == CV_BY_YEAR


def test_bundled_venues_roles_and_coauthors():
    counts = stats.compute(bundled(), OWNER)
    assert counts.by_venue == {
        "NeurIPS Workshop": 3, "EuroSys": 2, "NeurIPS": 2, "OSDI": 2, "ICDCS": 1,
        "ICML Workshop": 1, "MLSys Demo": 1, "NSDI": 1, "OSR": 1, "SOSP Workshop": 1, "VLDB": 1,
    }  # fmt: skip
    assert counts.by_role["conference"] == {
        "first": 2, "equal-first": 1, "last": 0, "other": 6, "unmatched": 0,
    }  # fmt: skip
    assert counts.by_role["workshop"]["last"] == 1  # Dolphin
    assert counts.by_role["patent"]["first"] == 2  # "Gyeongin Yu" is the owner too
    assert list(counts.coauthors.items())[:3] == [
        ("Byung-Gon Chun", 16), ("Joo Seong Jeong", 11), ("Eunji Jeong", 9),
    ]  # fmt: skip
    assert "Gyeong-In Yu" not in counts.coauthors and "Gyeongin Yu" not in counts.coauthors
    # 'Dongjin Shin' and 'Dong-Jin Shin', 'Hojin Park' and 'Ho Jin Park' are one person each
    assert counts.coauthors["Dongjin Shin"] == 4 and "Dong-Jin Shin" not in counts.coauthors
    assert counts.coauthors["Hojin Park"] == 3 and "Ho Jin Park" not in counts.coauthors
    assert counts.coauthors["Yunseong Lee"] == 2


@pytest.mark.parametrize(
    ("text", "short"),
    [
        (
            "16th USENIX Symposium on Operating Systems Design and Implementation (OSDI 2022)",
            "OSDI",
        ),
        (
            "Proceedings of the 27th ACM Symposium on Operating Systems Principles (SOSP '19)",
            "SOSP",
        ),
        ("14th European Conference on Computer Systems (EuroSys 2019)", "EuroSys"),
        ("Proceedings of the 2021 ACM Symposium on Cloud Computing (SoCC'21)", "SoCC"),
        ("ACM SIGOPS Operating Systems Review (OSR)", "OSR"),
        (
            "Proceedings of the 20th International Middleware Conference (Middleware '19)",
            "Middleware",
        ),
        ("Advances in Neural Information Processing Systems", "NeurIPS"),
        ("Advances in Neural Information Processing Systems 30 (NIPS 2017)", "NeurIPS"),
        ("NIPS", "NeurIPS"),
        ("Proceedings of the VLDB Endowment", "VLDB"),
        ("Proc. VLDB Endow.", "VLDB"),
        ("PVLDB", "VLDB"),
        ("Proceedings of Machine Learning and Systems", None),
        ("Proceedings of the Conference on Machine Learning and Systems", "MLSys"),
        ("SysML", "MLSys"),
        ("Proceedings of the 36th International Conference on Machine Learning", "ICML"),
        ("Second Conference on Machine Learning and Systems (MLSys)", "MLSys"),
        ("FooConf '21", "FooConf"),
        ("Journal of Irreproducible Results", None),
        ("Proceedings (Volume 1)", None),
    ],
)
def test_acronym(text, short):
    assert stats.acronym(text) == short


@pytest.mark.parametrize(
    ("body", "kind", "key"),
    [
        ("booktitle = {Systems for ML Workshop at 33rd Conference on Neural Information "
         "Processing Systems (NeurIPS)}", VenueType.WORKSHOP, "NeurIPS Workshop"),
        ("booktitle = {Workshop on AI Systems at 26th ACM Symposium on Operating Systems "
         "Principles (SOSP)}", VenueType.WORKSHOP, "SOSP Workshop"),
        ("booktitle = {Demonstration at Second Conference on Machine Learning and Systems (MLSys)}",
         VenueType.DEMO, "MLSys Demo"),
        ("booktitle = {Proceedings of the Workshop on Hot Topics in Operating Systems (HotOS '21)}",
         VenueType.WORKSHOP, "HotOS"),
        ("booktitle = {Proceedings of the Fourteenth EuroSys Conference 2019}, series = {EuroSys '19}",
         VenueType.CONFERENCE, "EuroSys"),
        ("booktitle = {Proceedings of Something}, venue = {NIPS}", VenueType.CONFERENCE, "NeurIPS"),
        ("booktitle = {Proceedings of the 3rd Annual Meeting of Friends 2020}, series = {ICPS}",
         VenueType.CONFERENCE, "Annual Meeting of Friends"),
        ("journal = {Journal of Irreproducible Results}", VenueType.JOURNAL,
         "Journal of Irreproducible Results"),
        ("booktitle = {Proceedings of the 3rd Annual Meeting of Friends 2020}",
         VenueType.CONFERENCE, "Annual Meeting of Friends"),
        ("type = {US Patent}, number = {1}", VenueType.PATENT, None),
        ("booktitle = {Proceedings of the IEEE/CVF ICCV}, abbr = {ICCV 2025}",
         VenueType.CONFERENCE, "ICCV"),  # al-folio's badge: the owner's own short name
        ("booktitle = {A Handbook}, abbr = {Book chapter}", VenueType.CHAPTER, "A Handbook"),
    ],
)  # fmt: skip
def test_venue_key(body, kind, key):
    assert stats.venue_key(entry(body), kind) == key


@pytest.mark.parametrize(
    ("authors", "marks", "role"),
    [
        ("Gyeong-In Yu and A. B", "", Role.FIRST),
        ("Gyeong-In Yu", "", Role.FIRST),
        ("A. B and Gyeong-In Yu", "", Role.LAST),
        ("A. B and Gyeong-In Yu and C. D", "", Role.OTHER),
        ("A. B and Gyeong-In Yu and C. D", "1=equal; 2=equal", Role.EQUAL_FIRST),
        ("Gyeong-In Yu and A. B", "1=equal; 2=equal", Role.EQUAL_FIRST),
        ("A. B and C. D and Gyeong-In Yu", "1=equal; 2=equal", Role.LAST),
        ("A. B and C. D and Gyeong-In Yu and E. F", "2=equal; 3=equal", Role.OTHER),
        ("Gyeongin Yu and A. B", "", Role.FIRST),
        ("G. Yu and A. B", "", Role.FIRST),
        ("A. B and C. D", "", Role.UNMATCHED),
        ("A. B and Yu Kim and C. D", "2=highlight", Role.OTHER),
        ("A. B and Gyeong-In Yu and others", "", Role.OTHER),  # the last named, not the last
    ],
)
def test_role(authors, marks, role):
    annotation = f", author+an = {{{marks}}}" if marks else ""
    item = entry(f"author = {{{authors}}}{annotation}")
    assert stats.role(item, stats.NameMatcher.of(OWNER)) == role


def test_coauthors_merge_spellings_and_count_each_entry_once():
    items = entries(
        "@misc{a, author = {Gyeong-In Yu and Dong-Jin Shin and Dongjin Shin}}\n"
        "@misc{b, author = {Dongjin Shin and Gyeong-In Yu and Byung-Gon Chun}}\n"
        "@misc{c, author = {Dong-Jin Shin and Byung-Gon Chun}}\n"
    )
    found = stats.coauthors(items, stats.NameMatcher.of(OWNER))
    assert found == {"Dong-Jin Shin": 3, "Byung-Gon Chun": 2}


def test_without_an_owner_everyone_is_a_coauthor_and_roles_are_unmatched():
    counts = stats.compute(bundled(), ())
    assert counts.coauthors["Gyeong-In Yu"] == 18  # "Gyeongin Yu" of the patents folds alike
    assert counts.by_role["conference"]["unmatched"] == 9


def test_filters_keep_every_type_of_the_library():
    counts = stats.compute(bundled(), OWNER, selection.parse(since=2020))
    assert counts.total == 7
    assert counts.by_type == {"conference": 5, "journal": 0, "workshop": 0, "demo": 0, "patent": 2}
    assert list(counts.by_year) == ["2020", "2021", "2022"]


def test_filters_by_type_until_and_tag():
    items = bundled()
    counts = stats.compute(items, OWNER, selection.parse(["Conference", "demo"], until=2019))
    assert counts.by_type == {"conference": 4, "demo": 1}
    assert counts.by_year == {"2018": 1, "2019": 4}
    assert stats.compute(items, OWNER, selection.parse(tags=["none-such"])).total == 0
    tagged = entries(
        "@inproceedings{a, title={A}, year={2020}, keywords={conference, Serving}}\n"
        "@inproceedings{b, title={B}, year={2021}, keywords={conference}}\n"
        "@inproceedings{c, title={C}, year={2021}, keywords={training}}\n"
    )
    counts = stats.compute(tagged, (), selection.parse(tags=["serving", "training"]))
    assert counts.total == 2 and counts.by_year == {"2020": 1, "2021": 1}


def test_an_asked_type_shows_at_zero():
    counts = stats.compute(bundled(), OWNER, selection.parse(["thesis", "demo"]))
    assert counts.by_type == {"demo": 1, "thesis": 0}


def test_years_fill_gaps_and_undated_entries_come_last():
    items = entries(
        "@article{a, journal={J}, year={2015}}\n"
        "@article{b, journal={J}, year={2018}}\n"
        "@article{c, journal={J}}\n"
    )
    counts = stats.compute(items, ())
    assert counts.by_year == {"2015": 1, "2016": 0, "2017": 0, "2018": 1, "unknown": 1}
    # a year filter cannot place an undated entry, so it leaves it out
    assert stats.compute(items, (), Selection(since=2000)).total == 2


def test_empty_library():
    counts = stats.compute([], OWNER)
    assert counts.as_dict() == {
        "total": 0, "by_type": {}, "by_year": {}, "by_type_year": {}, "by_venue": {},
        "by_role": {}, "coauthors": {},
    }  # fmt: skip
    assert stats.to_csv(stats.type_year_table(counts)) == "type,total\ntotal,0\n"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: selection.parse_year("--since", "last year"), "--since needs a year"),
        (lambda: selection.parse_year("--until", "19"), "--until needs a year"),
        (lambda: selection.parse(since=2022, until=2019), "an empty range"),
        (lambda: selection.parse(["conferences"]), "unknown venue type 'conferences'"),
    ],
)
def test_bad_options(call, message):
    with pytest.raises(UsageProblem, match=message):
        call()


def test_markdown_escapes_pipes():
    table = stats.Table(("venue", "count"), (("A | B", "1"),))
    assert stats.to_markdown(table) == "| venue | count |\n| --- | ---: |\n| A \\| B | 1 |\n"


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["conference", "journal", "workshop", "demo", "patent"]),
        st.dictionaries(st.sampled_from(["2019", "2020", "2021"]), st.integers(0, 500)),
    )
)
def test_stacked_bars_are_as_long_as_the_year_bars(by_type_year):
    years = ["2019", "2020", "2021"]
    by_year = {year: sum(row.get(year, 0) for row in by_type_year.values()) for year in years}
    counts = Stats(sum(by_year.values()), {}, by_year, by_type_year, {}, {}, {})
    most = max(by_year.values())
    for year, stack, count in year_bars(counts, 40):
        assert count == by_year[year]
        assert sum(width for _, width in stack) == (round(count * 40 / most) if most else 0)
        assert all(width > 0 for _, width in stack)
        order = list(by_type_year)
        assert [kind for kind, _ in stack] == sorted((k for k, _ in stack), key=order.index)


def test_marks_in_names_and_and_others_are_no_coauthors():
    items = entries(
        "@misc{a, author = {Yu*, Gyeong-In and Shin*, Dongjin and others}}\n"
        "@misc{b, author = {Dongjin Shin and Gyeong-In Yu and et al.}}\n"
    )
    assert stats.coauthors(items, stats.NameMatcher.of(OWNER)) == {"Dongjin Shin": 2}
    assert stats.role(items[0], stats.NameMatcher.of(OWNER)) == Role.EQUAL_FIRST
