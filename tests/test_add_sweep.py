"""Every recorded success answer of doi.org, Crossref, arXiv, DBLP and Semantic Scholar in
../shared/corpus/api goes through `publist add` as a user would run it, one identifier at a
time, replayed on loopback: each becomes an entry that parses back, is in the house style, has a venue type,
exports without LaTeX left over, and passes `check`.

The folders are walked, not listed: a new recording is swept too. What a recording answers
is read from the recording itself (the DOI in the BibTeX or the JSON, the id_list of arXiv's
feed, the DBLP key of the entry), never from its file name. Recordings that are not one
record's answer (errors, searches, other formats) are set aside by their content, each with
the reason, and a test checks that every file was either swept or set aside. Files that hold many
answers (VCR cassettes, pubs' recorded list, arxiv.py's fixtures) are checked answer by answer:
each is byte for byte a walked file, or says why it is no record `add` asks for.

GPL and LGPL recordings are read from ../shared at test time (the corpus fixture); none is
copied into this repository.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest

from conftest import DATA, SHARED
from httpserver import Reply, Server

API = SHARED / "corpus" / "api"
ATOM = "{http://www.w3.org/2005/Atom}"
SETTINGS = "[network]\ntimeout = 5\nretries = 0\n"  # doi.org down: one try, then Crossref
LATEX_LEFT = re.compile(r"\\[A-Za-z@]+|\\.|[{}$]")


@dataclass
class Case:
    """One recorded answer and the `publist add` that replays it."""

    recording: str  # the file, relative to corpus/api
    identifier: str
    routes: list[tuple[str, Reply, dict[str, str]]] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.recording} ({self.identifier})"


def _status(path: Path) -> int:
    found = re.search(r"_status(\d{3})\.", path.name)
    return int(found.group(1)) if found else 200


def _bibtex_entries(text: str) -> list[tuple[str, str, list]]:
    from publist.normalize import parse_entries

    return parse_entries(text, "recording")


def doi_cases() -> tuple[list[Case], dict[str, str]]:
    """doi.org's BibTeX answers: the DOI is the entry's own doi field."""
    from publist.bibtex import evaluate

    cases, aside = [], {}
    for path in sorted((API / "doi-bibtex").glob("*")):
        name = f"doi-bibtex/{path.name}"
        if _status(path) != 200:
            aside[name] = f"an error answer ({_status(path)}): nothing to add"
            continue
        entries = _bibtex_entries(path.read_text(encoding="utf-8"))
        raw = {field.lower(): value for field, value in entries[0][2]}
        doi = evaluate(raw["doi"], {}).lower()
        reply = Reply(200, path.read_bytes(), {"Content-Type": "application/x-bibtex"})
        cases.append(Case(name, doi, [(f"/doi.org/{doi}", reply, {})]))
    return cases, aside


def crossref_cases() -> tuple[list[Case], dict[str, str]]:
    """Crossref's /works answers, with doi.org down (503): the fallback builds the entry."""
    cases, aside = [], {}
    for path in sorted((API / "crossref-works").glob("*")):
        name = f"crossref-works/{path.name}"
        if _status(path) != 200:
            aside[name] = f"an error answer ({_status(path)}): nothing to add"
            continue
        doi = json.loads(path.read_text(encoding="utf-8"))["message"]["DOI"].lower()
        down = Reply(503, b"", {"Content-Type": "text/plain"})
        work = Reply(200, path.read_bytes(), {"Content-Type": "application/json"})
        routes = [(f"/doi.org/{doi}", down, {}), (f"/api.crossref.org/works/{doi}", work, {})]
        cases.append(Case(name, doi, routes))
    return cases, aside


