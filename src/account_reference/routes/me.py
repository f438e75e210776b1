"""The caller, their accounts, and switching the session's current account (S06–S10)."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from ..accounts import account_view, accounts_of, identity_view, own_account
from ..accounts import get_account as any_account
from ..auth import SessionDep, authenticated_router
from ..bodies import SwitchAccount
from ..context import Service, ServiceDep
from ..faults import FaultSet
from ..problems import Refusal, not_found
from ..schemas import Account, AccountList, Me
from ..validation import initials

router = authenticated_router(tags=["session"])
# FAULT concurrent-switches-mark-two-current: the marker kept per account (token hash ->
# marked account ids), written in two steps with a slow write in between.
_MARKED: dict[str, set[str]] = {}
SLOW_WRITE_S = 0.02


def account_list(service: Service, identity_id: str, current_id: str | None,
                 token_hash: str | None = None) -> dict[str, Any]:
    """The ``{accounts, current_account_id}`` answer."""
    faults = service.faults
    rows = accounts_of(service.store, identity_id)
    if faults.on("account-list-only-current"):
        rows = [row for row in rows if row["id"] == current_id]
    accounts = [account_view(row, current_id) for row in rows]
    marked = _MARKED.get(token_hash or "")
    if marked is not None and faults.on("concurrent-switches-mark-two-current"):
        for account in accounts:
            account["current"] = account["id"] in marked
    if accounts and faults.on("two-accounts-marked-current"):
        accounts[0]["current"] = True
    return {"accounts": accounts, "current_account_id": current_id}


def shown_initials(faults: FaultSet, email: str, name: str) -> str:
    """The initials the switcher shows (S08)."""
    if faults.on("initials-lowercase"):
        return initials(name).lower()
    if faults.on("initials-from-email"):
        parts = [p for p in re.split(r"[._+-]", email.partition("@")[0]) if p]
        return initials(" ".join(parts))
    if faults.on("initials-first-two-words"):
        return initials(" ".join(name.split()[:2]))
    return initials(name)


@router.get("/v1/me", response_model=Me)
async def get_me(session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """The signed-in identity and the session's current account."""
    identity = identity_view(session.identity_id, session.email, session.name)
    identity["initials"] = shown_initials(service.faults, session.email, session.name)
    return {"identity": identity, "current_account_id": session.current_account_id}


@router.get("/v1/me/accounts", response_model=AccountList)
async def list_my_accounts(session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """Every account of the identity, the current one marked."""
    return account_list(service, session.identity_id, session.current_account_id,
                        session.token_hash)


@router.put("/v1/me/current-account", response_model=AccountList)
async def switch_current_account(body: SwitchAccount, session: SessionDep,
                         service: ServiceDep) -> dict[str, Any]:
    """Make another account of the same identity the session's current one."""
    store, faults = service.store, service.faults
    row = own_account(store, session.identity_id, body.account_id)
    if row is None and faults.on("switch-to-foreign-account-allowed"):
        row = any_account(store, body.account_id)
    if row is None:
        raise not_found("The account")
    if row["restricted"] and not faults.on("restriction-not-enforced"):
        raise Refusal(403, "domain_restricted",
                      f"Individual accounts at {session.email_domain} are restricted to "
                      "members of the organization that verified the domain.")
    if faults.on("switch-to-individual-refused") and row["kind"] == "individual":
        current = own_account(store, session.identity_id, session.current_account_id or "")
        if current is not None and current["kind"] == "organization":
            raise Refusal(403, "insufficient_role",
                          "Leaving an organization account for an individual one is not "
                          "allowed.")
    if faults.on("concurrent-switches-mark-two-current"):
        _MARKED[session.token_hash] = set()  # clear every marker ...
        await asyncio.sleep(SLOW_WRITE_S)  # ... a slow write ...
        _MARKED[session.token_hash].add(row["id"])  # ... then mark the chosen account
    if not faults.on("switch-not-persisted"):
        with store.tx():
            store.run("UPDATE sessions SET current_account_id = ? WHERE token_hash = ?",
                      (row["id"], session.token_hash))
    if faults.on("switch-answer-marks-previous-account"):
        return account_list(service, session.identity_id, session.current_account_id)
    return account_list(service, session.identity_id, row["id"], session.token_hash)


@router.get("/v1/accounts/{account_id}", response_model=Account, tags=["accounts"])
async def get_account(account_id: str, session: SessionDep,
                      service: ServiceDep) -> dict[str, Any]:
    """One of the identity's accounts."""
    row = own_account(service.store, session.identity_id, account_id)
    if row is None and service.faults.on("account-fetch-ignores-identity"):
        row = any_account(service.store, account_id)
    if row is None:
        raise not_found("The account")
    account = account_view(row, session.current_account_id)
    if account["organization"] and service.faults.on("organization-plan-reported-as-team"):
        account["organization"]["plan"] = "team"
    return account
