"""The fast split (scanner.py, blocks.parse_text): bibtexparser's blocks, read by patterns.

Every test compares parse_text with bibtexparser's own split of the whole text
(blocks._bibtexparser_blocks): the same kinds, keys, types, fields, spans and lines.
"""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publist import blocks, scanner
from publist.blocks import Problem


def reference(text: str):
    found = blocks._bibtexparser_blocks(text)
    return found, [Problem(block.line, block.error or "") for block in found if block.error]


def same_as_bibtexparser(text: str) -> None:
    assert blocks.parse_text(text) == reference(text)


PLAIN = """% a comment before
@article{key1,
  author  = {Ada Lovelace and Charles Babbage},
  title   = {Notes on {the} {{Analytical}} Engine, with a {"}quote{"}},
  journal = "Taylor's {Scientific} Memoirs",
  note    = {mail ada@example.org; \\{escaped\\} braces; 50\\% off},
  year    = 1843,
  month   = sep # { 1},
}

@Misc {k2, title={x}}
@misc{k3,title={Tab\tand\r\nCRLF}
,year={2020},}
text between entries
"""


def test_a_plain_library_is_split_without_bibtexparser(monkeypatch):
    expected = reference(PLAIN)

    def slow(*arguments):
        raise AssertionError("bibtexparser split a plain entry")

    monkeypatch.setattr(blocks, "_bibtexparser_blocks", slow)
    assert blocks.parse_text(PLAIN) == expected
    assert [block.kind for block in expected[0]] == [
        "comment",
        "entry",
        "entry",
        "entry",
        "comment",
    ]


TRICKY = [
    "@string{jc = {J. Comp.}}\n@article{a, journal = jc, title = {T}}\n",
    "@comment{jabref-meta: x}\n@misc{a, title = {T}}\n",
    "@preamble{ {\\newcommand{\\x}{y}} }\n@misc{a, title = {T}}\n",
    "@misc(a, title = {T})\n@misc{b, title = {T}}\n",
    "@misc{a, title = {T}}\n@misc{a, title = {U}}\n@misc{A, title = {V}}\n",  # duplicate key
    "@string{s = {1}}\n@string{s = {2}}\n@misc{s, title = s}\n",  # a duplicate @string
    "@misc{a, title = {T}, title = {U}}\n@misc{b, title = {T}}\n",  # a field twice
    "@misc{a, title = {unclosed\n@misc{b, title = {T}}\n@misc{c, title = {T}}\n",
    "@misc{a, title = {x}\n@misc{b, title = {T}}\n",  # the entry is not closed
    "@misc{a, title = {an @misc{inside} a value}}\n@misc{b, title = {T}}\n",
    "@misc{a, title = {at a line start\n  @misc{b, title = {T}}}}\n",
    "@misc{a, title = {" + "{" * 12 + "deep" + "}" * 12 + "}}\n@misc{b, title = {T}}\n",
    "@misc{a, title = {back\\\nslash newline}}\n\n@misc{b, title = {line}}\n",
    '@misc{a, title = "a {b" c}, year = 1}\n@misc{b, title = {T}}\n',  # braces in quotes
    '@misc{a, title = "a {"} b"}\n@misc{b, title = {T}}\n',
    '@misc{a, title = "a \\" b"}\n@misc{b, title = {T}}\n',
    "@misc{a, title = \\x, year = 1}\n@misc{b, title = {T}}\n",  # a backslash at the top
    "@misc{a,}\n@misc{b}\n@misc{, title = {x}}\n@{c, title = {x}}\n",
    "@misc{a, title = {T},\n  junk }\n@misc{b, title = {T}}\n",
    "@misc{a, title = {T} junk}\n@misc{b, title = {T}}\n@misc{a, title = {U}}\n",  # misread
    "@misc{a, title = {x \\{y} z}}\n@misc{b, title = {\\}}\n@misc{c, title = {T}}\n",
    "@misc{a key with spaces, title = {T}}\n",
    "\ufeff@misc{a, title = {T}}\n\u00a0\n@misc{b, title =\u00a0{T}\u00a0}\n",
    "x @misc{a, title = {T}} y\n@@misc{b, title = {T}}",
    "@commentary{a, title = {T}}\n@Strings{b, title = {T}}\n",
    "",
    "   \n\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_whatever_the_text_the_blocks_are_bibtexparsers(text):
    same_as_bibtexparser(text)


def test_a_block_after_a_duplicate_key_keeps_its_own_span():
    """bibtexparser refuses a whole entry whose key is taken (publist reads it, with the
    problem); the text after it is not read again from inside it."""
    text = "@misc{x,\n  title = {A},\n}\n\n@misc{x,\n  title = {A},\n}\n}"
    found, problems = blocks.parse_text(text)
    assert [(block.kind, text[block.start : block.end]) for block in found[1:]] == [
        ("entry", "@misc{x,\n  title = {A},\n}"),
        ("comment", "}"),
    ]
    assert problems == [Problem(5, "duplicate citation key 'x'")]


def test_lines_are_counted_as_the_splitter_counts_them():
    lines = scanner.Lines("a\nb\\\nc\n\nd")
    assert [lines.at(position) for position in (0, 2, 5, 7, 8)] == [1, 2, 2, 3, 4]
    assert lines.at(0) == 1  # asked out of order: counted again


TOKENS = st.sampled_from(
    ["@article{", "@misc{k,", "@Book {k2,", "@string{", "@comment{", "@preamble{", "@misc(k,",
     "}", "{", '"', ",", "=", ")", "(", " title = ", " author = ", "\n  year = ", " and ", "#",
     "\\", "\\'", '\\"o', "\\{", "\\}", "\\\n", "$", "%", "\n", "\r\n", "k1", "2020", "~", "é",
     " ", "\t", "@", "a@b", "\n@", '{"}', "\u00a0", "\x0b",
     "\n\n@inproceedings{x,\n  title = {A {B} c},\n}\n"]
)  # fmt: skip
BIBTEX_LIKE = st.lists(st.one_of(TOKENS, st.text(max_size=3)), max_size=60).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(BIBTEX_LIKE)
def test_random_bibtex_like_text_splits_as_bibtexparser_splits_it(text):
    same_as_bibtexparser(text)


def test_every_file_of_the_corpus_splits_as_bibtexparser_splits_it(corpus):
    for path in sorted((corpus / "bib").rglob("*.bib")):
        try:
            text = blocks.decode(path.read_bytes(), None, Path(path))[0]
        except Exception:  # not text: the loader says so, there is nothing to split
            continue
        assert blocks.parse_text(text) == reference(text), path
