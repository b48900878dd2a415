"""Merging (issue 19 items 6 and 8, issue 18 item 6): the venue's own record kept under the
cleaner key, its date winning over the preprint's, and every value of the other records kept
where the user sees it (`<field>_alt`), in a file BibTeX still reads."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, add_attention_records, need, run_publist
from publist import bibfile, bibtex, dedupe, house, reading
from publist.dedupe.keep import choose_key
from publist.plans.dedupe import merge_plan

DATA = Path(__file__).resolve().parent / "data" / "dedupe"


def blocks(path: Path, *keys: str) -> list[str]:
    library = bibfile.load_text(path.read_text(encoding="utf-8"))
    found = {block.key: library.text[block.start : block.end] for block in library.entries()}
    return [found[key] for key in keys]


def merged_library(*texts: str) -> tuple[bibfile.LibraryFile, list[dedupe.Merged]]:
    library = bibfile.load_text("\n\n".join(texts))
    clusters = [c for c in dedupe.find_duplicates(reading.publications(library)) if c.automatic]
    plan, merged = merge_plan(library, clusters)
    plan.apply(library)
    return bibfile.load_text(library.to_text()), merged


def values(library: bibfile.LibraryFile, key: str) -> dict[str, str]:
    """The entry's fields as text, case-protecting braces dropped."""
    return {
        name: bibtex.evaluate(raw, {}).replace("{", "").replace("}", "")
        for name, raw in library.entry(key).fields
    }


# --- issue 18 item 6: the published date and the cleaner key ---


@pytest.fixture
def server(server):  # conftest's replay server, with the papers these tests add
    add_attention_records(server)
    return server


def test_preprint_and_its_published_version_as_add_writes_them(server, tmp_path):
    """`add 1706.03762`, then DBLP's NeurIPS record with --force (its key gets an "a"):
    the merge keeps the NeurIPS record under the original key, without the arXiv month."""
    shutil.copy(ROOT / "publist.toml", tmp_path / "publist.toml")
    library = tmp_path / "library.bib"
    library.write_text("", encoding="utf-8")
    environment = server.environment()
    for identifier in ("arXiv:1706.03762", "conf/nips/VaswaniSPUJGKP17"):
        added = run_publist("-l", library, "add", identifier, "--force", env=environment)
        assert added.returncode == 0, added.stderr
    assert "vaswani2017attentiona" in library.read_text()
    result = run_publist("-l", library, "dedupe", "--apply")
    assert result.returncode == 0, result.stderr
    assert "Merged vaswani2017attentiona into vaswani2017attention" in result.stderr
    after = bibfile.load(library)
    [block] = after.entries()
    fields = values(after, "vaswani2017attention")
    assert block.entry_type == "inproceedings" and fields["booktitle"].startswith(
        "Advances in Neural"
    )
    assert fields["year"] == "2017" and "month" not in fields  # June 2017 was arXiv's
    assert bibtex.evaluate(dict(block.fields)["month_alt"], bibtex.MONTH_OF_MACRO) == "June"
    assert fields["eprint"] == "1706.03762" and fields["archiveprefix"] == "arXiv"
    assert fields["ids"] == "vaswani2017attentiona"
    assert "journal" not in fields  # arXiv is not the venue


@pytest.mark.parametrize(
    ("keys", "keep", "key"),
    [
        (("vaswani2017attention", "vaswani2017attentiona"), "vaswani2017attentiona", "vaswani2017attention"),
        (("smith2020", "smith2020~2"), "smith2020~2", "smith2020"),
        (("smith2020", "smith2020_2"), "smith2020_2", "smith2020"),
        (("DBLP:conf/nips/VaswaniSPUJGKP17", "vaswani2017attention"), "DBLP:conf/nips/VaswaniSPUJGKP17",
         "DBLP:conf/nips/VaswaniSPUJGKP17"),  # no copy of another key: the kept record's own
        (("lee2020", "lee2020b", "lee2020a"), "lee2020b", "lee2020"),
    ],
)  # fmt: skip
def test_the_cleaner_key(keys, keep, key):
    assert choose_key(keys, keep) == key


# --- item 6: the venue's own record is kept ---


