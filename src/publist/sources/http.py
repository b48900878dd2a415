"""The one HTTP client every source uses: timeouts, retries, a size cap, one-line errors.

requests is imported only when a request goes out (or one failed), so commands that never go
to the network, and a refresh that its kept answers serve, never pay for it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from publist.errors import NetworkError, NotFound
from publist.version import __version__

# Rate limits and passing server trouble: worth another try after a wait.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Policy:
    """How patient the client is; tests shrink the timeouts."""

    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    attempts: int = 4  # the first try and three retries
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_wait: float = 30.0  # cap on any one wait, whatever Retry-After asks for
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    deadline: float = 120.0  # seconds for all of one command's requests, retries included


@dataclass(frozen=True)
class Response:
    status: int
    url: str
    headers: Mapping[str, str]
    body: bytes
    encoding: str | None = None

    @property
    def text(self) -> str:
        return self.body.decode(self.encoding or "utf-8", errors="replace")

    def json(self) -> Any:
        import json

        try:
            return json.loads(self.body)
        except ValueError:
            return None


@contextlib.contextmanager
def reading_answer(service: str, what: str = "an answer") -> Iterator[None]:
    """Interpret a service's JSON: a shape publist does not expect (a string where an object
    was, a missing key) is the service answering nonsense (exit 4), never a traceback."""
    try:
        yield
    except (AttributeError, KeyError, TypeError, IndexError, ValueError):
        raise NetworkError(f"{service} sent {what} publist cannot read") from None


def user_agent(email: str = "") -> str:
    """Crossref's polite pool wants a contact address in the User-Agent."""
    # No project home page exists yet; the contact address is what Crossref asks for.
    tool = f"publist/{__version__} (publication-list manager; python-requests"
    return f"{tool}; mailto:{email})" if email else f"{tool})"


