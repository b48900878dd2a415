"""One house style: what `fmt` writes for an entry is what `add` (and every edit) writes."""

from __future__ import annotations

import pytest

from conftest import run_publist

HAND_WRITTEN = [
    """@InProceedings{K,
  Title = "Orca: A Distributed
           Serving System",
  author = {Yu, Gyeong-In and Chun, Byung-Gon},
  year = 2021, pages = {10-20},
  Booktitle = {OSDI}, month = "July",
  doi = {https://doi.org/10.1145/3600006.3613165},
  volume = 15,
  note = {Oral},
}""",
    """@article{K,
  journal={Computer Vision and Pattern Recognition (CVPR)},
  title={A {GPU} paper},
  author={Wang, Peiran and Li, Bo},
  year={2024}, keywords = {vision, journal}, pages = {1 -- 9}, url = {https://example.org/x}
}""",
]


@pytest.mark.parametrize("entry", HAND_WRITTEN)
def test_fmt_and_add_write_the_same_bytes(tmp_path, entry):
    formatted = tmp_path / "formatted.bib"
    formatted.write_text(entry + "\n", encoding="utf-8")
    result = run_publist("-l", formatted, "fmt")
    assert result.returncode == 0, result.stderr
    added = tmp_path / "added.bib"
    added.write_text("", encoding="utf-8")
    result = run_publist("-l", added, "add", "--bib", "-", "--key", "K", "--force", input=entry)
    assert result.returncode == 0, result.stderr
    assert added.read_bytes() == formatted.read_bytes()
    assert b"year      = {2021}" in formatted.read_bytes() or b"{2024}" in formatted.read_bytes()
