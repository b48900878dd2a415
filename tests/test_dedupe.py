"""dedupe: the ladder of evidence, merging without loss, order independence, and the command."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA
from publist import bibfile, dedupe, model, reading
from publist.plans.dedupe import distinct_plan, merge_plan

PUBLISHED = """@inproceedings{pub,
  author = {Gyeong-In Yu and Byung-Gon Chun},
  title = {Orca: A Distributed Serving System},
  booktitle = {OSDI}, year = {2022}, doi = {10.5555/orca},
  keywords = {conference}, author+an = {1=equal}, award = {Best Paper},
}"""


def items_of(text: str) -> list[model.Publication]:
    return reading.publications(bibfile.load_text(text))


def clusters_of(*entries: str) -> list[dedupe.Cluster]:
    return dedupe.find_duplicates(items_of("\n\n".join(entries)))


def entry(key: str, kind: str = "article", **fields: str) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{kind}{{{key},\n{body}\n}}"


AUTHOR = "Yu, Gyeong-In and Chun, Byung-Gon"


@pytest.mark.parametrize(
    ("first", "second", "rule", "automatic"),
    [
        (entry("a", doi="10.1234/X", title="One"), entry("b", doi="https://doi.org/10.1234/x", title="One"), "doi", True),
        (entry("a", eprint="2101.00001", title="T"), entry("b", volume="abs/2101.00001", title="T"), "arxiv", True),
        (entry("a", journal="arXiv preprint arXiv:2101.00001v2", title="T"),
         entry("b", doi="10.48550/arXiv.2101.00001", title="T"), "arxiv", True),
        (entry("a", "misc", author=AUTHOR, title="Orca: {A} Serving System", year="2021", eprint="2101.00002"),
         entry("b", author="G. Yu", title="ORCA -- a serving system", year="2022"), "title", True),
        (entry("a", author=AUTHOR, title="Caf\\'e Systems for Serving", year="2022"),
         entry("b", author=AUTHOR, title="Café systems for serving", year="2022"), "title", True),
        (entry("a", author=AUTHOR, title="A distributed serving system for models", year="2022"),
         entry("b", author=AUTHOR, title="A distributed serving sytsem for models", year="2022"), "fuzzy", False),
    ],
)  # fmt: skip
def test_ladder_of_evidence(first, second, rule, automatic):
    [cluster] = clusters_of(first, second)
    assert (cluster.keys, cluster.rule, cluster.automatic) == (("a", "b"), rule, automatic)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Demonstration of JANUS and JANUS are two works of the owner's CV.
        (entry("a", author=AUTHOR, title="{JANUS}: Fast and Flexible Deep Learning", year="2019"),
         entry("b", author=AUTHOR, title="Demonstration of {JANUS}: Fast and Flexible Deep Learning", year="2019")),
        (entry("a", author=AUTHOR, title="Editorial", year="2019"), entry("b", author=AUTHOR, title="Editorial", year="2019")),
        (entry("a", author=AUTHOR, title="Same", doi="10.1234/a"), entry("b", author=AUTHOR, title="Same", doi="10.1234/b")),
        (entry("a", author=AUTHOR, title="Foo bar", number="1"), entry("b", author=AUTHOR, title="Foo bar", number="2")),
        (entry("a", author=AUTHOR, title="Foo bar", year="2010"), entry("b", author=AUTHOR, title="Foo bar", year="2012")),
        (entry("a", author=AUTHOR, title="Foo bar"), entry("b", author="Joyce, James", title="Foo bar")),
    ],
)  # fmt: skip
def test_not_duplicates(first, second):
    assert clusters_of(first, second) == []


def test_bundled_library_has_no_duplicates(library):
    assert dedupe.find_duplicates(reading.publications(bibfile.load(library))) == []


def test_find_matches_for_add():
    items = items_of(PUBLISHED)
    new = items_of(
        entry("new", title="Orca: a distributed serving system", author=AUTHOR, year="2022")
    )[0]
    assert [(m.key, m.rule, m.automatic) for m in dedupe.find_matches(new, items)] == [
        ("pub", "title", True)
    ]


def test_merge_keeps_published_and_unites_user_fields():
    preprint = entry(
        "pre", "misc", author=AUTHOR, title="Orca: a distributed serving system", year="2022",
        journal="arXiv preprint arXiv:2101.00001", keywords="preprint, serving", note="Preprint",
        url="https://arxiv.org/abs/2101.00001",
    )  # fmt: skip
    library = bibfile.load_text(PUBLISHED + "\n\n" + preprint)
    [cluster] = dedupe.find_duplicates(reading.publications(library))
    assert cluster.keep == "pub"
    plan, [merged] = merge_plan(library, [cluster])
    plan.apply(library)
    fields = dict(library.entry("pub").fields)
    assert fields["eprint"] == "{2101.00001}" and fields["archiveprefix"] == "{arXiv}"
    assert fields["keywords"] == "{conference, serving}" and fields["ids"] == "{pre}"
    # The preprint's "Preprint" note is about the preprint: beside the note, not in it.
    assert "note" not in fields and fields["note_alt"] == "{Preprint}"
    assert fields["award"] == "{Best Paper}"
    assert "journal" not in fields  # "arXiv preprint" is not the published venue
    assert ("keywords", "conference", "preprint", "pre") in {
        (c.field, c.kept, c.dropped, c.source) for c in merged.conflicts
    }
    assert not library.has_key("pre")


names = st.sampled_from(
    ["note", "award", "keywords", "pages", "publisher", "url", "code", "month", "isbn"]
)
values = st.text(alphabet="abcdefgh 123", min_size=1, max_size=8).map(str.strip).filter(bool)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(names, values), st.dictionaries(names, values))
def test_merge_never_loses_a_field(first, second):
    texts = [
        entry("a", author=AUTHOR, title="Same title here", year="2020", **first),
        entry("b", author=AUTHOR, title="Same title here", year="2020", **second),
    ]
    library = bibfile.load_text("\n\n".join(texts))
    items = reading.publications(library)
    stored = [
        dedupe.Stored(item, tuple(block.fields))
        for item, block in zip(items, library.entries(), strict=True)
    ]
    merged = dedupe.merge(stored, "a")
    # A value the kept record does not take stays as <field>_alt (a preprint's publisher,
    # "eccc", beside a published version): kept all the same.
    kept = {re.sub(r"_alt\d*$", "", name) for name, _ in merged.fields}
    assert set(first) | set(second) <= kept
    for name in ("note", "award"):
        if name in second and name in first:
            # BibTeX spacing is not content: the merge joins the texts with spaces squashed.
            merged_text = " ".join(dict(merged.fields)[name].split())
            assert " ".join(second[name].split()) in merged_text or any(
                c.field == name for c in merged.conflicts
            )


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.permutations(range(6)))
def test_clusters_do_not_depend_on_input_order(order):
    texts = [
        PUBLISHED,
        entry(
            "pre",
            "misc",
            author=AUTHOR,
            title="Orca: A Distributed Serving System",
            eprint="2101.00001",
        ),
        entry("pre2", "misc", author=AUTHOR, title="Orca", eprint="2101.00001"),
        entry("typo", author=AUTHOR, title="Orca: A Distributed Serving Sytsem", year="2022"),
        entry("other", author=AUTHOR, title="Something else entirely", year="2022"),
        entry("same", doi="10.5555/ORCA", title="Orca"),
    ]
    items = items_of("\n\n".join(texts))
    expected = dedupe.find_duplicates(items)
    assert dedupe.find_duplicates([items[index] for index in order]) == expected


def test_distinct_pairs_are_never_reported():
    texts = [
        PUBLISHED,
        entry("pre", "misc", author=AUTHOR, title="Orca: A Distributed Serving System"),
    ]
    library = bibfile.load_text("\n\n".join(texts))
    distinct_plan(library, "pub", "pre").apply(library)
    assert dedupe.find_duplicates(reading.publications(bibfile.load_text(library.to_text()))) == []


# --- the command ---


@pytest.fixture
def duplicated(library):
    preprint = entry("yu2021orca", "misc", author="Yu, Gyeong-In", year="2021",
                     title="{ORCA}: a distributed serving system for transformer-based generative models",
                     journal="arXiv preprint arXiv:2101.00001")  # fmt: skip
    with open(library, "a", encoding="utf-8") as stream:
        stream.write("\n" + preprint + "\n")
    return library


def test_report_json_and_check(cli, duplicated):
    before = duplicated.read_bytes()
    result = cli("--library", duplicated, "dedupe", "--json", "--check")
    assert result.exit_code == 3
    assert json.loads(result.stdout) == {
        "clusters": [{"keys": ["yu2021orca", "yu2022orca"], "keep": "yu2022orca", "key": "yu2022orca",
                      "rule": "title", "score": 0.94, "automatic": True,
                      "reason": "the same title, authors, years", "vetoes": []}]
    }  # fmt: skip
    assert duplicated.read_bytes() == before


def test_clean_library_passes_check(cli, library):
    result = cli("--library", library, "dedupe", "--check")
    assert result.exit_code == 0 and "No duplicates" in result.stderr


def test_apply_dry_run_writes_nothing(cli, duplicated):
    before = duplicated.read_bytes()
    result = cli("--library", duplicated, "dedupe", "--apply", "--dry-run")
    assert (
        result.exit_code == 0
        and "-@misc{yu2021orca," in result.stdout
        and "+  ids" in result.stdout
    )
    assert "Would merge yu2021orca into yu2022orca" in result.stderr
    assert "Merged" not in result.stderr
    assert duplicated.read_bytes() == before


def test_apply_changes_only_the_cluster(cli, duplicated):
    before = duplicated.read_text(encoding="utf-8")
    result = cli("--library", duplicated, "dedupe", "--apply")
    assert result.exit_code == 0 and "Merged yu2021orca into yu2022orca" in result.stderr
    after = duplicated.read_text(encoding="utf-8")
    assert "@misc{yu2021orca" not in after and "= {yu2021orca}," in after
    untouched = before.split("@inproceedings{kim2021terra")[1].split("@misc{yu2021orca")[0]
    assert untouched.strip() in after
    assert cli("--library", duplicated, "dedupe", "--check").exit_code == 0


def test_distinct_is_remembered(cli, duplicated):
    assert (
        cli("--library", duplicated, "dedupe", "--distinct", "yu2022orca", "yu2021orca").exit_code
        == 0
    )
    assert "distinct" in duplicated.read_text(encoding="utf-8")
    assert cli("--library", duplicated, "dedupe", "--check").exit_code == 0


@pytest.mark.parametrize(
    "arguments",
    [
        ["--distinct", "yu2022orca", "nokey"],
        ["--include-possible"],
        ["--dry-run"],
        ["--distinct", "a", "a", "--apply"],
        ["--explain", "yu2022orca", "nokey"],
        ["--explain", "yu2022orca", "yu2022orca"],
        ["--explain", "yu2022orca", "yu2021orca", "--apply"],
    ],
)
def test_bad_input_is_one_error_line(cli, duplicated, arguments):
    before = duplicated.read_bytes()
    result = cli("--library", duplicated, "dedupe", *arguments)
    assert (
        result.exit_code != 0
        and result.stderr.startswith("Error: ")
        and result.stderr.count("\n") == 1
    )
    assert duplicated.read_bytes() == before


def test_same_authors_written_two_ways_are_no_conflict():
    """Review finding 20: "A B" and "B, A" are the same person; other authors are a conflict."""
    library = bibfile.load_text(
        "\n\n".join(
            [
                entry(
                    "a", author="Gyeong-In Yu and Byung-Gon Chun", title="Same title", year="2020"
                ),
                entry(
                    "b", author="Yu, Gyeong-In and Chun, Byung-Gon", title="Same title", year="2020"
                ),
                entry(
                    "c", author="Yu, Gyeong-In and Kim, Soojeong", title="Same title", year="2020"
                ),
            ]
        )
    )
    items = reading.publications(library)
    stored = [
        dedupe.Stored(item, tuple(block.fields))
        for item, block in zip(items, library.entries(), strict=True)
    ]
    assert dedupe.merge(stored[:2], "a").conflicts == ()
    [conflict] = dedupe.merge([stored[0], stored[2]], "a").conflicts
    assert conflict.field == "author" and conflict.source == "c"


@pytest.mark.parametrize(
    ("kind", "fields", "preprint"),
    [
        ("techreport", {"eprint": "2101.00001", "archiveprefix": "arXiv"}, True),
        ("techreport", {"eprint": "2101.00001", "doi": "10.1145/x"}, False),  # published
        ("misc", {"journal": "arXiv preprint arXiv:2101.00001"}, True),
        ("techreport", {"institution": "MIT", "number": "TR-1"}, False),
    ],
)
def test_preprint_is_venues_rule_plus_own_doi(kind, fields, preprint):
    """Review finding 14: one preprint rule (venues), with dedupe's DOI check on top."""
    [item] = items_of(entry("a", kind, title="T", **fields))
    assert dedupe.is_preprint(item) is preprint


