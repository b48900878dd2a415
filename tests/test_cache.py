"""The parse cache and the run memo (cache.py, memo.py): the same answers, only faster."""

import json
import os
import re
from pathlib import Path

from publist import bibfile, blocks, cache, files, latex, memo, memo_files, model, reading
from publist.memo import Memo


def write(tmp_path: Path, text: str, name: str = "library.bib", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def learned(values: dict[str, str]) -> Memo:
    kept = Memo(dict(values))
    kept.learned = True
    return kept


def decoded(target: Path | None) -> dict[str, str]:
    return memo_files.read_memo(target).decoded


def big_library(tmp_path: Path) -> Path:
    """Large enough to be cached; one failed block and a @string, so every kind round-trips."""
    entries = [
        f"@article{{k{index},\n  title = {{T{index} \\'e}},\n  journal = jc,\n  year = 2020,\n}}"
        for index in range(1500)
    ]
    text = '@string{jc = "J. Comp."}\n\n' + "\n\n".join(entries) + "\n@misc{broken, title = {x}\n"
    return write(tmp_path, text, newline="\r\n")


def test_a_cached_parse_gives_the_same_blocks_and_saves_byte_for_byte(tmp_path):
    path, folder = big_library(tmp_path), tmp_path / "cache"
    fresh = bibfile.load(path)
    first = bibfile.load(path, cache_folder=folder)
    assert len(list(folder.glob("*.json"))) == 1
    second = bibfile.load(path, cache_folder=folder)
    for loaded in (first, second):
        assert loaded.blocks == fresh.blocks and loaded.problems == fresh.problems
        assert bibfile.encode(loaded) == path.read_bytes()
    second.replace_entry("k7", "article", [("title", "{New}")])
    assert bibfile.encode(second).count(b"{New}") == 1


def test_the_cache_is_only_a_help(tmp_path):
    path, folder = big_library(tmp_path), tmp_path / "cache"
    bibfile.load(path, cache_folder=folder)
    (stored,) = folder.glob("*.json")
    stored.write_text("{not json")  # a damaged cache file is parsed around
    assert bibfile.load(path, cache_folder=folder).blocks == bibfile.load(path).blocks
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    assert bibfile.load(path, cache_folder=blocked).blocks == bibfile.load(path).blocks
    small = write(tmp_path, "@misc{k, title = {x}}\n", name="small.bib")
    bibfile.load(small, cache_folder=tmp_path / "unused")
    assert not (tmp_path / "unused").exists()


def test_the_cache_keeps_only_recent_libraries(tmp_path):
    folder = tmp_path / "cache"
    for number in range(cache.CACHE_KEEP + 2):
        path = write(tmp_path, f"% {number}\n" + "@misc{k, title = {x}}\n" * 6000, f"{number}.bib")
        bibfile.load(path, cache_folder=folder)
    assert len(list(folder.glob("*.json"))) == cache.CACHE_KEEP
    assert len(list(folder.glob("*.last"))) == cache.CACHE_KEEP  # a pointer for each
    assert len(list(folder.glob("*.text"))) == cache.CACHE_KEEP


def test_the_cache_is_bounded_in_size_too(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setattr(cache, "CACHE_BYTES", 1)  # only the library used last fits
    for number in range(3):
        path = write(tmp_path, f"% {number}\n" + "@misc{k, title = {x}}\n" * 6000, f"{number}.bib")
        library = bibfile.load(path, cache_folder=folder)
    assert [path.name for path in folder.glob("*.json")] == [library.cache_file.name]


def test_a_library_keeps_one_parse_however_often_it_is_edited(tmp_path):
    folder = tmp_path / "cache"
    path = write(tmp_path, "@misc{k, title = {x}}\n" * 6000)
    for number in range(5):
        path.write_text(path.read_text() + f"% edit {number}\n")
        library = bibfile.load(path, cache_folder=folder)
    # The last parse, and the one it was made from (pruned when the next one is made).
    assert len(list(folder.glob("*.json"))) == 2
    assert library.blocks == bibfile.load(path).blocks


def test_an_edit_keeps_the_parse_of_what_it_wrote(tmp_path, monkeypatch):
    """The next run reads the parse the edit kept (and its memo, linked over): it splits
    nothing; the parse is the one a fresh parse of the new text gives."""
    path, folder = clean_library(tmp_path), tmp_path / "cache"
    known = bibfile.load(path, cache_folder=folder)
    memo_files.keep_memo(known.cache_file, learned({"x": "y"}))
    with bibfile.edit(path, known=known) as library:
        library.edit_entry("k7", [("author", "{Ada Lovelace}"), ("title", "{New}")])
        library.remove_entry("k9")
    kept = cache.cache_file(path.read_text(), folder)
    assert kept is not None and kept.exists() and decoded(kept) == {"x": "y"}
    monkeypatch.setattr(cache, "parse_text", None)  # a split would fail
    monkeypatch.setattr("publist.revision.reparse", None)
    again = bibfile.load(path, cache_folder=folder)
    assert again.cache_file == kept and again.blocks == blocks.parse_text(path.read_text())[0]


def test_an_edit_keeps_no_parse_of_a_text_it_did_not_read_by_the_cache(tmp_path, monkeypatch):
    """Changed on disk after it was read: the edit parsed the file again under the lock,
    without the cache, and keeps nothing; a cache it cannot write changes nothing."""
    path, folder = clean_library(tmp_path), tmp_path / "cache"
    known = bibfile.load(path, cache_folder=folder)
    path.write_text(path.read_text() + "\n@misc{late, title = {Late}}\n")
    with bibfile.edit(path, known=known) as library:
        library.edit_entry("k7", [("author", "{Ada Lovelace}"), ("title", "{New}")])
    assert len(list(folder.glob("*.json"))) == 1
    known = bibfile.load(path, cache_folder=folder)

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "_keep_parse", full_disk)
    with bibfile.edit(path, known=known) as library:
        library.remove_entry("late")
    assert "late" not in path.read_text() and b"{New}" in path.read_bytes()


def test_a_memo_is_kept_beside_the_parse_of_the_same_text(tmp_path):
    path, folder = big_library(tmp_path), tmp_path / "cache"
    library = bibfile.load(path, cache_folder=folder)
    assert decoded(library.cache_file) == {}
    memo_files.keep_memo(library.cache_file, learned({"\\'e": "é"}))
    assert decoded(bibfile.load(path, cache_folder=folder).cache_file) == {"\\'e": "é"}
    library.cache_file.with_suffix(".memo").write_text("{not json")
    assert decoded(library.cache_file) == {}  # a damaged memo is only not there
    memo_files.keep_memo(library.cache_file, learned({"\\'e": "é"}))
    path.write_text(path.read_text() + "\n% changed\n")
    edited = bibfile.load(path, cache_folder=folder)
    assert edited.cache_file != library.cache_file  # another text, another parse
    assert decoded(edited.cache_file) == {"\\'e": "é"}  # what it decoded holds for it too


def test_a_memo_needs_a_kept_parse(tmp_path):
    small = write(tmp_path, "@misc{k, title = {x}}\n", name="small.bib")
    library = bibfile.load(small, cache_folder=tmp_path / "cache")
    memo_files.keep_memo(library.cache_file, learned({"x": "y"}))
    assert decoded(library.cache_file) == {} and not (tmp_path / "cache").exists()
    path = big_library(tmp_path)
    unwritable = tmp_path / "file-not-folder"
    unwritable.write_text("")
    library = bibfile.load(path, cache_folder=unwritable)
    memo_files.keep_memo(library.cache_file, learned({"x": "y"}))  # no parse kept: no memo either
    assert decoded(library.cache_file) == {}
    library = bibfile.load(path, cache_folder=tmp_path / "cache")
    library.cache_file.with_suffix(".memo").mkdir()  # cannot be written
    memo_files.keep_memo(library.cache_file, learned({"x": "y"}))  # best effort: nothing raised
    assert decoded(library.cache_file) == {}


def test_the_parser_stamp_names_the_installed_version():
    from importlib.metadata import version

    assert f"bibtexparser-{version('bibtexparser')}" in cache.parser_stamp()


def test_a_pruned_parse_takes_its_memo_along(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "notes.json").write_text("{}")  # not publist's: left alone
    (folder / "notes.memo").write_text("{}")
    orphan = folder / f"{'0' * 40}.memo"  # its parse was removed by hand
    orphan.write_text("{}")
    for number in range(cache.CACHE_KEEP + 2):
        path = write(tmp_path, f"% {number}\n" + "@misc{k, title = {x}}\n" * 6000, f"{number}.bib")
        library = bibfile.load(path, cache_folder=folder)
        memo_files.keep_memo(library.cache_file, learned({"number": str(number)}))
        for pointer in folder.glob("*.last"):  # used in this order, oldest first
            if pointer.read_text() == library.cache_file.stem:
                os.utime(pointer, (number, number))
    parses = {path.stem for path in folder.glob("*.json")} - {"notes"}
    memos = {path.stem for path in folder.glob("*.memo")} - {"notes"}
    items = {path.stem for path in folder.glob("*.items")}
    assert len(parses) == cache.CACHE_KEEP and memos == parses and items == parses
    assert decoded(library.cache_file) == {"number": str(cache.CACHE_KEEP + 1)}
    assert (folder / "notes.json").exists() and (folder / "notes.memo").exists()


def test_the_cache_is_written_without_waiting_for_the_disk(tmp_path, monkeypatch):
    """A cache file cut by a crash only means parsing again; the library is always synced."""
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda descriptor: synced.append(descriptor))
    path = big_library(tmp_path)
    library = bibfile.load(path, cache_folder=tmp_path / "cache")
    memo_files.keep_memo(library.cache_file, learned({"x": "y"}))
    assert synced == [] and decoded(library.cache_file) == {"x": "y"}
    files.write_bytes_atomic(tmp_path / "saved.bib", b"@misc{k}\n")  # as save writes
    assert len(synced) == 2  # the new file and its folder


