"""The identity's individual account: sign-up (S17), cancel and delete (S12)."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from ..accounts import account_view, create_account, domain_setting_on, individual_account
from ..auth import Session, SessionDep, authenticated_router
from ..bodies import EmptyBody
from ..context import Service, ServiceDep, sent_fields
from ..problems import Refusal, not_found
from ..schemas import Account

router = authenticated_router(tags=["accounts"])
PATH = "/v1/me/individual-account"


@router.post(PATH, status_code=201, response_model=Account)
async def sign_up_individual(session: SessionDep, service: ServiceDep, request: Request,
                                    body: EmptyBody | None = None) -> dict[str, Any]:
    """Sign up for a free individual account (refused at a domain with a sign-up block)."""
    store = service.store
    if any(domain_setting_on(store, domain, "block_individual_signups")
           for domain in _blocked_domains(service, session)):
        raise Refusal(403, "domain_restricted",
                      f"New individual accounts at {session.email_domain} are blocked by "
                      "the organization that verified the domain.")
    if individual_account(store, session.identity_id) is not None:
        raise Refusal(409, "account_exists", "This identity already has an individual account.")
    plan = "free"
    if service.faults.on("signup-takes-plan-from-body"):
        sent = (await sent_fields(request)).get("plan")
        plan = sent if sent in ("free", "pro", "max") else plan
    with store.tx():
        account_id = create_account(store, session.identity_id, kind="individual", plan=plan)
        if service.faults.on("resignup-restores-items"):
            store.run("UPDATE items SET account_id = ? WHERE account_id = ?",
                      (account_id, _tombstone(session)))
    row = individual_account(store, session.identity_id)
    assert row is not None
    return account_view(row, session.current_account_id or account_id)


@router.post(f"{PATH}/cancel", response_model=Account)
async def cancel_individual_subscription(session: SessionDep, service: ServiceDep,
                                         body: EmptyBody | None = None) -> dict[str, Any]:
    """Cancel the paid subscription (a free account has none and stays ``none``)."""
    store = service.store
    row = individual_account(store, session.identity_id)
    if row is None:
        raise not_found("The individual account")
    if row["subscription"] == "active":
        with store.tx():
            store.run("UPDATE accounts SET subscription = 'cancelled' WHERE id = ?", (row["id"],))
        row = individual_account(store, session.identity_id)
        assert row is not None
    return account_view(row, session.current_account_id)


@router.delete(PATH, status_code=204, response_class=Response)
async def delete_individual_account(session: SessionDep, service: ServiceDep) -> Response:
    """Delete the individual account and its data; revoke the sessions that were on it."""
    store = service.store
    row = individual_account(store, session.identity_id)
    if row is None:
        raise not_found("The individual account")
    faults = service.faults
    if row["subscription"] == "active" and not faults.on("delete-with-active-subscription"):
        raise Refusal(409, "subscription_active",
                      "Cancel the paid subscription before deleting the account.")
    with store.tx():
        if faults.on("resignup-restores-items"):
            store.run("UPDATE items SET account_id = ? WHERE account_id = ?",
                      (_tombstone(session), row["id"]))
        else:
            store.run("DELETE FROM items WHERE account_id = ?", (row["id"],))
        if not faults.on("delete-keeps-sessions"):
            store.run("DELETE FROM sessions WHERE current_account_id = ?", (row["id"],))
        store.run("DELETE FROM accounts WHERE id = ?", (row["id"],))
        if faults.on("delete-removes-org-accounts"):
            store.run("DELETE FROM accounts WHERE identity_id = ? AND kind = 'organization'",
                      (session.identity_id,))
    return Response(status_code=204)


def _blocked_domains(service: Service, session: Session) -> list[str]:
    """The domains whose sign-up block applies to the caller's email (S17)."""
    if service.faults.on("signup-block-case-sensitive"):
        return [session.email.rpartition("@")[2]]
    if service.faults.on("signup-block-covers-subdomains"):
        labels = session.email_domain.split(".")
        return [".".join(labels[i:]) for i in range(len(labels) - 1)]
    if service.faults.on("signup-block-folds-lookalike-domains"):
        return [session.email_domain, _folded(session.email_domain)]
    return [session.email_domain]


# FAULT signup-block-folds-lookalike-domains: Cyrillic letters that look like Latin ones
_LOOKALIKES = str.maketrans("аесорху", "aecopxy")


def _folded(domain: str) -> str:
    """The domain with internationalised labels decoded and look-alike letters folded."""
    labels = []
    for label in domain.split("."):
        if label.startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except UnicodeError:
                pass
        labels.append(label.translate(_LOOKALIKES))
    return ".".join(labels)


def _tombstone(session: Session) -> str:
    """FAULT resignup-restores-items: where a deleted account's items are kept."""
    return f"deleted:{session.identity_id}"
