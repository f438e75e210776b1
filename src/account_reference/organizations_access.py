"""The order of checks for every operation on an organization.

member (else 404, as for an organization that does not exist) → the plan has the
feature (else 403 ``plan_feature_unavailable``) → the role allows it (else 403
``insufficient_role``); state checks (409) follow in the endpoint.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from .accounts import FEATURES
from .auth import Session
from .problems import Refusal, not_found
from .store import Row, Store

OWNERS = frozenset({"primary_owner", "owner"})


def organization_access(store: Store, session: Session, organization_id: str, *,
                        feature: str | None = None,
                        roles: Collection[str] | None = None,
                        outsider_may_read: bool = False) -> Row:
    """The organization with the caller's ``account_id`` and ``role`` in it, or a refusal.

    ``outsider_may_read`` is only ever True under the fault ``outsider-may-read-organization``:
    a caller outside the organization then reads it as if they were a member.
    """
    row = store.one(
        "SELECT o.id, o.name, o.plan, o.created_at, o.sso_idp_entity_id, o.sso_enabled,"
        " a.id AS account_id, a.role FROM organizations o"
        " JOIN accounts a ON a.organization_id = o.id AND a.identity_id = ?"
        " WHERE o.id = ?", (session.identity_id, organization_id))
    if row is None and outsider_may_read and roles is None:
        row = store.one(
            "SELECT o.id, o.name, o.plan, o.created_at, o.sso_idp_entity_id, o.sso_enabled,"
            " NULL AS account_id, 'member' AS role FROM organizations o WHERE o.id = ?",
            (organization_id,))
    if row is None:
        raise not_found("The organization")
    if feature is not None and feature not in FEATURES[row["plan"]]:
        raise Refusal(403, "plan_feature_unavailable",
                      f"The {row['plan']} plan does not include {feature}.")
    if roles is not None and row["role"] not in roles:
        raise Refusal(403, "insufficient_role",
                      f"The role {row['role']} may not do this in the organization.")
    return row


def organization_view(row: Row) -> dict[str, Any]:
    """The contract's Organization object."""
    return {"id": row["id"], "name": row["name"], "plan": row["plan"],
            "created_at": row["created_at"]}