MEMO_LIBRARY = (
    "@article{a, author = {Ana Klimovi{\\'c} and de la Fontaine, Jean and Ada King},"
    ' title = {{GPU} \\& $\\approx$ fast}, journal = {J. {\\"O}ko}, year = 2020}\n'
    '@article{b, author = {Ada King and M{\\"u}ller, J{\\"o}rg}, title = {Plain}, year = 2021}\n'
)


def shown(text: str, kept: Memo) -> list:
    items = reading.publications(bibfile.load_text(text), kept)
    return [(item.authors, item.title, item.venue) for item in items]


def round_trip(kept: Memo, tmp_path: Path) -> Memo:
    """The memo as the next run reads it back from its file."""
    target = tmp_path / f"{'1' * 40}.json"
    target.write_text("{}")
    memo_files.keep_memo(target, kept)
    return memo_files.read_memo(target)


def test_a_memo_gives_the_same_results_without_doing_the_work(monkeypatch, tmp_path):
    first = Memo()
    expected = shown(MEMO_LIBRARY, first)
    assert first.learned and first.decoded and first.people
    restored = round_trip(first, tmp_path)

    def no_work(*arguments):
        raise AssertionError("decoded again")

    with monkeypatch.context() as patched:
        for name in ("split_people", "decode_value"):
            patched.setattr(memo, name, no_work)
        assert shown(MEMO_LIBRARY, restored) == expected
    assert not restored.learned  # nothing new to keep
    new = reading.publications(bibfile.load_text('@misc{c, author = {Zo{\\"e} Wu}}'), restored)
    assert new[0].authors[0].display == "Zoë Wu"
    assert restored.learned and 'Zo{\\"e} Wu' in restored.people


