"""Organizations: creating one (the caller becomes primary owner), reading it, its members."""

from __future__ import annotations

from typing import Any

from ..accounts import account_view, create_account, get_account
from ..auth import SessionDep, authenticated_router
from ..bodies import NewOrganization
from ..context import ServiceDep
from ..organizations_access import organization_access, organization_view
from ..schemas import MemberList, Organization, OrganizationCreated
from ..store import new_id, now

router = authenticated_router(tags=["organizations"])


@router.post("/v1/organizations", status_code=201, response_model=OrganizationCreated)
async def create_organization(body: NewOrganization, session: SessionDep,
                              service: ServiceDep) -> dict[str, Any]:
    """Create a Team or Enterprise organization with the caller as its primary owner."""
    store = service.store
    organization = {"id": new_id("org"), "name": body.name, "plan": body.plan,
                    "created_at": now()}
    with store.tx():
        store.run("INSERT INTO organizations (id, name, plan, created_at) VALUES (?, ?, ?, ?)",
                  (organization["id"], body.name, body.plan, organization["created_at"]))
        account_id = create_account(store, session.identity_id, kind="organization",
                                    plan=body.plan, organization_id=organization["id"],
                                    role="primary_owner")
    account = get_account(store, account_id)
    assert account is not None
    return {"organization": organization,
            "account": account_view(account, session.current_account_id or account_id)}


@router.get("/v1/organizations/{org_id}", response_model=Organization)
async def get_organization(org_id: str, session: SessionDep,
                           service: ServiceDep) -> dict[str, Any]:
    """An organization the caller is a member of."""
    return organization_view(organization_access(service.store, session, org_id))


@router.get("/v1/organizations/{org_id}/members", response_model=MemberList)
async def list_members(org_id: str, session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """The organization's accounts, oldest first."""
    store = service.store
    if service.faults.on("member-list-of-individual-account-empty") and store.one(
            "SELECT 1 FROM accounts WHERE id = ? AND identity_id = ? AND kind = 'individual'",
            (org_id, session.identity_id)) is not None:
        return {"members": []}
    organization_access(store, session, org_id, feature="member_list",
                        outsider_may_read=service.faults.on("outsider-may-read-organization"))
    rows = store.all("SELECT a.id AS account_id, i.email, i.name, a.role FROM accounts a"
                     " JOIN identities i ON i.id = a.identity_id"
                     " WHERE a.organization_id = ? ORDER BY a.seq", (org_id,))
    return {"members": [dict(row) for row in rows]}
