"""Curl lines in the evidence name each secret by what it is, never by its value (issue 14).

Every distinct session token is its own shell variable, named after the person whose session
it is (``$SESSION_TOKEN_ALIDA_FLIEGNER_1A721``) or numbered when the driver knows no one
(``$SESSION_TOKEN_1``), a token inside a request body included; each configured header is
``-H "Name: $NAME"``; a legend line (``# $VARIABLE: meaning``) says what to export. The
first line of a refusal or a violation that fails a step says what was expected and what the
service answered.

Everything runs against the real reference: the driver directly, and the real CLI with a
fault for a failing two-person scenario, behind a forwarding proxy that keeps every token the
suite sent so that the test can look for each of them in everything the run wrote.
``ACR_TEST_TREE`` runs the CLI of another checkout (e.g. the commit before this change, to
see these tests fail there).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_proxy import HostileProxy

from account_conformance.driver import (
    ContractViolation,
    DriverSettings,
    HttpAccountServiceDriver,
    ServiceRefusal,
)
from account_conformance.driver import evidence as evidence_module
from account_conformance.driver.errors import Evidence
from account_conformance.embedded import EmbeddedReference
from conftest import REPO

TREE = Path(os.environ.get("ACR_TEST_TREE") or REPO)
PREFIX = "ev-curl-0001"
API_KEY = "api-key-value-never-shown-0123456789"
TWO_PEOPLE = ("An individual Pro account cannot be merged into the Team account under a second "
              "email address -- @1.5")
VARIABLE = r"\$[A-Z][A-Z0-9_]*"


@pytest.fixture()
def driver(reference_url: str) -> Iterator[HttpAccountServiceDriver]:
    made = HttpAccountServiceDriver(DriverSettings(base_url=reference_url,
                                                   headers={"X-Api-Key": API_KEY}))
    yield made
    made.remove_run_data(PREFIX)
    made.close()


def _email(name: str) -> str:
    return f"{name}.{PREFIX}@{PREFIX}.example.test"


def test_each_session_is_its_own_variable_named_after_its_person(
        driver: HttpAccountServiceDriver) -> None:
    alida = driver.start_session(_email("alida.fliegner"), "Alida Fliegner")
    bruno = driver.start_session(_email("bruno.kraus"), "Bruno Kraus")
    driver.take_evidence()
    driver.whoami(alida)
    driver.whoami(bruno)
    driver.probe_operation("get_me", "made-up-token-0000000001")
    driver.probe_operation("get_me", "made-up-token-0000000002")
    exchanges = driver.take_evidence()
    curls = [e.curl for e in exchanges]
    alida_var = "$SESSION_TOKEN_ALIDA_FLIEGNER_EV_CURL_0001"
    bruno_var = "$SESSION_TOKEN_BRUNO_KRAUS_EV_CURL_0001"
    assert f'-H "Authorization: Bearer {alida_var}"' in curls[0], curls[0]
    assert f'-H "Authorization: Bearer {bruno_var}"' in curls[1], curls[1]
    assert '-H "Authorization: Bearer $SESSION_TOKEN_1"' in curls[2], curls[2]
    assert '-H "Authorization: Bearer $SESSION_TOKEN_2"' in curls[3], curls[3]
    assert all('-H "X-Api-Key: $X_API_KEY"' in curl for curl in curls), curls
    legend = evidence_module.curl_legend(exchanges)
    assert legend == [
        f"# {alida_var}: the session of {_email('alida.fliegner')}",
        "# $X_API_KEY: the value of the configured header X-Api-Key "
        "(ACCOUNT_SERVICE_HEADERS, headers)",
        f"# {bruno_var}: the session of {_email('bruno.kraus')}",
        "# $SESSION_TOKEN_1: the first token in this scenario that is no session the suite "
        "started",
        "# $SESSION_TOKEN_2: the second token in this scenario that is no session the suite "
        "started"], legend
    shown = "\n".join(e.reproduce() for e in exchanges)
    assert exchanges[0].reproduce().endswith(
        f"\n    # {alida_var}: the session of {_email('alida.fliegner')}"
        "\n    # $X_API_KEY: the value of the configured header X-Api-Key "
        "(ACCOUNT_SERVICE_HEADERS, headers)")
    for secret in (alida.token, bruno.token, API_KEY, "made-up-token-000000000"):
        assert secret not in shown
    # a second session of the same person is another variable; the next scenario numbers anew
    again = driver.start_session(_email("alida.fliegner"), "Alida Fliegner")
    driver.whoami(again)
    driver.probe_operation("get_me", "made-up-token-0000000003")
    [_, second, unnamed] = driver.take_evidence()
    assert f"Bearer {alida_var}\"" in second.curl and second.legend[0] == (
        f"# {alida_var}: the session of {_email('alida.fliegner')}"), second.legend
    assert "Bearer $SESSION_TOKEN_1\"" in unnamed.curl


def test_a_token_in_a_request_body_is_its_persons_variable_and_the_curl_line_runs(
        driver: HttpAccountServiceDriver) -> None:
    """The sign-in link's request carries the token in its body: the curl line splices the
    variable into the JSON, and run with the variables exported it is answered as the
    suite's request was."""
    carla = driver.start_session(_email("carla.ruiz"), "Carla Ruiz")
    driver.take_evidence()
    driver.sign_in_link(carla)
    driver.whoami(carla)
    link, me = driver.take_evidence()
    variable = "SESSION_TOKEN_CARLA_RUIZ_EV_CURL_0001"
    assert f"""'{{"token":"'"${variable}"'"}}'""" in link.curl, link.curl
    assert '"token":"[REDACTED]"' in link.request_body and carla.token not in link.curl
    environment = {**os.environ, variable: carla.token, "X_API_KEY": API_KEY}
    for exchange, status in ((link, 201), (me, 200)):
        command = exchange.curl.replace("curl -sS", "curl -sS -o /dev/null -w '%{http_code}'")
        ran = subprocess.run(["bash", "-c", command], env=environment, capture_output=True,
                             text=True, timeout=30)
        assert ran.stdout == str(status), (command, ran.stdout, ran.stderr)