def test_a_memo_of_other_code_or_damaged_is_ignored(tmp_path):
    first = Memo()
    shown(MEMO_LIBRARY, first)
    target = tmp_path / f"{'2' * 40}.json"
    target.write_text("{}")
    memo_files.keep_memo(target, first)
    data = json.loads(cache.unsealed(target.with_suffix(".memo")) or b"")
    for damaged in (
        {**data, "stamp": data["stamp"] + " other"},
        {**data, "persons": [[0, 0]]},  # too short
        {**data, "persons": [[10**6] * 8]},  # a name part not in the table
        {**data, "texts": [1] * len(data["texts"])},  # name parts that are not text
        {**data, "people": {"x": [10**6]}},
        {key: value for key, value in data.items() if key != "decoded"},
        ["not", "a", "memo"],
        None,
    ):
        cache.write_sealed(target.with_suffix(".memo"), json.dumps(damaged).encode())
        restored = memo_files.read_memo(target)
        assert restored.people == {} and restored.decoded == {} and restored.classes == {}


def test_no_memo_when_the_code_cannot_be_told(monkeypatch, tmp_path):
    first = Memo()
    shown(MEMO_LIBRARY, first)
    monkeypatch.setattr(cache, "__file__", "/nonexistent/publist.zip/cache.py")  # a zipapp
    assert memo_files.memo_stamp() is None
    assert round_trip(first, tmp_path).decoded == {}


def test_the_stamp_covers_every_module_that_shapes_a_memo():
    """Moving the decoder to another file must not keep stale memos: each module whose
    code decides what a memo holds is in its stamp."""
    stamp = memo_files.memo_stamp() or ""
    for module in (latex, memo, model.people if hasattr(model, "people") else None):
        if module is not None:
            assert Path(module.__file__).stem in stamp
    import publist.people

    assert "people" in stamp and "latex" in stamp and "memo" in stamp
    assert Path(publist.people.__file__).stem in cache.MEMO_MODULES


