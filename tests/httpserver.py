"""A small threaded HTTP server on loopback that replays recorded answers (no mocks).

Every service lives under a path named after its host, so one server plays them all:
http://127.0.0.1:PORT/doi.org/..., /api.crossref.org/..., /export.arxiv.org/..., /dblp.org/..., /pub.orcid.org/...
Locations in recorded redirects are rewritten to point back at this server.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

DATA = Path(__file__).resolve().parent / "data" / "api"
HOSTS = {
    "doi": "doi.org",
    "crossref": "api.crossref.org",
    "arxiv": "export.arxiv.org",
    "dblp": "dblp.org",
    "orcid": "pub.orcid.org",
    "openalex": "api.openalex.org",
    "semanticscholar": "api.semanticscholar.org",
}
UNRECORDED = 599  # the status of a request no recording answers
# Recorded hop-by-hop or length headers: the server computes its own.
DROPPED = {"transfer-encoding", "content-length", "content-encoding", "connection", "keep-alive"}


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0  # seconds to wait after the headers, before the body (a slow read)
    declared_length: int | None = None  # a Content-Length larger than the body: a cut answer
    repeat: int = 0  # a body sent this many times in chunks (a huge answer)


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class Route:
    path: str
    query: dict[str, str]
    replies: list[Reply]
    served: int = 0

    def matches(self, path: str, query: dict[str, str]) -> bool:
        if path not in (self.path, unquote(self.path)) and unquote(path) != unquote(self.path):
            return False
        return all(query.get(name) == value for name, value in self.query.items())

    def next_reply(self) -> Reply:
        reply = self.replies[min(self.served, len(self.replies) - 1)]
        self.served += 1
        return reply


class Server:
    """Start with `with Server() as server:`; add routes; point sources at server.url(name)."""

    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.seen: list[Seen] = []
        self.unrecorded: list[str] = []  # requests no route answered
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                owner._handle(self)

            def log_message(self, *args) -> None:  # keep test output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> Server:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, service: str) -> str:
        return f"{self.base}/{HOSTS[service]}"

    def environment(self) -> dict[str, str]:
        return {f"PUBLIST_{name.upper()}_URL": self.url(name) for name in HOSTS}

    # --- routes ---

    def add(self, path: str, *replies: Reply, query: dict[str, str] | None = None) -> Route:
        """Answer GET path (with these query parameters) with the replies in turn; the last repeats."""
        route = Route(path, query or {}, list(replies))
        with self._lock:
            self.routes.insert(0, route)  # later routes win, so a test can override
        return route

    def not_found(self, path: str) -> Route:
        """Answer path with 404, on purpose. (No 404 of DBLP is recorded in the corpus; a
        route without a recording answers UNRECORDED, so a 404 is always a test's choice.)"""
        body = b"<html><body><h1>404 - Not Found</h1></body></html>\n"
        return self.add(path, Reply(404, body, {"Content-Type": "text/html; charset=utf-8"}))

    def add_file(
        self, path: str, name: str, status: int = 200, content_type: str = "", query=None
    ) -> Route:
        body = (DATA / name).read_bytes()
        headers = {"Content-Type": content_type} if content_type else {}
        return self.add(path, Reply(status, body, headers), query=query)

    def add_cassette(self, name: str, folder: Path = DATA) -> None:
        """Every interaction of a recorded cassette (habanero's VCR files, converted to JSON)."""
        data = json.loads((folder / name).read_text(encoding="utf-8"))
        for interaction in data["interactions"]:
            request, response = interaction["request"], interaction["response"]
            parts = urlsplit(request["uri"])
            headers = {
                name: values[0]
                for name, values in response["headers"].items()
                if name.lower() not in DROPPED and values
            }
            reply = Reply(response["status"]["code"] if isinstance(response["status"], dict) else response["status"],
                          response["body"].encode("utf-8"), headers)  # fmt: skip
            self.add(f"/{parts.hostname}{parts.path}", reply, query=dict(parse_qsl(parts.query)))

    def requests_to(self, service: str) -> list[Seen]:
        prefix = f"/{HOSTS[service]}/"
        return [seen for seen in self.seen if seen.path.startswith(prefix)]

    # --- serving ---

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        with self._lock:
            self.seen.append(Seen(parts.path, query, dict(handler.headers.items())))
            route = next((r for r in self.routes if r.matches(parts.path, query)), None)
            reply = route.next_reply() if route else self._unrecorded(handler.command, handler.path)
        try:
            self._send(handler, reply)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def _unrecorded(self, method: str, path: str) -> Reply:
        """A request no recording answers: an unmistakable status, never a plausible 404,
        so a test of "not found" cannot pass when the request went to the wrong place."""
        self.unrecorded.append(f"{method} {path}")
        return Reply(
            UNRECORDED,
            f"no recording for {method} {path}\n".encode(),
            {"Content-Type": "text/plain"},
        )

    def _send(self, handler: BaseHTTPRequestHandler, reply: Reply) -> None:
        handler.send_response(reply.status)
        for name, value in reply.headers.items():
            if name.lower() == "location":
                value = self._local(value)
            handler.send_header(name, value)
        length = reply.declared_length or len(reply.body) * max(reply.repeat, 1)
        handler.send_header("Content-Length", str(length))
        if reply.declared_length:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        handler.wfile.flush()
        if reply.stall:
            time.sleep(reply.stall)
        for _ in range(max(reply.repeat, 1)):
            handler.wfile.write(reply.body)
        handler.wfile.flush()

    def _local(self, location: str) -> str:
        """https://api.crossref.org/x -> http://127.0.0.1:PORT/api.crossref.org/x; relative stays."""
        if location.startswith(self.base):
            return location
        return re.sub(r"^https?://([^/]+)", lambda m: f"{self.base}/{m.group(1)}", location)
