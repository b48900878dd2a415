"""A small threaded HTTP server on loopback that replays recorded answers (no mocks).

Every service lives under a path named after its host, so one server plays them all:
http://127.0.0.1:PORT/doi.org/..., /api.crossref.org/..., /export.arxiv.org/..., /dblp.org/..., /pub.orcid.org/...
Locations in recorded redirects are rewritten to point back at this server. GET and POST
are served; a POST route matches on its body too (as JSON when both sides are JSON).
"""

from __future__ import annotations

import gzip
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
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
# Query values that only name who asked (polite pools): a recording matches whoever asks.
CONTACT_PARAMETERS = {"mailto", "email", "api_key"}
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
    drip: float = 0.0  # seconds between single bytes of the body (a server that never stalls long)


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]
    method: str = "GET"
    body: bytes = b""


@dataclass(frozen=True)
class FieldsWithin:
    """A `fields` (or `select`) value asking for some of the recorded fields: the recorded
    answer holds every field such a request asks for."""

    recorded: str

    def __call__(self, value: str | None) -> bool:
        return value is not None and set(value.split(",")) <= set(self.recorded.split(","))


@dataclass
class Route:
    path: str
    query: dict[str, Any]  # a value, or a test of the value (FieldsWithin)
    replies: list[Reply]
    method: str = "GET"
    body: bytes | None = None  # a POST's recorded body; None matches any
    served: int = 0

    def matches(self, method: str, path: str, query: dict[str, str], body: bytes) -> bool:
        if method != self.method:
            return False
        if path not in (self.path, unquote(self.path)) and unquote(path) != unquote(self.path):
            return False
        if self.body is not None and not same_body(self.body, body):
            return False
        return all(
            value(query.get(name)) if callable(value) else query.get(name) == value
            for name, value in self.query.items()
        )

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

            def do_POST(self) -> None:  # noqa: N802
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

    def add(
        self,
        path: str,
        *replies: Reply,
        query: dict[str, Any] | None = None,
        method: str = "GET",
        body: bytes | None = None,
    ) -> Route:
        """Answer GET path (with these query parameters) with the replies in turn; the last repeats."""
        route = Route(path, query or {}, list(replies), method, body)
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

    def add_vcr(self, name: str, folder: Path = DATA, only: str = "") -> list[Route]:
        """Every interaction of a recorded YAML cassette (vcrpy's or R vcr's) whose URI holds
        `only`: gzip bodies served decompressed, contact parameters not matched, a `fields`
        or `select` list matched by any part of it, a POST by its body."""
        import yaml

        data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
        routes = []
        for interaction in data.get("interactions") or data.get("http_interactions"):
            request, response = interaction["request"], interaction["response"]
            if only not in request["uri"]:
                continue
            parts = urlsplit(request["uri"])
            query: dict[str, Any] = {
                key: FieldsWithin(value) if key in ("fields", "select") else value
                for key, value in parse_qsl(parts.query)
                if key not in CONTACT_PARAMETERS
            }
            method = request["method"].upper()
            body = _request_body(request.get("body")) if method == "POST" else None
            routes.append(self.add(f"/{parts.hostname}{parts.path}", vcr_reply(response),
                                   query=query, method=method, body=body))  # fmt: skip
        return routes

    def requests_to(self, service: str) -> list[Seen]:
        prefix = f"/{HOSTS[service]}/"
        return [seen for seen in self.seen if seen.path.startswith(prefix)]

    # --- serving ---

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        method = handler.command
        with self._lock:
            headers = dict(handler.headers.items())
            self.seen.append(Seen(parts.path, query, headers, method, body))
            route = next(
                (r for r in self.routes if r.matches(method, parts.path, query, body)), None
            )
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
        if reply.drip:
            for index in range(len(reply.body)):
                handler.wfile.write(reply.body[index : index + 1])
                handler.wfile.flush()
                time.sleep(reply.drip)
            return
        for _ in range(max(reply.repeat, 1)):
            handler.wfile.write(reply.body)
        handler.wfile.flush()

    def _local(self, location: str) -> str:
        """https://api.crossref.org/x -> http://127.0.0.1:PORT/api.crossref.org/x; relative stays."""
        if location.startswith(self.base):
            return location
        return re.sub(r"^https?://([^/]+)", lambda m: f"{self.base}/{m.group(1)}", location)


def same_body(recorded: bytes, sent: bytes) -> bool:
    try:
        return json.loads(recorded) == json.loads(sent)
    except ValueError:
        return recorded == sent


def _request_body(body: Any) -> bytes:
    if isinstance(body, dict):  # R vcr: {encoding, string}
        body = body.get("string", "")
    if isinstance(body, bytes):
        return body
    return str(body or "").encode("utf-8")


def vcr_reply(response: dict) -> Reply:
    """A recorded response: vcrpy's status {code} and body {string}, httpx's status_code and
    content, or R vcr's status {status_code}; recorded gzip bytes are served decompressed."""
    status = response.get("status")
    code = (status.get("code") or status.get("status_code")) if isinstance(status, dict) else None
    code = int(code or response.get("status_code") or 200)
    body = response.get("body")
    raw = body.get("string", "") if isinstance(body, dict) else response.get("content", "")
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    headers = {
        name: (values[0] if isinstance(values, list) else str(values))
        for name, values in (response.get("headers") or {}).items()
        if name.lower() not in DROPPED and name.lower() != "status" and values
    }
    return Reply(code, raw, headers)