def edited_library(tmp_path: Path) -> Path:
    """Large enough to be cached: names and titles to decode, and one duplicate to merge."""
    entries = [
        f"@inproceedings{{k{index}, author = {{Ana Klimovi{{\\'c}} and de la Fontaine, Jean}},"
        f' title = {{Paper {index} \\& $\\approx$}}, booktitle = {{Proc. {{\\"O}}}}, year = 2020}}'
        for index in range(700)
    ]
    entries.append("@misc{copy, author = {de la Fontaine, Jean}, title = {Paper 7 \\& $\\approx$},"
                   " doi = {10.1145/3600006.3613157}, year = 2020}")  # fmt: skip
    entries[7] = entries[7][:-1] + ", doi = {10.1145/3600006.3613157}}"  # a DOI (issue 19)
    return write(tmp_path, "\n\n".join(entries) + "\n")


READS = (("export",), ("export", "-f", "bib"), ("check", "--json"), ("stats", "--json"),
         ("dedupe", "--json"))  # fmt: skip


def test_a_run_after_an_edit_equals_a_run_without_any_cache(cli, tmp_path, monkeypatch):
    """Each edit (by publist or by hand) changes the text; the run after it takes over the
    parse and the memo of the run before: it splits and decodes only what changed (after an
    edit by publist, which kept the parse of what it wrote, it splits nothing), and prints
    what a first run prints."""
    path = edited_library(tmp_path)
    warm = {"PUBLIST_CACHE_DIR": str(tmp_path / "cache")}
    cold = {"PUBLIST_CACHE_DIR": "off"}
    owner = ("-l", path, "--owner", "Jean de la Fontaine")
    assert cli(*owner, "export", env=warm).exit_code == 0
    edits = [  # (the edit, whether publist made it)
        (lambda: cli(*owner, "tag", "k5", "--award", "Best {\\'E}tude", env=warm), True),
        (lambda: cli(*owner, "add", "--bib", write(tmp_path, NEW_ENTRY, "new.bib"), env=warm), True),
        (lambda: cli(*owner, "dedupe", "--apply", env=warm), True),
        (lambda: path.write_text(path.read_text().replace("Paper 600", "Paper {\\v{C}}600")), False),
    ]  # fmt: skip
    work: list[str] = []
    split, decode = blocks.plain_entry, memo.decode_value
    for edit, by_publist in edits:
        before = path.read_bytes()
        result = edit()
        assert getattr(result, "exit_code", 0) == 0, result.stderr
        assert path.read_bytes() != before
        with monkeypatch.context() as counting:
            counting.setattr(blocks, "plain_entry", lambda *a: work.append("split") or split(*a))
            counting.setattr(memo, "decode_value", lambda *a: work.append("decode") or decode(*a))
            after_edit = cli(*owner, "export", env=warm)
        splits = work.count("split")
        assert splits == 0 if by_publist else 0 < splits <= 3, work
        assert work.count("decode") <= 3, work
        work.clear()
        assert after_edit.stdout == cli(*owner, "export", env=cold).stdout
        for args in READS:
            first, again = cli(*owner, *args, env=cold), cli(*owner, *args, env=warm)
            assert (again.exit_code, again.stdout, again.stderr) == (
                first.exit_code, first.stdout, first.stderr), args  # fmt: skip
    assert len(list((tmp_path / "cache").glob("*.json"))) <= 2  # one library: one parse (+1)


NEW_ENTRY = """@inproceedings{new2024,
  author    = {Zo{\\"e} Wu and de la Fontaine, Jean},
  title     = {A New {\\'E}tude},
  booktitle = {Proc. New},
  year      = {2024},
}
"""


# --- what was kept is verified, never trusted blindly (issue 16, item 9) ---


def clean_library(tmp_path: Path) -> Path:
    entries = [
        f"@article{{k{index}, author = {{Ada Lovelace}}, title = {{T{index} \\'e}}, year = 2020}}"
        for index in range(1500)
    ]
    return write(tmp_path, "\n\n".join(entries) + "\n")


def test_a_crafted_parse_is_never_believed(tmp_path):
    path, folder = clean_library(tmp_path), tmp_path / "cache"
    fresh = bibfile.load(path).blocks
    bibfile.load(path, cache_folder=folder)
    (stored,) = folder.glob("*.json")
    # Unsealed (written by someone without the folder's key): ignored.
    data = json.loads(cache.unsealed(stored) or b"")
    data["blocks"][0][7][1] = "{Forged title}"  # the values of the first entry's fields
    stored.write_text(json.dumps(data))
    assert bibfile.load(path, cache_folder=folder).blocks == fresh
    # Even sealed (a bug, or a stolen key), a parse that does not describe the text is not used.
    cache.write_sealed(stored, json.dumps(data).encode())
    assert bibfile.load(path, cache_folder=folder).blocks == fresh
    names = data["names"]
    forged = [
        cache.Block(
            *row[:6], [(names[i], value) for i, value in zip(*row[6:8], strict=True)], row[8]
        )
        for row in data["blocks"]
    ]
    assert not cache.describes(forged, path.read_text())
    hidden = [block for block in fresh if block.key != "k3"]  # an entry made to vanish
    assert not cache.describes(hidden, path.read_text())
    assert cache.describes(fresh, path.read_text())


