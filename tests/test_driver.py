"""The HTTP driver against the real reference service: results, refusals, suite errors."""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys

import pytest

from account_conformance.driver import (
    ContractViolation,
    DriverSettings,
    HttpAccountServiceDriver,
    ServiceRefusal,
    ServiceTimeout,
    ServiceUnreachable,
    TestSupportMissing,
)

PREFIX = f"drv-{secrets.token_hex(4)}"
_counter = iter(range(1, 10_000))


def email(domain: str | None = None) -> str:
    return f"p{next(_counter)}@{domain or PREFIX + '.example.test'}"


@pytest.fixture()
def driver(reference_url: str):
    driver = HttpAccountServiceDriver(DriverSettings(base_url=reference_url))
    yield driver
    driver.remove_run_data(PREFIX)
    driver.close()


def refusal(action) -> ServiceRefusal:
    with pytest.raises(ServiceRefusal) as caught:
        action()
    return caught.value


def person_with_both(driver, org_plan: str = "enterprise"):
    owner = driver.start_session(email(), "Olga Owner")
    org, _ = driver.create_organization(owner, f"{PREFIX} Org", org_plan)
    person = driver.start_session(email(), "Pia Person")
    individual = driver.sign_up_individual(person)
    invitation = driver.invite(owner, org.id, person.email, "member")
    membership = driver.accept_invitation(person, invitation.id)
    return owner, org, person, individual, membership


def test_meta_and_sessions(driver) -> None:
    info = driver.service_info()
    assert info.contract_version == "1.2.0" and info.test_support
    session = driver.start_session(email(), "Ada Lovelace")
    me = driver.whoami(session)
    assert (me.identity.name, me.identity.initials, me.current_account_id) == (
        "Ada Lovelace", "AL", None)
    assert driver.list_accounts(session) == []


def test_accounts_switching_and_items(driver) -> None:
    _, org, person, individual, membership = person_with_both(driver)
    assert individual.id != membership.id and membership.organization_id == org.id
    assert [a.current for a in driver.list_accounts(person)].count(True) == 1
    made = driver.create_item(person, "conversation", "hello")
    assert made.account_id == individual.id
    accounts = driver.switch_account(person, membership.id)
    assert [a.id for a in accounts if a.current] == [membership.id]
    assert driver.list_items(person, "conversation") == []
    assert refusal(lambda: driver.get_item(person, "conversation", made.id)).code == "not_found"
    project = driver.create_item(person, "project", "plan")
    assert driver.get_item(person, "project", project.id).label == "plan"
    driver.delete_item(person, "project", project.id)
    assert driver.list_items(person, "project") == []


def test_migration_and_merge_are_refused_with_their_codes(driver) -> None:
    _, org, person, individual, membership = person_with_both(driver)
    migration = refusal(lambda: driver.request_migration(person, individual.id, org.id))
    assert (migration.code, migration.status) == ("account_migration_unsupported", 422)
    merge = refusal(lambda: driver.request_merge(person, individual.id, membership.id))
    assert merge.code == "account_merge_unsupported"
    assert merge.problem["account_kinds"] == ["individual", "organization"]
    other = driver.start_session(email(), "Other Person")
    foreign = driver.sign_up_individual(other)
    assert refusal(lambda: driver.request_merge(person, individual.id, foreign.id)
                   ).code == "not_found"
    assert refusal(lambda: driver.request_merge(person, membership.id, foreign.id,
                                                target_session=other)
                   ).code == "account_merge_unsupported"


def test_plan_cancel_and_delete(driver) -> None:
    _, _, person, individual, membership = person_with_both(driver)
    assert driver.set_individual_plan(person.email, "max").subscription == "active"
    assert refusal(lambda: driver.delete_individual_account(person)).code == (
        "subscription_active")
    assert driver.cancel_individual_subscription(person).subscription == "cancelled"
    driver.delete_individual_account(person)
    assert refusal(lambda: driver.list_accounts(person)).code == "unauthenticated"
    again = driver.start_session(person.email, "Pia Person")
    assert [a.id for a in driver.list_accounts(again)] == [membership.id]
    assert refusal(lambda: driver.cancel_individual_subscription(again)).code == "not_found"
    assert driver.sign_up_individual(again).id != individual.id


def test_organization_roles_and_plan_codes(driver) -> None:
    owner, org, person, _, _ = person_with_both(driver, "team")
    assert {m.role for m in driver.list_members(owner, org.id)} == {"primary_owner", "member"}
    assert refusal(lambda: driver.invite(person, org.id, email(), "member")
                   ).code == "insufficient_role"
    assert refusal(lambda: driver.add_domain(owner, org.id, f"x.{PREFIX}.example.test")
                   ).code == "plan_feature_unavailable"
    outsider = driver.start_session(email(), "Out Sider")
    assert refusal(lambda: driver.list_members(outsider, org.id)).code == "not_found"
    invitation = driver.invite(owner, org.id, email(), "admin")
    assert refusal(lambda: driver.accept_invitation(outsider, invitation.id)).code == (
        "not_found")
    assert refusal(lambda: driver.sign_up_individual(person)).code == "account_exists"


