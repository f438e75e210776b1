"""Migration and merge requests: always refused after the ownership checks (S03–S05).

Fault ``merge-accepted`` accepts a merge instead (see ``faults.py``).
"""

from __future__ import annotations

from typing import Any

from ..accounts import account_view, default_current, get_account, own_account
from ..auth import Session, SessionDep, authenticated_router, load_session
from ..bodies import MergeRequest, MigrateRequest
from ..context import ServiceDep
from ..problems import Refusal, not_found
from ..schemas import Account, Problem
from ..store import Row, Store

router = authenticated_router(tags=["accounts"])
REFUSED = {422: {"model": Problem, "description": "Always: the operation is unsupported."}}


@router.post("/v1/accounts/{account_id}/migrate", status_code=422, response_model=None,
             responses=REFUSED)
async def request_migration(account_id: str, body: MigrateRequest, session: SessionDep,
                          service: ServiceDep) -> None:
    """Refuse to move an account into an organization (after the 404 checks)."""
    store = service.store
    if own_account(store, session.identity_id, account_id) is None:
        raise not_found("The account")
    related = store.one(
        "SELECT 1 FROM organizations o WHERE o.id = ? AND ("
        " EXISTS (SELECT 1 FROM accounts a WHERE a.organization_id = o.id"
        "  AND a.identity_id = ?) OR"
        " EXISTS (SELECT 1 FROM invitations v WHERE v.organization_id = o.id"
        "  AND v.email_lc = ? AND v.status = 'pending'))",
        (body.organization_id, session.identity_id, session.email.lower()))
    if related is None:
        raise not_found("The organization")
    raise Refusal(422, "account_migration_unsupported",
                  "An account cannot be migrated into an organization; joining it creates "
                  "a new, separate organization account.")


def _merge_target(store: Store, session: Session, body: MergeRequest) -> Row | None:
    target = own_account(store, session.identity_id, body.target_account_id)
    if target is None and body.target_token:
        try:
            other = load_session(store, f"Bearer {body.target_token}")
        except Refusal:
            return None
        target = own_account(store, other.identity_id, body.target_account_id)
    return target


@router.post("/v1/accounts/{account_id}/merge", response_model=Account, responses=REFUSED)
async def request_merge(account_id: str, body: MergeRequest, session: SessionDep,
                         service: ServiceDep) -> dict[str, Any]:
    """Refuse to merge two accounts (after the 404 checks), naming both kinds."""
    store = service.store
    source = own_account(store, session.identity_id, account_id)
    if source is None:
        raise not_found("The source account")
    target = _merge_target(store, session, body)
    if target is None:
        raise not_found("The target account")
    if service.faults.on("merge-accepted"):
        return _accept_merge(store, session, source, target)
    raise Refusal(422, "account_merge_unsupported",
                  f"A {source['kind']} account cannot be merged with a {target['kind']} "
                  "account; accounts are never combined.",
                  account_kinds=[source["kind"], target["kind"]])


def _accept_merge(store: Store, session: Session, source: Row, target: Row) -> dict[str, Any]:
    """FAULT merge-accepted: move the source's items into the target; drop an individual source."""
    with store.tx():
        store.run("UPDATE items SET account_id = ? WHERE account_id = ?",
                  (target["id"], source["id"]))
        if source["kind"] == "individual" and source["id"] != target["id"]:
            store.run("DELETE FROM accounts WHERE id = ?", (source["id"],))
            store.run("UPDATE sessions SET current_account_id = ? WHERE current_account_id = ?"
                      " AND identity_id = ?",
                      (target["id"], source["id"], target["identity_id"]))
            for row in store.all("SELECT token_hash, identity_id FROM sessions"
                                 " WHERE current_account_id = ?", (source["id"],)):
                store.run("UPDATE sessions SET current_account_id = ? WHERE token_hash = ?",
                          (default_current(store, row["identity_id"]), row["token_hash"]))
    current = store.one("SELECT current_account_id FROM sessions WHERE token_hash = ?",
                        (session.token_hash,))
    merged = get_account(store, target["id"])
    assert merged is not None
    return account_view(merged, current["current_account_id"] if current else None)
