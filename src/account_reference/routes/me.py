"""The caller, their accounts, and switching the session's current account (S06–S10)."""

from __future__ import annotations

from typing import Any

from ..accounts import account_view, accounts_of, identity_view, own_account
from ..auth import SessionDep, authenticated_router
from ..bodies import SwitchAccount
from ..context import ServiceDep
from ..problems import Refusal, not_found
from ..schemas import Account, AccountList, Me
from ..store import Store

router = authenticated_router(tags=["session"])


def account_list(store: Store, identity_id: str, current_id: str | None) -> dict[str, Any]:
    """The ``{accounts, current_account_id}`` answer."""
    rows = accounts_of(store, identity_id)
    return {"accounts": [account_view(row, current_id) for row in rows],
            "current_account_id": current_id}


@router.get("/v1/me", response_model=Me)
async def get_me(session: SessionDep) -> dict[str, Any]:
    """The signed-in identity and the session's current account."""
    return {"identity": identity_view(session.identity_id, session.email, session.name),
            "current_account_id": session.current_account_id}


@router.get("/v1/me/accounts", response_model=AccountList)
async def list_my_accounts(session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """Every account of the identity, the current one marked."""
    return account_list(service.store, session.identity_id, session.current_account_id)


@router.put("/v1/me/current-account", response_model=AccountList)
async def switch_current_account(body: SwitchAccount, session: SessionDep,
                         service: ServiceDep) -> dict[str, Any]:
    """Make another account of the same identity the session's current one."""
    store = service.store
    row = own_account(store, session.identity_id, body.account_id)
    if row is None:
        raise not_found("The account")
    if row["restricted"]:
        raise Refusal(403, "domain_restricted",
                      f"Individual accounts at {session.email_domain} are restricted to "
                      "members of the organization that verified the domain.")
    with store.tx():
        store.run("UPDATE sessions SET current_account_id = ? WHERE token_hash = ?",
                  (row["id"], session.token_hash))
    return account_list(store, session.identity_id, row["id"])


@router.get("/v1/accounts/{account_id}", response_model=Account, tags=["accounts"])
async def get_account(account_id: str, session: SessionDep,
                      service: ServiceDep) -> dict[str, Any]:
    """One of the identity's accounts."""
    row = own_account(service.store, session.identity_id, account_id)
    if row is None:
        raise not_found("The account")
    return account_view(row, session.current_account_id)
