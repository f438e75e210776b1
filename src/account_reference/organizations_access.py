"""The order of checks for every operation on an organization.

member (else 404, as for an organization that does not exist) → the plan has the
feature (else 403 ``plan_feature_unavailable``) → the role allows it (else 403
``insufficient_role``); state checks (409) follow in the endpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .auth import Session
from .context import Service
from .problems import Refusal, not_found
from .store import Row, Store
from .store import organizations as stored

Outsider = Callable[[Store, str], Row | None]


def organization_access(service: Service, session: Session, organization_id: str, *,
                        feature: str | None = None,
                        may: Callable[[str], bool] | None = None,
                        outsider: Outsider | None = None) -> Row:
    """The organization with the caller's ``account_id`` and ``role`` in it, or a refusal.

    ``may`` is the rule for the roles allowed (None: every member). ``outsider`` is the rule
    for what a caller outside the organization gets instead of 404 (the correct rules give
    nothing: ``rules.outsider_view`` for reads, ``rules.outsider_changing_domains``).
    """
    store = service.store
    row = stored.membership(store, session.identity_id, organization_id)
    if row is None and outsider is not None:
        row = outsider(store, organization_id)
    if row is None:
        raise not_found("The organization")
    if feature is not None and not service.rules.plan_allows(row["plan"], feature):
        raise Refusal("plan_feature_unavailable",
                      f"The {row['plan']} plan does not include {feature}.")
    if may is not None and not may(row["role"]):
        raise Refusal("insufficient_role",
                      f"The role {row['role']} may not do this in the organization.")
    return row


def organization_view(row: Row) -> dict[str, Any]:
    """The contract's Organization object."""
    return {"id": row["id"], "name": row["name"], "plan": row["plan"],
            "created_at": row["created_at"]}