NIMBLE = """@inproceedings{kwon2020nimble,
  author = {Woosuk Kwon and Gyeong-In Yu and Eunji Jeong and Byung-Gon Chun},
  title = {Nimble: Lightweight and Efficient {GPU} Task Scheduling for Deep Learning},
  booktitle = {NeurIPS}, year = {2020},
}

@inproceedings{DBLP:conf/nips/KwonYJC20,
  author = {Woosuk Kwon and Gyeong{-}In Yu and Eunji Jeong and Byung{-}Gon Chun},
  title = {Nimble: Lightweight and Parallel {GPU} Task Scheduling for Deep Learning},
  booktitle = {Advances in Neural Information Processing Systems 33: Annual Conference on
               Neural Information Processing Systems 2020, NeurIPS 2020},
  year = {2020},
}"""


def test_retitled_copy_by_the_same_team_is_a_possible_duplicate():
    """The owner's Nimble paper beside DBLP's record: one word differs (ratio 89.2 < 90)."""
    [cluster] = dedupe.find_duplicates(items_of(NIMBLE))
    assert cluster.rule == "fuzzy" and not cluster.automatic and cluster.score == 0.892


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("year = {2020}", "year = {2021}"),  # another year: a follow-up, not a copy
        ("Eunji Jeong and Byung-Gon Chun", "Soojeong Kim and Joo Seong Lee"),  # 2 of 4 shared
        ("Deep Learning},\n  booktitle = {NeurIPS}", "Deep Learning 2},\n  booktitle = {NeurIPS}"),
    ],
)
def test_retitled_copy_needs_year_team_and_numbers(old, new):
    assert old in NIMBLE
    assert dedupe.find_duplicates(items_of(NIMBLE.replace(old, new, 1))) == []


