"""Clusters respect every veto between their members (issue 19 item 7): a conference paper
(DOI A) and its journal version (DOI B) never merge through a copy that resembles both,
in triples or in longer chains, whatever the input order."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publist import bibfile, dedupe, reading
from publist.plans.dedupe import merge_plan

TITLES = (
    "Space-Efficient Approximations for Subset Sum",
    "Variants of Homomorphism Polynomials Complete for Algebraic Complexity Classes",
    "Planar Graph Isomorphism is in Log-Space",
    "On the Maximum Rate of Networked Computation in a Capacitated Network",
)
CONFERENCES = ("COCOON", "Computing and Combinatorics - 25th International Conference",
               "Proceedings of the 24th Annual IEEE Conference on Computational Complexity")  # fmt: skip
JOURNALS = ("ACM Trans. Comput. Theory", "Theor. Comput. Sci.", "Algorithmica")
AUTHOR = "Prasad Chaugule and Nutan Limaye and Aditya Varre"


def entry(kind: str, key: str, **fields: str) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@{kind}{{{key},\n{body}\n}}"


@st.composite
def versions(draw) -> tuple[list[str], list[str]]:
    """Published versions with their own DOIs (or, as DBLP's condensed export, none) and
    copies without a DOI that resemble them: (entries, keys of the published ones)."""
    title = draw(st.sampled_from(TITLES))
    year = draw(st.integers(2005, 2020))
    with_dois = draw(st.booleans())
    published, texts = [], []
    for index in range(draw(st.integers(2, 3))):
        key = f"v{index}"
        published.append(key)
        if index == 0:
            fields = {"booktitle": draw(st.sampled_from(CONFERENCES)), "year": str(year)}
            kind = "inproceedings"
        else:
            fields = {"journal": JOURNALS[index - 1], "year": str(year + draw(st.integers(1, 3)))}
            kind = "article"
        fields["pages"] = f"{draw(st.integers(1, 90))}--{draw(st.integers(91, 200))}"
        fields["doi"] = f"10.1000/version.{index}" if with_dois else ""
        texts.append(entry(kind, key, author=AUTHOR, title=title, **fields))
    for index in range(draw(st.integers(1, 3))):
        shape = draw(st.sampled_from(["arxiv", "eccc", "scholar", "bare"]))
        copy_year = str(year + draw(st.integers(-1, 1)))
        fields = {"author": AUTHOR, "title": title.lower() if shape == "scholar" else title,
                  "year": copy_year}  # fmt: skip
        if shape == "arxiv":
            fields |= {"eprint": f"1{index}01.0000{index}", "archiveprefix": "arXiv"}
        elif shape == "eccc":
            fields |= {"journal": "Electron. Colloquium Comput. Complex.", "volume": f"TR{index}-1"}
        elif shape == "scholar":
            fields |= {"journal": draw(st.sampled_from(CONFERENCES)).lower()}
        texts.append(entry("misc" if shape == "arxiv" else "article", f"c{index}", **fields))
    return draw(st.permutations(texts)), published


def found(texts: list[str]):
    items = reading.publications(bibfile.load_text("\n\n".join(texts)))
    by_key = {item.key: dedupe.evidence(item) for item in items}
    return dedupe.find_duplicates(items), by_key


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(versions())
def test_no_automatic_cluster_holds_a_veto(case):
    texts, published = case
    clusters, by_key = found(texts)
    for cluster in clusters:
        if not cluster.automatic:
            continue
        assert len(set(cluster.keys) & set(published)) <= 1, cluster
        for first, second in itertools.combinations(cluster.keys, 2):
            assert dedupe.veto(by_key[first], by_key[second]) == "", (cluster, first, second)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(versions())
def test_what_a_veto_keeps_apart_is_offered_as_possible(case):
    """Nothing is hidden: every copy that resembles the versions ends up in a cluster, and a
    possible cluster that holds two published versions names the veto between them."""
    texts, published = case
    clusters, _ = found(texts)
    clustered = set().union(set(), *(cluster.keys for cluster in clusters))
    copies = {text.split("{", 1)[1].split(",", 1)[0] for text in texts} - set(published)
    assert copies <= clustered
    for cluster in clusters:
        versions_inside = set(cluster.keys) & set(published)
        if not cluster.automatic and len(versions_inside) > 1:
            vetoed = {frozenset((a, b)) for a, b, _ in cluster.vetoes}
            assert all(frozenset(p) in vetoed for p in itertools.combinations(versions_inside, 2))


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(versions(), st.randoms(use_true_random=False))
def test_clusters_do_not_depend_on_the_order(case, random):
    texts, _ = case
    items = reading.publications(bibfile.load_text("\n\n".join(texts)))
    shuffled = random.sample(items, len(items))
    assert dedupe.find_duplicates(items) == dedupe.find_duplicates(shuffled)


def test_apply_on_a_triple_merges_the_preprint_into_one_version():
    """The issue's three entries: the conference paper (DOI A), the journal version (DOI B)
    and a preprint without a DOI. The merge joins two of them; both DOIs stay in the file."""
    texts = [
        entry("inproceedings", "conf", author=AUTHOR, title=TITLES[1], booktitle="COCOON",
              year="2019", pages="90--102", doi="10.1007/978-3-030-26176-4_8"),
        entry("article", "journal", author=AUTHOR, title=TITLES[1], journal="ACM Trans. Comput. Theory",
              year="2021", volume="13", number="4", doi="10.1145/3470858"),
        entry("article", "eccc", author=AUTHOR, title=TITLES[1], year="2018",
              journal="Electron. Colloquium Comput. Complex.", volume="TR18-161"),
    ]  # fmt: skip
    library = bibfile.load_text("\n\n".join(texts))
    clusters = [c for c in dedupe.find_duplicates(reading.publications(library)) if c.automatic]
    assert [c.keys for c in clusters] == [("conf", "eccc")]
    plan, [merged] = merge_plan(library, clusters)
    plan.apply(library)
    after = bibfile.load_text(library.to_text())
    assert [block.key for block in after.entries()] == ["conf", "journal"]
    fields = dict(after.entry("conf").fields)
    assert "journal" not in fields and fields["doi"] == "{10.1007/978-3-030-26176-4_8}"
    assert dict(after.entry("journal").fields)["doi"] == "{10.1145/3470858}"
