"""An Enterprise organization's SSO configuration (S13, S14): read by members, changed by owners."""

from __future__ import annotations

from typing import Any

from ..auth import SessionDep, authenticated_router
from ..bodies import SsoUpdate
from ..context import Service, ServiceDep
from ..organizations_access import OWNERS, organization_access
from ..schemas import SsoConfig
from ..store import Row

router = authenticated_router(tags=["enterprise", "sso"])


def sso_view(row: Row) -> dict[str, Any]:
    """The contract's SsoConfig object."""
    return {"organization_id": row["id"], "idp_entity_id": row["sso_idp_entity_id"],
            "enabled": bool(row["sso_enabled"])}


@router.get("/v1/organizations/{org_id}/sso", response_model=SsoConfig)
async def get_sso(org_id: str, session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """The SSO configuration (disabled, no entity id, until changed)."""
    outsider = service.faults.on("outsider-may-read-organization")
    return sso_view(organization_access(service.store, session, org_id,
                                        feature=_feature(service), outsider_may_read=outsider))


@router.put("/v1/organizations/{org_id}/sso", response_model=SsoConfig)
async def configure_sso(org_id: str, body: SsoUpdate, session: SessionDep,
                  service: ServiceDep) -> dict[str, Any]:
    """Set the identity provider and switch SSO on or off (owners only)."""
    store = service.store
    roles = OWNERS | {"admin"} if service.faults.on("admin-may-configure-sso") else OWNERS
    organization_access(store, session, org_id, feature=_feature(service), roles=roles)
    with store.tx():
        store.run("UPDATE organizations SET sso_idp_entity_id = ?, sso_enabled = ? WHERE id = ?",
                  (body.idp_entity_id, int(body.enabled), org_id))
    return {"organization_id": org_id, "idp_entity_id": body.idp_entity_id,
            "enabled": body.enabled}


def _feature(service: Service) -> str | None:
    """The plan feature SSO needs (fault ``team-gets-sso``: no plan check at all)."""
    return None if service.faults.on("team-gets-sso") else "sso"
