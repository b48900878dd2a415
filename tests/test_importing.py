"""Import planning, profile parsing and the remembered rejections, without a network."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import DATA, ROOT
from publist import bibfile, normalize, reading
from publist.errors import UsageProblem
from publist.plans import profile as importing
from publist.plans.base import plan_of
from publist.plans.profile import Status
from publist.sources import profiles

API = DATA / "api"


def owner_listings(name: str = "dblp_pid_owner.assembled.bib") -> list[profiles.Listing]:
    entries = normalize.parse_entries((API / name).read_text(encoding="utf-8"), name)
    return [profiles.dblp_listing(*entry) for entry in profiles.resolve_crossrefs(entries)]


def decide(listings, library_text: str, since=None, skips=()):
    library = bibfile.load_text(library_text)
    items = reading.publications(library)
    waiting, screened = importing.screen(
        listings, importing.library_ids(items), importing.remembered(library), since
    )
    keys = {block.key for block in library.entries()}
    planned = importing.plan([(item, item.record) for item in waiting], items, keys)
    return importing.reject([*screened, *planned], list(skips))


# --- identifying the profile ---


@pytest.mark.parametrize(
    "text",
    ["https://dblp.org/pid/12/3456", "pid/12/3456", "12/3456", "https://dblp.org/pid/12/3456.bib",
     "https://dblp.org/pid/12/3456.xml", "dblp.uni-trier.de/pid/12/3456.html", "12/3456/"],
)  # fmt: skip
def test_dblp_person_forms(text):
    assert profiles.dblp_person(text) == "12/3456"


def test_dblp_person_with_homonym_number_and_lettered_pid():
    assert profiles.dblp_person("https://dblp.org/pid/12/3456-1") == "12/3456-1"
    assert profiles.dblp_person("pid/c/ByungGonChun") == "c/ByungGonChun"


@pytest.mark.parametrize(
    "text", ["Gyeong-In Yu", "https://dblp.org/rec/conf/osdi/YuJKKC22", "pid/../etc", ""]
)
def test_not_a_dblp_person(text):
    with pytest.raises(UsageProblem):
        profiles.dblp_person(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0000-0002-1825-0097", "0000-0002-1825-0097"),
     ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
     ("0000000218250097", "0000-0002-1825-0097"),
     ("0000-0002-9079-593x", "0000-0002-9079-593X")],
)  # fmt: skip
def test_orcid_forms(text, expected):
    assert profiles.orcid_id(text) == expected


def test_orcid_check_digit_catches_a_typo():
    with pytest.raises(UsageProblem, match="check digit"):
        profiles.orcid_id("0000-0002-1825-0079")


# --- DBLP person lists ---


def test_owner_name_comes_from_the_records():
    listings = owner_listings()
    items = [reading.as_publication(*profiles._entry(item.record)) for item in listings]
    assert profiles.common_author(items) == "Gyeong-In Yu"
    assert profiles.common_author(items[:1]) == ""  # five authors on one paper: no telling


def test_crossref_proceedings_are_folded_in():
    text = (
        "@inproceedings{DBLP:conf/x/A1, author = {A. B}, title = {T}, crossref = {DBLP:conf/x/2020}}\n"
        "@proceedings{DBLP:conf/x/2020, title = {Proc. X 2020}, year = {2020}, publisher = {P}}\n"
    )
    entries = profiles.resolve_crossrefs(normalize.parse_entries(text, "t"))
    assert [key for key, _, _ in entries] == ["DBLP:conf/x/A1"]
    assert dict(entries[0][2]) == {
        "author": "{A. B}", "title": "{T}", "booktitle": "{Proc. X 2020}", "publisher": "{P}",
        "year": "{2020}",
    }  # fmt: skip


# --- planning against the owner's library ---


def test_owner_library_has_every_work_and_nimble_is_only_possible():
    outcomes, _ = decide(owner_listings(), (ROOT / "library.bib").read_text(encoding="utf-8"))
    by_id = {outcome.id: outcome for outcome in outcomes}
    assert [outcome.id for outcome in outcomes if outcome.status == Status.NEW] == []
    # DBLP's "Lightweight and Parallel" beside the CV's "Lightweight and Efficient".
    assert by_id["dblp:conf/nips/KwonYJC20"].status == Status.POSSIBLE
    assert by_id["dblp:journals/corr/abs-1906-03822"].reason == (
        "a preprint of yu2018making (same arxiv)"
    )
    assert by_id["dblp:journals/corr/abs-1812-01329"].reason == (
        "a preprint of jeong2019janus (same title)"
    )
    assert by_id["dblp:conf/sosp/KimJJYPC17"].reason == "in the library as kim2017auto (same title)"
    assert by_id["dblp:journals/pvldb/YuAKPZCWI21"].reason == (
        "in the library as yu2022windtunnel (same doi)"
    )


def test_keys_are_not_taken_by_works_left_out():
    outcomes, _ = decide(owner_listings(), "")
    keys = [outcome.entry.key for outcome in outcomes if outcome.entry]
    assert "jeong2019janus" in keys and "jeong2018janus" not in keys
    assert len(keys) == len(set(keys)) == 12


def test_a_work_listed_twice_is_offered_once():
    twice = owner_listings()[:1] * 2
    outcomes, _ = decide(twice, "")
    assert [outcome.status for outcome in outcomes] == [Status.NEW, Status.REPEATED]


def test_skip_by_id_or_key_and_unknown_skip():
    outcomes, rejected = decide(
        owner_listings(), "", skips=["yu2022orca", "DOI:10.1145/3302424.3303957"]
    )
    assert rejected == ["dblp:conf/osdi/YuJKKC22", "dblp:conf/eurosys/KimYPCJHLJC19"]
    assert sum(outcome.status == Status.REJECTED for outcome in outcomes) == 2
    with pytest.raises(UsageProblem, match="--skip nothing"):
        decide(owner_listings(), "", skips=["nothing"])


def test_since_keeps_works_without_a_year():
    listing = owner_listings()[0]
    undated = profiles.Listing(("orcid:x/1",), "Untitled", None, listing.record)
    outcomes, _ = decide([listing, undated], "", since=2030)
    assert [outcome.status for outcome in outcomes] == [Status.EARLIER, Status.NEW]


# --- the publist-skip block ---


def remember(library, ids) -> list[str]:
    """Plan the remembering and apply it, as the command does."""
    change, added = importing.remember(library, ids)
    if change is not None:
        plan_of([change]).apply(library)
    return added


def test_remembered_block_round_trips_and_grows_in_place():
    text = "% mine\r\n\r\n@misc{a,\r\n  title = {A},\r\n}\r\n"
    library = bibfile.load_text(text)
    assert remember(library, ["dblp:conf/x/A1"]) == ["dblp:conf/x/A1"]
    first = library.to_text()
    assert first == text + "\r\n@comment{publist-skip:\r\n  dblp:conf/x/A1\r\n}\r\n"
    again = bibfile.load_text(first)
    assert importing.remembered(again) == ("dblp:conf/x/A1",)
    assert remember(again, ["dblp:conf/x/A1"]) == []
    assert not again.changed
    remember(again, ["doi:10.1/b(c)"])
    assert again.to_text() == first.replace("A1\r\n}", "A1\r\n  doi:10.1/b(c)\r\n}")


@given(st.lists(st.from_regex(r"(dblp|doi|orcid):[a-z0-9/.()\-]{1,20}", fullmatch=True)))
def test_any_ids_are_read_back_in_order(ids):
    library = bibfile.load_text("@misc{a, title = {A}}\n")
    remember(library, ids)
    assert importing.remembered(bibfile.load_text(library.to_text())) == tuple(dict.fromkeys(ids))


def test_untouched_library_with_the_block_saves_byte_for_byte():
    text = "@comment{publist-skip:\n  doi:10.1/x\n}\n\n@misc{a, title = {A}}\n"
    library = bibfile.load_text(text)
    assert importing.remembered(library) == ("doi:10.1/x",)
    assert library.to_text() == text
    assert [block.key for block in library.entries()] == ["a"]


# --- ORCID answers ---


def orcid_listings():
    works = json.loads((API / "orcid_0000-0002-1825-0097_works.assembled.json").read_text())
    return profiles.orcid_listings("0000-0002-1825-0097", works, "Josiah Carberry")


def test_orcid_listing_ids_and_types():
    listings = orcid_listings()
    assert [item.ids for item in listings] == [
        ("doi:10.1126/foo", "orcid:0000-0002-1825-0097/1001"),
        ("doi:10.1126/science.169.3946.635", "orcid:0000-0002-1825-0097/1002"),
        ("orcid:0000-0002-1825-0097/1004",),  # the ISBN is the book's (part-of), not the chapter's
        ("orcid:0000-0002-1825-0097/1005",),
    ]
    assert [item.record.entry_type for item in listings] == [
        "inproceedings", "article", "incollection", "misc",
    ]  # fmt: skip
    assert listings[1].title == "The Structure of Ordinary Water"  # the group's first summary


def test_orcid_person_name():
    person = json.loads((API / "orcid_0000-0002-1825-0097_person.assembled.json").read_text())
    assert profiles.person_name(person) == "Josiah Carberry"
    assert (
        profiles.person_name({"name": {"credit-name": {"value": "J. Carberry"}}}) == "J. Carberry"
    )
    assert profiles.person_name({"name": None}) == ""
