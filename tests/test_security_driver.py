"""The driver's security helpers against the reference service: probing every operation
that needs a session, the extra-fields view, the member operations and use from threads;
and that the vendor driver knows a route for every operation the contract lists."""

from __future__ import annotations

import secrets
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from account_conformance import contract
from account_conformance.driver import (
    AccountServiceDriver,
    DriverSettings,
    HttpAccountServiceDriver,
    ServiceRefusal,
)
from conftest import REPO

if str(REPO) not in sys.path:  # examples/ is importable from the repo root, not installed
    sys.path.insert(0, str(REPO))

from examples.vendor_api.driver import PROBE_ROUTES  # noqa: E402

PREFIX = f"sec-{secrets.token_hex(4)}"
NEEDS_SESSION = [op.operation_id for op in contract.operations()
                 if op.requires_auth and not op.test_support]


def email(name: str) -> str:
    return f"{name}@{PREFIX}.example.test"


@pytest.fixture()
def driver(reference_url: str):
    driver = HttpAccountServiceDriver(DriverSettings(base_url=reference_url))
    yield driver
    driver.remove_run_data(PREFIX)
    driver.close()


def test_the_contract_lists_the_member_operations_in_version_1_1() -> None:
    assert contract.contract_version() == "1.2.0"
    assert {"change_member_role", "remove_member", "transfer_ownership"} <= set(NEEDS_SESSION)
    assert len(NEEDS_SESSION) >= 30


def test_every_operation_that_needs_a_session_refuses_none_and_a_revoked_one(driver) -> None:
    session = driver.start_session(email("alex"), "Alex Probe")
    driver.sign_up_individual(session)
    driver.delete_individual_account(session)  # free: no subscription to cancel first
    before = driver.request_count()
    for token in (None, "made-up-token-0123456789", session.token):
        answers = {op: driver.probe_operation(op, token) for op in NEEDS_SESSION}
        wrong = {op: a for op, a in answers.items() if a != (401, "unauthenticated")}
        assert not wrong, (token is None, wrong)
    assert driver.request_count() - before == 3 * len(NEEDS_SESSION)
    assert session.token not in " ".join(e.reproduce() for e in driver.take_evidence())


def test_the_extra_fields_view_adds_fields_but_never_overrides(driver) -> None:
    view = driver.with_extra_fields({"plan": "max", "role": "primary_owner", "name": "other"})
    assert isinstance(view, AccountServiceDriver) and view is not driver
    session = view.start_session(email("nina"), "Nina Extra")  # test-support: left alone
    assert session.identity is not None and session.identity.name == "Nina Extra"
    organization, account = view.create_organization(session, f"{PREFIX} Extra", "team")
    assert organization.plan == "team" and organization.name == f"{PREFIX} Extra"
    assert account.role == "primary_owner"
    individual = view.sign_up_individual(session)
    assert (individual.plan, individual.subscription) == ("free", "none")
    exchanges = driver.take_evidence()  # the view records into the driver's evidence
    sent = [e.request_body for e in exchanges if e.url.endswith("/v1/me/individual-account")]
    assert sent and '"plan":"max"' in sent[0]


def test_member_operations_and_the_protected_primary_owner(driver) -> None:
    owner = driver.start_session(email("olivia"), "Olivia Owner")
    organization, owner_account = driver.create_organization(owner, f"{PREFIX} Org", "team")
    mara = driver.start_session(email("mara"), "Mara Member")
    invitation = driver.invite(owner, organization.id, mara.email, "member")
    member = driver.accept_invitation(mara, invitation.id)
    assert driver.change_member_role(owner, organization.id, member.id, "owner").role == "owner"
    with pytest.raises(ServiceRefusal) as refused:
        driver.remove_member(owner, organization.id, owner_account.id)
    assert (refused.value.code, refused.value.status) == ("primary_owner_protected", 409)
    listed = driver.transfer_ownership(owner, organization.id, member.id)
    assert {m.account_id: m.role for m in listed} == {owner_account.id: "owner",
                                                      member.id: "primary_owner"}
    driver.remove_member(mara, organization.id, owner_account.id)
    assert [m.account_id for m in driver.list_members(mara, organization.id)] == [member.id]


def test_the_driver_can_be_used_from_many_threads_at_once(driver) -> None:
    session = driver.start_session(email("tom"), "Tom Threads")
    first = driver.sign_up_individual(session)
    _, second = driver.create_organization(session, f"{PREFIX} Threads", "team")
    before = driver.request_count()
    driver.take_evidence()
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda i: driver.switch_account(
            session, (first, second)[i % 2].id), range(20)))
    assert all(sum(a.current for a in answer) == 1 for answer in answers)
    assert driver.request_count() - before == 20
    assert len(driver.take_evidence()) == 20


def test_the_vendor_driver_knows_a_route_for_every_operation() -> None:
    assert set(NEEDS_SESSION) <= set(PROBE_ROUTES)


def test_a_token_with_cr_lf_from_the_service_is_a_violation_never_shown(
        reference_url: str) -> None:
    """A token an answer gave that cannot go into a header: a fail, and never echoed."""
    from account_conformance.driver import (
        ContractViolation,
        DriverSettings,
        HttpAccountServiceDriver,
    )
    from account_conformance.driver.models import Session

    driver = HttpAccountServiceDriver(DriverSettings(base_url=reference_url))
    try:
        with pytest.raises(ContractViolation, match="cannot be sent") as caught:
            driver.whoami(Session(email="a@x.example.test", token="tok-SECRETVALUE\r\nX: y",
                                  identity=None))
    finally:
        driver.close()
    assert "SECRETVALUE" not in str(caught.value)