def test_a_crafted_memo_cannot_rename_anyone(tmp_path):
    path, folder = clean_library(tmp_path), tmp_path / "cache"
    library = bibfile.load(path, cache_folder=folder)
    kept = Memo()
    assert [item.authors[0].display for item in reading.publications(library, kept)]
    assert [item.title for item in reading.publications(library, kept)][0] == "T0 é"
    memo_files.keep_memo(library.cache_file, kept)
    memo_file = library.cache_file.with_suffix(".memo")
    data = json.loads(cache.unsealed(memo_file) or b"")
    data["decoded"] = {value: "Mallory" for value in data["decoded"]}
    data["texts"] = ["Mallory" for _ in data["texts"]]
    memo_file.write_text(json.dumps(data))  # planted without the key
    assert memo_files.read_memo(library.cache_file).decoded == {}


def test_deeply_nested_cache_files_mean_parsing_again(tmp_path):
    path, folder = clean_library(tmp_path), tmp_path / "cache"
    library = bibfile.load(path, cache_folder=folder)
    deep = b"[" * 100_000 + b"]" * 100_000
    for target in (library.cache_file, library.cache_file.with_suffix(".memo")):
        cache.write_sealed(target, deep)
    assert bibfile.load(path, cache_folder=folder).blocks == library.blocks
    assert memo_files.read_memo(library.cache_file).decoded == {}


def test_a_planted_link_is_replaced_not_followed(tmp_path):
    path, folder = clean_library(tmp_path), tmp_path / "cache"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    target = cache.cache_file(path.read_text(), folder)
    target.symlink_to(victim)
    bibfile.load(path, cache_folder=folder)
    assert victim.read_text() == "precious\n"
    assert not target.is_symlink() and cache.unsealed(target)


def test_files_others_could_write_are_not_read(tmp_path):
    path, folder = clean_library(tmp_path), tmp_path / "cache"
    library = bibfile.load(path, cache_folder=folder)
    os.chmod(library.cache_file, 0o666)
    assert cache.unsealed(library.cache_file) is None
    os.chmod(library.cache_file, 0o600)
    assert cache.unsealed(library.cache_file)
    os.chmod(folder / cache.KEY_NAME, 0o644)  # a key others may read is no key
    assert cache.unsealed(library.cache_file) is None
    if os.geteuid() == 0:  # as root (CI): a file of another owner is not ours
        os.chmod(folder / cache.KEY_NAME, 0o600)
        os.chown(library.cache_file, 65534, 65534)
        assert cache.unsealed(library.cache_file) is None


def test_a_kept_field_of_another_shape_means_parsing_again(tmp_path):
    """Kept fields become tuples without a look at each (fast); one of another shape, even
    sealed, makes the parse untrusted, never an error or a wrong field."""
    path, folder = clean_library(tmp_path), tmp_path / "cache"
    fresh = bibfile.load(path).blocks
    bibfile.load(path, cache_folder=folder)
    (stored,) = folder.glob("*.json")
    kept = cache.unsealed(stored) or b""
    odd_shapes = (
        lambda row: row[7].__setitem__(0, ["{Ada Lovelace}", "extra"]),  # a value not a string
        lambda row: row[6].append(0),  # a name without a value
        lambda row: row[6].__setitem__(0, 99),  # a name that is not in the table
        lambda row: row[6].__setitem__(0, "author"),  # a name, not its number
    )
    for change in odd_shapes:
        data = json.loads(kept)
        change(data["blocks"][0])
        cache.write_sealed(stored, json.dumps(data).encode())
        assert bibfile.load(path, cache_folder=folder).blocks == fresh


# --- the memo's venue types and items (issue 22) ---


