"""The forms `publist add` accepts, table-driven (vectors written for publist)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publist import identifiers, reading
from publist.identifiers import Identifier, Kind
from publist.plans.fetching import UnknownIdentifier, identify


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1145/3600006.3613165", Identifier(Kind.DOI, "10.1145/3600006.3613165")),
        ("doi:10.1145/3600006.3613165", Identifier(Kind.DOI, "10.1145/3600006.3613165")),
        ("DOI: 10.1145/3600006.3613165", Identifier(Kind.DOI, "10.1145/3600006.3613165")),
        (
            "https://doi.org/10.1126/Science.169.3946.635",
            Identifier(Kind.DOI, "10.1126/science.169.3946.635"),
        ),
        ("http://dx.doi.org/10.1007/BF01700692", Identifier(Kind.DOI, "10.1007/bf01700692")),
        ("  10.1186/s12984-017-0305-3.  ", Identifier(Kind.DOI, "10.1186/s12984-017-0305-3")),
        ("2309.06180", Identifier(Kind.ARXIV, "2309.06180")),
        ("2309.06180v2", Identifier(Kind.ARXIV, "2309.06180", "v2")),
        ("arXiv:2309.06180", Identifier(Kind.ARXIV, "2309.06180")),
        ("arxiv: 1706.03762v7", Identifier(Kind.ARXIV, "1706.03762", "v7")),
        ("1501.00001", Identifier(Kind.ARXIV, "1501.00001")),
        ("0704.0001", Identifier(Kind.ARXIV, "0704.0001")),
        ("hep-th/9901001", Identifier(Kind.ARXIV, "hep-th/9901001")),
        ("math.GT/0309136", Identifier(Kind.ARXIV, "math.GT/0309136")),
        ("https://arxiv.org/abs/2309.06180", Identifier(Kind.ARXIV, "2309.06180")),
        ("https://arxiv.org/pdf/2309.06180v1.pdf", Identifier(Kind.ARXIV, "2309.06180", "v1")),
        (
            "https://export.arxiv.org/abs/astro-ph/0601001",
            Identifier(Kind.ARXIV, "astro-ph/0601001"),
        ),
        ("10.48550/arXiv.2309.06180", Identifier(Kind.ARXIV, "2309.06180")),
        ("https://doi.org/10.48550/arXiv.1706.03762", Identifier(Kind.ARXIV, "1706.03762")),
        ("conf/osdi/YuJKKC22", Identifier(Kind.DBLP, "conf/osdi/YuJKKC22")),
        ("https://dblp.org/rec/conf/osdi/YuJKKC22", Identifier(Kind.DBLP, "conf/osdi/YuJKKC22")),
        (
            "https://dblp.org/rec/conf/osdi/YuJKKC22.bib",
            Identifier(Kind.DBLP, "conf/osdi/YuJKKC22"),
        ),
        ("DBLP:journals/pvldb/YuAKPZCWI21", Identifier(Kind.DBLP, "journals/pvldb/YuAKPZCWI21")),
    ],
)
def test_accepted_forms(text, expected):
    assert identify(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "orca",
        "",
        "10.1145",
        "10.12/x y",
        "2309.061",
        "arXiv:abc",
        "https://example.org/paper",
        "conf/osdi",
        "javascript:alert(1)",
    ],
)
def test_other_text_names_the_accepted_forms(text):
    with pytest.raises(UnknownIdentifier) as raised:
        identify(text)
    message = str(raised.value)
    assert message.startswith(f"'{text}' is not a DOI (10.1145/3600006.3613165")
    assert "an arXiv id" in message and "a DBLP key" in message and "--bib" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("eprint = {2309.06180v2}, archiveprefix = {arXiv}", "2309.06180"),
        ("doi = {10.48550/arXiv.2309.06180}", "2309.06180"),
        ("journal = {CoRR}, volume = {abs/2309.06180}", "2309.06180"),
        ("journal = {arXiv preprint arXiv:2309.06180}", "2309.06180"),
        ("url = {https://arxiv.org/abs/2309.06180v3}", "2309.06180"),
        ("url = {http://arxiv.org/pdf/hep-th/9901001}", "hep-th/9901001"),
        ("howpublished = {\\url{https://www.arxiv.org/abs/1706.03762}}", "1706.03762"),
        ("url = {https://example.org/1706.03762}", None),
        ("eprint = {hal-01234567}, eprinttype = {HAL}", None),
    ],
)
def test_arxiv_id_found_wherever_a_library_keeps_it(fields, expected):
    from publist import bibfile
    from publist.storage import arxiv_of

    library = bibfile.load_text(f"@misc{{k, title = {{T}}, {fields}}}\n")
    (item,) = reading.publications(library)
    assert arxiv_of(item) == expected


@given(
    st.sampled_from(["", " ", "\t", "doi:", "DOI: ", "https://", "http://", "HTTPS://", "dx.",
                     "www.", "Www.", "doi.org/", "dx.doi.org/", "https://doi.org/", "d", "h"]),
    st.sampled_from(["", "doi.org/", "DOI.ORG/", "www.doi.org/", "doi: "]),
    st.sampled_from(["10.1145/3600006.3613165", "10.1/x ", "", "doi", "hdl:1/2", "w"]),
)  # fmt: skip
def test_doi_prefix_stripped_as_its_patterns_say(head, middle, tail):
    """The quick return for text that cannot start a prefix agrees with the patterns alone."""
    text = head + middle + tail
    expected = identifiers._DOI_LABEL.sub("", identifiers._DOI_URL.sub("", text.strip())).strip()
    assert identifiers.strip_doi_prefix(text) == expected
