"""The JSON export for site builders: what a template needs as its own keys."""

from __future__ import annotations

import json

import pytest

LIBRARY = r"""@inproceedings{bast2006output,
  author    = {H. Bast and Christian Worm Mortensen and Ingmar Weber},
  title     = {Output-Sensitive Autocompletion Search},
  booktitle = {16th {USENIX} Symposium on Operating Systems Design and Implementation, {OSDI} 2022},
  year      = {2006},
  doi       = {10.1007/11880561\_13},
  keywords  = {conference},
}

@inproceedings{shang2024bmdp,
  author    = {Yuzhang Shang and Yan Yan},
  title     = {Efficient Multitask Dense Predictor via Binarization},
  booktitle = {Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition},
  year      = {2024},
  abbr      = {CVPR 2024},
  award     = {Highlight},
  eprint    = {2405.14136},
  archiveprefix = {arXiv},
  keywords  = {conference},
}
"""


@pytest.fixture
def items(cli, tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(LIBRARY, encoding="utf-8")
    data = json.loads(cli("-l", path, "export", "-f", "json").stdout)
    return {item["key"]: item for section in data["sections"] for item in section["items"]}


def test_award_is_null_when_there_is_none(items):
    assert items["bast2006output"]["award"] is None
    assert items["shang2024bmdp"]["award"] == "Highlight"


def test_short_venue_is_the_abbr_else_the_counted_name(items):
    assert items["shang2024bmdp"]["venue_short"] == "CVPR 2024"
    assert items["bast2006output"]["venue_short"] == "OSDI"


def test_doi_and_arxiv_are_their_own_keys_decoded(items):
    assert items["bast2006output"]["doi"] == "10.1007/11880561_13"  # DBLP's \_ decoded
    assert items["bast2006output"]["arxiv"] is None
    assert items["shang2024bmdp"]["doi"] is None
    assert items["shang2024bmdp"]["arxiv"] == "2405.14136"