def test_merged_entries_are_in_the_house_order(cli, library):
    text = library.read_text()
    text += (
        "\n@inproceedings{orca2022copy,\n  title = {Orca: A Distributed Serving System for"
        " Transformer-Based Generative Models},\n  author = {Gyeong-In Yu and Byung-Gon Chun},\n"
        "  year = 2022,\n  abstract = {Serving.},\n  doi = {10.5555/orca},\n  keywords = {conference},\n}\n"
    )
    library.write_text(text)
    assert cli("-l", library, "dedupe", "--apply").exit_code == 0
    result = cli("-l", library, "fmt", "--check")
    assert result.exit_code == 0, result.stdout


# --- the thresholds: each one decides, on both sides of it ---

NEAR = ("Orca: A Distributed Serving System for Transformer-Based Generative Models",
        "Orca: Distributed Serving Systems for Transformer-Based Generative Models")  # fmt: skip


def near_pair(**extra: str) -> list[dedupe.Cluster]:
    first = entry("a", author=AUTHOR, title=NEAR[0], year="2022", **extra)
    second = entry("b", author="Lee, Ann and Yu, Gyeong-In", title=NEAR[1], year="2021")
    return clusters_of(first, second)


def test_the_fuzzy_threshold_separates_near_titles(monkeypatch):
    from publist.dedupe import rules

    evidences = [dedupe.evidence(item) for item in items_of(
        entry("a", title=NEAR[0]) + "\n\n" + entry("b", title=NEAR[1]))]  # fmt: skip
    score = dedupe.fuzzy_score(*evidences)
    assert 90 < score < 100
    monkeypatch.setattr(rules, "FUZZY_THRESHOLD", score - 1)
    [cluster] = near_pair()
    assert (cluster.rule, cluster.automatic) == ("fuzzy", False)
    monkeypatch.setattr(rules, "FUZZY_THRESHOLD", score + 1)
    assert near_pair() == []


