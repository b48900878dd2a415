"""normalize: keys, cleaning, types and marks on new entries (pure, table-driven)."""

from __future__ import annotations

import pytest

from publist.errors import ParseError
from publist.kinds import VenueType
from publist.normalize import (
    Marks,
    Typed,
    as_publication,
    base_key,
    by_hand,
    clean,
    draft,
    escape,
    parse_entries,
    unique_key,
)


@pytest.mark.parametrize(
    ("author", "year", "title", "key"),
    [
        (
            "Gyeong-In Yu and Byung-Gon Chun",
            "2022",
            "Orca: A Distributed Serving System",
            "yu2022orca",
        ),
        (
            "Yu, Gyeong-In",
            "2022",
            "{WindTunnel}: Towards Differentiable {ML} Pipelines",
            "yu2022windtunnel",
        ),
        ("Supun Nakandala", "2020", "A Tensor Compiler Approach", "nakandala2020tensor"),
        ("Ashish Vaswani", "2017", "Attention Is All You Need", "vaswani2017attention"),
        ('Dirk W{\\"u}bben', "2019", "On the Use of Things", "wubben2019use"),
        ("Ulrike von Luxburg", "2007", "A tutorial on spectral clustering", "luxburg2007tutorial"),
        ("Łukasz Kaiser", "2017", "One Model To Learn Them All", "kaiser2017one"),
        ("", "2020", "The Title", "2020title"),
        ("Nobody", "", "", "nobody"),
    ],
)
def test_base_key(author, year, title, key):
    raw = [("author", "{" + author + "}")] if author else []
    raw += [("year", "{" + year + "}"), ("title", "{" + title + "}")]
    assert base_key(as_publication("", "article", raw)) == key


def test_unique_key_suffixes():
    assert unique_key("yu2022orca", []) == "yu2022orca"
    assert unique_key("yu2022orca", ["Yu2022Orca"]) == "yu2022orcaa"
    assert unique_key("yu2022orca", ["yu2022orca", "yu2022orcaa"]) == "yu2022orcab"
    taken = ["k"] + [f"k{chr(c)}" for c in range(ord("a"), ord("z") + 1)]
    assert unique_key("k", taken) == "kaa"


@pytest.mark.parametrize(
    ("raw", "macro"),
    [
        ("Aug", "aug"),
        ("{August}", "aug"),
        ("8", "aug"),
        ('"aug."', "aug"),
        ("{Sept}", "sep"),
        ("{13}", None),
        ("{Spring}", None),
    ],
)
def test_month_macro(raw, macro):
    assert dict(clean("article", [("month", raw)])[1]).get("month") == (macro or raw)


def test_clean_drops_noise_and_tidies():
    raw = [
        ("Author", "{A and\n      B}"),
        ("title", "{T}"),
        ("DOI", "{https://doi.org/10.1145/X}"),
        ("url", "{http://dx.doi.org/10.1145/X}"),
        ("month", "Jul"),
        ("pages", "{635–641}"),
        ("timestamp", "{Tue}"),
        ("biburl", "{https://dblp.org/rec/x.bib}"),
        ("bibsource", "{dblp}"),
        ("ISSN", "{1}"),
        ("year", "2022"),
        ("note", "{}"),
    ]
    entry_type, fields = clean("Article", raw)
    assert entry_type == "article"
    assert fields == [
        ("author", "{A and B}"),
        ("title", "{T}"),
        ("pages", "{635--641}"),
        ("year", "{2022}"),
        ("month", "jul"),
        ("doi", "{10.1145/X}"),
        ("issn", "{1}"),
    ]


def test_clean_keeps_a_url_that_is_not_the_doi():
    _, fields = clean("article", [("doi", "{10.1/x}"), ("url", "{https://example.org/paper.pdf}")])
    assert ("url", "{https://example.org/paper.pdf}") in fields


def test_draft_applies_type_marks_and_order():
    raw = [
        ("title", "{Orca}"),
        ("author", "{Gyeong-In Yu and Joo Seong Jeong}"),
        ("booktitle", "{OSDI}"),
        ("year", "{2022}"),
    ]
    entry = draft(
        "inproceedings",
        raw,
        {"yu2022orca"},
        Marks(equal=(1, 2), award="Best Paper", tags=("serving",)),
    )
    assert entry.key == "yu2022orcaa"
    assert entry.render() == (
        "@inproceedings{yu2022orcaa,\n"
        "  author    = {Gyeong-In Yu and Joo Seong Jeong},\n"
        "  title     = {Orca},\n"
        "  booktitle = {OSDI},\n"
        "  year      = {2022},\n"
        "  keywords  = {conference, serving},\n"
        "  author+an = {1=equal; 2=equal},\n"
        "  award     = {Best Paper},\n"
        "}"
    )


def test_draft_type_and_key_overrides():
    raw = [("title", "{T}"), ("author", "{A B}"), ("journal", "{J}"), ("year", "{2020}")]
    entry = draft("article", raw, set(), Marks(venue_type=VenueType.WORKSHOP, key="mine"))
    assert entry.key == "mine"
    assert ("keywords", "{workshop}") in entry.fields