def rendered_library(tmp_path: Path, owner: str = "Ada Lovelace") -> Path:
    """Large enough to be cached: the owner among other authors, venues of several types."""
    venues = ("booktitle = {Proc. of SOSP}", "journal = {J. Comp.}", "booktitle = {HotOS Workshop}")
    entries = [
        f"@{'article' if index % 3 == 1 else 'inproceedings'}{{k{index},"
        f" author = {{Ana Klimovi{{\\'c}} and Ada Lovelace and Jean de la Fontaine}},"
        f" title = {{Paper {index} \\& $\\approx$}}, {venues[index % 3]}, year = {2000 + index % 20},"
        f" doi = {{10.1/{index}}}}}"
        for index in range(900)
    ]
    (tmp_path / "publist.toml").write_text(f'[owner]\nname = "{owner}"\n', encoding="utf-8")
    return write(tmp_path, "\n\n".join(entries) + "\n")


def export(path: Path, folder: Path | None, format: str = "md", most: int | None = None) -> str:
    """One run of `publist export` (`most`: --max-authors): the library opened, rendered,
    and its memo kept."""
    import publist
    from publist.render.core import Options

    library = publist.open_library(path, cache_folder=folder)
    text = library.render(format, options=Options(max_authors=most))
    library.keep_memo()
    return text


def counting(monkeypatch) -> dict[str, int]:
    """How many entries are classified and formatted from here on."""
    from publist import venues
    from publist.render import core

    counts = {"classified": 0, "formatted": 0}

    def wrap(module, name: str, what: str) -> None:
        work = getattr(module, name)

        def counted(*arguments, **options):
            counts[what] += 1
            return work(*arguments, **options)

        monkeypatch.setattr(module, name, counted)

    wrap(venues, "classification", "classified")
    wrap(core, "pieces_of", "formatted")
    return counts


def test_a_warm_export_is_the_cold_one_without_classifying_or_formatting(monkeypatch, tmp_path):
    path, folder = rendered_library(tmp_path), tmp_path / "cache"
    runs = [("md", None), ("latex", None), ("md", 1)]  # md and latex: the same items
    cold = {run: export(path, None, *run) for run in runs}
    assert "**Ada Lovelace**" in cold[("md", None)] and cold[("md", 1)] != cold[("md", None)]
    counts = counting(monkeypatch)
    assert all(export(path, folder, *run) == cold[run] for run in runs)  # filling the memo
    assert counts == {"classified": 900, "formatted": 900 * 2}  # two settings
    counts.update(classified=0, formatted=0)
    assert all(export(path, folder, *run) == cold[run] for run in runs * 2)
    assert counts == {"classified": 0, "formatted": 0}


def test_a_bib_export_formats_no_item_and_keeps_no_rendering(monkeypatch, tmp_path):
    """-f bib writes the entries as stored: making every item's text, and keeping it in the
    memo, was the larger part of its run (a first -f bib at 100k wrote the memo anew)."""
    path, folder = rendered_library(tmp_path), tmp_path / "cache"
    export(path, folder)
    cold = export(path, None, "bib")
    counts = counting(monkeypatch)
    assert export(path, folder, "bib") == cold
    assert counts == {"classified": 0, "formatted": 0}
    assert len(read_memo_of(path, folder).loaded_renderings()) == 1  # md's alone


def test_an_edited_entry_alone_is_classified_and_formatted_again(monkeypatch, tmp_path):
    path, folder = rendered_library(tmp_path), tmp_path / "cache"
    export(path, folder)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "{Proc. of SOSP}, year = 2003, doi = {10.1/3}",
            "{J. of SOSP}, year = 2003, doi = {10.1/3}",
        )
    )
    counts = counting(monkeypatch)
    edited = export(path, folder)
    assert counts == {"classified": 1, "formatted": 1}
    assert edited == export(path, None)
    assert "*J. of SOSP*, 2003" in edited
    counts.update(classified=0, formatted=0)
    assert export(path, folder) == edited and counts == {"classified": 0, "formatted": 0}


def test_check_compares_a_typed_entry_with_its_venue_once(monkeypatch, tmp_path):
    """check asks what the venue alone says of every entry typed as its entry type says; a
    warm run takes it from the memo, and an edit that changes it is seen."""
    import publist
    from publist import lint, venues

    path, folder = rendered_library(tmp_path), tmp_path / "cache"
    kinds = ("conference", "journal", "workshop")  # rendered_library's venues, in turn
    typed = re.sub(r"(@\w+\{k(\d+),)",
                   lambda m: f"{m.group(1)} keywords = {{{kinds[int(m.group(2)) % 3]}}},",
                   path.read_text(encoding="utf-8"))  # fmt: skip
    # k1, an @article typed journal as its entry type says, in a conference's proceedings.
    path.write_text(typed.replace("journal = {J. Comp.}", "journal = {Proc. of SOSP}", 1))
    calls = []
    classify = venues.classify
    monkeypatch.setattr(venues, "classify", lambda item: calls.append(item.key) or classify(item))

    def mismatches() -> list[str]:
        library = publist.open_library(path, cache_folder=folder)
        items, owner = library.publications, library.matcher
        found = [f.key for f in lint.check(library.file, items, owner, None)
                 if f.check is lint.Check.TYPE_MISMATCH]  # fmt: skip
        library.keep_memo()
        return found

    assert mismatches() == ["k1"] and len(calls) == 600  # a workshop is a type of its own
    calls.clear()
    assert mismatches() == ["k1"] and calls == []
    path.write_text(path.read_text().replace("journal = {Proc. of SOSP}", "journal = {J. Comp.}"))
    assert mismatches() == [] and calls == ["k1"]
    path.write_text(path.read_text().replace("{k", "{new"))  # every entry new: written anew
    mismatches()
    kept = read_memo_of(path, folder)
    assert (len(kept.classes), len(kept.venues)) == (900, 600)  # live entries only


