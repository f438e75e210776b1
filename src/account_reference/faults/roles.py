"""Faults against "owners only" (S18)."""

from __future__ import annotations

from ..problems import Refusal
from ..rules import OWNERS, Sent
from ..store import Row, Store
from ..store import organizations as stored_organizations
from .fault import fault

OWNERS_AND_ADMINS = OWNERS | {"admin"}


def owners_and_admins(role: str) -> bool:
    """Owners and admins."""
    return role in OWNERS_AND_ADMINS


def every_member(role: str) -> bool:
    """Any member."""
    return True


def role_error_for_outsider(store: Store, organization_id: str) -> Row | None:
    """403 insufficient_role for an organization that exists, revealing that it does."""
    if stored_organizations.exists(store, organization_id):
        raise Refusal("insufficient_role", "You have no role in this organization.")
    return None


def role_from_body(invited_role: str, sent: Sent) -> str:
    """The role a field of the body names, else the invited one."""
    role = sent.get("role")
    return role if role in ("primary_owner", "owner", "admin", "member") else invited_role


def admins_invite_owners_too(inviter_role: str, invited_role: str) -> bool:
    """Owners and admins may invite any role; members none."""
    return inviter_role != "member"


def any_role_changeable(member_role: str) -> bool:
    """Every role can be changed, the primary owner's too."""
    return True


def anyone_removable(member_role: str) -> bool:
    """Every member can be removed, the primary owner too."""
    return True


def stays_primary_owner() -> str:
    """The previous primary owner stays primary owner."""
    return "primary_owner"


FAULTS = (
    # -- S18: owners only ------------------------------------------------------------------
    fault("admin-may-change-domain-settings", "S18",
          "Admins may add and verify domains and change their settings.",
          may_change_domains=owners_and_admins),
    fault("member-may-change-domain-settings", "S18",
          "Any member may add and verify domains and change their settings.",
          may_change_domains=every_member),
    fault("admin-may-configure-sso", "S18",
          "Admins may configure SSO.",
          may_configure_sso=owners_and_admins),
    fault("outsider-gets-role-error", "S18",
          "Someone outside an existing organization who tries to change its domains is "
          "refused with insufficient_role instead of not_found, revealing that it "
          "exists.",
          outsider_changing_domains=role_error_for_outsider),
    fault("invitation-accept-takes-role-from-body", "S18",
          "Accepting an invitation takes the role from a field sent along in the "
          "request body instead of the invited role.",
          accepted_role=role_from_body),
    fault("admin-may-invite-owners", "S18",
          "Admins may invite people as owners (only owners and the primary owner may).",
          may_invite=admins_invite_owners_too),
    fault("admin-may-change-member-roles", "S18",
          "Admins may change members' roles and remove members.",
          may_change_member_roles=owners_and_admins),
    fault("primary-owner-demotable", "S18",
          "The primary owner's role can be changed: the organization is left without "
          "a primary owner.",
          role_changeable=any_role_changeable),
    fault("primary-owner-removable", "S18",
          "The primary owner can be removed from the organization.",
          removable=anyone_removable),
    fault("ownership-transfer-keeps-old-primary", "S18",
          "An ownership transfer makes the new primary owner but leaves the old one "
          "primary owner too: two primary owners.",
          role_after_handing_on=stays_primary_owner),
)
