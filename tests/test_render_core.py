"""The formatting core: grouping, order, numbering, marks, venue and date text, links."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publist import bibfile, blocks, model, reading, render
from publist.config import Config, Group, parse_config
from publist.kinds import VenueType
from publist.render import core, details, item_pieces, markdown, plain
from publist.render.core import GroupBy, Kind, Numbering, Options
from publist.selection import Selection, parse

LIBRARY = """
@inproceedings{a2022, author = {Gyeong-In Yu and Bob Smith}, title = {Alpha},
  booktitle = {Conf A}, year = 2022, month = jul, keywords = {conference}}
@inproceedings{b2022, author = {Bob Smith and G. Yu}, title = {Beta},
  booktitle = {Conf B}, year = 2022, month = dec, keywords = {conference, ml}}
@article{c2021, author = {Carol Jones}, title = {Gamma?}, journal = {Journal C},
  year = 2021, keywords = {journal}, author+an = {1=highlight}}
@phdthesis{d2020, author = {Yu, Gyeong-In}, title = {Delta}, school = {SNU}, year = 2020}
@patent{p2, author = {Gyeongin Yu}, title = {Patent Two}, number = {11514370},
  type = {US Patent}, year = 2022}
@patent{p1, author = {Gyeongin Yu}, title = {Patent One}, number = {11442775},
  type = {US Patent}, year = 2022}