def scholar_copies(record: str) -> tuple[str, str]:
    """Google Scholar's and Semantic Scholar's shapes of a real DBLP record (derived): the
    former lower-cases the title and files the paper as @article, the latter links itself."""
    [block] = bibfile.load_text(record).entries()
    fields = dict(block.fields)
    title = bibtex.evaluate(fields["title"], {})
    common = [("author", fields["author"]), ("year", fields["year"])]
    scholar = house.render_entry("article", "vaswani2017attention", [
        ("title", bibtex.braced(title[0] + title[1:].lower())), *common,
        ("journal", "{Advances in neural information processing systems}"), ("volume", "{30}"),
    ])  # fmt: skip
    semantic = house.render_entry("inproceedings", "Vaswani2017AttentionIA", [
        ("title", bibtex.braced(title)), *common,
        ("booktitle", "{Neural Information Processing Systems}"), ("volume", "{30}"),
        ("pages", "{5998--6008}"), ("url", "{https://api.semanticscholar.org/CorpusID:13756489}"),
    ])  # fmt: skip
    return scholar, semantic


def test_the_publishers_record_is_kept_and_others_only_fill_gaps():
    record = (ROOT / "tests/data/api/dblp_conf_nips_VaswaniSPUJGKP17.bib").read_text(
        encoding="utf-8"
    )
    scholar, semantic = scholar_copies(record)
    library = bibfile.load_text("\n\n".join([scholar, semantic, record]))
    [cluster] = dedupe.find_duplicates(reading.publications(library))
    assert cluster.automatic and cluster.keep == "DBLP:conf/nips/VaswaniSPUJGKP17"
    after, [merged] = merged_library(scholar, semantic, record)
    fields = values(after, merged.key)
    assert after.entry(merged.key).entry_type == "inproceedings"
    assert fields["title"] == "Attention is All you Need"  # not Google Scholar's lower case
    # Google Scholar's @article venue beside the NeurIPS booktitle: kept, but not as the venue.
    assert "journal" not in fields and fields["journal_alt"].startswith("Advances in neural")
    assert fields["volume_alt"] == "30" and "volume" not in fields
    # Semantic Scholar's "Neural Information Processing Systems" is inside the kept booktitle.
    assert "booktitle_alt" not in fields and "url_alt" in fields


# --- item 8: no value dropped ---


def test_a_preprints_values_are_kept_beside_the_journal_versions():
    """ECCC TR14-180 (2014) merged into TOCT 8(4) (2016): the report number, the ECCC venue
    and the preprint's year stay in the entry as _alt fields; the bibliography is TOCT's."""
    preprint, journal = blocks(
        DATA / "limaye_dblp_standard.bib",
        "DBLP:journals/eccc/GalJLMS14",
        "DBLP:journals/toct/GalJLMS16",
    )
    after, [merged] = merged_library(preprint, journal)
    fields = values(after, "DBLP:journals/toct/GalJLMS16")
    assert (fields["journal"], fields["volume"], fields["year"]) == (
        "ACM Trans. Comput. Theory",
        "8",
        "2016",
    )
    assert fields["volume_alt"] == "TR14-180" and fields["year_alt"] == "2014"
    assert fields["journal_alt"] == "Electron. Colloquium Comput. Complex."
    assert fields["eprint"] == "TR14-180" and fields["eprinttype"] == "ECCC"
    kept_as = {conflict.field: conflict.kept_as for conflict in merged.conflicts}
    assert kept_as["volume"] == "volume_alt" and kept_as["year"] == "year_alt"


def test_the_preprints_status_stays_with_the_preprint():
    """ "Under review" and `pubstate = {submitted}` were true of ECCC TR14-180, not of the TOCT
    article it became: kept as _alt fields, so the merged entry is still a journal paper."""
    preprint, journal = blocks(
        DATA / "limaye_dblp_standard.bib",
        "DBLP:journals/eccc/GalJLMS14",
        "DBLP:journals/toct/GalJLMS16",
    )
    preprint = preprint.replace("  title", "  note = {Under review at ACM TOCT},\n"
                                "  pubstate = {submitted},\n  title", 1)  # fmt: skip
    journal = journal.replace("  title", "  note = {Invited to the special issue},\n  title", 1)
    after, [merged] = merged_library(preprint, journal)
    fields = values(after, merged.key)
    assert fields["note"] == "Invited to the special issue"
    assert fields["note_alt"] == "Under review at ACM TOCT"
    assert "pubstate" not in fields and fields["pubstate_alt"] == "submitted"
    [item] = reading.publications(after)
    assert item.venue_type.value == "journal"


