"""The HTTP client against a real loopback server: retries, Retry-After, timeouts, cut and huge bodies."""

from __future__ import annotations

import email.utils
import time

import pytest

from httpserver import Reply, Server
from publist.errors import ExitCode, NetworkError, NotFound
from publist.identifiers import parse
from publist.sources.doi import DoiSource
from publist.sources.http import Client, Policy, retry_after, user_agent

FAST = Policy(connect_timeout=1.0, read_timeout=0.5, attempts=3, backoff=0.01, max_wait=5.0)


@pytest.fixture
def server():
    with Server() as running:
        yield running


def client(waits: list[float] | None = None, **changes) -> Client:
    from dataclasses import replace

    log = waits if waits is not None else []
    return Client(email="owner@example.org", policy=replace(FAST, **changes), sleep=log.append)


def test_sends_user_agent_with_contact_and_accept(server):
    server.add("/dblp.org/x", Reply(200, b"ok"))
    client().get(f"{server.base}/dblp.org/x", "DBLP", accept="application/json")
    seen = server.seen[0]
    assert seen.headers["User-Agent"] == user_agent("owner@example.org")
    assert "mailto:owner@example.org" in seen.headers["User-Agent"]
    assert seen.headers["Accept"] == "application/json"


def test_user_agent_without_email_has_no_mailto():
    assert "mailto" not in user_agent("")


def test_429_with_retry_after_seconds_is_honoured(server):
    server.add("/x", Reply(429, b"", {"Retry-After": "2"}), Reply(200, b"fine"))
    waits: list[float] = []
    response = client(waits).get(f"{server.base}/x", "Crossref")
    assert response.text == "fine"
    assert waits == [2.0]


def test_429_with_a_retry_after_past_max_wait_gives_up_at_once(server):
    """Asking again after max_wait when the server asked for an hour would not honour it."""
    later = email.utils.formatdate(time.time() + 3600, usegmt=True)
    server.add("/x", Reply(429, b"", {"Retry-After": later}), Reply(200, b"fine"))
    waits: list[float] = []
    with pytest.raises(NetworkError, match=r"^Crossref answered 429 and asks to wait 3[56]\d\d s"):
        client(waits).get(f"{server.base}/x", "Crossref")
    assert waits == [] and len(server.seen) == 1


def test_429_without_retry_after_backs_off_exponentially_then_fails(server):
    server.add("/x", Reply(429, b"<html>Too Many Requests</html>", {"Content-Type": "text/html"}))
    waits: list[float] = []
    with pytest.raises(NetworkError) as raised:
        client(waits).get(f"{server.base}/x", "Crossref")
    assert str(raised.value) == "Crossref answered 429 (after 3 tries)"
    assert raised.value.exit_code == ExitCode.NETWORK
    assert waits == [0.01, 0.02]
    assert len(server.seen) == 3


def test_503_then_200_succeeds(server):
    server.add("/x", Reply(503, b"busy\n", {"Content-Type": "text/plain"}), Reply(200, b"fine"))
    assert client().get(f"{server.base}/x", "arXiv").text == "fine"
    assert len(server.seen) == 2


def test_stalled_read_times_out_and_retries(server):
    server.add("/x", Reply(200, b"late", stall=2.0))
    started = time.monotonic()
    with pytest.raises(NetworkError) as raised:
        client(attempts=2).get(f"{server.base}/x", "DBLP")
    assert str(raised.value) == "DBLP did not answer in time (after 2 tries)"
    assert time.monotonic() - started < 4


def test_truncated_body_is_a_network_error(server):
    server.add("/x", Reply(200, b"@article{cut,", declared_length=500))
    with pytest.raises(NetworkError) as raised:
        client(attempts=1).get(f"{server.base}/x", "doi.org")
    assert "closed the connection before the answer was complete" in str(raised.value)


def test_huge_body_is_cut_off(server):
    server.add("/x", Reply(200, b"x" * 65536, repeat=200))  # 12.5 MB
    with pytest.raises(NetworkError) as raised:
        client(max_bytes=1024 * 1024).get(f"{server.base}/x", "DBLP")
    assert str(raised.value) == "DBLP sent more than 1 MB; giving up"
    assert len(server.seen) == 1  # not retried


