"""schemathesis against the running reference service: no 5xx, only declared statuses, bodies
that fit the contract, for schema-conforming (positive) and schema-breaking (negative) data.

The contract (``contract/openapi.yaml``) is loaded with schemathesis's Python API; each of its
operations becomes one parametrized test, fed by the examples, coverage and fuzzing phases in
both generation modes. The reference runs as its own process (``EmbeddedReference``). Every
case is sent with the bearer token of a session started through test-support (an identity
with an individual Pro account and an Enterprise organization account, the organization
current, with a verified domain), so the authenticated operations get past ``401``. Checks:
``not_a_server_error``, ``status_code_conformance``, ``response_schema_conformance``.

Bounded: ``MAX_EXAMPLES`` fuzzed cases per operation, a per-case deadline and a per-request
timeout (no assertion on the wall time: that depends on the machine). A progress line is
printed every ``PROGRESS_EVERY`` cases; the figures (operations, cases per operation and
mode, wall time, failures) are written as JSON under pytest's temporary directory and
printed as one line (also without ``-s``).

Tiers: the fuzzing is ``slow``; the quick test checks that the fuzzing's session reaches
every operation (a real value for every path parameter).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import hypothesis
import pytest
import requests
import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from account_conformance.embedded import EmbeddedReference
from conftest import say, slow_tests_selected

ROOT = Path(__file__).resolve().parents[1]
MAX_EXAMPLES = 60
DEADLINE_MS = 3000
REQUEST_TIMEOUT_S = 10
PROGRESS_EVERY = 200
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
PREFIX = "schemathesis-run"

schema = schemathesis.openapi.from_path(ROOT / "contract" / "openapi.yaml")
schema.config.update(request_timeout=REQUEST_TIMEOUT_S)
schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                                max_examples=MAX_EXAMPLES, deterministic=True,
                                database="none")
schema.config.checks.update(included_check_names=[check.__name__ for check in CHECKS])


@dataclass
class Figures:
    """What the run did, for the summary line and the JSON record."""

    started: float = field(default_factory=time.perf_counter)
    cases: Counter[str] = field(default_factory=Counter)
    modes: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Target:
    """The running reference, the session every case is sent with, and real path values."""

    base_url: str
    headers: dict[str, str]
    http: requests.Session
    figures: Figures
    real: dict[str, str]
    config: pytest.Config
    seen: Counter[str] = field(default_factory=Counter)

    def count(self, case: schemathesis.Case) -> None:
        """Count the case in the figures; print a progress line every PROGRESS_EVERY cases."""
        figures = self.figures
        figures.cases[case.operation.label] += 1
        figures.modes[str(case.meta.generation.mode) if case.meta else "unknown"] += 1
        total = sum(figures.cases.values())
        if total % PROGRESS_EVERY == 0:
            say(self.config, f"[schemathesis] {total} cases, {len(figures.cases)} operations "
                             f"so far, {len(figures.failures)} failures")

    def aim(self, case: schemathesis.Case) -> None:
        """On every other case whose path is schema-conforming, use the ids of real objects.

        Generated ids almost never exist (404); real ones carry the case's body and query
        past the lookups, into the code that changes things.
        """
        if not case.path_parameters or case.meta is None:
            return
        path_mode = next((info.mode for location, info in case.meta.components.items()
                          if getattr(location, "value", location) == "path"), None)
        self.seen[case.operation.label] += 1
        if path_mode != GenerationMode.POSITIVE or self.seen[case.operation.label] % 2:
            return
        for name in case.path_parameters:
            key = real_key(name, case.path)
            if key in self.real:
                case.path_parameters[name] = self.real[key]


def real_key(name: str, path: str) -> str:
    """The key of ``Target.real`` that holds a real value for path parameter ``name``."""
    if name == "id":
        return f"id:{'project' if '/projects/' in path else 'conversation'}"
    return name


def _rich_session(base_url: str, http: requests.Session) -> tuple[str, dict[str, str]]:
    """A token of an identity with individual and Enterprise accounts, a verified domain,
    items and a pending invitation; and the ids of those objects by path parameter."""
    def call(method: str, path: str, token: str | None = None, **body: object) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        reply = http.request(method, base_url + path, json=body, headers=headers, timeout=10)
        assert reply.status_code < 300, f"{method} {path}: {reply.status_code} {reply.text}"
        return reply.json()

    domain = f"fuzz.{PREFIX}.example.test"
    token = call("POST", "/test-support/sessions", email=f"fuzz@{domain}",
                 name="Fuzz Tester")["token"]
    call("POST", "/v1/me/individual-account", token)
    call("PUT", "/test-support/individual-plan", email=f"fuzz@{domain}", plan="pro")
    created = call("POST", "/v1/organizations", token, name=f"{PREFIX} Fuzz AG",
                   plan="enterprise")
    org_id = created["organization"]["id"]
    call("PUT", "/v1/me/current-account", token, account_id=created["account"]["id"])
    proof = call("POST", f"/v1/organizations/{org_id}/domains", token, domain=domain)
    call("PUT", f"/test-support/dns/txt/{proof['verification']['record_name']}",
         values=[proof["verification"]["record_value"]])
    call("POST", f"/v1/organizations/{org_id}/domains/{domain}/verify", token)
    call("POST", f"/v1/organizations/{org_id}/invitations", token,
         email=f"invitee@{domain}", role="member")
    other = call("POST", "/test-support/sessions", email=f"other@{domain}", name="Other")
    team = call("POST", "/v1/organizations", other["token"], name=f"{PREFIX} Team GmbH",
                plan="team")["organization"]["id"]
    invitation = call("POST", f"/v1/organizations/{team}/invitations", other["token"],
                      email=f"fuzz@{domain}", role="admin")
    real = {"org_id": org_id, "domain": domain, "account_id": created["account"]["id"],
            "invitation_id": invitation["id"],
            "id:conversation": call("POST", "/v1/conversations", token, title="Fuzz")["id"],
            "id:project": call("POST", "/v1/projects", token, name="Fuzz")["id"]}
    return token, real


@pytest.fixture(scope="module")
def target(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    """Start the reference, make the session, and report the figures at the end."""
    figures = Figures()
    with EmbeddedReference() as service, requests.Session() as http:
        token, real = _rich_session(service.base_url, http)
        yield Target(service.base_url, {"Authorization": f"Bearer {token}"}, http, figures,
                     real, request.config)
    wall_s = round(time.perf_counter() - figures.started, 1)
    operations = len([op for op in schema.get_all_operations()])
    summary = {"operations": operations, "cases": sum(figures.cases.values()),
               "wall_s": wall_s, "failures": len(figures.failures),
               "modes": dict(figures.modes), "statuses": dict(sorted(figures.statuses.items())),
               "cases_per_operation": dict(sorted(figures.cases.items())),
               "failure_details": figures.failures[:50], "max_examples": MAX_EXAMPLES}
    path = tmp_path_factory.mktemp("schemathesis") / "schemathesis.json"
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    say(request, f"schemathesis: {operations} operations, {summary['cases']} cases "
                  f"({', '.join(f'{k} {v}' for k, v in sorted(figures.modes.items()))}), "
                  f"{summary['failures']} failures, wall {wall_s} s; written to {path}")


def test_the_fuzzing_session_has_a_real_value_for_every_path_parameter(
        reference_url: str) -> None:
    """Without real ids every aimed case would stop at a 404 lookup; test-support is left out."""
    with requests.Session() as http:
        token, real = _rich_session(reference_url, http)
        me = http.get(reference_url + "/v1/me", headers={"Authorization": f"Bearer {token}"},
                      timeout=REQUEST_TIMEOUT_S)
    assert me.status_code == 200, me.text
    operations = [result.ok() for result in schema.get_all_operations()]
    missing = {f"{op.label} {{{param.name}}}" for op in operations
               if not op.path.startswith("/test-support/")
               for param in op.path_parameters if real_key(param.name, op.path) not in real}
    assert not missing, f"no real value for: {sorted(missing)}"
    assert any(op.path_parameters for op in operations)


# Collecting the parametrized test builds every operation's coverage cases (~8 s); under
# ``-m "not slow"`` it would only be deselected, so it is not defined at all.
if slow_tests_selected():

    @pytest.mark.slow
    @schema.parametrize()
    @hypothesis.settings(deadline=DEADLINE_MS,
                         suppress_health_check=list(hypothesis.HealthCheck))
    def test_contract_holds_under_generated_input(case: schemathesis.Case, target: Target) -> None:
        """Every generated request gets a declared status and a body that fits the contract."""
        figures = target.figures
        target.aim(case)
        target.count(case)
        try:
            response = case.call_and_validate(base_url=target.base_url, headers=target.headers,
                                              session=target.http, checks=CHECKS)
            figures.statuses[str(response.status_code)] += 1
        except Exception as exc:
            figures.failures.append({"operation": case.operation.label,
                                     "error": str(exc).splitlines()[0][:300] if str(exc) else
                                     type(exc).__name__})
            raise