def test_a_changed_owner_or_setting_is_never_served_from_the_memo(tmp_path):
    path, folder = rendered_library(tmp_path), tmp_path / "cache"
    assert "**Ada Lovelace**" in export(path, folder)
    (tmp_path / "publist.toml").write_text('[owner]\nname = "Jean de la Fontaine"\n')
    renamed = export(path, folder)
    assert "**Jean de la Fontaine**" in renamed and "**Ada Lovelace**" not in renamed
    assert renamed == export(path, None)
    settings = (
        '[owner]\nname = "Jean de la Fontaine"\n[export]\nmonths = "short"\nmax_authors = 1\n'
    )
    (tmp_path / "publist.toml").write_text(settings)
    shorter = export(path, folder)
    assert shorter == export(path, None) and shorter != renamed


def test_the_memo_keeps_the_items_of_a_few_settings_and_only_live_entries(tmp_path):
    path, folder = rendered_library(tmp_path), tmp_path / "cache"
    for owner in ("A", "B", "C", "D", "E", "Ada Lovelace"):
        (tmp_path / "publist.toml").write_text(f'[owner]\nname = "{owner}"\n')
        export(path, folder)
    kept = read_memo_of(path, folder)
    renderings = kept.loaded_renderings()
    assert len(renderings) == memo_files.RENDERINGS
    assert all(len(made) == 900 for made in renderings.values())
    assert len(kept.classes) == 900
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("@article{k1,", "@article{k1b,"))
    edited = export(path, folder)
    kept = read_memo_of(path, folder)
    # One entry's edit is appended: k1's old digest stays until the memo is written anew.
    assert len(kept.classes) == 901
    assert [len(made) for made in kept.loaded_renderings().values()] == [900, 900, 900, 901]
    assert edited == export(path, None)
    # An edit of most entries makes the additions too large: written anew, live entries only.
    path.write_text(text.replace("@article{k", "@article{new"))
    export(path, folder)
    kept = read_memo_of(path, folder)
    assert len(kept.classes) == 900
    assert [len(made) for made in kept.loaded_renderings().values()] == [600, 600, 600, 900]


def read_memo_of(path: Path, folder: Path):
    return memo_files.read_memo(bibfile.load(path, cache_folder=folder).cache_file)


def test_what_runs_add_to_a_memo_is_appended_and_read_back_whole(monkeypatch, tmp_path):
    path, folder = rendered_library(tmp_path), tmp_path / "cache"
    export(path, folder)
    text = path.read_text(encoding="utf-8")
    for number in range(3):  # three edits, each appended after the last
        text = text.replace(f"Paper {number} ", f"Paper {number} revised ")
        path.write_text(text)
        export(path, folder)
    target = bibfile.load(path, cache_folder=folder).cache_file
    for suffix in (".memo", ".items"):  # a document of the first run, then one per edit
        assert (cache.unsealed(target.with_suffix(suffix)) or b"").count(b"\n") == 3
    counts = counting(monkeypatch)
    again = export(path, folder)
    assert counts == {"classified": 0, "formatted": 0}  # every item from the appended memo
    assert again == export(path, None) and "Paper 2 revised" in again