@dataclass
class Client:
    """GET (and POST for batch lookups) with bounded retries within one deadline; every
    failure becomes NetworkError or NotFound."""

    email: str = ""
    session: Any = None  # a requests.Session; made on first use when None
    policy: Policy = field(default_factory=Policy)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    started: float | None = None  # the clock at the first request: the deadline counts from it

    def _left(self, service: str) -> float:
        """Seconds left before the deadline; NetworkError when it has passed."""
        if self.started is None:
            self.started = self.clock()
        left = self.policy.deadline - (self.clock() - self.started)
        if left <= 0:
            raise NetworkError(
                f"{service} took too long: publist gives the network {self.policy.deadline:g} s "
                "in all ([network] deadline in publist.toml)"
            )
        return left

    def _session(self):
        if self.session is None:
            import requests

            self.session = requests.Session()
        self.session.max_redirects = self.policy.max_redirects
        self.session.headers["User-Agent"] = user_agent(self.email)
        return self.session

    def get(self, url: str, service: str, **options: Any) -> Response:
        """One resource (see request for the options)."""
        return self.request("GET", url, service, **options)

    def post(self, url: str, service: str, data: bytes, **options: Any) -> Response:
        """A lookup sent as a body (a batch of ids): safe to retry, like a GET."""
        headers = {"Content-Type": options.pop("content_type", "application/json")}
        return self.request("POST", url, service, data=data, headers=headers, **options)

    def request(
        self,
        method: str,
        url: str,
        service: str,
        *,
        params: Mapping[str, str] | None = None,
        accept: str | None = None,
        subject: str | None = None,
        not_found: tuple[int, ...] = (404,),
        passthrough: tuple[int, ...] = (),
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """One resource; `subject` ("DOI 10.1/x") turns a not_found status into NotFound.

        Statuses in `passthrough` come back to the caller, which reads the error body itself.
        """
        sent = {**(headers or {}), **({"Accept": accept} if accept else {})}
        last = ""
        for attempt in range(self.policy.attempts):
            wait = self.policy.backoff * 2**attempt
            try:
                response = self._fetch(method, url, params, sent, data, service)
            except Exception as error:  # requests' own, told apart without importing it first
                last = _problem(service, url, error)
            else:
                if response.status in passthrough:
                    return response
                if response.status in RETRY_STATUSES:
                    last = f"{service} answered {response.status}" + _reason(response)
                    wait = retry_after(response.headers.get("Retry-After"), wait)
                    if wait > self.policy.max_wait:  # asking again sooner would be rude
                        raise NetworkError(
                            f"{last} and asks to wait {wait:.0f} s (Retry-After); try again later"
                        )
                elif subject and response.status in not_found:
                    raise NotFound(f"{subject} was not found at {service} ({response.status})")
                elif response.status >= 400:
                    raise NetworkError(f"{service} answered {response.status}" + _reason(response))
                else:
                    return response
            if attempt + 1 < self.policy.attempts:
                pause = min(wait, self.policy.max_wait)
                if pause >= self._left(service):
                    break  # the wait alone would pass the deadline
                self.sleep(pause)
        tries = attempt + 1
        raise NetworkError(f"{last} (after {tries} {'try' if tries == 1 else 'tries'})")

    def _fetch(self, method, url, params, headers, data, service: str) -> Response:
        left = self._left(service)
        timeout = (min(self.policy.connect_timeout, left), min(self.policy.read_timeout, left))
        with self._session().request(
            method, url, params=params, headers=headers, data=data, timeout=timeout, stream=True
        ) as response:
            body = bytearray()
            for chunk in _chunks(response):
                body += chunk
                self._left(service)  # a server that drips bytes never times a read out
                if len(body) > self.policy.max_bytes:
                    limit = self.policy.max_bytes // (1024 * 1024)
                    raise NetworkError(f"{service} sent more than {limit} MB; giving up")
            return Response(
                response.status_code,
                response.url,
                dict(response.headers),
                bytes(body),
                response.encoding
                if "charset" in response.headers.get("Content-Type", "")
                else None,
            )


def _problem(service: str, url: str, error: Exception) -> str:
    """What went wrong with a request worth trying again; raises for one that is not (and
    re-raises what did not come from requests). requests is imported only here and when a
    request goes out: a refresh that the kept answers serve never loads it (50 ms or more)."""
    import requests

    if isinstance(error, requests.TooManyRedirects):
        raise NetworkError(f"{service} redirected too many times ({url})") from None
    if isinstance(error, requests.Timeout):
        return f"{service} did not answer in time"
    if isinstance(error, requests.ConnectionError | requests.exceptions.ChunkedEncodingError):
        return _connection_problem(service, error)
    if isinstance(error, requests.RequestException):
        raise NetworkError(f"{service} request failed: {error}") from None
    raise error


def _chunks(response: Any) -> Iterator[bytes]:
    """The body as it arrives: each piece as soon as the socket has one (urllib3's read1),
    so the deadline is checked between drips; iter_content would wait for 64 KB first."""
    read1 = getattr(response.raw, "read1", None)
    if read1 is None:  # urllib3 1.x: small pieces instead
        yield from response.iter_content(chunk_size=1024)
        return
    import requests
    from urllib3 import exceptions

    try:
        while chunk := read1(65536, decode_content=True):
            yield chunk
    except exceptions.ProtocolError as error:  # as iter_content words urllib3's errors
        raise requests.exceptions.ChunkedEncodingError(error) from None
    except exceptions.ReadTimeoutError as error:
        raise requests.exceptions.ConnectionError(error) from None
    except exceptions.DecodeError as error:
        raise requests.exceptions.ContentDecodingError(error) from None


def retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        from email.utils import parsedate_to_datetime  # only for a Retry-After date

        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if moment is None:
        return default
    return max(0.0, moment.timestamp() - time.time())


def _reason(response: Response) -> str:
    """A short hint from the body: the first line of a plain-text error, never HTML."""
    content_type = response.headers.get("Content-Type", "")
    if "html" in content_type or not response.body:
        return ""
    first = response.text.strip().splitlines()[0][:120] if response.text.strip() else ""
    return f": {first}" if first and not first.startswith(("<", "{")) else ""


def _connection_problem(service: str, error: Exception) -> str:
    text = str(error)
    if "IncompleteRead" in text or "Connection broken" in text:
        return f"{service} closed the connection before the answer was complete"
    if "timed out" in text.lower():
        return f"{service} did not answer in time"
    return f"cannot reach {service}"