def arxiv_cases() -> tuple[list[Case], dict[str, str]]:
    """arXiv's Atom answers to a lookup of one id (the id_list of the feed's own link)."""
    cases, aside = [], {}
    paths = [*sorted((API / "arxiv" / "bodies").glob("*.xml")),
             *sorted((API / "zotero-validate").glob("arxiv_*.xml"))]  # fmt: skip
    for path in paths:
        name = str(path.relative_to(API))
        root = ElementTree.fromstring(path.read_bytes())
        entries = root.findall(f"{ATOM}entry")
        query = _feed_query(root)
        ids = [value for value in query.get("id_list", [""])[0].split(",") if value]
        if _status(path) != 200 or any("/api/errors" in _id(entry) for entry in entries):
            aside[name] = "arXiv's error feed for a malformed id: nothing to add"
        elif not entries:
            aside[name] = "an empty feed (arXiv does not know the id): nothing to add"
        elif len(ids) != 1 or len(entries) != 1:
            aside[name] = (
                "a search or a list of several ids, not one id's answer; its entries go "
                "through the same record builder in test_arxiv_search_entries_become_entries"
            )
        else:
            reply = Reply(200, path.read_bytes(), {"Content-Type": "application/atom+xml"})
            cases.append(Case(name, ids[0], [("/export.arxiv.org/api/query", reply,
                                               {"id_list": ids[0]})]))  # fmt: skip
    return cases, aside


def _feed_query(root: ElementTree.Element) -> dict[str, list[str]]:
    """The query a feed answers: its title says it ("arXiv Query: search_query=&id_list=...")."""
    title = root.find(f"{ATOM}title")
    text = (title.text or "") if title is not None else ""
    return parse_qs(text.partition("Query:")[2].strip(), keep_blank_values=True)


def _id(entry: ElementTree.Element) -> str:
    found = entry.find(f"{ATOM}id")
    return (found.text or "") if found is not None else ""


def dblp_cases() -> tuple[list[Case], dict[str, str]]:
    """DBLP's record exports: one case per entry, asked for by its DBLP key."""
    from publist.identifiers import Kind, parse

    cases, aside = [], {}
    for path in sorted((API / "dblp" / "record-bib").glob("*.bib")):
        name = f"dblp/record-bib/{path.name}"
        for key, _, _ in _bibtex_entries(path.read_text(encoding="utf-8")):
            dblp_key = key.removeprefix("DBLP:")
            identifier = parse(dblp_key)
            if identifier is None or identifier.kind is not Kind.DBLP:
                aside[f"{name} {key}"] = (
                    f"the key {dblp_key} is not one publist reads as a DBLP key (a two-part "
                    "persons/ key of an old homepage record)"
                )
                continue
            reply = Reply(200, path.read_bytes(), {"Content-Type": "text/plain; charset=utf-8"})
            cases.append(Case(f"{name} {key}", dblp_key,
                              [(f"/dblp.org/rec/{dblp_key}.bib", reply, {})]))  # fmt: skip
    for path in [*sorted((API / "dblp").glob("*.json")), *sorted((API / "dblp").glob("*.txt")),
                 *sorted((API / "zotero-validate").glob("dblp_*.json"))]:  # fmt: skip
        aside[str(path.relative_to(API))] = (
            "a search answer or a list of keys, not a record: `add --search` fetches the record "
            "of the hit picked, and those records are not recorded"
        )
    return cases, aside


def semanticscholar_cases() -> tuple[list[Case], dict[str, str]]:
    """Semantic Scholar's paper answers, with doi.org down and Crossref not knowing the DOI
    (its recorded 404): the last fallback builds the entry."""
    cases, aside = [], {}
    paths = [*sorted((API / "semanticscholar").rglob("*.json")),
             *sorted((API / "zotero-validate").glob("semanticscholar_*.json"))]  # fmt: skip
    missing = (DATA / "api" / "habanero_works_404.json").read_bytes()
    for path in paths:
        name = str(path.relative_to(API))
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "interactions" in data:
            aside[name] = _cassette_reason(data)
            continue
        doi = str((data.get("externalIds") or {}).get("DOI") or "").lower()
        if not doi or not data.get("title"):
            aside[name] = "a paper without a DOI or a title (S2 sent nulls): nothing to add"
            continue
        down = Reply(503, b"", {"Content-Type": "text/plain"})
        paper = Reply(200, path.read_bytes(), {"Content-Type": "application/json"})
        routes = [(f"/doi.org/{doi}", down, {}),
                  (f"/api.crossref.org/works/{doi}", Reply(404, missing), {}),
                  (f"/api.semanticscholar.org/graph/v1/paper/{doi}", paper, {})]  # fmt: skip
        cases.append(Case(name, doi, routes))
    return cases, aside


