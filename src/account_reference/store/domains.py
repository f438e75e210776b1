"""Domains of organizations, the DNS resolver's TXT records and public email domains."""

from __future__ import annotations

import json

from .database import Row, Store

SETTINGS = ("restrict_to_members", "block_individual_signups")


def of_organization(store: Store, organization_id: str) -> list[Row]:
    """The organization's domains, oldest first."""
    return store.all("SELECT * FROM domains WHERE organization_id = ? ORDER BY seq",
                     (organization_id,))


def one(store: Store, organization_id: str, domain: str) -> Row | None:
    """One domain of the organization, or None."""
    return store.one("SELECT * FROM domains WHERE organization_id = ? AND domain = ?",
                     (organization_id, domain))


def add(store: Store, organization_id: str, domain: str, status: str, token: str) -> None:
    """Insert a domain with its status and verification token."""
    store.run("INSERT INTO domains (organization_id, domain, status, token) VALUES (?, ?, ?, ?)",
              (organization_id, domain, status, token))


def verified_elsewhere(store: Store, domain: str, organization_id: str) -> bool:
    """Whether another organization has verified ``domain``."""
    return store.one("SELECT 1 FROM domains WHERE domain = ? AND status = 'verified'"
                     " AND organization_id != ?", (domain, organization_id)) is not None


def set_status(store: Store, seq: int, status: str) -> None:
    """Store a domain's verification status."""
    store.run("UPDATE domains SET status = ? WHERE seq = ?", (status, seq))


def set_settings(store: Store, seq: int, changes: dict[str, int]) -> None:
    """Store some of a domain's settings (``SETTINGS`` names, 0 or 1)."""
    assert changes and set(changes) <= set(SETTINGS)
    assignments = ", ".join(f"{key} = ?" for key in changes)
    store.run(f"UPDATE domains SET {assignments} WHERE seq = ?", (*changes.values(), seq))


def setting_on(store: Store, domain: str, setting: str) -> bool:
    """Whether a verified domain has ``setting`` (one of ``SETTINGS``) switched on."""
    assert setting in SETTINGS
    return store.one(f"SELECT 1 FROM domains WHERE domain = ? AND status = 'verified'"
                     f" AND {setting} = 1 LIMIT 1", (domain,)) is not None


def restricts_identity(store: Store, identity_id: str) -> bool:
    """Whether a verified domain equal to the identity's email domain restricts to members."""
    return store.one(
        "SELECT 1 FROM domains d JOIN identities i ON i.email_domain = d.domain"
        " WHERE i.id = ? AND d.status = 'verified' AND d.restrict_to_members = 1",
        (identity_id,)) is not None


def switched_on_at_or_above(store: Store, email_domain: str) -> list[Row]:
    """The verified domains with a setting on that are ``email_domain`` or a parent of it."""
    labels = email_domain.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels))]
    marks = ", ".join("?" for _ in candidates)
    return store.all(
        "SELECT domain, restrict_to_members, block_individual_signups FROM domains"
        f" WHERE domain IN ({marks}) AND status = 'verified'"
        " AND (restrict_to_members = 1 OR block_individual_signups = 1)", candidates)


def txt_values(store: Store, name: str) -> list[str]:
    """The TXT values the resolver returns for a DNS name ([] without a record)."""
    row = store.one("SELECT txt_values FROM dns_txt WHERE name = ?", (name,))
    return list(json.loads(row["txt_values"])) if row else []


def publish_txt(store: Store, name: str, values: list[str]) -> None:
    """Replace the TXT values of a name (an empty list removes them all)."""
    if values:
        store.run("INSERT INTO dns_txt (name, txt_values) VALUES (?, ?) ON CONFLICT"
                  " (name) DO UPDATE SET txt_values = excluded.txt_values",
                  (name, json.dumps(values)))
    else:
        store.run("DELETE FROM dns_txt WHERE name = ?", (name,))


def registered_public(store: Store, domain: str) -> bool:
    """Whether ``domain`` was registered as a public email provider."""
    return store.one("SELECT 1 FROM public_email_domains WHERE domain = ?",
                     (domain,)) is not None


def register_public(store: Store, domain: str) -> None:
    """Treat ``domain`` as a public email provider from now on."""
    store.run("INSERT OR IGNORE INTO public_email_domains (domain) VALUES (?)", (domain,))