def test_redirect_loop_stops(server):
    server.add("/doi.org/loop", Reply(302, b"", {"Location": f"{server.base}/doi.org/loop"}))
    with pytest.raises(NetworkError) as raised:
        client().get(f"{server.base}/doi.org/loop", "doi.org")
    assert str(raised.value).startswith("doi.org redirected too many times")
    assert len(server.seen) == FAST.max_redirects + 1


def test_connection_refused_is_a_network_error():
    with Server() as closed:
        url = f"{closed.base}/x"
    with pytest.raises(NetworkError) as raised:
        client(attempts=2).get(url, "Crossref")
    assert str(raised.value) == "cannot reach Crossref (after 2 tries)"


def test_404_of_an_identifier_is_not_found_with_exit_1(server):
    server.add_cassette("habanero_content_negotiation_404.json")
    source = DoiSource(client(), server.url("doi"), server.url("crossref"))
    with pytest.raises(NotFound) as raised:
        source.fetch(parse("10.1126/foo"))
    assert str(raised.value) == "DOI 10.1126/foo was not found at doi.org (404)"
    assert raised.value.exit_code == ExitCode.ERROR


def test_html_instead_of_bibtex_is_a_network_error(server):
    page = b"<html><body><h1>Welcome</h1><p>Log in to continue.</p></body></html>"
    server.add("/doi.org/10.1145/3600006.3613165", Reply(200, page, {"Content-Type": "text/html"}))
    # nor does Crossref know it (its recorded 404): nothing stands in for doi.org
    server.add_file(
        "/api.crossref.org/works/10.1145/3600006.3613165", "habanero_works_404.json", 404
    )
    source = DoiSource(client(), server.url("doi"), server.url("crossref"))
    with pytest.raises(NetworkError) as raised:
        source.fetch(parse("10.1145/3600006.3613165"))
    assert str(raised.value) == "doi.org did not send BibTeX for DOI 10.1145/3600006.3613165"


def test_other_client_errors_are_not_retried(server):
    server.add("/x", Reply(403, b"Forbidden\n", {"Content-Type": "text/plain"}))
    with pytest.raises(NetworkError) as raised:
        client().get(f"{server.base}/x", "DBLP")
    assert str(raised.value) == "DBLP answered 403: Forbidden"
    assert len(server.seen) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 1.5), ("", 1.5), ("7", 7.0), ("soon", 1.5), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_retry_after_values(value, expected):
    assert retry_after(value, 1.5) == expected


def test_a_request_no_recording_answers_is_unmistakable(server):
    """The replay server never answers a plausible 404 for a route it has no recording for."""
    with pytest.raises(NetworkError, match=r"answered 599: no recording for GET /doi.org/10.1/x"):
        client().get(server.url("doi") + "/10.1/x", "doi.org", subject="DOI 10.1/x")
    assert server.unrecorded == ["GET /doi.org/10.1/x"]


def test_the_deadline_bounds_every_request_and_retry(server):
    """A server that drips bytes never times a read out; the deadline ends it anyway."""
    server.add("/doi.org/10.1/slow", Reply(503, b"busy", {"Retry-After": "1"}))
    now = [0.0]

    def wait(seconds: float) -> None:
        now[0] += seconds

    slow = client(deadline=2.5, attempts=10, max_wait=5.0)
    slow.sleep, slow.clock = wait, lambda: now[0]
    with pytest.raises(NetworkError, match=r"doi.org answered 503.*\(after 3 tries\)"):
        slow.get(server.url("doi") + "/10.1/slow", "doi.org")
    assert now[0] == 2.0  # two waits of a second; a third would pass the deadline
    late = client(deadline=2.5)
    late.clock = lambda: now[0]
    late.started = -1.0
    with pytest.raises(NetworkError, match=r"took too long: publist gives the network 2.5 s"):
        late.get(server.url("doi") + "/10.1/slow", "doi.org")