def _cassette_reason(data: dict) -> str:
    """Why a recorded S2 conversation is no paper's answer to `add DOI`."""
    requests = [urlsplit(item["request"]["uri"]) for item in data["interactions"]]
    methods = {item["request"]["method"] for item in data["interactions"]}
    statuses = {_code(item["response"]["status"]) for item in data["interactions"]}
    if methods != {"GET"}:
        return "a batch POST: add asks for one paper at a time"
    if statuses != {200}:
        return f"an error answer ({', '.join(map(str, sorted(statuses)))}): nothing to add"
    if any("/search" in parts.path or "/author" in parts.path for parts in requests):
        return "a search or an author's answer, not a paper's"
    asked = {field for parts in requests for field in parse_qs(parts.query).get("fields", [""])}
    return (
        f"a paper asked only for fields={','.join(sorted(asked))}: without authors or a year "
        "it is no record add stores (the DOI's error stays doi.org's)"
    )


def _code(status) -> int:
    return status["code"] if isinstance(status, dict) else int(status)  # both layouts occur


def gather() -> tuple[list[Case], dict[str, str]]:
    if not API.is_dir():
        return [], {}
    cases: list[Case] = []
    aside: dict[str, str] = {}
    for source in (doi_cases, crossref_cases, arxiv_cases, dblp_cases, semanticscholar_cases):
        found, set_aside = source()
        cases += found
        aside.update(set_aside)
    return cases, aside


CASES, ASIDE = gather()


@pytest.fixture
def folder(tmp_path, corpus):
    (tmp_path / "library.bib").write_text("", encoding="utf-8")
    (tmp_path / "publist.toml").write_text(SETTINGS, encoding="utf-8")
    return tmp_path


def _run(cli, library: Path, *args: str, env=None):
    return cli("-l", library, *args, env=env)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_recorded_answer_becomes_a_clean_entry(cli, folder, case):
    from publist import bibfile, reading, storage

    library = folder / "library.bib"
    with Server() as server:
        for path, reply, query in case.routes:
            server.add(path, reply, query=query)
        added = _run(cli, library, "add", case.identifier, env=server.environment())
    assert added.exit_code == 0, added.stderr
    assert added.stderr.splitlines()[-1].startswith("added "), added.stderr
    stored = bibfile.load(library)
    assert not stored.problems, stored.problems
    (item,) = reading.publications(stored)
    assert storage.venue_type(item) is not None, "no venue type stored"
    assert _run(cli, library, "fmt", "--check").exit_code == 0, "not in the house style"
    stored = library.read_text(encoding="utf-8")
    for form in ("txt", "html"):
        text = _run(cli, library, "export", "-f", form, "--no-links").stdout
        left = _latex_left(text, stored)
        assert not left, f"LaTeX left in the {form} export: {left}\n{text}"
    checked = _run(cli, library, "check")
    assert checked.exit_code == 0, checked.stdout + checked.stderr


def _latex_left(text: str, stored: str) -> list[str]:
    """LaTeX markup in an export: commands, math dollars, grouping braces. A brace the
    stored value escapes (`\\{`) is a literal brace, printed as LaTeX prints it."""
    found = LATEX_LEFT.findall(text)
    for brace in "{}":
        literal = stored.count("\\" + brace)
        while literal and brace in found:
            found.remove(brace)
            literal -= 1
    return found


def test_the_sweep_sees_every_recorded_file(corpus):
    """Every file of the swept folders is a case or set aside with a reason."""
    swept = {case.recording.split(" ")[0] for case in CASES}
    aside = {name.split(" ")[0] for name in ASIDE}
    folders = ["doi-bibtex", "crossref-works", "arxiv/bodies", "dblp", "dblp/record-bib",
               "semanticscholar", "semanticscholar/cassettes"]  # fmt: skip
    files = {
        str(path.relative_to(API))
        for folder in folders
        for path in (API / folder).glob("*")
        if path.is_file()
    }
    files |= {str(p.relative_to(API)) for p in (API / "zotero-validate").glob("*")}
    assert files - swept - aside == set()
    assert len(CASES) >= 30


# Files that hold many recorded answers (a cassette, pubs' list, arxiv.py's fixtures): their
# answers to one record are the swept files above, extracted byte for byte.
CONTAINERS = ("pubs-recorded", "habanero-cassettes", "arxiv/arxiv.py-fixtures")