def test_a_refusal_says_what_was_expected_and_what_the_service_answered(
        driver: HttpAccountServiceDriver) -> None:
    dora = driver.start_session(_email("dora.blum"), "Dora Blum")
    with pytest.raises(ServiceRefusal) as refused:
        driver.get_account(dora, "acc_no_such_account")
    first, *rest = str(refused.value).splitlines()
    assert re.fullmatch(
        r"the service's answer to GET /v1/accounts/\{account_id\}: expected acceptance; "
        r"actual a refusal with the code not_found \(404\) \u201c[^\u201d]+\u201d", first), first
    assert "acc_no_such_account" not in first and "acc_no_such_account" in rest[0]
    assert (refused.value.code, refused.value.status) == ("not_found", 404)
    assert refused.value.operation == "GET /v1/accounts/{account_id}"


def test_a_violation_says_the_contract_allows_no_such_answer(reference_url: str) -> None:
    with HostileProxy(reference_url, mode="status_500_then_close", match="GET /v1/meta",
                      times=1) as proxy:
        driver = HttpAccountServiceDriver(DriverSettings(base_url=proxy.url))
        try:
            with pytest.raises(ContractViolation) as status:
                driver.service_info()
            proxy.set_mode("invalid_json", match="GET /v1/meta", times=1)
            with pytest.raises(ContractViolation) as not_json:
                driver.service_info()
            proxy.set_mode("rewrite_json", match="GET /v1/meta", times=1,
                           rewrite=lambda body: {**body, "service": 5})
            with pytest.raises(ContractViolation) as schema:
                driver.service_info()
        finally:
            driver.close()
    allows = "the service's answer to GET /v1/meta: expected an answer the contract allows; "
    assert str(status.value).splitlines()[0] == (
        allows + "actual an unexpected status 500 (the operation answers 200 here)")
    assert str(not_json.value).startswith(allows + "actual the answer is not strict JSON: ")
    assert isinstance(not_json.value, ValueError)  # still an InvalidJson
    assert str(schema.value).splitlines()[0].startswith(
        allows + "actual a 200 answer that does not fit the contract's schema: service: 5 "), (
        str(schema.value))