def test_draft_keeps_a_stored_venue_type():
    raw = [
        ("title", "{T}"),
        ("author", "{A B}"),
        ("journal", "{J}"),
        ("year", "{2020}"),
        ("keywords", "{poster, ml}"),
    ]
    assert ("keywords", "{poster, ml}") in draft("article", raw, set()).fields


def test_parse_entries_inlines_string_macros():
    text = (
        '@string{emnlp = "EMNLP"}\n@inproceedings{x, title={T}, booktitle = emnlp, month = sep}\n'
    )
    assert parse_entries(text, "pasted") == [
        ("x", "inproceedings", [("title", "{T}"), ("booktitle", "{EMNLP}"), ("month", "sep")])
    ]


def test_parse_entries_failure_names_the_line():
    with pytest.raises(ParseError) as raised:
        parse_entries(
            "@article{ok, title={T}}\n\n@article{bad, title={T}, title={U}}\n", "pasted.bib"
        )
    assert str(raised.value) == "pasted.bib:3: entry 'bad' has the field title more than once"


def test_by_hand_escapes_specials():
    typed = Typed("Fast & Small: 100% _ok_", ("A B", "C D"), "2022", VenueType.CONFERENCE,
                  "OSDI", "jul", doi="10.1/x", url="https://x.org")  # fmt: skip
    entry_type, raw = by_hand(typed)
    assert entry_type == "inproceedings"
    assert raw == [
        ("author", "{A B and C D}"),
        ("title", "{Fast \\& Small: 100\\% \\_ok\\_}"),
        ("booktitle", "{OSDI}"),
        ("year", "{2022}"),
        ("month", "jul"),
        ("doi", "{10.1/x}"),
        ("url", "{https://x.org}"),
    ]


def test_escape_drops_unbalanced_braces():
    assert escape("a } b {") == "a b"
    assert escape("{Orca}") == "{Orca}"


# --- what a service may not set, and what it writes oddly ---

USER_SET = [
    ("award", "{Best Paper}"),
    ("author+an", "{1=highlight}"),
    ("ids", "{old2020}"),
    ("distinct", "{other2020}"),
    ("keywords", "{ml, systems}"),
    ("selected", "{true}"),
]


def test_fields_only_the_user_sets_never_come_from_a_service():
    raw = [("author", "{A B}"), ("title", "{T}"), ("booktitle", "{OSDI}"), ("year", "{2022}")]
    fetched = draft("inproceedings", raw + USER_SET, set(), origin="DBLP")
    names = {name for name, _ in fetched.fields}
    assert names == {"author", "title", "booktitle", "year", "keywords"}
    assert dict(fetched.fields)["keywords"] == "{conference}"  # publist's guess, not theirs
    pasted = draft("inproceedings", raw + USER_SET, set())
    assert {name for name, _ in pasted.fields} >= {name for name, _ in USER_SET}


def test_a_service_doi_is_stored_decoded_and_its_doi_link_dropped():
    raw = [("title", "{T}"), ("doi", "{10.1007/11880561\\_13}"),
           ("url", "{https://doi.org/10.1007/11880561\\_13}")]  # fmt: skip
    assert dict(draft("incollection", raw, set(), origin="DBLP").fields) == {
        "title": "{T}", "doi": "{10.1007/11880561_13}", "keywords": "{chapter}",
    }  # fmt: skip
    quoted = [("doi", "{10.1007/11880561_13}"), ("url", "{https://doi.org/10.1007%2F11880561_13}")]
    assert "url" not in dict(clean("incollection", quoted)[1])


@pytest.mark.parametrize(
    ("venue", "kind"),
    [
        ("VLDB 2023 Demonstrations", VenueType.DEMO),
        ("HotOS '23", VenueType.WORKSHOP),
        ("Proceedings of the VLDB Endowment", VenueType.CONFERENCE),
        ("arXiv preprint", VenueType.PREPRINT),
        ("Nature", None),
        ("", None),
    ],
)
def test_the_venue_type_a_venue_says_on_its_own(venue, kind):
    from publist.normalize import venue_type_of

    assert venue_type_of(venue) == kind


def test_pasted_text_with_a_field_twice_reads_as_bibtex_reads_it():
    text = (
        "@article{a, title={T}, journal={bioRxiv}, year={2023}, journal={bioRxiv}}\n"
        "@article{b, title={U}, keywords={x, y}, year={2023}, keywords={y, z}}\n"
    )
    assert parse_entries(text, "pasted") == [
        ("a", "article", [("title", "{T}"), ("journal", "{bioRxiv}"), ("year", "{2023}")]),
        ("b", "article", [("title", "{U}"), ("keywords", "{x, y, z}"), ("year", "{2023}")]),
    ]
    with pytest.raises(ParseError, match="has the field journal more than once"):
        parse_entries("@article{c, journal={A}, journal={B}}\n", "pasted")
