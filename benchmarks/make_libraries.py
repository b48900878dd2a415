"""Build 1k/10k/100k-entry libraries from ../shared/corpus/bib, with known duplicates injected.

Reproducible (fixed seed). Each library is benchmarks/data/library-N.bib beside
truth-N.json, which lists the injected duplicate pairs and how each was made, and
handful-N.bib, the same library with only five of its duplicates (for `dedupe --apply`).
Replicated entries get a reworded title and their own DOI, so they are not
duplicates of each other; about 5% of the entries are injected duplicates:
same DOI with a retyped title, an arXiv preprint of a published entry, the same
title with other LaTeX and punctuation, or a title with a typo (a possible).

Usage: python benchmarks/make_libraries.py [--corpus PATH] [SIZE ...]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from publist import bibfile, bibtex, house, reading

HERE = Path(__file__).resolve().parent
SEED = 20240501
SIZES = (1_000, 10_000, 100_000)
DUPLICATE_SHARE = 0.05
HANDFUL = 5  # duplicates left in handful-N.bib
KINDS = ("doi", "arxiv", "title", "typo")
KEPT_FIELDS = (
    "author",
    "title",
    "booktitle",
    "journal",
    "volume",
    "number",
    "pages",
    "year",
    "publisher",
)


def base_entries(corpus: Path) -> list[tuple[str, dict[str, str]]]:
    """Entries with an author, a title and a year, as (type, LaTeX fields), from every readable file."""
    found = []
    for path in sorted((corpus / "bib").rglob("*.bib")):
        try:
            library = bibfile.load(path)
        except Exception:  # a file we cannot read is no benchmark input
            continue
        for item in reading.publications(library):
            fields = {
                name: item.latex_fields[name] for name in KEPT_FIELDS if item.latex_fields.get(name)
            }
            if {"author", "title", "year"} <= fields.keys() and "{" not in fields["year"]:
                if fields["title"].count("{") == fields["title"].count("}"):
                    found.append((item.entry_type or "misc", fields))
    return found


def vocabulary(entries) -> list[str]:
    words = {
        word.lower()
        for _, fields in entries
        for word in re.findall(r"[A-Za-z]{4,}", fields["title"])
    }
    return sorted(words)


def reworded(title: str, words: list[str], chance: random.Random) -> str:
    """Half the title's words replaced, so replicas are different works."""
    tokens = re.sub(r"[{}\\$]", "", title).split()
    for index in range(len(tokens)):
        if chance.random() < 0.5:
            tokens[index] = chance.choice(words)
    tokens.append(chance.choice(words))
    return " ".join(tokens)


def typo(title: str, chance: random.Random) -> str:
    words = title.split()
    long = [index for index, word in enumerate(words) if len(word) > 5 and word.isalpha()]
    if not long:
        return title + "s"
    index = chance.choice(long)
    word = words[index]
    position = chance.randrange(1, len(word) - 2)
    words[index] = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return " ".join(words)


def render(entry_type: str, key: str, fields: dict[str, str]) -> str:
    return house.render_entry(
        entry_type, key, [(name, bibtex.braced(value)) for name, value in fields.items()]
    )


def build(size: int, entries, words: list[str]) -> tuple[str, list[dict], str]:
    """The library, its injected duplicates, and the same library with only a handful of
    them (HANDFUL automatic ones: the input of `dedupe --apply` in the edit loop)."""
    chance = random.Random(SEED + size)
    originals = size - int(size * DUPLICATE_SHARE)
    texts: list[str] = []
    made: list[tuple[str, str, dict[str, str]]] = []
    for index in range(originals):
        entry_type, fields = entries[index % len(entries)]
        fields = dict(fields)
        if index >= len(entries):
            fields["title"] = reworded(fields["title"], words, chance)
        fields["doi"] = f"10.5555/bench.{index}"
        key = f"e{index}"
        made.append((entry_type, key, fields))
    truth = []
    for index in range(size - originals):
        entry_type, key, fields = made[chance.randrange(originals)]
        kind = KINDS[index % len(KINDS)]
        copy = dict(fields)
        copy.pop("doi")
        if kind == "doi":
            copy["doi"] = fields["doi"].upper()
            copy["title"] = fields["title"].upper()
        elif kind == "arxiv":
            identifier = f"{2000 + index % 9999:04d}.{index:05d}"
            fields["eprint"] = identifier  # the published entry knows its preprint
            entry_type, copy = (
                "misc",
                {"author": fields["author"], "title": fields["title"], "year": fields["year"]},
            )
            copy["journal"] = f"arXiv preprint arXiv:{identifier}"
        elif kind == "title":
            copy["title"] = "{" + re.sub(r"[:,.]", " ", fields["title"]) + "}"
            copy.pop("pages", None)
        else:
            copy["title"] = typo(fields["title"], chance)
            copy.pop("pages", None)
        duplicate = f"d{index}"
        made.append((entry_type, duplicate, copy))
        truth.append({"keys": [key, duplicate], "kind": kind})
    order = list(range(len(made)))
    chance.shuffle(order)
    texts = [render(*made[position]) for position in order]
    automatic = [pair["keys"][1] for pair in truth if pair["kind"] != "typo"]
    dropped = set(pair["keys"][1] for pair in truth) - set(automatic[:HANDFUL])
    handful = [render(*made[position]) for position in order if made[position][1] not in dropped]
    return "\n\n".join(texts) + "\n", truth, "\n\n".join(handful) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus")
    parser.add_argument("sizes", type=int, nargs="*", default=list(SIZES))
    options = parser.parse_args()
    entries = base_entries(options.corpus)
    words = vocabulary(entries)
    folder = HERE / "data"
    folder.mkdir(exist_ok=True)
    for size in options.sizes:
        text, truth, handful = build(size, entries, words)
        (folder / f"library-{size}.bib").write_text(text, encoding="utf-8")
        (folder / f"handful-{size}.bib").write_text(handful, encoding="utf-8")
        (folder / f"truth-{size}.json").write_text(json.dumps(truth, indent=1), encoding="utf-8")
        print(
            f"{size} entries ({len(truth)} injected duplicates) from {len(entries)} corpus entries"
        )


if __name__ == "__main__":
    main()
