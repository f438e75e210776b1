"""Organizations, their members and their SSO settings."""

from __future__ import annotations

from typing import Any

from .database import Row, Store

_MEMBER = ("SELECT a.id AS account_id, a.identity_id, i.email, i.name, a.role FROM accounts a"
           " JOIN identities i ON i.id = a.identity_id")


def create(store: Store, organization: dict[str, Any]) -> None:
    """Insert an organization (``id``, ``name``, ``plan``, ``created_at``)."""
    store.run("INSERT INTO organizations (id, name, plan, created_at) VALUES (?, ?, ?, ?)",
              (organization["id"], organization["name"], organization["plan"],
               organization["created_at"]))


def membership(store: Store, identity_id: str, organization_id: str) -> Row | None:
    """The organization with the identity's ``account_id`` and ``role`` in it, or None."""
    return store.one(
        "SELECT o.id, o.name, o.plan, o.created_at, o.sso_idp_entity_id, o.sso_enabled,"
        " a.id AS account_id, a.role FROM organizations o"
        " JOIN accounts a ON a.organization_id = o.id AND a.identity_id = ?"
        " WHERE o.id = ?", (identity_id, organization_id))


def as_outsider(store: Store, organization_id: str) -> Row | None:
    """The organization as ``membership`` shows it, for someone with no account in it."""
    return store.one(
        "SELECT o.id, o.name, o.plan, o.created_at, o.sso_idp_entity_id, o.sso_enabled,"
        " NULL AS account_id, 'member' AS role FROM organizations o WHERE o.id = ?",
        (organization_id,))


def exists(store: Store, organization_id: str) -> bool:
    """Whether an organization with this id exists."""
    return store.one("SELECT 1 FROM organizations WHERE id = ?",
                     (organization_id,)) is not None


def sso_enabled(store: Store, organization_id: str) -> bool | None:
    """Whether SSO is enabled for the organization (None: no such organization)."""
    row = store.one("SELECT sso_enabled FROM organizations WHERE id = ?", (organization_id,))
    return None if row is None else bool(row["sso_enabled"])


def set_sso(store: Store, organization_id: str, idp_entity_id: str | None,
            enabled: bool) -> None:
    """Store the organization's SSO settings."""
    store.run("UPDATE organizations SET sso_idp_entity_id = ?, sso_enabled = ? WHERE id = ?",
              (idp_entity_id, int(enabled), organization_id))


def members(store: Store, organization_id: str) -> list[Row]:
    """The organization's member accounts (account id, email, name, role), oldest first."""
    return store.all("SELECT a.id AS account_id, i.email, i.name, a.role FROM accounts a"
                     " JOIN identities i ON i.id = a.identity_id"
                     " WHERE a.organization_id = ? ORDER BY a.seq", (organization_id,))


def member(store: Store, organization_id: str, account_id: str) -> Row | None:
    """One member account of the organization (with its identity id), or None."""
    return store.one(f"{_MEMBER} WHERE a.id = ? AND a.organization_id = ?",
                     (account_id, organization_id))


def migration_target(store: Store, identity_id: str, email: str,
                     organization_id: str) -> Row | None:
    """The organization with the identity's member account and oldest pending invitation
    (``member_account_id``, ``invitation_id``; either may be None), or None."""
    return store.one(
        "SELECT o.id, o.plan, (SELECT a.id FROM accounts a WHERE a.organization_id = o.id"
        "  AND a.identity_id = ?) AS member_account_id,"
        " (SELECT v.id FROM invitations v WHERE v.organization_id = o.id"
        "  AND v.email_lc = ? AND v.status = 'pending' ORDER BY v.seq LIMIT 1) AS invitation_id"
        " FROM organizations o WHERE o.id = ?",
        (identity_id, email.lower(), organization_id))