def container_answers() -> list[tuple[str, str, int, str, str]]:
    """(file, request URI, status, Accept, body) of every answer held in a container file."""
    answers = []
    for folder in CONTAINERS:
        for path in sorted((API / folder).glob("*.json")):
            name, data = str(path.relative_to(API)), json.loads(path.read_text("utf-8"))
            if isinstance(data, dict) and "interactions" in data:  # a VCR cassette
                for item in data["interactions"]:
                    request, response = item["request"], item["response"]
                    body = response["body"]
                    text = body.get("string") if isinstance(body, dict) else body
                    headers = {key.lower(): value for key, value in request["headers"].items()}
                    accept = (headers.get("accept") or [""])[0]
                    status = _code(response["status"])
                    answers.append((name, request["uri"], status, accept, text or ""))
            elif isinstance(data, dict):  # arxiv.py stored the feed's UTF-8 read as Latin-1
                body = data["body"].encode("latin-1").decode()
                answers.append((name, data["url"], data["status_code"], "", body))
            else:  # pubs: [[url], {"headers": ...}, body, status, ...]
                for (url,), options, body, status, *_ in data:
                    accept = ((options or {}).get("headers") or {}).get("accept", "")
                    answers.append((name, url, status, accept, body))
    return answers


def _not_a_record(uri: str, status: int, accept: str) -> str:
    """Why an answer held in a container is none of the records `add` asks for, or ''."""
    parts = urlsplit(uri)
    query = parse_qs(parts.query)
    if not any(host in parts.netloc for host in ("doi.org", "crossref.org", "arxiv.org")):
        return f"{parts.netloc} is none of the swept services"
    if 300 <= status < 400:
        return "a redirect: the answer it leads to is recorded after it"
    if any(name.startswith("query") for name in query) or query.get("search_query", [""])[0]:
        return "a search answer"
    if parts.path.endswith("/agency"):
        return "Crossref's registration agency of a DOI, not its record"
    if "csl+json" in parts.path or accept.startswith("text/x-bibliography"):
        return "another format (CSL-JSON, a formatted citation) than add asks for"
    return ""


def test_every_answer_in_a_container_is_swept_or_is_no_record(corpus):
    """An answer held in a cassette or a list is byte for byte a file the sweep walked (as
    a case, or set aside with its reason), or says why it is no record `add` asks for."""
    names = [*ASIDE, *(case.recording for case in CASES)]
    walked = {(API / name.split(" ")[0]).read_bytes() for name in names}
    answers = container_answers()
    unswept = [f"{name}: {uri} ({status})" for name, uri, status, accept, body in answers
               if body.encode() not in walked and not _not_a_record(uri, status, accept)]  # fmt: skip
    assert unswept == []
    assert len(answers) >= 60


def search_feeds() -> list[Path]:
    if not API.is_dir():
        return []
    return [path for path in sorted((API / "arxiv" / "bodies").glob("*.xml"))
            if "several ids" in ASIDE.get(str(path.relative_to(API)), "")]  # fmt: skip


@pytest.mark.parametrize("path", search_feeds(), ids=lambda path: path.name)
def test_arxiv_search_entries_become_entries(cli, folder, path):
    """A search feed is not an answer to `add ID`; each of its entries still goes through
    the record builder and the plan `add` uses, and comes out clean."""
    from publist import bibfile, reading, storage
    from publist.identifiers import Identifier, Kind, normalize_arxiv
    from publist.normalize import Marks
    from publist.plans.add import add_plan
    from publist.plans.fetching import Request
    from publist.sources.arxiv import record_of

    library = folder / "library.bib"
    stored = bibfile.load(library)
    requests = []
    for entry in ElementTree.fromstring(path.read_bytes()).findall(f"{ATOM}entry"):
        found = normalize_arxiv(_id(entry))
        assert found, _id(entry)
        record = record_of(entry, Identifier(Kind.ARXIV, *found))
        requests.append(Request(found[0], record))
    planned = add_plan(requests, stored, [], Marks())
    planned.plan.apply(stored)
    bibfile.save(stored)
    items = reading.publications(bibfile.load(library))
    assert len(items) == len(requests)
    assert all(storage.venue_type(item) is not None for item in items)
    assert _run(cli, library, "fmt", "--check").exit_code == 0
    text = _run(cli, library, "export", "-f", "txt", "--no-links").stdout
    assert not _latex_left(text, library.read_text(encoding="utf-8")), text
    checked = _run(cli, library, "check")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