@software{s2019, author = {Gyeong-In Yu}, title = {Tool}, year = 2019}
"""
CONFIG = parse_config(
    {
        "owner": {"name": "Gyeong-In Yu", "aliases": ["Gyeongin Yu"]},
        "export": {
            "groups": [
                {"title": "Conference Publications", "types": ["conference"], "label": "C"},
                {"title": "Journal Articles", "types": ["journal"], "label": "J"},
                {"title": "Patents", "types": ["patent"], "label": "P"},
            ]
        },
    }
)


@pytest.fixture
def items(tmp_path: Path) -> list[model.Publication]:
    path = tmp_path / "library.bib"
    path.write_text(LIBRARY, encoding="utf-8")
    return reading.publications(bibfile.load(path))


def layout(document: core.Document) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(s.title, [(i.label, i.key) for i in s.items]) for s in document.sections]


def test_groups_in_config_order_and_leftovers_land_in_other(items):
    document = core.build(items, CONFIG, Options())
    assert layout(document) == [
        ("Conference Publications", [("1", "b2022"), ("2", "a2022")]),
        ("Journal Articles", [("1", "c2021")]),
        ("Patents", [("1", "p2"), ("2", "p1")]),  # the same date: the file's order
        ("Other", [("1", "d2020"), ("2", "s2019")]),  # thesis and unknown type: never dropped
    ]
    assert [s.anchor for s in document.sections] == [
        "conference-publications", "journal-articles", "patents", "other",
    ]  # fmt: skip


def test_a_type_in_two_groups_lands_in_the_first(items):
    groups = [{"title": "Papers", "types": ["journal", "conference"]},
              {"title": "Conferences", "types": ["conference", "patent"]}]  # fmt: skip
    config = parse_config({"export": {"groups": groups}})
    assert [(title, len(keys)) for title, keys in layout(core.build(items, config, Options()))] == [
        ("Papers", 3), ("Conferences", 2), ("Other", 2)
    ]  # fmt: skip


def test_numbering_modes(items):
    continuous = core.build(items, CONFIG, Options(numbering=Numbering.CONTINUOUS))
    assert [i.label for i in continuous.items] == ["1", "2", "3", "4", "5", "6", "7"]
    reverse = core.build(items, CONFIG, Options(reverse_numbers=True))
    assert [i.number for i in reverse.items] == [2, 1, 1, 2, 1, 2, 1]
    none = core.build(items, CONFIG, Options(numbering=Numbering.NONE))
    assert {(i.number, i.label) for i in none.items} == {(None, "")}
    labels = core.build(items, CONFIG, Options(labels=True))
    assert [i.label for i in labels.items] == ["C1", "C2", "J1", "P1", "P2", "O1", "O2"]


def test_labels_follow_the_type_when_grouped_by_year(items):
    document = core.build(items, CONFIG, Options(group_by=GroupBy.YEAR, labels=True))
    assert layout(document) == [
        ("2022", [("C1", "b2022"), ("C2", "a2022"), ("P1", "p2"), ("P2", "p1")]),
        ("2021", [("J1", "c2021")]),
        ("2020", [("O1", "d2020")]),
        ("2019", [("O2", "s2019")]),
    ]


def test_group_by_none_and_filters(items):
    document = core.build(items, CONFIG, Options(Selection(since=2021, until=2021), GroupBy.NONE))
    assert layout(document) == [("Publications", [("1", "c2021")])]
    tagged = core.build(items, CONFIG, Options(Selection(tags=("ML",))))
    assert [i.key for i in tagged.items] == ["b2022"]
    typed = core.build(items, CONFIG, Options(parse(["patent", "thesis"])))
    assert [i.key for i in typed.items] == ["p2", "p1", "d2020"]


def test_owner_in_every_spelling_and_highlight(items):
    document = core.build(items, CONFIG, Options())
    owners = {
        item.key: [p.text for p in item.pieces if p.kind is Kind.AUTHOR and p.owner]
        for item in document.items
    }
    assert owners == {
        "b2022": ["G. Yu"], "a2022": ["Gyeong-In Yu"], "c2021": ["Carol Jones"],
        "p2": ["Gyeongin Yu"], "p1": ["Gyeongin Yu"], "d2020": ["Gyeong-In Yu"],
        "s2019": ["Gyeong-In Yu"],
    }  # fmt: skip
    assert all(item.has_owner for item in document.items)


def test_items_without_their_text_keep_their_place_and_owner(items):
    """Options(pieces=False), as -f bib asks: the same items, numbers and owners, no text."""
    carol = parse_config({"owner": {"name": "Carol Jones"}})
    for config in (CONFIG, carol):
        whole = core.build(items, config, Options())
        alone = core.build(items, config, Options(pieces=False))
        assert layout(alone) == layout(whole) and all(not item.pieces for item in alone.items)
        assert [i.has_owner for i in alone.items] == [i.has_owner for i in whole.items]
    assert sum(item.has_owner for item in alone.items) == 1  # Carol's paper alone


def test_texts_of_patent_thesis_unknown_type_and_question_title(items):
    texts = {i.key: plain.item_text(i) for i in core.build(items, CONFIG, Options()).items}
    assert texts["p2"] == "Gyeongin Yu. Patent Two. US Patent 11,514,370, 2022."
    assert texts["d2020"] == "Gyeong-In Yu. Delta. SNU, 2020."
    assert texts["s2019"] == "Gyeong-In Yu. Tool. 2019."
    assert texts["c2021"] == "Carol Jones. Gamma? Journal C, 2021."


def test_no_owner_means_nobody_bold(items):
    document = core.build(items, Config(), Options())
    assert document.owner == ""
    bold = [(i.key, p.text) for i in document.items for p in i.pieces if p.owner]
    assert bold == [("c2021", "Carol Jones")]  # an author+an highlight still counts


def entry(text: str, config: Config = CONFIG, tmp: Path | None = None) -> core.Item:
    library = bibfile.LibraryFile(Path("x.bib"), text, blocks=blocks.parse_text(text)[0])
    (publication,) = reading.publications(library)
    return core.build([publication], config, Options()).items[0]


def test_equal_contribution_award_and_month_styles():
    text = """@inproceedings{k, author = {Woosuk Kwon and Gyeong-In Yu and Eunji Jeong},
      title = {Nimble}, booktitle = {NeurIPS 2020}, year = 2020, month = dec,
      author+an = {1=equal; 2=equal}, award = {Spotlight}}"""
    item = entry(text)
    assert markdown.item_text(item) == (
        "Woosuk Kwon\\*, **Gyeong-In Yu\\***, Eunji Jeong (\\*equal contribution). Nimble. "
        "*NeurIPS 2020 (Spotlight)*, December 2020."
    )
    short = entry(text, parse_config({"export": {"months": "short"}}))
    assert plain.item_text(short).endswith("(Spotlight), Dec. 2020.")
    no_month = entry(text, parse_config({"export": {"months": "none"}}))
    assert plain.item_text(no_month).endswith("(Spotlight), 2020.")


def test_links_are_safe_labelled_and_not_repeated():
    text = """@article{x, author = {A B}, title = {T}, journal = {J}, year = 2020,
        url = {https://arxiv.org/abs/1906.03822}, eprint = {1906.03822}, archiveprefix = {arXiv},
        doi = {10.1/x}, code = {javascript:alert(1)}, slides = {https://e.org/s(1).pdf}}"""
    item = entry(text)
    links = [(p.text, p.url) for p in item.pieces if p.kind is Kind.LINK]
    assert links == [
        ("paper", "https://arxiv.org/abs/1906.03822"),  # the eprint leads there too: once
        ("slides", "https://e.org/s(1).pdf"),
        ("DOI", "https://doi.org/10.1/x"),
    ]
    alone = entry(text, parse_config({"export": {"doi_link": "alone"}}))
    assert [p.text for p in alone.pieces if p.kind is Kind.LINK] == ["paper", "slides"]
    assert "[slides](https://e.org/s%281%29.pdf)" in markdown.item_text(item)
    bare = entry("""@misc{y, title = {Only a title}, doi = {10.1/y}}""")
    assert plain.item_text(bare) == "Only a title. DOI: https://doi.org/10.1/y"


def test_untyped_entries_are_classified_not_dropped():
    item = entry("""@inproceedings{w, author = {A B}, title = {T}, booktitle = {Workshop on X}}""")
    assert item.venue_type is VenueType.WORKSHOP


def test_every_format_agrees_on_numbers(items):
    document = core.build(items, CONFIG, Options(labels=True))
    rendered = markdown.render(document)
    for item in document.items:
        assert f"- {item.label}. " in rendered


def test_leftover_label_avoids_a_configured_o():
    config = Config(groups=(Group("Other Publications", (VenueType.CONFERENCE,), "O"),))
    text = """@misc{m, title = {T}, year = 2020}"""
    library = bibfile.LibraryFile(Path("x.bib"), text, blocks=blocks.parse_text(text)[0])
    document = core.build(reading.publications(library), config, Options(labels=True))
    assert [(s.title, s.items[0].label) for s in document.sections] == [("Other", "X1")]


def test_the_venue_latex_is_the_venue_fields_own():
    text = (
        '@inproceedings{k, author={A B}, title={T}, note={{\\"U}ber Conf},\n'
        '  booktitle={{\\"U}ber {C}onf}, year={2020}}\n'
    )
    publication = reading.publications(bibfile.load_text(text))[0]
    pieces = item_pieces.pieces_of(publication, VenueType.CONFERENCE, set(), Config())
    venue = next(piece for piece in pieces if piece.kind is Kind.VENUE)
    assert venue.latex == '{\\"U}ber {C}onf'  # not the note, which decodes alike


def test_config_numbering_and_months_are_the_closed_vocabularies():
    from publist.config import MonthStyle
    from publist.errors import ConfigError

    config = parse_config({"export": {"numbering": "continuous", "months": "short"}})
    assert config.numbering is Numbering.CONTINUOUS and config.month_style is MonthStyle.SHORT
    assert Config().numbering is Numbering.PER_GROUP and Config().month_style is MonthStyle.LONG
    with pytest.raises(
        ConfigError,
        match="numbering must be one of per-group, continuous, none, not the string 'roman'",
    ):
        parse_config({"export": {"numbering": "roman"}})


# --- issue 17: et al., CV details, the file's order, marks in names ---


def test_and_others_reads_et_al_in_every_format_and_is_no_author():
    from publist.render import html, json_format, latex

    item = entry("""@article{k, author = {Gyeong-In Yu and Bob Smith and others}, title = {T},
      journal = {J}, year = 2020}""")
    assert plain.item_text(item).startswith("Gyeong-In Yu, Bob Smith, et al. T. J, 2020.")
    assert markdown.item_text(item).startswith("**Gyeong-In Yu**, Bob Smith, et al. T.")
    assert html.item_text(item).startswith("<strong>Gyeong-In Yu</strong>, Bob Smith, et al. ")
    assert latex.item_text(item).startswith("\\textbf{Gyeong-In Yu}, Bob Smith, et al. T.")
    data = json_format.item_data(item)
    assert [a["name"] for a in data["authors"]] == ["Gyeong-In Yu", "Bob Smith"]
    assert data["truncated"] is True


def test_marks_in_names_render_as_equal_contribution():
    item = entry("""@article{k, author = {Krishnan*, Arjun and Yu*, Gyeong-In and Lee, C},
      title = {T}, journal = {J}, year = 2016}""")
    assert markdown.item_text(item).startswith(
        "Arjun Krishnan\\*, **Gyeong-In Yu\\***, C Lee (\\*equal contribution). T."
    )


DETAILED = """@article{j, author = {A B}, title = {T}, journal = {J. Things}, volume = {12},
  number = {3}, pages = {45--67}, year = 2021, note = {To appear}, pubstate = {inpress}}
@inproceedings{c, author = {A B}, title = {U}, booktitle = {Proc. OSDI}, pages = {1-10},
  year = 2020, addendum = {Oral}, additional_info = {Best of the year}}"""


def test_cv_details_are_shown_by_default_and_configurable_per_format():
    library = bibfile.load_text(DETAILED)
    items = reading.publications(library)
    texts = [plain.item_text(i) for i in core.build(items, Config(), Options()).items]
    assert texts == [
        "A B. U. Proc. OSDI, pp. 1–10, 2020. Oral. Best of the year.",
        "A B. T. J. Things, 12(3):45–67, 2021. In press. To appear.",
    ]
    config = parse_config({"export": {"details": ["note"], "latex": {"details": []}}})
    noted = core.build(items, config, Options(details=config.details_for("md"))).items
    assert plain.item_text(noted[1]) == "A B. T. J. Things, 2021. To appear."
    assert config.details_for("latex") == () and config.details_for("txt") == ("note",)
    from publist.errors import ConfigError

    with pytest.raises(ConfigError, match="'isbn' is not one of volume, pages"):
        parse_config({"export": {"details": ["isbn"]}})


ARTICLE_NUMBERS = """@inproceedings{acm, author = {A B}, title = {U}, booktitle = {Proc. TEI},
  articleno = {15}, numpages = {13}, year = 2024}
@article{tog, author = {A B}, title = {T}, journal = {ACM TOG}, volume = {39}, number = {4},
  articleno = {5}, numpages = {30}, year = 2020}
@article{aip, author = {A B}, title = {C}, journal = {J. Chem. Phys.}, volume = {125},
  eid = {224106}, year = 2006}
@article{scopus, author = {A B}, title = {S}, journal = {J. X}, volume = {1},
  eid = {2-s2.0-85116700878}, year = 2021}
@article{paged, author = {A B}, title = {P}, journal = {CSUR}, volume = {54},
  articleno = {10}, pages = {10:1--10:38}, year = 2019}"""


def test_an_article_number_is_no_page():
    """ACM's articleno (with numpages, the length) and biblatex's eid: "Article 15", as ACM's
    and APA's styles write it, never "p. 15"; pages win when the entry has them."""
    items = reading.publications(bibfile.load_text(ARTICLE_NUMBERS))
    texts = [plain.item_text(i) for i in core.build(items, Config(), Options()).items]
    assert texts == [
        "A B. U. Proc. TEI, Article 15, 2024.",
        "A B. S. J. X, 1, 2021.",  # Scopus's record id in eid is no article number
        "A B. T. ACM TOG, 39(4), Article 5, 2020.",
        "A B. P. CSUR, 54:10:1–10:38, 2019.",
        "A B. C. J. Chem. Phys., 125, Article 224106, 2006.",
    ]


class _Pages:
    def __init__(self, pages: str) -> None:
        self.pages = pages

    def get(self, name: str) -> str:
        return self.pages if name == "pages" else ""


@given(st.text(alphabet="0129aZ_é :.,-–—", max_size=12))
def test_page_ranges_read_the_quick_way_as_every_other_way(pages):
    """'45–67' and '45' skip the split: the text is what joining the parts would give."""
    assert details._pages(_Pages(pages)) == details.joined_pages(pages.strip())  # type: ignore[arg-type]


def test_within_a_date_the_file_order_and_other_orders_on_request():
    text = """@misc{c, title = {Old}, year = 2019, month = dec}
    @misc{b, title = {Zeta}, year = 2022, month = jul}
    @misc{a, title = {Alpha}, year = 2022, month = jul}
    @misc{n, title = {Nomonth}, year = 2022}
    @misc{u, title = {Undated}}"""
    items = reading.publications(bibfile.load_text(text))

    def keys(**options):
        document = core.build(items, Config(), Options(group_by=GroupBy.NONE, **options))
        return [i.key for i in document.items]

    assert keys() == ["b", "a", "n", "c", "u"]
    assert keys(order=core.Order.OLDEST) == ["c", "b", "a", "n", "u"]
    assert keys(order=core.Order.FILE) == ["c", "b", "a", "n", "u"]


@pytest.mark.parametrize("kind", sorted(render.LINE_BY_LINE))
def test_line_by_line_formats_make_each_line_as_it_is_asked_for(items, monkeypatch, kind):
    """render_lines is the text of render, and lazy: the first line is made before any
    item is spelled (export writes the lines as they come, never holding them all)."""
    document = core.build(items, CONFIG, Options())
    backend = markdown if kind is render.Format.MARKDOWN else plain
    whole = render.render(document, kind, None, False)  # type: ignore[arg-type]
    spelled: list[str] = []
    item_text = backend.item_text
    monkeypatch.setattr(
        backend, "item_text", lambda item: spelled.append(item.key) or item_text(item)
    )
    lines = render.render_lines(document, kind, False)
    first = next(lines)
    assert spelled == [] and first.endswith("\n")
    assert first + "".join(lines) == whole and len(spelled) == len(document.items) > 3
    assert all(line.endswith("\n") for line in render.render_lines(document, kind, True))
    with pytest.raises(ValueError):
        render.render_lines(document, render.Format.HTML, False)