def test_domains_restriction_and_sso(driver) -> None:
    owner, org, person, individual, _ = person_with_both(driver)
    domain = f"co-{secrets.token_hex(3)}.{PREFIX}.example.test"
    claimed = driver.add_domain(owner, org.id, domain)
    assert claimed.status == "pending"
    assert refusal(lambda: driver.update_domain_settings(owner, org.id, domain, True)
                   ).code == "domain_not_verified"
    assert driver.verify_domain(owner, org.id, domain).status == "failed"
    driver.publish_txt(claimed.verification.record_name,
                       ["unrelated", claimed.verification.record_value])
    assert driver.verify_domain(owner, org.id, domain).status == "verified"
    driver.update_domain_settings(owner, org.id, domain, block_individual_signups=True)
    blocked = driver.start_session(email(domain.upper()), "Bea Blocked")
    assert refusal(lambda: driver.sign_up_individual(blocked)).code == "domain_restricted"
    public = f"mail-{secrets.token_hex(3)}.{PREFIX}.example.test"
    driver.register_public_email_domain(public)
    assert refusal(lambda: driver.add_domain(owner, org.id, public)).code == "domain_public"
    assert refusal(lambda: driver.sso_sign_in(org.id, driver.issue_assertion(
        org.id, person.email))).code == "sso_not_configured"
    driver.configure_sso(owner, org.id, "https://idp.example.test/meta", True)
    session, account = driver.sso_sign_in(org.id, driver.issue_assertion(org.id, person.email))
    assert account.organization_id == org.id and account.current
    assert driver.whoami(session).current_account_id == account.id
    bad = driver.tamper_assertion(driver.issue_assertion(org.id, person.email))
    assert refusal(lambda: driver.sso_sign_in(org.id, bad)).code == "sso_assertion_invalid"
    stranger = driver.issue_assertion(org.id, email())
    assert refusal(lambda: driver.sso_sign_in(org.id, stranger)).code == "not_a_member"
    assert individual.kind == "individual"


def test_evidence_is_redacted(driver) -> None:
    session = driver.start_session(email(), "Red Acted")
    failure = refusal(lambda: driver.get_account(session, "acc_missing"))
    text = str(failure) + "".join(e.describe() for e in driver.take_evidence())
    assert session.token not in text
    assert "GET" in str(failure) and "404" in str(failure)


def test_unreachable_and_timeout_are_suite_errors() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    closed = HttpAccountServiceDriver(DriverSettings(base_url=f"http://127.0.0.1:{port}",
                                                     connect_timeout_s=1))
    with pytest.raises(ServiceUnreachable):
        closed.service_info()
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        mute = HttpAccountServiceDriver(DriverSettings(base_url=url, read_timeout_s=0.3))
        with pytest.raises(ServiceTimeout):
            mute.service_info()


def test_missing_test_support_and_contract_violations(reference_url: str) -> None:
    wrong_base = HttpAccountServiceDriver(DriverSettings(base_url=reference_url + "/nowhere"))
    with pytest.raises(TestSupportMissing):
        wrong_base.start_session(email(), "No Body")
    assert issubclass(ServiceRefusal, AssertionError)
    assert issubclass(ContractViolation, AssertionError)
    assert not issubclass(TestSupportMissing, AssertionError)


IMPORT_EVERYTHING = """
import importlib, pkgutil, sys
import account_conformance
first = sys.argv[1]
importlib.import_module(first)
for module in pkgutil.walk_packages(account_conformance.__path__, "account_conformance."):
    importlib.import_module(module.name)
from account_conformance import contract
print(contract.load_contract.cache_info().currsize)
"""


@pytest.mark.parametrize("first", ["account_conformance.driver.raw",
                                   "account_conformance.driver.http",
                                   "account_conformance.driver.transport"])
def test_the_driver_modules_import_in_any_order_and_nothing_parses_the_contract(
        first: str) -> None:
    """Importing every module of the suite package (``first`` first, in a fresh interpreter)
    works without an import cycle and leaves the contract unparsed until it is used."""
    done = subprocess.run([sys.executable, "-c", IMPORT_EVERYTHING, first],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "0", "the contract was parsed at import time"


@pytest.mark.parametrize("rewrite", ["another-current", "none-current"])
def test_an_account_list_whose_current_account_id_disagrees_with_its_markers_fails(
        reference_url: str, rewrite: str) -> None:
    """The list's ``current_account_id`` and its one ``current: true`` account must agree."""
    from hostile_proxy import HostileProxy

    def disagree(body: dict) -> dict:
        if rewrite == "none-current":
            return {**body, "current_account_id": None}
        other = next(a["id"] for a in body["accounts"] if not a["current"])
        return {**body, "current_account_id": other}

    with HostileProxy(reference_url, mode="rewrite_json", match="GET /v1/me/accounts",
                      rewrite=disagree) as proxy:
        driver = HttpAccountServiceDriver(DriverSettings(base_url=proxy.url))
        try:
            _, _, person, _, _ = person_with_both(driver)
            with pytest.raises(ContractViolation, match="marked current"):
                driver.list_accounts(person)
        finally:
            driver.remove_run_data(PREFIX)
            driver.close()
    assert proxy.hits >= 1
