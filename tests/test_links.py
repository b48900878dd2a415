"""Link fields as the tools researchers keep their lists write them (al-folio, Hugo Blox,
biblatex CV classes, BibDesk), resolved, labelled and rendered in every format."""

from __future__ import annotations

import pytest

from publist import bibfile, links, reading
from publist.config import parse_config
from publist.errors import ConfigError
from publist.render import core, html, item_pieces, latex, markdown

BASE = "https://me.github.io/assets/pdf/"


def item(fields: str):
    (publication,) = reading.publications(bibfile.load_text(f"@misc{{k, title = {{T}}, {fields}}}"))
    return publication


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("html = {https://doi.org/10.1/x}", [("html", "https://doi.org/10.1/x")]),
        ("arxiv = {2406.16412}", [("arxiv", "https://arxiv.org/abs/2406.16412")]),
        ("arxiv = {arXiv:2406.16412v2}", [("arxiv", "https://arxiv.org/abs/2406.16412v2")]),
        ("eprint = {2402.16018}, archiveprefix = {arXiv}",
         [("eprint", "https://arxiv.org/abs/2402.16018")]),
        ("eprint = {hal-01234}, eprinttype = {hal}", []),
        ("website = {https://a.org}, blog = {https://b.org}, supp = {https://c.org/s.pdf}",
         [("supp", "https://c.org/s.pdf"), ("website", "https://a.org"), ("blog", "https://b.org")]),
        ("pdf = {paper.pdf}, poster = {2025/poster.pdf}", []),  # files of the site: no base URL
        ("slides_url = {https://x.me/s.pdf}, url_code = {https://github.com/x}",
         [("slides_url", "https://x.me/s.pdf"), ("url_code", "https://github.com/x")]),
        ("bioRxiv = {https://www.biorxiv.org/content/1}, data = {https://zenodo.org/r/1}",
         [("data", "https://zenodo.org/r/1"), ("biorxiv", "https://www.biorxiv.org/content/1")]),
        ("doi = {https://doi.org/10.1016/j.trpro.2023.11.1}",
         [("doi", "https://doi.org/10.1016/j.trpro.2023.11.1")]),
        ("doi = {https://arxiv.org/abs/2101.00001}", [("doi", "https://arxiv.org/abs/2101.00001")]),
        ("url = {https://www.x.org/a/}, html = {http://x.org/a}, doi = {10.1/Y},"
         " website = {https://doi.org/10.1/y}", [("url", "https://www.x.org/a/"),
                                                 ("website", "https://doi.org/10.1/y")]),
        ("bdsk-url-1 = {http://dx.doi.org/10.5194/tc}, doi = {10.5194/tc}",
         [("bdsk-url-1", "http://dx.doi.org/10.5194/tc")]),
        ("file = {:paper.pdf:PDF}, local-url = {file://localhost/x.pdf}, url = {javascript:x()}",
         []),
    ],
)  # fmt: skip
def test_link_fields(fields, expected):
    found = links.links(item(fields))
    assert [(link.field, link.url) for link in found] == expected


def test_files_of_the_site_resolve_against_the_base_url():
    found = links.links(item("pdf = {paper.pdf}, poster = {2025/p.pdf}, slides = {/s.pdf}"), BASE)
    assert [link.url for link in found] == [
        BASE + "paper.pdf", BASE + "2025/p.pdf", "https://me.github.io/s.pdf",
    ]  # fmt: skip
    assert links.relative_fields(item("pdf = {paper.pdf}, code = {https://g.com/x}")) == ["pdf"]


def test_labels_come_from_the_field_or_its_stem():
    labels = parse_config({}).link_labels
    assert [links.link_label(name, labels) for name in
            ("html", "arxiv", "slides_url", "url_pdf", "eprint_url", "bdsk-url-2", "odd")] == [
        "HTML", "arXiv", "slides", "PDF", "eprint", "paper", "odd"]  # fmt: skip


def test_a_field_named_in_export_links_is_read_as_a_link_or_refused_with_the_reason():
    config = parse_config({"export": {"links": {"preprint": "preprint", "doi": ""}}})
    publication = item("preprint = {https://osf.io/x}, doi = {10.1/x}")
    assert item_pieces.links_of(publication, config) == [
        ("preprint", "https://osf.io/x")
    ]  # doi hidden
    with pytest.raises(ConfigError, match="title: this field holds text, not an address"):
        parse_config({"export": {"links": {"title": "T"}}})
    with pytest.raises(ConfigError, match="local-url: this field holds a file on one computer"):
        parse_config({"export": {"links": {"local-url": "file"}}})


def test_every_link_field_is_a_link_in_markdown_html_and_latex():
    config = parse_config({"export": {"base_url": BASE}})
    publication = item("author = {A B}, html = {https://h.org/p}, arxiv = {2406.16412},"
                       " pdf = {p.pdf}, code_url = {https://g.com/c}")  # fmt: skip
    document = core.build([publication], config, core.Options())
    (built,) = document.items
    urls = [
        "https://h.org/p",
        BASE + "p.pdf",
        "https://arxiv.org/abs/2406.16412",
        "https://g.com/c",
    ]
    assert [piece.url for piece in built.pieces if piece.kind is core.Kind.LINK] == urls
    for url in urls:
        assert f"]({url})" in markdown.item_text(built)
        assert f'href="{url}"' in html.item_text(built)
        assert f"\\href{{{latex.url(url)}}}" in latex.item_text(built)


def test_an_annotation_is_the_html_items_hover_text():
    publication = item('author = {A B}, annotation = {Our "first" <paper>}')
    document = core.build([publication], parse_config({}), core.Options())
    assert '<li value="1" id="pub-k" title="Our &quot;first&quot; &lt;paper&gt;">' in html.render(
        document
    )


def test_dblps_escaped_doi_makes_working_links_in_markdown_html_and_latex():
    """DBLP writes `\\_` in url and doi (conf/spire/BastMW06, recorded from dblp.org): the
    link is built from the decoded value, in every format."""
    publication = item(
        r"author = {H. Bast}, url = {https://doi.org/10.1007/11880561\_13},"
        r" doi = {10.1007/11880561\_13}, pdf = {https://x.org/a\%20b\&c.pdf}"
    )
    assert [link.url for link in links.links(publication)] == [
        "https://doi.org/10.1007/11880561_13", "https://x.org/a%20b&c.pdf"]  # fmt: skip
    document = core.build([publication], parse_config({}), core.Options())
    (built,) = document.items
    assert "](https://doi.org/10.1007/11880561_13)" in markdown.item_text(built)
    assert 'href="https://doi.org/10.1007/11880561_13"' in html.item_text(built)
    assert "\\href{https://doi.org/10.1007/11880561\\%5F13}" in latex.item_text(built)


def test_links_to_one_place_are_one_link_whatever_their_spelling():
    """Real files (courtneynreed, Ostrzyciel): a url with the DOI's slash percent-escaped
    beside the doi field, and arXiv's DataCite DOI beside the arXiv id, made two links."""
    from publist import bibfile, reading

    text = (
        "@article{a, title = {T}, year = 2022, doi = {10.21428/92fbeb44.b304e4b1},\n"
        "  url = {https://doi.org/10.21428%2F92fbeb44.b304e4b1}}\n"
        "@misc{b, title = {U}, year = 2023, eprint = {2305.06226}, archiveprefix = {arXiv},\n"
        "  doi = {10.48550/arXiv.2305.06226}}\n"
    )
    first, second = reading.publications(bibfile.load_text(text))
    assert [link.field for link in links.links(first)] == ["url"]
    assert len(links.links(second)) == 1
