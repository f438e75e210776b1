"""An Enterprise organization's SSO configuration (S13, S14): read by members, changed by owners."""

from __future__ import annotations

from typing import Any

from ..auth import SessionDep, authenticated_router
from ..bodies import SsoUpdate
from ..context import ServiceDep
from ..organizations_access import organization_access
from ..schemas import SsoConfig
from ..store import Row
from ..store import organizations as stored

router = authenticated_router(tags=["enterprise", "sso"])
FEATURE = "sso"


def sso_view(row: Row) -> dict[str, Any]:
    """The contract's SsoConfig object."""
    return {"organization_id": row["id"], "idp_entity_id": row["sso_idp_entity_id"],
            "enabled": bool(row["sso_enabled"])}


@router.get("/v1/organizations/{org_id}/sso", response_model=SsoConfig)
async def get_sso(org_id: str, session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """The SSO configuration (disabled, no entity id, until changed)."""
    return sso_view(organization_access(service, session, org_id, feature=FEATURE,
                                        outsider=service.rules.outsider_view))


@router.put("/v1/organizations/{org_id}/sso", response_model=SsoConfig)
async def configure_sso(org_id: str, body: SsoUpdate, session: SessionDep,
                        service: ServiceDep) -> dict[str, Any]:
    """Set the identity provider and switch SSO on or off (owners only)."""
    organization_access(service, session, org_id, feature=FEATURE,
                        may=service.rules.may_configure_sso)
    with service.store.tx():
        stored.set_sso(service.store, org_id, body.idp_entity_id, body.enabled)
    return {"organization_id": org_id, "idp_entity_id": body.idp_entity_id,
            "enabled": body.enabled}
