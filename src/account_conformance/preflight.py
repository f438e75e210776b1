"""Preflight: before a run, check that the target can be tested at all.

Checks, in order: the service answers, it speaks this contract's major version, and every
test-support operation the selected scenarios need is offered. Each is probed through the
driver (so a vendor's own driver is checked the same way) with data under the run prefix,
which is removed again at the end. Any miss means the suite cannot reach a verdict: the
run stops with exit code 2 and a checklist that names the URL and the missing operation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .contract import contract_version
from .driver import AccountServiceDriver, SuiteError, TestSupportMissing

ALWAYS = ("ts_start_session", "ts_set_individual_plan", "ts_remove_run")
ENTERPRISE = ("ts_publish_txt", "ts_issue_assertion", "ts_register_public_email_domain")
ENTERPRISE_STATEMENTS = frozenset(f"S{n}" for n in range(13, 20))
OPERATION_LABELS = {
    "ts_start_session": "start a session for an email",
    "ts_set_individual_plan": "set an individual plan without billing",
    "ts_publish_txt": "publish TXT records to the service's resolver",
    "ts_issue_assertion": "issue a stub identity-provider assertion",
    "ts_register_public_email_domain": "register a public email domain",
    "ts_remove_run": "remove everything under a run prefix",
}


@dataclass(frozen=True)
class Check:
    """One line of the checklist."""

    name: str
    ok: bool
    detail: str = ""


def required_operations(statement_ids: Iterable[str]) -> tuple[str, ...]:
    """The test-support operations the given statements' scenarios use."""
    needed = list(ALWAYS)
    if ENTERPRISE_STATEMENTS & set(statement_ids):
        needed[2:2] = ENTERPRISE
    return tuple(needed)


def _probe(name: str, action: Callable[[], object]) -> Check:
    try:
        action()
    except TestSupportMissing as exc:
        return Check(name, False, f"missing: {exc}")
    except SuiteError as exc:
        return Check(name, False, f"{exc.kind}: {exc}")
    except AssertionError as exc:  # refused, or an answer outside the contract
        return Check(name, False, f"answered, but not as the contract says: "
                                  f"{str(exc).splitlines()[0]}")
    return Check(name, True)


def run_preflight(driver: AccountServiceDriver, run_prefix: str,
                  operations: Iterable[str]) -> list[Check]:
    """Probe the service; stop at the first check that makes the rest meaningless."""
    checks: list[Check] = []
    info: list = []
    reach = _probe("service answers", lambda: info.append(driver.service_info()))
    checks.append(reach)
    if not reach.ok:
        return checks
    version = info[0].contract_version
    ours = contract_version()
    same_major = version.split(".")[0] == ours.split(".")[0]
    checks.append(Check(f"contract version {ours} (service: {version})",
                        same_major, "" if same_major else "major version differs"))
    if not same_major:
        return checks
    email = f"preflight@{run_prefix}.example.test"
    session: list = []

    def start() -> None:
        session.append(driver.start_session(email, "Pre Flight"))

    def set_plan() -> None:
        if not session:
            raise TestSupportMissing("needs a session first")
        driver.sign_up_individual(session[0])
        driver.set_individual_plan(email, "free")

    probes: dict[str, Callable[[], object]] = {
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
        checks.append(_probe(label, probes[operation]))
    return checks


def passed(checks: list[Check]) -> bool:
    """Whether every check passed."""
    return bool(checks) and all(check.ok for check in checks)


def render_checklist(checks: list[Check], base_url: str) -> str:
    """The checklist as printed before a run and by ``account-conformance preflight``."""
    lines = [f"preflight for {base_url}:"]
    for check in checks:
        mark = "ok  " if check.ok else "MISS"
        lines.append(f"  [{mark}] {check.name}" + (f" — {check.detail}" if check.detail else ""))
    if not passed(checks):
        missing = [c.name for c in checks if not c.ok]
        lines.append(f"preflight failed for {base_url}: {'; '.join(missing)}")
    return "\n".join(lines)
