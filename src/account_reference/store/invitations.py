"""Invitations: an email invited into an organization with a role."""

from __future__ import annotations

from .database import Row, Store


def create(store: Store, invitation_id: str, organization_id: str, email: str,
           role: str) -> None:
    """Insert a pending invitation."""
    store.run("INSERT INTO invitations (id, organization_id, email, email_lc, role, status)"
              " VALUES (?, ?, ?, ?, ?, 'pending')",
              (invitation_id, organization_id, email, email.lower(), role))


def pending_for(store: Store, email: str) -> list[Row]:
    """The pending invitations for an email (any case), oldest first."""
    return store.all("SELECT * FROM invitations WHERE email_lc = ? AND status = 'pending'"
                     " ORDER BY seq", (email.lower(),))


def every_pending(store: Store) -> list[Row]:
    """Every pending invitation of the service, oldest first (only a fault lists these)."""
    return store.all("SELECT * FROM invitations WHERE status = 'pending' ORDER BY seq")


def for_email(store: Store, invitation_id: str, email: str) -> Row | None:
    """The invitation with this id for this email, with its organization's ``plan``."""
    return store.one(
        "SELECT v.*, o.plan FROM invitations v JOIN organizations o ON o.id = v.organization_id"
        " WHERE v.id = ? AND v.email_lc = ?", (invitation_id, email.lower()))


def mark_accepted(store: Store, invitation_id: str) -> None:
    """Mark the invitation accepted."""
    store.run("UPDATE invitations SET status = 'accepted' WHERE id = ?", (invitation_id,))
