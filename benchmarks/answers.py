"""A loopback stand-in for the services `publist refresh` asks, so its offline path can be
timed: one refresh against it keeps an answer for every request it makes, and the timed
runs, with the stand-in gone, read them all from the cache folder (a request it did not
keep fails with 'connection refused', and the row shows the failure).

Every answer says "nothing found", as each service says it: Crossref's search an empty list,
Semantic Scholar's batch a null per id, a DOI or a title match a 404; refresh finds nothing
to change, which is the common case of a refresh run again the same day.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SERVICES = ("doi", "crossref", "arxiv", "dblp", "orcid", "openalex", "semanticscholar")
EMPTY_FEED = b'<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"/>'


class _NothingFound(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/works?"):  # Crossref's search
            self._answer(200, "application/json", b'{"status":"ok","message":{"items":[]}}')
        elif self.path.startswith("/api/query"):  # arXiv
            self._answer(200, "application/atom+xml", EMPTY_FEED)
        else:
            self._answer(404, "application/json", b"{}")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/graph/v1/paper/batch"):  # Semantic Scholar: null per id
            ids = json.loads(body or b"{}").get("ids", [])
            self._answer(200, "application/json", json.dumps([None] * len(ids)).encode())
        else:
            self._answer(404, "application/json", b"{}")

    def _answer(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # quiet
        pass


@contextmanager
def stand_in() -> Iterator[str]:
    """The base URL of a running stand-in; it stops when the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NothingFound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def environment(url: str, cache: Path) -> tuple[tuple[str, str], ...]:
    """Every service at `url`, and the cache folder that keeps the answers."""
    services = tuple((f"PUBLIST_{name.upper()}_URL", url) for name in SERVICES)
    return (("PUBLIST_CACHE_DIR", str(cache)), *services)
