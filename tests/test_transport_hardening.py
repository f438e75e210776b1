"""The hardened transport: an untrusted service never gets a false verdict out of the suite.

Every row of the attribution table (``driver/errors.py``) is driven here through a real
``HostileProxy`` (``tests/hostile_proxy.py``) in front of the reference: network faults and
overload end in a ``SuiteError`` (*error*, exit 2), answers that break the contract by
themselves in a ``ContractViolation`` (*fail*, exit 1). Also: origin pinning (no redirect
followed, nothing sent to another origin, no cookie kept), the bounds (deadline, size and
decompression cap, JSON depth, rate limit, ``Retry-After`` retries and their budget), the
deadline on an answer delimited by the end of its connection, a reused connection a server
dropped (an idempotent request sent again, a ``POST`` never; a ``500``'s connection not
reused), an answer that is not HTTP, secrets kept out of evidence and curl lines, and peak
memory bounded whatever the service sends. Assertions are on outcome classes,
counters and bytes, never on wall-clock time.
"""

from __future__ import annotations

import gc
import json
import tracemalloc
from collections.abc import Iterator

import pytest
from hostile_proxy import HostileProxy, _gzip_bomb
from test_transport import tiny_server

from account_conformance.driver import (
    ContractViolation,
    DriverSettings,
    GatewayError,
    HttpAccountServiceDriver,
    InvalidJson,
    OriginRefused,
    ServiceOverloaded,
    ServiceTimeout,
    ServiceUnreachable,
    SuiteError,
    Transport,
    TransportError,
    strict_json,
)
from account_conformance.driver.evidence import REDACTED, ExchangeRecorder, Redactor
from account_conformance.driver.raw import RawRequest, RawRequests

MIB = 1024 * 1024


def transport_for(url: str, **settings: object) -> Transport:
    return Transport(DriverSettings(base_url=url, **settings),  # type: ignore[arg-type]
                     accept="application/json, application/problem+json")


@pytest.fixture()
def proxy(reference_url: str) -> Iterator[HostileProxy]:
    with HostileProxy(reference_url) as hostile:
        yield hostile


def assert_error(exc: BaseException) -> None:
    """An *error* (exit 2): a SuiteError, not an AssertionError."""
    assert isinstance(exc, SuiteError) and not isinstance(exc, AssertionError), repr(exc)


# -- origin pinning --------------------------------------------------------------------------
def test_a_redirect_to_another_origin_is_a_violation_and_nothing_reaches_it(
        proxy: HostileProxy) -> None:
    proxy.set_mode("redirect_other_origin", match="/v1/me")
    driver = HttpAccountServiceDriver(DriverSettings(base_url=proxy.url))
    try:
        session = driver.start_session("rex@tr-0101.example.test", "Rex Direct")
        with pytest.raises(ContractViolation) as caught:
            driver.whoami(session)
    finally:
        driver.close()
    message = str(caught.value)
    assert "answered 307 with Location " + proxy.other_url + "/v1/me" in message
    assert proxy.received == []  # the bearer token never left the service's origin
    assert session.token not in message


def test_every_redirect_status_is_a_violation(proxy: HostileProxy) -> None:
    sender = transport_for(proxy.url)
    for status in (301, 302, 303, 308):
        proxy.set_mode("redirect_other_origin", redirect_status=status)
        with pytest.raises(ContractViolation, match=f"answered {status} with Location"):
            sender.send("POST", "/v1/organizations", json={"name": "Away"})
    assert proxy.received == []


@pytest.mark.parametrize("target", [
    "http://127.0.0.1:9/v1/meta", "https://{host}/v1/meta", "//elsewhere.test/v1/meta",
    "@elsewhere.test/v1/meta", "ftp://{host}/v1/meta"])
def test_a_url_off_the_base_origin_is_refused_before_sending(proxy: HostileProxy,
                                                             target: str) -> None:
    sender = transport_for(proxy.url)
    host = proxy.url.removeprefix("http://")
    with pytest.raises(OriginRefused) as caught:
        sender.send("GET", target.format(host=host),
                    headers={"Authorization": "Bearer token-never-sent-0001"})
    assert_error(caught.value)
    assert proxy.requests == [] and sender.recorder.total_requests == 0
    same = sender.send("GET", proxy.url + "/v1/meta")  # the base origin, absolute: fine
    assert same.status == 200