def test_an_author_only_the_preprint_has_is_kept():
    """CoRR 2015 (three authors) and ToN 2017 (a fourth added)."""
    preprint, journal = blocks(
        DATA / "limaye_dblp_standard.bib",
        "DBLP:journals/corr/VyavahareLM15",
        "DBLP:journals/ton/VyavahareLDM17",
    )
    after, [merged] = merged_library(preprint, journal)
    fields = values(after, merged.key)
    assert fields["author"].count(" and ") == 3 and fields["author_alt"].count(" and ") == 2


def test_merged_alternatives_survive_fmt_and_a_second_merge(tmp_path):
    preprint, journal = blocks(
        DATA / "limaye_dblp_standard.bib",
        "DBLP:journals/eccc/GalJLMS14",
        "DBLP:journals/toct/GalJLMS16",
    )
    after, [merged] = merged_library(preprint, journal)
    path = tmp_path / "library.bib"
    path.write_text(after.text, encoding="utf-8")
    assert run_publist("-l", path, "fmt", "--check").returncode == 0
    again, _ = merged_library(after.text, preprint.replace("GalJLMS14,", "GalJLMS14copy,", 1))
    fields = dict(again.entry(merged.key).fields)
    assert not any(name.startswith("volume_alt2") for name in fields)  # the value was there


names = st.sampled_from(["journal", "volume", "number", "pages", "publisher", "note",
                         "url", "isbn", "abstract", "editor"])  # fmt: skip
text = st.text(alphabet="abcdefgh 123", min_size=1, max_size=8).map(str.strip).filter(bool)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(names, text), st.dictionaries(names, text), st.booleans())
def test_merge_keeps_every_value(first, second, preprint):
    """Whatever the two records say, each value is in the merged entry: in its field, in an
    _alt field, or (note, award) joined into the kept one."""
    kind = "misc" if preprint else "article"
    texts = [
        house.render_entry("article", "a", [("author", "{Ann Lee}"), ("title", "{One title}"),
                           ("year", "{2020}"), *((n, bibtex.braced(v)) for n, v in first.items())]),
        house.render_entry(kind, "b", [("author", "{Ann Lee}"), ("title", "{One title}"),
                           ("year", "{2020}"), *((n, bibtex.braced(v)) for n, v in second.items())]),
    ]  # fmt: skip
    library = bibfile.load_text("\n\n".join(texts))
    stored = [dedupe.Stored(item, tuple(block.fields))
              for item, block in zip(reading.publications(library), library.entries(), strict=True)]  # fmt: skip
    merged = dedupe.merge(stored, "a")
    kept = [
        (name, " ".join(bibtex.evaluate(raw, bibtex.MONTH_OF_MACRO).split()))
        for name, raw in merged.fields
    ]
    for name, value in [*first.items(), *second.items()]:
        value = " ".join(bibtex.evaluate(bibtex.braced(value), {}).split())
        holders = [text for field, text in kept if field == name or field.startswith(name + "_alt")]
        assert any(value.lower() in held.lower() for held in holders), (name, value, merged.fields)


def test_bibtex_reads_a_merged_file_as_before(tmp_path):
    """The real judge: BibTeX skips the _alt fields and prints the kept record's venue."""
    need(shutil.which("bibtex") is not None, "bibtex is not installed")
    preprint, journal = blocks(
        DATA / "limaye_dblp_standard.bib",
        "DBLP:journals/eccc/GalJLMS14",
        "DBLP:journals/toct/GalJLMS16",
    )
    after, [merged] = merged_library(preprint, journal)
    (tmp_path / "library.bib").write_text(after.text, encoding="utf-8")
    (tmp_path / "paper.aux").write_text(
        f"\\citation{{{merged.key}}}\n"
        "\\bibstyle{plain}\n\\bibdata{library}\n", encoding="utf-8",
    )  # fmt: skip
    run = subprocess.run(
        ["bibtex", "paper"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stdout
    assert "Warning" not in run.stdout
    bbl = (tmp_path / "paper.bbl").read_text()
    assert "Trans. Comput. Theory" in bbl and "TR14-180" not in bbl and "Colloquium" not in bbl
