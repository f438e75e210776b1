"""Identities: people, known by email (case-insensitively)."""

from __future__ import annotations

from .database import Row, Store, new_id


def by_email(store: Store, email: str) -> Row | None:
    """The identity with this email (any case), or None."""
    return store.one("SELECT * FROM identities WHERE email_lc = ?", (email.lower(),))


def create(store: Store, email: str, email_domain: str, name: str) -> None:
    """Insert a new identity."""
    store.run("INSERT INTO identities (id, email, email_lc, email_domain, name)"
              " VALUES (?, ?, ?, ?, ?)", (new_id("idn"), email, email.lower(), email_domain, name))
