"""crossref and xref (inheritance.py): a child's view takes its parent's fields as BibTeX and
biber give them; the parent that is only a container is not the owner's publication."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import need, run_publist
from publist import bibfile, config, reading, stats
from publist.memo import Memo
from publist.people import NameMatcher
from publist.render.core import Options, build

# Review finding 18: DBLP's way of writing a paper and its proceedings.
ORCA = """@proceedings{osdi22,
  title = {16th USENIX Symposium on Operating Systems Design and Implementation},
  booktitle = {16th USENIX Symposium on Operating Systems Design and Implementation},
  year = {2022},
}

@inproceedings{yu2022orca,
  author = {Yu, Gyeong-In},
  title = {Orca},
  crossref = {osdi22},
  year = {2022},
}
"""


def views(text: str) -> dict:
    return {item.key: item for item in reading.publications(bibfile.load_text(text))}


def keys_listed(text: str, owner: str) -> list[str]:
    settings = config.Config(owner=owner)
    document = build(reading.publications(bibfile.load_text(text)), settings, Options())
    return [item.key for item in document.items]


def test_a_paper_takes_its_venue_from_its_proceedings():
    orca = views(ORCA)["yu2022orca"]
    assert orca.venue == "16th USENIX Symposium on Operating Systems Design and Implementation"
    assert orca.venue_field == "booktitle"
    assert orca.venue_type.value == "conference"
    assert "crossref" in orca.latex_fields  # its own field stays; the parent's is not taken


def test_the_library_is_not_written_and_the_container_is_not_listed(tmp_path):
    (tmp_path / "library.bib").write_text(ORCA)
    (tmp_path / "publist.toml").write_text('[owner]\nname = "Gyeong-In Yu"\n')
    result = run_publist("export", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "*16th USENIX Symposium on Operating Systems Design and Implementation*" in result.stdout
    assert "osdi22" not in result.stderr and "Books" not in result.stdout
    assert result.stdout.count("1. ") == 1
    check = run_publist("check", "--json", cwd=tmp_path)
    problems = [p for p in json.loads(check.stdout) if p["key"] == "yu2022orca"]
    assert not [p for p in problems if p["check"] == "missing-field"], problems
    counted = run_publist("stats", "--json", cwd=tmp_path)
    assert json.loads(counted.stdout)["total"] == 1
    assert (tmp_path / "library.bib").read_text() == ORCA


def test_biblatex_maps_the_parents_title_to_the_childs_booktitle():
    text = """@proceedings{p, title = {Proc. of X}, subtitle = {Sub}, shorttitle = {PX},
      publisher = {ACM}, date = {2020}, ids = {old}, keywords = {book}, doi = {10.1/p}}
    @inproceedings{c, author = {A, B}, title = {Paper}, crossref = {p}}
    @conference{d, author = {A, B}, title = {Other}, crossref = {P}}"""
    for key in ("c", "d"):  # @conference is biblatex's alias; BibTeX matches keys in any case
        child = views(text)[key].latex_fields
        assert child["booktitle"] == "Proc. of X" and child["booksubtitle"] == "Sub"
        assert child["publisher"] == "ACM" and child["date"] == "2020"
        assert child["title"] != "Proc. of X" and "shorttitle" not in child
        # never inherited (biblatex), or the parent's own identity and publist's markings
        assert not {"ids", "keywords", "doi"} & set(child)


def test_the_rules_between_other_entry_types():
    text = """@mvbook{mv, title = {Works}, author = {Kant, Immanuel}}
    @book{b, title = {Volume}, author = {Kant, Immanuel}, crossref = {mv}}
    @inbook{i, title = {Chapter}, crossref = {b}}
    @periodical{j, title = {Journal of X}, volume = {3}}
    @article{a, title = {Paper}, author = {A, B}, crossref = {j}}
    @incollection{n, title = {Part}, crossref = {b}, booktitle = {Own}}"""
    seen = views(text)
    inbook = seen["i"].latex_fields
    assert inbook["booktitle"] == "Volume" and inbook["maintitle"] == "Works"  # parents' parents
    assert inbook["author"] == inbook["bookauthor"] == "Kant, Immanuel"
    assert seen["a"].latex_fields["journaltitle"] == "Journal of X"
    assert seen["a"].latex_fields["volume"] == "3"
    assert seen["n"].latex_fields["booktitle"] == "Own"  # a child's field is never replaced
    assert (
        "booktitle"
        not in views("@book{b, title={V}}\n@incollection{n, crossref={b}}")["n"].latex_fields
    )


def test_xref_names_a_parent_but_passes_nothing_on():
    text = ORCA.replace("crossref", "xref")
    assert views(text)["yu2022orca"].venue == ""
    assert keys_listed(text, "Gyeong-In Yu") == ["yu2022orca"]


def test_a_cycle_or_a_missing_parent_is_only_not_followed():
    text = """@inproceedings{a, title = {A}, crossref = {b}, author = {X, Y}}
    @inproceedings{b, title = {B}, crossref = {a}, booktitle = {Conf B}}
    @inproceedings{c, title = {C}, crossref = {nowhere}}
    @inproceedings{d, title = {D}, crossref = {d}}"""
    seen = views(text)
    assert seen["a"].latex_fields["booktitle"] == "Conf B"
    assert seen["c"].venue == "" and seen["d"].venue == ""


def test_an_edited_volume_of_the_owner_is_theirs(corpus):
    """biblatex's own examples: Westfahl's chapter in the collection he edited."""
    text = (corpus / "bib/texlive-debian/biblatex/biblatex-examples.bib").read_text()
    chapter = views(text)["westfahl:space"]
    assert chapter.venue == "Space and Beyond"
    assert chapter.get("booksubtitle") == "The Frontier Theme in Science Fiction"
    assert chapter.get("publisher") == "Greenwood" and chapter.year == 2000
    assert "indextitle" in chapter.latex_fields  # the child's own: True Frontier, The
    assert chapter.get("indextitle") == "True Frontier, The"
    assert "westfahl:frontier" in keys_listed(text, "Gary Westfahl")  # he edited it
    assert "westfahl:frontier" not in keys_listed(text, "Paul Moraux")  # only a container
    items = reading.publications(bibfile.load_text(text))
    counted = stats.compute(items, ["Paul Moraux"], matcher=NameMatcher.of(["Paul Moraux"]))
    assert counted.total == len(items) - len({"westfahl:frontier"})


def test_bibtex_itself_agrees_on_the_inherited_venue(corpus, tmp_path):
    """BibTeX's own example file, typeset by BibTeX's plain style: the booktitle publist
    inherits for the cross-referencing entry is the one BibTeX prints."""
    need(shutil.which("bibtex") is not None, "bibtex (texlive-binaries) is not installed")
    source = corpus / "bib/texlive-debian/base/xampl.bib"
    item = views(source.read_text())["inproceedings-crossref"]
    (tmp_path / "xampl.bib").write_text(source.read_text())
    (tmp_path / "t.aux").write_text(
        "\\citation{inproceedings-crossref}\n\\bibdata{xampl}\n\\bibstyle{plain}\n"
    )
    subprocess.run(["bibtex", "-min-crossrefs=9", "t"], cwd=tmp_path, capture_output=True)
    printed = " ".join((tmp_path / "t.bbl").read_text().split())
    assert item.get("booktitle") and item.get("booktitle") in printed


def big(parent_title: str) -> str:
    papers = "\n\n".join(
        f"@inproceedings{{p{n}, author = {{Yu, Gyeong-In}}, title = {{Paper {n} \\'e}},"
        f" crossref = {{osdi}}, year = 2022}}"
        for n in range(1200)
    )
    return f"{papers}\n\n@proceedings{{osdi, booktitle = {{{parent_title}}}, year = 2022}}\n"


def test_a_kept_memo_never_serves_a_view_its_parent_changed(tmp_path):
    """The memo and the parse are kept by the hash of the whole text, and the memo holds
    values by their own text: a child's view is made afresh from its parent's new text."""
    (tmp_path / "publist.toml").write_text('[owner]\nname = "Gyeong-In Yu"\n')
    env = {"PUBLIST_CACHE_DIR": str(tmp_path / "cache")}
    library = tmp_path / "library.bib"
    venues = []
    for title in ("Old Conf {\\'E}", "Old Conf {\\'E}", "New Conf {\\'E}"):
        library.write_text(big(title))
        result = run_publist("export", "--format", "json", cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stderr
        items = [i for s in json.loads(result.stdout)["sections"] for i in s["items"]]
        venues.append({item["venue"] for item in items})
    assert list((tmp_path / "cache").glob("*.memo"))  # the runs kept memos
    assert venues == [{"Old Conf É"}, {"Old Conf É"}, {"New Conf É"}]
    # In one process too: a warm memo, then only the parent changes.
    memo = Memo()
    reading.publications(bibfile.load_text(big("Old")), memo)
    changed = reading.publications(bibfile.load_text(big("New")), memo)
    assert {item.venue for item in changed if item.key != "osdi"} == {"New"}


@pytest.fixture(autouse=True)
def _quiet(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")


def test_a_bib_export_carries_the_parents_it_names_after_the_children(tmp_path):
    """Without its parent the exported paper would lose its venue in BibTeX; BibTeX wants
    the parent after every entry that names it."""
    (tmp_path / "library.bib").write_text(ORCA)
    (tmp_path / "publist.toml").write_text('[owner]\nname = "Gyeong-In Yu"\n')
    result = run_publist("export", "--format", "bib", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    exported = result.stdout
    assert exported.index("@inproceedings{yu2022orca") < exported.index("@proceedings{osdi22")
    assert exported.count("@proceedings{osdi22") == 1


def test_an_edited_volume_in_a_bib_export_comes_after_its_papers(tmp_path):
    text = ORCA.replace(
        "  year = {2022},\n}\n\n@inp", "  year = {2022},\n  editor = {Yu, Gyeong-In},\n}\n\n@inp", 1
    )
    (tmp_path / "library.bib").write_text(text)
    (tmp_path / "publist.toml").write_text('[owner]\nname = "Gyeong-In Yu"\n')
    listed = run_publist("export", "--format", "json", cwd=tmp_path)
    keys = [i["key"] for s in json.loads(listed.stdout)["sections"] for i in s["items"]]
    assert sorted(keys) == ["osdi22", "yu2022orca"]  # the owner edited it: theirs
    for order in (("--order", "file"), ("--group-by", "none", "--order", "file")):
        exported = run_publist("export", "--format", "bib", *order, cwd=tmp_path).stdout
        assert exported.count("@proceedings{osdi22") == 1  # listed first in the file
        assert exported.index("@inproceedings{yu2022orca") < exported.index("@proceedings{osdi22")


def test_a_parents_booktitle_comes_before_its_title():
    """btxdoc: a @proceedings carries a booktitle only for the papers that name it."""
    text = """@proceedings{p, title = {Proceedings of the 16th OSDI}, booktitle = {OSDI '22}}
    @inproceedings{c, title = {Paper}, crossref = {p}}"""
    assert views(text)["c"].venue == "OSDI '22"


def test_a_containers_citations_are_not_the_owners(tmp_path):
    """stats' citation figures (h-index, most cited) count the owner's works only."""
    from publist import citations
    from publist.citations import Count

    text = ORCA.replace("  year = {2022},\n}", "  year = {2022},\n  doi = {10.5555/osdi22},\n}", 1)
    text = text.replace("crossref = {osdi22},", "crossref = {osdi22},\n  doi = {10.5555/orca},")
    (tmp_path / "library.bib").write_text(text)
    (tmp_path / "publist.toml").write_text('[owner]\nname = "Gyeong-In Yu"\n')
    counts = {"osdi22": Count(900, "OpenAlex", "2026-03-01", "doi:10.5555/osdi22"),
              "yu2022orca": Count(7, "OpenAlex", "2026-03-01", "doi:10.5555/orca")}  # fmt: skip
    (tmp_path / "library.citations.json").write_text(citations.render(counts, "library.bib"))
    result = run_publist("stats", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    cited = json.loads(result.stdout)["citations"]
    assert cited["total"] == 7 and [i["key"] for i in cited["most_cited"]] == ["yu2022orca"]