def test_a_cookie_the_service_sets_is_never_kept_nor_sent(proxy: HostileProxy) -> None:
    proxy.set_mode("set_cookie")
    sender = transport_for(proxy.url)
    first = sender.send("GET", "/v1/meta")
    assert "Set-Cookie" in first.headers
    sender.send("GET", "/v1/meta")
    assert [r.header("Cookie") for r in proxy.requests] == [None, None]


# -- attribution: errors ----------------------------------------------------------------------
def test_a_reset_is_a_transport_error(proxy: HostileProxy) -> None:
    proxy.set_mode("reset")
    sender = transport_for(proxy.url)
    with pytest.raises(TransportError, match="reset the connection") as caught:
        sender.send("GET", "/v1/meta")
    assert_error(caught.value)
    assert sender.stats()["reconnects"] == 0  # a fresh connection: not retried


def test_a_body_cut_off_is_a_transport_error(proxy: HostileProxy) -> None:
    proxy.set_mode("close_mid_body")
    with pytest.raises(TransportError, match="cut off") as caught:
        transport_for(proxy.url).send("GET", "/v1/meta")
    assert_error(caught.value)


def test_no_answer_is_a_timeout(proxy: HostileProxy) -> None:
    proxy.set_mode("timeout")
    with pytest.raises(ServiceTimeout, match="no answer within 0.5s"):
        transport_for(proxy.url, read_timeout_s=0.5).send("GET", "/v1/meta")


def test_a_dripping_answer_is_cut_at_the_deadline_even_in_its_head(
        proxy: HostileProxy) -> None:
    proxy.set_mode("slow_drip", drip_interval_s=0.2)  # a byte every 0.2 s: no read timeout
    sender = transport_for(proxy.url, read_timeout_s=5, deadline_s=1.0)
    with pytest.raises(ServiceTimeout, match="deadline") as caught:
        sender.send("GET", "/v1/meta")
    assert_error(caught.value)
    assert proxy.hits == 1 and sender.stats()["reconnects"] == 0


def test_an_endless_body_is_cut_at_the_deadline_when_the_cap_allows_it(
        proxy: HostileProxy) -> None:
    proxy.set_mode("endless_chunked")
    sender = transport_for(proxy.url, deadline_s=0.5, max_response_bytes=1 << 40)
    with pytest.raises(ServiceTimeout, match="deadline"):
        sender.send("GET", "/v1/meta")


