"""--max-authors: "A, B, C, …, **Owner**, et al." in every format that prints a list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publist import bibfile, blocks, reading
from publist.config import parse_config
from publist.errors import ConfigError
from publist.render import core, item_pieces, plain
from publist.render.core import Kind, Options, Piece
from publist.render.shorten import shorten_authors

CONFIG = parse_config({"owner": {"name": "Gyeong-In Yu"}})
NAMES = ["Ann Alpha", "Bob Beta", "Cy Gamma", "Di Delta", "Ed Eps", "Gyeong-In Yu", "Zed Zeta"]


def item(names: list[str], limit: int | None, marks: str = "", config=CONFIG) -> core.Item:
    text = (
        f"@inproceedings{{k, author = {{{' and '.join(names)}}}, title = {{T}},"
        f" booktitle = {{V}}, year = 2020, {marks}}}"
    )
    library = bibfile.LibraryFile(Path("x.bib"), text, blocks=blocks.parse_text(text)[0])
    return core.build(reading.publications(library), config, Options(max_authors=limit)).items[0]


@pytest.mark.parametrize(
    ("names", "limit", "expected"),
    [
        (NAMES, 3, "Ann Alpha, Bob Beta, Cy Gamma, …, Gyeong-In Yu, et al. T. V, 2020."),
        (NAMES[:6], 3, "Ann Alpha, Bob Beta, Cy Gamma, …, Gyeong-In Yu. T. V, 2020."),
        (["Gyeong-In Yu", *NAMES[:5]], 2, "Gyeong-In Yu, Ann Alpha, et al. T. V, 2020."),
        (NAMES, 7, ", ".join(NAMES) + ". T. V, 2020."),
        (NAMES, 0, ", ".join(NAMES) + ". T. V, 2020."),
        (NAMES, None, ", ".join(NAMES) + ". T. V, 2020."),
        (NAMES, 6, ", ".join(NAMES[:6]) + ", et al. T. V, 2020."),
        # A list that ends in 'and others' says "et al." once, shortened or not.
        ([*NAMES, "others"], 2, "Ann Alpha, Bob Beta, …, Gyeong-In Yu, et al. T. V, 2020."),
        ([*NAMES[:6], "others"], 2, "Ann Alpha, Bob Beta, …, Gyeong-In Yu, et al. T. V, 2020."),
        ([*NAMES[:3], "others"], 2, "Ann Alpha, Bob Beta, et al. T. V, 2020."),
        ([*NAMES, "others"], 0, ", ".join(NAMES) + ", et al. T. V, 2020."),
    ],
)
def test_the_first_authors_then_the_owner_then_et_al(names, limit, expected):
    assert plain.item_text(item(names, limit)) == expected


def test_the_owner_stays_bold_and_the_note_goes_with_the_last_marked_author():
    shown = item(NAMES, 2, "author+an = {4=equal; 5=equal}")
    assert plain.item_text(shown) == "Ann Alpha, Bob Beta, …, Gyeong-In Yu, et al. T. V, 2020."
    assert [p.text for p in shown.pieces if p.owner] == ["Gyeong-In Yu"]
    kept = item(NAMES, 2, "author+an = {2=equal; 6=equal}")
    assert plain.item_text(kept) == (
        "Ann Alpha, Bob Beta*, …, Gyeong-In Yu*, et al. (*equal contribution). T. V, 2020."
    )


def test_a_highlighted_owner_counts_and_so_do_several():
    text = item(NAMES, 1, "author+an = {4=highlight}")
    assert plain.item_text(text) == "Ann Alpha, …, Di Delta, …, Gyeong-In Yu, et al. T. V, 2020."


def test_the_limit_comes_from_publist_toml_and_the_option_wins():
    config = parse_config({"owner": {"name": "Gyeong-In Yu"}, "export": {"max_authors": 2}})
    assert plain.item_text(item(NAMES, None, config=config)).startswith("Ann Alpha, Bob Beta, …")
    assert plain.item_text(item(NAMES, 0, config=config)).startswith(", ".join(NAMES))
    for wrong in (-1, "3", True, 2.5):
        with pytest.raises(ConfigError, match="max_authors"):
            parse_config({"export": {"max_authors": wrong}}, Path("publist.toml"))


def text_piece(text: str, latex: str | None) -> Piece:
    return Piece(Kind.TEXT, text, latex)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=12),
    st.integers(min_value=1, max_value=12),
)
def test_shortening_keeps_order_and_every_owner(authors, limit):
    pieces: list[Piece] = []
    for index, (owner, equal) in enumerate(authors):
        if pieces:
            pieces.append(item_pieces.AUTHOR_SEPARATOR)
        pieces.append(Piece(Kind.AUTHOR, f"P{index}", None, False, owner, equal))
    pieces += [Piece(Kind.TEXT, ". "), Piece(Kind.TITLE, "T"), Piece(Kind.TEXT, ".")]
    result = shorten_authors(tuple(pieces), limit, text_piece)
    names = [p.text for p in result if p.kind is Kind.AUTHOR]
    wanted = [f"P{i}" for i, (owner, _) in enumerate(authors) if i < limit or owner]
    assert names == wanted
    assert result[-2:] == tuple(pieces[-2:])  # the title and what follows are untouched
    texts = [p.text for p in result]
    assert ("et al." in texts) == (f"P{len(authors) - 1}" not in names)
    assert ("…" in texts) == any(
        int(b[1:]) - int(a[1:]) > 1 for a, b in zip(names, names[1:], strict=False)
    )


def test_every_format_shortens_or_keeps_the_whole_list(cli, library):
    """Lists shorten; citation data (bib, CSL, al-folio, Hugo) keeps every author."""
    everyone = "Woo-Yeon Lee, Yunseong Lee, Joo Seong Jeong"  # lee2019automating has twelve
    last = "Byung-Gon Chun"

    def export(fmt: str, *extra: str) -> str:
        result = cli("-l", library, "export", "-f", fmt, "--max-authors", "2", *extra)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    for fmt in ("md", "txt", "html", "latex", "typst"):
        text = export(fmt)
        assert "Woo\\-Yeon Lee" in text or "Woo-Yeon Lee" in text, fmt
        assert "et al." in text or "et al\\." in text, fmt
        assert "Joo Seong Jeong, Gyeong" not in text, fmt
    data = json.loads(export("json"))
    row = next(i for s in data["sections"] for i in s["items"] if i["key"] == "lee2019automating")
    assert [a["name"] for a in row["authors"]] == ["Woo-Yeon Lee", "Yunseong Lee", "Gyeong-In Yu"]
    assert row["text"].startswith("Woo-Yeon Lee, Yunseong Lee, …, Gyeong-In Yu, et al. ")
    resume = json.loads(export("jsonresume"))["publications"]
    lee = next(p for p in resume if p["name"].startswith("Automating"))
    assert lee["summary"] == "Woo-Yeon Lee, Yunseong Lee, …, Gyeong-In Yu, et al."
    rendercv = export("rendercv")
    assert '- "Yunseong Lee"\n      - "…"\n      - "**Gyeong-In Yu**"\n      - "et al."' in rendercv
    csl = json.loads(export("csljson"))
    assert len(next(i for i in csl if i["id"] == "lee2019automating")["author"]) == 12
    for fmt in ("bib", "al-folio"):
        assert f"{everyone.split(', ')[0]} and Yunseong Lee and Joo Seong Jeong" in export(fmt)
    assert last in export("bib")


def test_a_list_ending_in_and_others_says_et_al_once_in_every_format(cli, tmp_path):
    """RanZhang08's greene2015understanding with --max-authors 2: "et al., et al." before."""
    (tmp_path / "library.bib").write_text(
        "@article{greene2015,\n  author = {Greene, Casey S and Krishnan, Arjun and Wong, Aaron K"
        " and Zhang, Ran and Hartmann, Boris M and others},\n  title = {Understanding"
        " multicellular function},\n  journal = {Nature genetics},\n  year = {2015},\n}\n",
        encoding="utf-8",
    )
    (tmp_path / "publist.toml").write_text('[owner]\nname = "Ran Zhang"\n', encoding="utf-8")
    for fmt in ("md", "txt", "html", "latex", "typst", "json", "jsonresume", "rendercv"):
        result = cli("-l", tmp_path / "library.bib", "export", "-f", fmt, "--max-authors", "2")
        assert result.exit_code == 0, result.stderr
        shown = result.stdout.replace("\\.", ".")  # Markdown escapes the full stop
        # JSON has it in text, markdown and html; JSON Resume in its summary and authors.
        assert shown.count("et al.") == {"json": 3, "jsonresume": 2}.get(fmt, 1), (fmt, shown)
        assert "et al., et al." not in shown, fmt
