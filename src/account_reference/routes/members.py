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
from ..organizations_access import organization_access
from ..problems import Refusal, not_found
from ..schemas import Member, MemberList
from ..store import Row
from ..store import accounts as stored_accounts
from ..store import items as stored_items
from ..store import organizations as stored
from ..store import sessions as stored_sessions

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
    row = stored.member(service.store, org_id, account_id)
    if row is None:
        raise not_found("The member")
    return row


def _view(row: Row) -> dict[str, Any]:
    return {key: row[key] for key in ("account_id", "email", "name", "role")}


def _protected() -> Refusal:
    return Refusal("primary_owner_protected",
                   "The primary owner keeps the role until the ownership is transferred.")


@router.patch(PATH + "/members/{account_id}", response_model=Member)
async def change_member_role(org_id: str, account_id: str, body: MemberRoleUpdate,
                             session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """Give a member another role (owners only; never the primary owner's)."""
    rules = service.rules
    organization_access(service, session, org_id, feature=FEATURE,
                        may=rules.may_change_member_roles)
    member = _member(service, org_id, account_id)
    if not rules.role_changeable(member["role"]):
        raise _protected()
    with service.store.tx():
        stored_accounts.set_role(service.store, account_id, body.role)
    return _view(_member(service, org_id, account_id))


@router.delete(PATH + "/members/{account_id}", status_code=204, response_class=Response)
async def remove_member(org_id: str, account_id: str, session: SessionDep,
                        service: ServiceDep) -> Response:
    """Remove a member's organization account and its data (owners only; never the primary
    owner). Sessions that were on it move to the account a new session would get."""
    store, rules = service.store, service.rules
    organization_access(service, session, org_id, feature=FEATURE,
                        may=rules.may_change_member_roles)
    member = _member(service, org_id, account_id)
    if not rules.removable(member["role"]):
        raise _protected()
    with store.tx():
        stored_items.delete_of_account(store, account_id)
        stored_accounts.delete(store, account_id)
        stored_sessions.move_current(store, account_id,
                                     default_current(service, member["identity_id"]))
    return Response(status_code=204)


@router.post(PATH + "/ownership-transfer", response_model=MemberList)
async def transfer_ownership(org_id: str, body: OwnershipTransfer, session: SessionDep,
                             service: ServiceDep) -> dict[str, Any]:
    """Make another member the primary owner; the caller hands the role on (one step)."""
    store = service.store
    caller = organization_access(service, session, org_id, feature=FEATURE,
                                 may=lambda role: role == "primary_owner")
    target = _member(service, org_id, body.account_id)
    if target["account_id"] != caller["account_id"]:
        with store.tx():
            stored_accounts.set_role(store, target["account_id"], "primary_owner")
            stored_accounts.set_role(store, caller["account_id"],
                                     service.rules.role_after_handing_on())
    return {"members": [dict(row) for row in stored.members(store, org_id)]}
