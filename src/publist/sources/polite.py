"""The client `publist refresh` asks through: each service asked no faster than it asks
to be, and its answers kept on disk for a while, so a second refresh the same day asks
nothing.

The kept answers are not the library: they live in publist's cache folder
(cache.folder), one file per request, and are only ever a help.
"""

from __future__ import annotations

import base64
import contextlib
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from publist import files
from publist.digests import blake2b
from publist.errors import NetworkError
from publist.sources.http import Client, Response

# Seconds between two requests to one service: the documented limits, with a margin.
INTERVALS = {
    "arXiv": 3.0,  # API terms of use: no more than one request every three seconds
    "DBLP": 1.0,  # dblp FAQ: wait at least one or two seconds between requests
    "Semantic Scholar": 1.0,  # without a key all share one pool; a key gets one a second
    "Crossref": 0.1,  # polite pool (contact address given): 10 lookups a second
    "Crossref search": 0.34,  # polite pool: 3 list (query) requests a second
    "OpenAlex": 0.1,  # 100 a second allowed: ten is plenty
    "doi.org": 0.2,
}
PUBLIC_POOL = {"Crossref": 0.2, "Crossref search": 1.0}  # no contact address: 5 and 1 a second
KEPT_STATUSES = frozenset({200, 404, 410})  # answers; errors are asked again next time
ANSWERS = "answers"  # the sub-folder of the cache folder


@dataclass
class PoliteClient(Client):
    folder: Path | None = None  # the cache folder; None keeps nothing
    max_age: float = 24 * 3600.0  # seconds an answer is reused
    reuse: bool = True  # False: ask again, and keep the new answers
    now: Callable[[], float] = time.time  # wall time, for the age of kept answers
    last: dict[str, float] = field(default_factory=dict)  # service -> clock of its last request
    asked: list[str] = field(default_factory=list)  # requests that went to the network
    reused: list[str] = field(default_factory=list)  # requests answered from the cache

    def _fetch(self, method, url, params, headers, data, service: str) -> Response:
        key = answer_key(method, url, params, headers, data)
        kept = self._kept(key) if self.reuse else None
        if kept is not None:
            self.reused.append(f"{method} {url}")
            return kept
        self._pace(service)
        try:
            response = super()._fetch(method, url, params, headers, data, service)
        finally:
            self.last[service] = self.clock()
        self.asked.append(f"{method} {url}")
        if response.status in KEPT_STATUSES:
            self._keep(key, response)
        return response

    def _pace(self, service: str) -> None:
        intervals = {**INTERVALS, **({} if self.email else PUBLIC_POOL)}
        if service not in self.last:
            return
        wait = intervals.get(service, 0.0) - (self.clock() - self.last[service])
        if wait <= 0:
            return
        if wait >= self._left(service):
            raise NetworkError(
                f"{service} took too long: publist gives the network {self.policy.deadline:g} s "
                "in all ([network] deadline in publist.toml)"
            )
        self.sleep(wait)

    def _path(self, key: str) -> Path | None:
        if self.folder is None or self.max_age <= 0:
            return None
        return self.folder / ANSWERS / f"{key}.json"

    def _kept(self, key: str) -> Response | None:
        path = self._path(key)
        if path is None:
            return None
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            data = json.loads(path.read_bytes())
            if 0 <= self.now() - float(data["time"]) <= self.max_age:
                body = base64.b64decode(data["body"])
                headers = {"Content-Type": str(data["type"])} if data["type"] else {}
                return Response(int(data["status"]), str(data["url"]), headers, body,
                                data["encoding"])  # fmt: skip
        return None

    def _keep(self, key: str, response: Response) -> None:
        path = self._path(key)
        if path is None:
            return
        data = {
            "time": self.now(),
            "status": response.status,
            "url": response.url,
            "type": response.headers.get("Content-Type", ""),
            "encoding": response.encoding,
            "body": base64.b64encode(response.body).decode("ascii"),
        }
        with contextlib.suppress(Exception):  # a cache never fails a run
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            files.write_bytes_atomic(path, json.dumps(data).encode(), durable=False)


def answer_key(method: str, url: str, params, headers: Mapping[str, str], data) -> str:
    """A name for one request: method, URL, query, what it accepts, and its body."""
    parts = json.dumps(
        [
            method,
            url,
            sorted((params or {}).items()),
            headers.get("Accept", ""),
            (data or b"").decode("utf-8", "replace"),
        ],  # fmt: skip
        ensure_ascii=False,
    )
    return blake2b(parts.encode(), digest_size=20).hexdigest()


def polite_client(network, folder: Path | None, hours: float, reuse: bool = True) -> PoliteClient:
    """The run's client of a Network value (sources.base), keeping answers `hours` long."""
    return PoliteClient(
        network.email, network.session, network.policy, network.sleep, network.clock,
        folder=folder, max_age=hours * 3600.0, reuse=reuse,
    )  # fmt: skip