def test_the_same_team_threshold_applies_only_to_the_same_authors_and_year(monkeypatch):
    from publist.dedupe import rules

    first = entry("a", author=AUTHOR, title=NEAR[0], year="2022")
    same_team = entry("b", author=AUTHOR, title=NEAR[1], year="2022")
    monkeypatch.setattr(rules, "FUZZY_THRESHOLD", 99.0)  # the general rule stays out
    assert [c.rule for c in clusters_of(first, same_team)] == ["fuzzy"]
    monkeypatch.setattr(rules, "CLOSE_AUTHORS_THRESHOLD", 99.0)
    assert clusters_of(first, same_team) == []


# --- dedupe --explain, and the Dagstuhl trap (issue 19 item 1) ---

LIMAYE = DATA / "dedupe" / "limaye_dblp_standard.bib"
PLANAR = (
    "DBLP:conf/coco/DattaLNTW09",
    "DBLP:conf/dagstuhl/DattaLNTW09",
    "DBLP:journals/eccc/WagnerDLNT09",
)


@pytest.fixture
def planar(tmp_path):
    """The CCC 2009 paper, the Dagstuhl seminar item of the same title and the ECCC report,
    as DBLP exports them."""
    library = bibfile.load_text(LIMAYE.read_text(encoding="utf-8"))
    texts = [library.text[b.start : b.end] for b in library.entries() if b.key in PLANAR]
    path = tmp_path / "library.bib"
    path.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    return path