def test_unreachable_refused_unresolved_and_tls(proxy: HostileProxy) -> None:
    with pytest.raises(ServiceUnreachable, match="does not resolve"):
        transport_for("http://no-such-host.invalid").send("GET", "/v1/meta")
    # TLS spoken to a server that answers in plain HTTP
    with tiny_server(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n") as url:
        with pytest.raises(ServiceUnreachable, match="TLS handshake failed"):
            transport_for(url.replace("http://", "https://"), verify_tls=False).send("GET", "/")


@pytest.mark.parametrize(("mode", "error"), [("status_502", GatewayError),
                                             ("status_504", GatewayError),
                                             ("status_503", ServiceOverloaded),
                                             ("status_429", ServiceOverloaded)])
def test_gateway_and_overload_answers_are_errors(proxy: HostileProxy, mode: str,
                                                 error: type[SuiteError]) -> None:
    proxy.set_mode(mode, match="/v1/me")
    driver = HttpAccountServiceDriver(DriverSettings(base_url=proxy.url))
    try:
        session = driver.start_session("gus@tr-0102.example.test", "Gus Way")
        with pytest.raises(error) as caught:
            driver.whoami(session)
    finally:
        driver.close()
    assert_error(caught.value)
    assert mode.removeprefix("status_") in str(caught.value)
    assert driver.transport.stats()["retries"] == 0  # no Retry-After: not retried
    assert session.token not in str(caught.value)


def test_retry_after_is_honoured_up_to_the_retry_limit(proxy: HostileProxy) -> None:
    proxy.set_mode("status_429", retry_after="0")
    sender = transport_for(proxy.url, retry_limit=3)
    with pytest.raises(ServiceOverloaded, match="3 retries"):
        sender.send("GET", "/v1/meta")
    assert proxy.hits == 4 and sender.stats()["retries"] == 3

    proxy.set_mode("status_503", retry_after="0", times=2)  # overloaded twice, then fine
    sender = transport_for(proxy.url, retry_limit=3)
    assert sender.send("GET", "/v1/meta").status == 200
    stats = sender.stats()
    assert (stats["retries"], stats["requests"]) == (2, 3)


def test_a_retry_after_longer_than_allowed_is_not_waited_for(proxy: HostileProxy) -> None:
    proxy.set_mode("status_503", retry_after="3600")
    sender = transport_for(proxy.url, max_retry_after_s=10)
    with pytest.raises(ServiceOverloaded, match="Retry-After: 3600; 0 retries"):
        sender.send("GET", "/v1/meta")
    assert sender.stats()["retry_wait_s"] == 0


def test_a_500_then_a_dropped_connection_is_the_500_and_the_next_request_works(
        proxy: HostileProxy) -> None:
    proxy.set_mode("status_500_then_close", match="GET /v1/meta", times=1)
    driver = HttpAccountServiceDriver(DriverSettings(base_url=proxy.url))
    try:
        with pytest.raises(ContractViolation, match="unexpected status 500"):
            driver.service_info()
        assert driver.service_info().contract_version == "1.2.0"  # not "unreachable"
        # the 500's connection was closed, not pooled: the next request opened a fresh one
        assert driver.transport.stats()["reconnects"] == 0
    finally:
        driver.close()


# -- attribution: violations -------------------------------------------------------------------
@pytest.mark.parametrize(("mode", "why"), [
    ("invalid_json", "not JSON"), ("nan", "NaN is not a JSON number"),
    ("duplicate_keys", "names the member 'contract_version' twice"),
    ("invalid_utf8", "not UTF-8"), ("deep_nesting", "nest deeper than 64 levels")])
def test_an_answer_that_is_not_strict_json_is_a_violation(proxy: HostileProxy, mode: str,
                                                          why: str) -> None:
    proxy.set_mode(mode, match="/v1/meta")
    driver = HttpAccountServiceDriver(DriverSettings(base_url=proxy.url))
    try:
        with pytest.raises(InvalidJson) as caught:
            driver.service_info()
    finally:
        driver.close()
    assert isinstance(caught.value, ContractViolation) and why in str(caught.value)
    assert caught.value.evidence is not None and caught.value.evidence.status == 200


def test_a_raw_answer_is_judged_as_strict_json(proxy: HostileProxy) -> None:
    proxy.set_mode("nan")
    raw = RawRequests(transport_for(proxy.url))
    answer = raw.send(RawRequest("create_organization", "POST", "/v1/organizations",
                                 "a body that is not JSON", b"{", "application/json"))
    assert answer.status == 401 and not answer.is_problem
    assert any("NaN" in error for error in answer.problem_errors)
    proxy.set_mode("reset")
    failed = raw.send(RawRequest("get_meta", "GET", "/v1/meta", "nothing wrong"))
    assert failed.status is None and isinstance(failed.error, TransportError)


def test_a_body_past_the_cap_is_a_violation(proxy: HostileProxy) -> None:
    proxy.set_mode("huge_body")  # declares 64 MiB: refused before reading it
    with pytest.raises(ContractViolation, match="declares 67,108,864 bytes"):
        transport_for(proxy.url).send("GET", "/v1/meta")
    proxy.set_mode("endless_chunked")  # no length declared: refused while reading
    with pytest.raises(ContractViolation, match="larger than the 1,048,576-byte cap"):
        transport_for(proxy.url, max_response_bytes=MIB).send("GET", "/v1/meta")


def test_a_compressed_body_that_decodes_past_the_cap_is_a_violation(
        proxy: HostileProxy) -> None:
    proxy.set_mode("gzip_bomb", bomb_bytes=64 * MIB)
    with pytest.raises(ContractViolation, match="decoded"):
        transport_for(proxy.url).send("GET", "/v1/meta")


def test_strict_json_reads_json_and_counts_depth_outside_strings() -> None:
    assert strict_json.loads(b'{"a": [1, 2]}') == {"a": [1, 2]}
    with pytest.raises(strict_json.StrictJsonError, match="byte-order mark"):
        strict_json.loads("\ufeff{}".encode())
    assert strict_json.nesting_depth('["[[[[", [[]]]', 3) == 3  # brackets in strings


# -- memory ------------------------------------------------------------------------------------
def peak_bytes_while(action: object) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        assert callable(action)
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("mode", ["endless_chunked", "gzip_bomb_small"])
def test_peak_memory_stays_bounded(proxy: HostileProxy, mode: str) -> None:
    options = {"bomb_bytes": 256 * MIB} if mode == "gzip_bomb_small" else {}
    if options:
        _gzip_bomb(256 * MIB)  # built before measuring (it is the proxy's memory)
    proxy.set_mode(mode.removesuffix("_small"), **options)
    sender = transport_for(proxy.url, max_response_bytes=MIB)

    def send() -> None:
        with pytest.raises(ContractViolation):
            sender.send("GET", "/v1/meta")

    assert peak_bytes_while(send) < 4 * MIB


@pytest.mark.slow
def test_a_one_gib_gzip_bomb_costs_no_more_than_the_cap(proxy: HostileProxy) -> None:
    _gzip_bomb(1024 * MIB)
    proxy.set_mode("gzip_bomb", bomb_bytes=1024 * MIB)
    sender = transport_for(proxy.url)  # the default cap: 8 MiB

    def send() -> None:
        with pytest.raises(ContractViolation, match="decoded"):
            sender.send("GET", "/v1/meta")

    assert peak_bytes_while(send) < 8 * MIB + 4 * MIB  # the cap, and a little


# -- secrets -------------------------------------------------------------------------------------
def test_configured_headers_and_keys_never_show(proxy: HostileProxy) -> None:
    key, api_key = "ts-key-0123456789", "vendor-api-key-abcdef0123"
    driver = HttpAccountServiceDriver(DriverSettings(
        base_url=proxy.url, test_support_key=key,
        headers={"X-Api-Key": api_key, "X-Tenant": "1"}))
    try:
        session = driver.start_session("sue@tr-0103.example.test", "Sue Cret")
        driver.whoami(session)
        echoed = driver.transport.send("GET", f"/v1/no-such-thing/{api_key}/{key}")
        evidence = driver.take_evidence()
    finally:
        driver.close()
    shown = "\n".join(e.reproduce() for e in evidence)
    for secret in (key, api_key, session.token):
        assert secret not in shown
    assert '"X-Api-Key: $X_API_KEY"' in shown and '"X-Tenant: $X_TENANT"' in shown
    assert "X-Test-Support-Key: $ACCOUNT_SERVICE_TOKEN" in shown
    assert REDACTED in echoed.evidence.url
    assert proxy.requests[-1].header("X-Api-Key") == api_key  # it was sent, only not shown
    meta = HttpAccountServiceDriver(DriverSettings(base_url=proxy.url,
                                                   headers={"X-Tenant": "1"}))
    try:
        meta.service_info()
        [shown_meta] = meta.take_evidence()
    finally:
        meta.close()
    assert "1.2.0" in shown_meta.response_excerpt  # a 1-character value masks nothing


def test_redaction_masks_a_secret_across_the_cut_and_reads_only_the_head() -> None:
    redactor = Redactor()
    secrets = [f"secret-{n:04d}-" + "x" * 30 for n in range(600)]
    redactor.register(*secrets)
    across = "a" * 290 + secrets[599] + "b" * 100  # the excerpt is cut at 300 characters
    assert secrets[599][:10] not in redactor.excerpt(across)
    assert redactor.excerpt(across).startswith("a" * 290 + REDACTED[:9])
    cut_field = '{"token": "' + "t" * 1000 + '"}'
    assert "ttt" not in redactor.excerpt(cut_field)
    big = "y" * (50 * MIB) + secrets[3]
    recorder = ExchangeRecorder(redactor)
    evidence = recorder.record("GET", "http://x/" + secrets[1], 200, None, big, 1.0)
    assert evidence.response_excerpt == "y" * 299 + "…" and secrets[1] not in evidence.url
    assert redactor.redact(" ".join(secrets[:3])) == " ".join([REDACTED] * 3)


def test_the_rate_limit_spaces_requests(proxy: HostileProxy) -> None:
    sender = transport_for(proxy.url, max_rps=20.0)
    for _ in range(4):
        sender.send("GET", "/v1/meta")
    stats = sender.stats()
    assert stats["requests"] == 4 and stats["throttle_wait_s"] > 0
    assert set(stats) == {"requests", "retries", "retry_wait_s", "throttle_wait_s",
                          "reconnects"}


def test_a_compressed_answer_within_the_cap_is_decoded(proxy: HostileProxy) -> None:
    proxy.set_mode("gzip_bomb", bomb_bytes=300_000)  # 300 kB of zeros: within the cap
    reply = transport_for(proxy.url).send("GET", "/v1/meta")
    assert reply.content == b"0" * 300_000


# -- review fixes: deadline on close-delimited answers, no POST resent, malformed HTTP, budget
def test_a_close_delimited_answer_dripping_is_cut_at_the_deadline(proxy: HostileProxy) -> None:
    sender = transport_for(proxy.url, read_timeout_s=600, deadline_s=1.0)
    size = len(sender.send("GET", "/v1/meta").content)
    assert size > 30
    # head at once with Connection: close and no Content-Length, then a byte every 0.1 s:
    # http.client detaches the socket from the connection; only the deadline can stop it
    proxy.set_mode("slow_drip_close", match="/v1/meta", drip_interval_s=0.1)
    with pytest.raises(ServiceTimeout, match="deadline") as caught:
        sender.send("GET", "/v1/meta")
    assert_error(caught.value)
    assert proxy.dripped < size  # cut mid-body, not read to its end and then judged late


def test_a_post_is_never_sent_twice_when_its_reused_connection_drops(
        proxy: HostileProxy) -> None:
    proxy.set_mode("drop_after_forward", match="POST /v1/organizations")
    sender = transport_for(proxy.url)
    first = sender.send("POST", "/v1/organizations", json={"name": "Once"})
    assert first.status < 500  # answered on a fresh connection, which stays open
    with pytest.raises(SuiteError) as caught:  # the second one reached the service
        sender.send("POST", "/v1/organizations", json={"name": "Twice"})
    assert_error(caught.value)
    posted = [json.loads(r.body)["name"] for r in proxy.requests if r.method == "POST"]
    assert posted == ["Once", "Twice"]  # not sent again: it may have been applied
    assert sender.stats()["reconnects"] == 0


def test_a_get_is_sent_again_when_its_reused_connection_drops(proxy: HostileProxy) -> None:
    proxy.set_mode("drop_after_forward", match="GET /v1/meta")
    sender = transport_for(proxy.url)
    assert sender.send("GET", "/v1/meta").status == 200
    assert sender.send("GET", "/v1/meta").status == 200  # idempotent: retried once
    assert sender.stats()["reconnects"] == 1
    assert len([r for r in proxy.requests if r.path == "/v1/meta"]) == 3


@pytest.mark.parametrize(("mode", "cause"), [
    ("bad_status_line", "BadStatusLine"), ("too_many_headers", "more than 100 headers"),
    ("long_header_line", "LineTooLong")])
def test_an_answer_that_is_not_http_is_a_transport_error(proxy: HostileProxy, mode: str,
                                                         cause: str) -> None:
    proxy.set_mode(mode)
    with pytest.raises(TransportError, match="malformed HTTP answer") as caught:
        transport_for(proxy.url).send("GET", "/v1/meta")
    assert_error(caught.value)
    assert not isinstance(caught.value, ServiceUnreachable) and cause in str(caught.value)


def test_an_overload_that_lasts_is_not_waited_for_again(proxy: HostileProxy) -> None:
    proxy.set_mode("status_429", retry_after="1")
    sender = transport_for(proxy.url, retry_limit=1)
    with pytest.raises(ServiceOverloaded, match="1 retries"):
        sender.send("GET", "/v1/meta")
    waited = sender.stats()["retry_wait_s"]
    assert waited > 0
    for in_a_row in (1, 2):  # retry_limit requests in a row overloaded: no more waiting
        with pytest.raises(ServiceOverloaded, match=f"overloaded for {in_a_row} requests in "
                           "a row; not waiting again"):
            sender.send("GET", "/v1/meta")
    assert sender.stats()["retry_wait_s"] == waited and sender.stats()["retries"] == 1
    proxy.set_mode("pass")
    assert sender.send("GET", "/v1/meta").status == 200  # answered: the budget is back
    proxy.set_mode("status_429", retry_after="0")
    with pytest.raises(ServiceOverloaded, match="1 retries"):
        sender.send("GET", "/v1/meta")
    assert sender.stats()["retries"] == 2
