"""Preflight: before a run, check that the target can be tested at all.

Checks, in order: the service answers, it speaks this contract's major version, and every
test-support operation the selected scenarios need is offered. Each is probed through the
driver (so a vendor's own driver is checked the same way) with data under the run prefix,
which is removed again at the end.

Two kinds of bad answer are kept apart:

* **missing** — the service is unreachable, speaks another major version, says
  ``test_support: false`` in ``/v1/meta``, or does not offer an operation (the driver's
  ``TestSupportMissing``: 404/405/501 where no refusal is possible). The suite cannot reach
  a verdict: the run stops with exit code 2 and a checklist naming the URL and the operation.
* **failing** — the operation is offered but answers wrongly (a 5xx, a wrong shape, a
  refusal the contract does not allow there: ``ContractViolation``/``ServiceRefusal``). The
  test-support part is part of the contract, and a service whose product code breaks it
  (a shared store function, say) is a service failing, not one that cannot be tested: the
  checklist marks it ``FAIL``, the run goes on, and the scenarios that use the operation
  fail (exit 1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .contract import contract_version
from .driver import AccountServiceDriver, BrowserSignIn, SuiteError, TestSupportMissing

ALWAYS = ("ts_start_session", "ts_set_individual_plan", "ts_remove_run")
ENTERPRISE = ("ts_publish_txt", "ts_issue_assertion", "ts_register_public_email_domain")
NEEDS_A_SESSION = ("ts_set_individual_plan", "ts_create_sign_in_link")
ENTERPRISE_STATEMENTS = frozenset(f"S{n}" for n in range(13, 20))
OPERATION_LABELS = {
    "ts_start_session": "start a session for an email",
    "ts_set_individual_plan": "set an individual plan without billing",
    "ts_publish_txt": "publish TXT records to the service's resolver",
    "ts_issue_assertion": "issue a stub identity-provider assertion",
    "ts_register_public_email_domain": "register a public email domain",
    "ts_remove_run": "remove everything under a run prefix",
    "ts_create_sign_in_link": "sign a browser in as a session (the screen scenarios)",
}


@dataclass(frozen=True)
class Check:
    """One line of the checklist; ``failing``: offered, but answered wrongly (not blocking)."""

    name: str
    ok: bool
    detail: str = ""
    failing: bool = False

    @property
    def blocking(self) -> bool:
        """Whether this check stops the run (no verdict is possible)."""
        return not self.ok and not self.failing


def required_operations(statement_ids: Iterable[str],
                        sign_in_link: bool = False) -> tuple[str, ...]:
    """The test-support operations the given statements' scenarios use (``sign_in_link``:
    screen scenarios run, and the locator file signs the browser in with the link)."""
    needed = list(ALWAYS)
    if ENTERPRISE_STATEMENTS & set(statement_ids):
        needed[2:2] = ENTERPRISE
    if sign_in_link:
        needed.insert(2, "ts_create_sign_in_link")
    return tuple(needed)


def _probe(name: str, action: Callable[[], object]) -> Check:
    try:
        action()
    except TestSupportMissing as exc:
        return Check(name, False, f"missing: {exc}")
    except SuiteError as exc:
        return Check(name, False, f"{exc.kind}: {exc}")
    except AssertionError as exc:  # refused, or an answer outside the contract
        return Check(name, False, f"offered, but the service failed: "
                                  f"{str(exc).splitlines()[0]}", failing=True)
    return Check(name, True)


def run_preflight(driver: AccountServiceDriver, run_prefix: str,
                  operations: Iterable[str]) -> list[Check]:
    """Probe the service; stop at the first check that makes the rest meaningless."""
    checks: list[Check] = []
    info: list = []
    reach = _probe("service answers", lambda: info.append(driver.service_info()))
    if not reach.ok:  # without /v1/meta there is no version to compare: no verdict
        checks.append(Check(reach.name, False, reach.detail.replace(
            "offered, but the service failed", "answered, but not as the contract says")))
        return checks
    checks.append(reach)
    version = info[0].contract_version
    ours = contract_version()
    same_major = version.split(".")[0] == ours.split(".")[0]
    checks.append(Check(f"contract version {ours} (service: {version})",
                        same_major, "" if same_major else "major version differs"))
    if not same_major:
        return checks
    if not info[0].test_support:
        checks += [Check(f"test-support: {OPERATION_LABELS[operation]} ({operation})", False,
                         "missing: the service says test_support: false in /v1/meta")
                   for operation in operations]
        return checks
    email = f"preflight@{run_prefix}.example.test"
    session: list = []

    def start() -> None:
        session.append(driver.start_session(email, "Pre Flight"))

    def set_plan() -> None:
        if not session:  # starting one failed or is missing: that check tells which
            raise AssertionError("not probed: it needs a session, and none could be started")
        driver.sign_up_individual(session[0])
        driver.set_individual_plan(email, "free")

    def sign_in_link() -> None:
        if not session:
            raise AssertionError("not probed: it needs a session, and none could be started")
        if not isinstance(driver, BrowserSignIn):
            raise TestSupportMissing("the driver has no sign_in_link (BrowserSignIn)")
        driver.sign_in_link(session[0])

    probes: dict[str, Callable[[], object]] = {
        "ts_create_sign_in_link": sign_in_link,
        "ts_start_session": start,
        "ts_set_individual_plan": set_plan,
        "ts_publish_txt": lambda: driver.publish_txt(
            f"_preflight.{run_prefix}.example.test", ["preflight"]),
        "ts_issue_assertion": lambda: driver.issue_assertion("preflight", email),
        "ts_register_public_email_domain": lambda: driver.register_public_email_domain(
            f"preflight-mail.{run_prefix}.example.test"),
        "ts_remove_run": lambda: driver.remove_run_data(run_prefix),
    }
    for operation in operations:
        label = f"test-support: {OPERATION_LABELS[operation]} ({operation})"
        check = _probe(label, probes[operation])
        if operation in NEEDS_A_SESSION and not session:  # as starting one went
            began = next((c for c in checks if "(ts_start_session)" in c.name), None)
            check = Check(label, False, "not probed: needs a session, and none was started",
                          failing=began.failing if began else False)
        checks.append(check)
    return checks


def passed(checks: list[Check]) -> bool:
    """Whether the run can go on: no check is blocking (failing ones are the service's)."""
    return bool(checks) and not any(check.blocking for check in checks)


def service_failing(checks: list[Check]) -> list[Check]:
    """The checks whose operation is offered but answered wrongly."""
    return [check for check in checks if check.failing]


def render_checklist(checks: list[Check], base_url: str) -> str:
    """The checklist as printed before a run and by ``account-conformance preflight``."""
    lines = [f"preflight for {base_url}:"]
    for check in checks:
        mark = "ok  " if check.ok else "FAIL" if check.failing else "MISS"
        lines.append(f"  [{mark}] {check.name}" + (f" — {check.detail}" if check.detail else ""))
    if not passed(checks):
        missing = [c.name for c in checks if c.blocking]
        lines.append(f"preflight failed for {base_url}: {'; '.join(missing)}")
    elif service_failing(checks):
        lines.append(f"the service at {base_url} fails test-support operations it offers: "
                     "the run goes on, and the scenarios that use them fail")
    return "\n".join(lines)