def test_damaged_items_in_a_memo_mean_formatting_again(monkeypatch, tmp_path):
    path, folder = rendered_library(tmp_path), tmp_path / "cache"
    expected = export(path, folder)
    items_file = bibfile.load(path, cache_folder=folder).cache_file.with_suffix(".items")
    data = json.loads(cache.unsealed(items_file) or b"")
    for damaged in (
        {**data, "stamp": data["stamp"] + " other"},  # items of other code
        {**data, "pieces": [["no kind", "x", None]]},
        {**data, "pieces": [[10**6, "x", None]]},
        {**data, "pieces": [[*row[:2]] for row in data["pieces"]]},
        {
            **data,
            "renderings": [[s, {d: [[-1], True] for d in made}] for s, made in data["renderings"]],
        },
        {**data, "pieces": [[row[0], 1, *row[2:]] for row in data["pieces"]]},
        *(  # packed piece numbers: not base64, not whole numbers, a number past the table
            {
                **data,
                "renderings": [
                    [s, {d: [packed, True] for d in made}] for s, made in data["renderings"]
                ],
            }
            for packed in ("not base64!", "AAA=", memo_files._packed([10**6]))
        ),
    ):
        cache.write_sealed(items_file, json.dumps(damaged).encode())
        counts = counting(monkeypatch)
        assert export(path, folder) == expected
        assert counts["formatted"] == 900
        monkeypatch.undo()


def test_every_entry_shares_its_field_names(tmp_path):
    """A parse, kept or fresh, holds one string per field name, kind and entry type (100k
    entries: 50 MB less than a string per field), and the view one per lower-case name."""
    path, folder = clean_library(tmp_path), tmp_path / "cache"
    bibfile.load(path, cache_folder=folder)  # kept now
    for parsed in (bibfile.load(path).blocks, bibfile.load(path, cache_folder=folder).blocks):
        first, second = parsed[0], parsed[1]
        assert first.fields[0][0] == "author" and first.fields[0][0] is second.fields[0][0]
        assert first.kind is second.kind and first.entry_type is second.entry_type
    library = bibfile.load(path, cache_folder=folder)
    one, two = reading.publications(library)[:2]
    assert [a is b for a, b in zip(one.latex_fields, two.latex_fields, strict=True)] == [True] * 3


def test_a_memo_file_changed_since_it_was_read_is_written_anew(tmp_path):
    """Additions are numbered after what the run read: appended to other bytes, they would
    point at other people and pieces. The file's seal tells; then the memo is spelt out."""
    import publist

    path, folder = rendered_library(tmp_path), tmp_path / "cache"
    export(path, folder)
    first = publist.open_library(path, cache_folder=folder)
    second = publist.open_library(path, cache_folder=folder)
    second.memo.text("\\'{o} second")
    second.keep_memo()
    memo_file = first.file.cache_file.with_suffix(".memo")
    assert (cache.unsealed(memo_file) or b"").count(b"\n") == 1  # appended
    first.memo.text("\\'{o} first")
    first.keep_memo()
    assert (cache.unsealed(memo_file) or b"").count(b"\n") == 0  # written anew
    decoded = memo_files.read_memo(first.file.cache_file).decoded
    assert decoded["\\'{o} first"] == "ó first" and "\\'{o} second" not in decoded
    assert export(path, folder) == export(path, None)


def test_kept_files_are_ascii_whatever_the_library_holds(tmp_path):
    """The parse and the memo are written as ASCII JSON (a character beyond the BMP made
    the whole JSON text four bytes a character while it was encoded), and read back the
    same: the next run is served the same characters."""
    path = rendered_library(tmp_path)
    text = path.read_text(encoding="utf-8").replace("Paper 0 ", "Paper 0 \U0001d4b3 é ")
    path.write_text(text, encoding="utf-8")
    folder = tmp_path / "cache"
    cold = export(path, folder)
    target = bibfile.load(path, cache_folder=folder).cache_file
    for suffix in (".json", ".memo", ".items"):
        assert (cache.unsealed(target.with_suffix(suffix)) or b"\xff").isascii()
    assert "Paper 0 \U0001d4b3 é" in cold and export(path, folder) == cold == export(path, None)


def test_a_memo_that_ends_with_its_run_keeps_no_entry_by_digest(tmp_path):
    """With no parse cache to keep a memo beside, no entry's digest is worked out: it would
    only cost. The output is the same."""
    import publist

    path = rendered_library(tmp_path)
    library = publist.open_library(path, cache_folder=None)
    assert not library.memo.lasting
    text = library.render("md")
    library.keep_memo()
    assert library.memo.classes == {} and library.memo.loaded_renderings() == {}
    assert not any(_worked_out(item, "digest") for item in library.publications)
    kept = publist.open_library(path, cache_folder=tmp_path / "cache")
    assert kept.memo.lasting and kept.render("md") == text
    assert len(kept.memo.classes) == len(kept.publications) and kept.memo.loaded_renderings()


def _worked_out(publication, name: str) -> bool:
    """Whether a worked-out attribute of a Publication has its slot filled."""
    try:
        getattr(type(publication), name).__get__(publication)
    except AttributeError:
        return False
    return True
