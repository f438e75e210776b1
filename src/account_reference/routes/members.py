"""An organization's members: changing a role, removing a member, handing on the primary
ownership (S18).

Order of checks as for every organization operation: the caller is a member (else 404) → the
plan has the member list (every organization plan has) → the caller's role allows it (else
403 ``insufficient_role``) → the member named by the path or body is one of the
organization's accounts (else 404) → the state allows it (409 ``primary_owner_protected``
when the primary owner would lose the role or be removed). The organization keeps exactly one
primary owner: only ``transfer_ownership`` moves it, in one transaction.
"""

from __future__ import annotations

from typing import Any

from fastapi import Response

from ..accounts import default_current
from ..auth import SessionDep, authenticated_router
from ..bodies import Body, InvitationRole
from ..context import Service, ServiceDep
from ..organizations_access import OWNERS, organization_access
from ..problems import Refusal, not_found
from ..schemas import Member, MemberList
from ..store import Row

router = authenticated_router(tags=["organizations"])
PATH = "/v1/organizations/{org_id}"
FEATURE = "member_list"


class MemberRoleUpdate(Body):
    """``PATCH /v1/organizations/{id}/members/{account_id}``: never ``primary_owner``."""

    role: InvitationRole


class OwnershipTransfer(Body):
    """``POST /v1/organizations/{id}/ownership-transfer``."""

    account_id: str


def _member(service: Service, org_id: str, account_id: str) -> Row:
    """The organization's member account with this id, or 404."""
    row = service.store.one(
        "SELECT a.id AS account_id, a.identity_id, i.email, i.name, a.role FROM accounts a"
        " JOIN identities i ON i.id = a.identity_id"
        " WHERE a.id = ? AND a.organization_id = ?", (account_id, org_id))
    if row is None:
        raise not_found("The member")
    return row


def _view(row: Row) -> dict[str, Any]:
    return {key: row[key] for key in ("account_id", "email", "name", "role")}


def _changers(service: Service) -> frozenset[str]:
    """Who may change roles and remove members (fault: admins too)."""
    if service.faults.on("admin-may-change-member-roles"):
        return OWNERS | {"admin"}
    return OWNERS


def _protected() -> Refusal:
    return Refusal(409, "primary_owner_protected",
                   "The primary owner keeps the role until the ownership is transferred.")


def members_of(service: Service, org_id: str) -> list[dict[str, Any]]:
    """The organization's member list, oldest first."""
    rows = service.store.all(
        "SELECT a.id AS account_id, i.email, i.name, a.role FROM accounts a"
        " JOIN identities i ON i.id = a.identity_id"
        " WHERE a.organization_id = ? ORDER BY a.seq", (org_id,))
    return [dict(row) for row in rows]


@router.patch(PATH + "/members/{account_id}", response_model=Member)
async def change_member_role(org_id: str, account_id: str, body: MemberRoleUpdate,
                             session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """Give a member another role (owners only; never the primary owner's)."""
    store, faults = service.store, service.faults
    organization_access(store, session, org_id, feature=FEATURE, roles=_changers(service))
    member = _member(service, org_id, account_id)
    if member["role"] == "primary_owner" and not faults.on("primary-owner-demotable"):
        raise _protected()
    with store.tx():
        store.run("UPDATE accounts SET role = ? WHERE id = ?", (body.role, account_id))
    return _view(_member(service, org_id, account_id))


@router.delete(PATH + "/members/{account_id}", status_code=204, response_class=Response)
async def remove_member(org_id: str, account_id: str, session: SessionDep,
                        service: ServiceDep) -> Response:
    """Remove a member's organization account and its data (owners only; never the primary
    owner). Sessions that were on it move to the account a new session would get."""
    store = service.store
    organization_access(store, session, org_id, feature=FEATURE, roles=_changers(service))
    member = _member(service, org_id, account_id)
    if member["role"] == "primary_owner" and not service.faults.on("primary-owner-removable"):
        raise _protected()
    with store.tx():
        store.run("DELETE FROM items WHERE account_id = ?", (account_id,))
        store.run("DELETE FROM accounts WHERE id = ?", (account_id,))
        store.run("UPDATE sessions SET current_account_id = ? WHERE current_account_id = ?",
                  (default_current(store, member["identity_id"]), account_id))
    return Response(status_code=204)


@router.post(PATH + "/ownership-transfer", response_model=MemberList)
async def transfer_ownership(org_id: str, body: OwnershipTransfer, session: SessionDep,
                             service: ServiceDep) -> dict[str, Any]:
    """Make another member the primary owner; the caller becomes an owner (one step)."""
    store = service.store
    caller = organization_access(store, session, org_id, feature=FEATURE,
                                 roles={"primary_owner"})
    target = _member(service, org_id, body.account_id)
    if target["account_id"] != caller["account_id"]:
        with store.tx():
            store.run("UPDATE accounts SET role = 'primary_owner' WHERE id = ?",
                      (target["account_id"],))
            if not service.faults.on("ownership-transfer-keeps-old-primary"):
                store.run("UPDATE accounts SET role = 'owner' WHERE id = ?",
                          (caller["account_id"],))
    return {"members": members_of(service, org_id)}