def test_the_evidence_of_a_failing_two_person_scenario_names_each_person_and_no_secret(
        tmp_path: Path) -> None:
    """Through the real CLI: ``--fault merge-accepted``, a configured header, one scenario
    with three sessions (Alex under two emails, the organization's owner)."""
    sent_tokens: set[str] = set()
    with EmbeddedReference(faults=["merge-accepted"]) as service, \
            HostileProxy(service.base_url) as proxy:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "ACCOUNT_SERVICE_HEADERS":
               f"X-Api-Key: {API_KEY}",
               "PYTHONPATH": os.pathsep.join([str(TREE / "src"), str(TREE)])}
        done = subprocess.run(
            [sys.executable, "-m", "account_conformance.cli", "run", "--base-url", proxy.url,
             "--workers", "1", "--seed", "7", "--name", TWO_PEOPLE, "--report-dir", "out"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        for request in proxy.requests:
            scheme, _, token = (request.header("Authorization") or "").partition(" ")
            sent_tokens |= {token} if token else set()
            body = request.body.decode("utf-8", "replace")
            sent_tokens |= set(re.findall(r'"(?:target_)?token"\s*:\s*"([^"]+)"', body))
            assert request.header("X-Api-Key") == API_KEY
    assert done.returncode == 1, done.stderr[-3000:]
    assert len(sent_tokens) >= 3, sent_tokens
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    [failed] = [s for s in results["scenarios"] if s["status"] == "failed"]
    why = ("the service's answer to POST /v1/accounts/{account_id}/merge: expected an answer "
           "the contract allows; actual the status 200, which the operation does not declare "
           "(it declares 400, 401, 404, 422)")
    assert failed["message"].splitlines()[0].removeprefix("ASSERT FAILED: ") == why
    assert f"\n  why      {why}\n" in done.stderr, done.stderr[-3000:]
    evidence = (tmp_path / "out" / failed["evidence_file"]).read_text(encoding="utf-8")
    people = dict(re.findall(r"# \$(SESSION_TOKEN_[A-Z0-9_]+): the session of (\S+@\S+)",
                             evidence))
    assert len(people) >= 3 and len(set(people.values())) >= 3, people
    for variable, email in people.items():  # named after the person's email
        assert variable == "SESSION_TOKEN_" + re.sub(r"[^A-Z0-9]+", "_",
                                                     email.split("@")[0].upper())
    curls = [line for line in evidence.splitlines() if "curl -sS" in line]
    assert curls and all('-H "X-Api-Key: $X_API_KEY"' in line for line in curls)
    assert "# $X_API_KEY: the value of the configured header X-Api-Key" in evidence
    merge = next(line for line in curls if "/merge" in line)
    bearer = re.search(rf'"Authorization: Bearer ({VARIABLE})"', merge)
    target = re.search(rf""""target_token":"'"({VARIABLE})"'\"""", merge)
    assert bearer and target and bearer[1] != target[1], merge
    assert {bearer[1][1:], target[1][1:]} <= set(people), (merge, people)
    assert "$SESSION_TOKEN " not in evidence and '$SESSION_TOKEN"' not in evidence
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            for secret in (API_KEY, *sent_tokens):
                assert secret.encode() not in content, (path, "holds a secret")


def test_a_violation_worded_already_is_its_own_first_line_and_others_name_the_request(
) -> None:
    """A check that words its own verdict (the bystander's) is not wrapped again; without an
    operation the method and path of the exchange are named."""
    worded = ContractViolation("the answer to GET /v1/me: expected none of another tenant's "
                               "emails; actual the bystander's email", None)
    assert str(worded) == worded.violation and worded.about("GET /v1/me") is worded
    exchange = Evidence("POST", "http://h:1/v1/accounts/acc_1/merge?x=1", 200, "", "", 1.0)
    plain = ContractViolation("a body too large", exchange)
    assert str(plain).splitlines()[0] == (
        "the service's answer to POST /v1/accounts/acc_1/merge: expected an answer the "
        "contract allows; actual a body too large")
    named = plain.about("POST /v1/accounts/{account_id}/merge")
    assert str(named).startswith("the service's answer to POST /v1/accounts/{account_id}/merge:")
    refusal = ServiceRefusal("not_found", 404, "", {}, None)
    assert str(refusal) == ("the service's answer: expected acceptance; actual a refusal with "
                            "the code not_found (404)")
