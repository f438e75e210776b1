"""Organizations: creating one (the caller becomes primary owner), reading it, its members."""

from __future__ import annotations

from typing import Any

from ..accounts import account_view, get_account
from ..auth import SessionDep, authenticated_router
from ..bodies import NewOrganization
from ..context import ServiceDep
from ..organizations_access import organization_access, organization_view
from ..schemas import MemberList, Organization, OrganizationCreated
from ..store import accounts as stored_accounts
from ..store import new_id, now
from ..store import organizations as stored

router = authenticated_router(tags=["organizations"])


@router.post("/v1/organizations", status_code=201, response_model=OrganizationCreated)
async def create_organization(body: NewOrganization, session: SessionDep,
                              service: ServiceDep) -> dict[str, Any]:
    """Create a Team or Enterprise organization with the caller as its primary owner."""
    store = service.store
    organization = {"id": new_id("org"), "name": body.name, "plan": body.plan,
                    "created_at": now()}
    with store.tx():
        stored.create(store, organization)
        account_id = stored_accounts.create(store, session.identity_id, kind="organization",
                                            plan=body.plan, organization_id=organization["id"],
                                            role="primary_owner")
    account = get_account(service, account_id)
    assert account is not None
    return {"organization": organization,
            "account": account_view(account, session.current_account_id or account_id)}


@router.get("/v1/organizations/{org_id}", response_model=Organization)
async def get_organization(org_id: str, session: SessionDep,
                           service: ServiceDep) -> dict[str, Any]:
    """An organization the caller is a member of."""
    return organization_view(organization_access(service, session, org_id))


@router.get("/v1/organizations/{org_id}/members", response_model=MemberList)
async def list_members(org_id: str, session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """The organization's accounts, oldest first."""
    rules = service.rules
    if rules.member_list_answered_empty(service.store, session.identity_id, org_id):
        return {"members": []}
    organization_access(service, session, org_id, feature="member_list",
                        outsider=rules.outsider_view)
    return {"members": [dict(row) for row in stored.members(service.store, org_id)]}
