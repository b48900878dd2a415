"""The formats other tools read (Typst, RenderCV, JSON Resume, CSL-JSON, al-folio, Hugo Blox):
goldens on both libraries, what each keeps of the owner, marks, award and links, escaping."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, ROOT
from publist import bibfile, blocks, reading
from publist.config import parse_config
from publist.render import core, csljson, hugo, jsonresume, rendercv, typst_format, yaml_text
from publist.render.alfolio import marked_name

LIBRARIES = {"bundled": ROOT / "library.bib", "hostile": DATA / "hostile" / "library.bib"}
SUFFIXES = {
    "typst": "typ", "rendercv": "rendercv.yaml", "jsonresume": "resume.json",
    "csljson": "csl.json", "al-folio": "alfolio.bib",
}  # fmt: skip


@pytest.mark.parametrize("name", LIBRARIES)
@pytest.mark.parametrize("fmt", SUFFIXES)
def test_golden_every_target(cli, golden, fmt, name):
    result = cli("-l", LIBRARIES[name], "export", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(f"export_{name}.{SUFFIXES[fmt]}", result.stdout)


@pytest.mark.parametrize("name", LIBRARIES)
@pytest.mark.parametrize("fmt", ["typst", "rendercv", "jsonresume"])
def test_golden_standalone_targets(cli, golden, fmt, name):
    result = cli("-l", LIBRARIES[name], "export", "-f", fmt, "--standalone")
    assert result.exit_code == 0, result.stderr
    golden(f"export_{name}_standalone.{SUFFIXES[fmt]}", result.stdout)


@pytest.mark.parametrize("name", LIBRARIES)
def test_golden_hugo_bundles(cli, golden, tmp_path, name):
    result = cli("-l", LIBRARIES[name], "export", "-f", "hugo", "-o", tmp_path / "publication")
    assert result.exit_code == 0, result.stderr
    files = sorted((tmp_path / "publication").rglob("*"))
    text = "".join(
        f"==> {path.relative_to(tmp_path)} <==\n{path.read_text(encoding='utf-8')}"
        for path in files
        if path.is_file()
    )
    golden(f"export_{name}.hugo.txt", text)


def test_the_bundled_owner_marks_and_award_in_every_target(cli, library, tmp_path):
    """Bold owner, equal-contribution marks and note, the Spotlight award: where each shows."""

    def export(fmt: str) -> str:
        result = cli("-l", library, "export", "-f", fmt)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    typst = export("typst")
    assert "#strong[Gyeong\\-In Yu#super[\\*]]" in typst and "Woosuk Kwon#super[\\*]" in typst
    assert "#super[\\*]equal contribution" in typst and "\\(Spotlight\\)" in typst
    cv = yaml.safe_load(export("rendercv"))
    nimble = next(e for e in cv["Conference Publications"] if e["title"].startswith("Nimble"))
    assert nimble["authors"][:2] == ["Woosuk Kwon\\*", "**Gyeong-In Yu\\***"]
    assert nimble["summary"] == "\\* Equal contribution"
    assert nimble["journal"].endswith("(NeurIPS 2020) (Spotlight)")
    resume = json.loads(export("jsonresume"))["publications"]
    entry = next(p for p in resume if p["name"].startswith("Nimble"))
    assert entry["summary"].endswith("Byung-Gon Chun (*equal contribution)")
    assert entry["publisher"].endswith("(Spotlight)") and entry["url"].startswith("https://")
    csl = next(i for i in json.loads(export("csljson")) if i["id"] == "kwon2020nimble")
    assert csl["custom"]["publist-owner"] == ["Gyeong-In Yu"]
    assert csl["custom"]["publist-equal-contribution"] == ["Woosuk Kwon", "Gyeong-In Yu"]
    assert csl["note"] == "Spotlight" and csl["custom"]["publist-number"] == "4"
    alfolio = export("al-folio")
    assert "author     = {Kwon*, Woosuk and Yu*, Gyeong-In and Eunji Jeong and" in alfolio
    assert "annotation = {* Equal contribution}" in alfolio
    assert "award_name = {Spotlight}" in alfolio and "abbr       = {NeurIPS}" in alfolio
    assert "author+an" not in alfolio
    cli("-l", library, "export", "-f", "hugo", "-o", tmp_path / "hb")
    page = (tmp_path / "hb" / "kwon2020nimble" / "index.md").read_text()
    assert '  - "Equal contribution"\n  - "Equal contribution"\n' in page
    assert 'publication: "In *34th Conference on Neural' in page and '(Spotlight)"' in page
    (tmp_path / "publist.toml").write_text(
        (tmp_path / "publist.toml").read_text() + '[[build.outputs]]\nformat = "hugo"\n'
        'path = "hugo"\noptions = { owner_profile = "me" }\n'
    )  # Hugo Blox sets a profile in bold: the owner is written as that profile
    assert cli("-l", library, "build").exit_code == 0
    page = (tmp_path / "hugo" / "kwon2020nimble" / "index.md").read_text()
    assert 'authors:\n  - "Woosuk Kwon"\n  - "me"\n  - "Eunji Jeong"' in page


def test_numbering_and_labels_in_typst(cli, library):
    plain_numbers = cli("-l", library, "export", "-f", "typst").stdout
    assert "\n+ #strong" in plain_numbers
    labelled = cli("-l", library, "export", "-f", "typst", "--labels").stdout
    assert "\n/ C1.: #strong[Gyeong\\-In Yu]" in labelled
    reverse = cli("-l", library, "export", "-f", "typst", "--reverse-numbers").stdout
    assert "\n9. #strong[Gyeong\\-In Yu]" in reverse and "\n1. Eunji Jeong" in reverse
    none = cli("-l", library, "export", "-f", "typst", "--numbering", "none").stdout
    assert "\n- #strong" in none and "\n+ " not in none


# --- escaping ---


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_typst_text_escapes_every_punctuation_mark(text):
    escaped = typst_format.escape(text)
    unescaped = re.sub(r"\\.", "", escaped, flags=re.DOTALL)
    assert not set(unescaped) & set(string.punctuation)
    assert "\n" not in escaped and "\r" not in escaped
    assert re.sub(r"\\(.)", r"\1", escaped, flags=re.DOTALL) == re.sub(
        r"[\t\r\n\f\v\u2028\u2029]+", " ", text
    )


YAML_VALUES = st.recursive(
    st.text() | st.integers() | st.booleans(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(), YAML_VALUES, max_size=5))
def test_yaml_text_reads_back_as_written(value):
    """PyYAML (YAML 1.1, as Go's yaml.v2 reads it) gives back exactly the data."""
    assert yaml.safe_load(yaml_text.dump(value)) == (value or None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C# and #Python", "C#\u2060 and #\u2060Python"),
        ("*bold* _it_ [x](y) \\", "\\*bold\\* \\_it\\_ \\[x\\](y) \\\\"),
        ("$$x$$ costs $5", "$\u2060$x$\u2060$ costs $5"),
        ("<b>tag</b> a < b", "<\u2060b>tag<\u2060/b> a < b"),
        ("the `quoted'", "the \u2018quoted'"),
    ],
)
def test_rendercv_fields_are_text_for_markdown_and_typst(text, expected):
    assert rendercv.markdown(text) == expected


