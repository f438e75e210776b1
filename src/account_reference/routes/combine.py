"""Migration and merge requests: always refused after the ownership checks (S03–S05).

Faults (see ``faults.py``) accept some of them instead, or refuse them wrongly.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from ..accounts import (
    account_view,
    create_account,
    default_current,
    get_account,
    own_account,
)
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
                          service: ServiceDep) -> JSONResponse:
    """Refuse to move an account into an organization (after the 404 checks)."""
    store, faults = service.store, service.faults
    account = own_account(store, session.identity_id, account_id)
    if account is None:
        raise not_found("The account")
    related = store.one(
        "SELECT o.id, o.plan, (SELECT a.id FROM accounts a WHERE a.organization_id = o.id"
        "  AND a.identity_id = ?) AS member_account_id,"
        " (SELECT v.id FROM invitations v WHERE v.organization_id = o.id"
        "  AND v.email_lc = ? AND v.status = 'pending' ORDER BY v.seq LIMIT 1) AS invitation_id"
        " FROM organizations o WHERE o.id = ?",
        (session.identity_id, session.email.lower(), body.organization_id))
    if related is None or not (related["member_account_id"] or related["invitation_id"]):
        raise not_found("The organization")
    if faults.on("migration-accepted"):
        return accept_migration(store, session, account, related)
    partial = [f for f in ("migration-refusal-consumes-invitation",
                           "migration-refusal-adds-member") if faults.on(f)]
    if partial and related["invitation_id"] and not related["member_account_id"]:
        with store.tx():  # committed before the refusal below
            if faults.on("migration-refusal-consumes-invitation"):
                store.run("UPDATE invitations SET status = 'accepted' WHERE id = ?",
                          (related["invitation_id"],))
            if faults.on("migration-refusal-adds-member"):
                create_account(store, session.identity_id, kind="organization",
                               plan=related["plan"], organization_id=related["id"],
                               role="member")
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
    faults = service.faults
    if (faults.on("merge-accepted")
            or (faults.on("merge-accepted-same-email")
                and source["email"].lower() == target["email"].lower())
            or (faults.on("merge-org-to-individual-accepted")
                and (source["kind"], target["kind"]) == ("organization", "individual"))
            or (faults.on("merge-free-accepted") and "free" in (source["plan"], target["plan"]))):
        return _accept_merge(store, session, source, target)
    if faults.on("merge-refused-wrong-code"):
        raise Refusal(422, "invalid_request", "These accounts cannot be merged.")
    if faults.on("merge-refusal-moves-items"):
        with store.tx():  # committed before the refusal below
            store.run("UPDATE items SET account_id = ? WHERE account_id = ?",
                      (target["id"], source["id"]))
    kinds = [source["kind"], target["kind"]]
    if faults.on("merge-kinds-swapped"):
        kinds.reverse()
    raise Refusal(422, "account_merge_unsupported",
                  f"A {source['kind']} account cannot be merged with a {target['kind']} "
                  "account; accounts are never combined.",
                  account_kinds=kinds)


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


def accept_migration(store: Store, session: Session, account: Row,
                     organization: Row) -> JSONResponse:
    """FAULT migration-accepted: convert the account into a member of the organization.

    A caller who is a member already is answered 200 with their member account.
    """
    member_id = organization["member_account_id"]
    if member_id is None:
        member_id = account["id"]
        with store.tx():
            store.run("UPDATE accounts SET kind = 'organization', plan = ?, subscription ="
                      " 'none', organization_id = ?, role = 'member' WHERE id = ?",
                      (organization["plan"], organization["id"], member_id))
            store.run("UPDATE invitations SET status = 'accepted' WHERE id = ?",
                      (organization["invitation_id"],))
    row = get_account(store, member_id)
    assert row is not None
    return JSONResponse(account_view(row, session.current_account_id), status_code=200)