def test_explain_says_which_rule_and_which_veto(cli, planar):
    result = cli("--library", planar, "dedupe", "--explain", PLANAR[0], PLANAR[1])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (f"{PLANAR[0]} and {PLANAR[1]}: possible (title, 0.80): "
                        "the same title, but a Dagstuhl seminar item and a paper")  # fmt: skip
    assert lines[1] == "veto for an automatic cluster: a seminar item and a paper"
    assert f"automatic cluster: {PLANAR[0]}, {PLANAR[2]}" in result.stdout
    assert "seminar item" in result.stdout and "10.1109/ccc.2009.16" in result.stdout


def test_explain_json(cli, planar):
    result = cli("--library", planar, "dedupe", "--explain", PLANAR[0], PLANAR[2], "--json")
    found = json.loads(result.stdout)
    assert (found["verdict"], found["rule"], found["veto"]) == ("automatic", "title", "")
    assert found["evidence"][PLANAR[0]]["doi"] == "10.1109/ccc.2009.16"
    assert found["evidence"][PLANAR[2]]["early version"] is True
    assert [c["automatic"] for c in found["clusters"]] == [True, False]


def test_apply_keeps_the_seminar_item_and_the_conference_venue(cli, planar):
    """Issue 19 item 1: the title rule merged the seminar item and the CCC paper and the CCC
    venue disappeared. Now only the ECCC report merges into the CCC paper."""
    result = cli("--library", planar, "dedupe", "--apply")
    assert result.exit_code == 0, result.stderr
    after = bibfile.load(planar)
    assert [block.key for block in after.entries()] == [PLANAR[0], PLANAR[1]]
    ccc = dict(after.entry(PLANAR[0]).fields)
    assert (
        "Computational Complexity, {CCC} 2009" in ccc["booktitle"]
        and ccc["doi"] == "{10.1109/CCC.2009.16}"
    )
    assert "Dagstuhl" not in after.raw_text(after.entry(PLANAR[0]))


def test_the_names_imported_on_first_use_are_the_functions_and_classes():
    """dedupe's face imports merging and explaining when first asked; its names stay the
    functions whatever was imported first."""
    import importlib

    from publist.dedupe import explanations, merging, rules

    importlib.import_module("publist.dedupe.explanations")
    assert dedupe.merge is merging.merge
    assert dedupe.explain is rules.explain
    assert dedupe.explain_pair is explanations.explain_pair
    assert dedupe.Conflict.__name__ == "Conflict"