# --- the pieces of single targets ---


def publication_item(text: str, owner: str = "Ada Lovelace") -> core.Item:
    library = bibfile.LibraryFile(Path("x.bib"), text, blocks=blocks.parse_text(text)[0])
    config = parse_config({"owner": {"name": owner}})
    return core.build(reading.publications(library), config, core.Options()).items[0]


@pytest.mark.parametrize(
    ("entry", "csl_type"),
    [
        ("@inproceedings{k, title={T}, booktitle={Workshop on X}, year=2020}", "paper-conference"),
        ("@article{k, title={T}, journal={J}, year=2020}", "article-journal"),
        ("@article{k, title={T}, journal={arXiv preprint arXiv:2001.00001}, year=2020}", "article"),
        ("@patent{k, title={T}, number={1}, year=2020}", "patent"),
        ("@phdthesis{k, title={T}, school={S}, year=2020}", "thesis"),
        ("@incollection{k, title={T}, booktitle={B}, year=2020}", "chapter"),
        ("@book{k, title={T}, publisher={P}, year=2020}", "book"),
        ("@techreport{k, title={T}, institution={I}, year=2020}", "report"),
        ("@unpublished{k, title={T}, note={N}, year=2020}", "manuscript"),
        ("@misc{k, title={T}, keywords={talk}, year=2020}", "speech"),
        ("@software{k, title={T}, year=2020}", "software"),
        ("@misc{k, title={T}, year=2020}", "document"),
    ],
)
def test_every_entry_gets_a_csl_type(entry, csl_type):
    assert csljson.csl_type(publication_item(entry)) == csl_type


def test_csl_patent_and_thesis_fields():
    patent = publication_item(
        "@patent{p, author={Ada Lovelace}, title={Engine}, number={11514370},"
        " type={US Patent}, holder={Babbage Ltd.}, year=2022, month=nov}"
    )
    data = csljson.item_data(patent, core.Section("Patents", "patents", "P", (patent,)))
    assert (data["type"], data["number"], data["genre"]) == ("patent", "11514370", "US Patent")
    assert data["note"] == "Assignee: Babbage Ltd." and data["issued"] == {
        "date-parts": [[2022, 11]]
    }
    thesis = publication_item(
        "@phdthesis{t, author={Ada Lovelace}, title={T}, school={S}, year=2020}"
    )
    data = csljson.item_data(thesis, core.Section("Theses", "theses", "T", (thesis,)))
    assert (data["genre"], data["publisher"]) == ("PhD thesis", "S")


@pytest.mark.parametrize(
    ("name", "marked"),
    [
        ("Gyeong-In Yu", "Yu*, Gyeong-In"),
        ("Yu, Gyeong-In", "Yu*, Gyeong-In"),
        ("Ludwig van Beethoven", "van Beethoven*, Ludwig"),
        ("King, Jr, Martin Luther", "King*, Jr, Martin Luther"),
        ("{Google Research}", "{Google Research}*"),
        ("Klimovi{\\'c}, Ana", "Klimovi{\\'c}*, Ana"),
    ],
)
def test_alfolio_marks_the_family_name(name, marked):
    assert marked_name(name) == marked


def test_hugo_slugs_are_unique_and_dates_never_in_the_future():
    taken: set[str] = set()
    assert [hugo.slug(key, taken) for key in ("Yu2022:Orca", "yu2022-orca", "Müller", "?")] == [
        "yu2022-orca", "yu2022-orca-2", "muller", "publication",
    ]  # fmt: skip
    item = publication_item("@article{k, title={T}, journal={J}, year=2020}")
    assert hugo.timestamp(item) == "2020-01-01T00:00:00Z"


def test_json_resume_urls_are_uris_and_dates_fit_the_schema():
    assert jsonresume.uri("https://example.org/ü?q=a b") == "https://example.org/%C3%BC?q=a%20b"
    item = publication_item("@article{k, title={T}, journal={J}, year=3021, url={https://e.org}}")
    assert "releaseDate" not in jsonresume.publication(item)
