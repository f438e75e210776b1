"""Accounts: reading them with their organization and restriction status, creating them,
choosing a session's current account, and guarding data requests (S01, S06, S09, S15)."""

from __future__ import annotations

from typing import Any

from .auth import Session
from .faults import FaultSet
from .problems import Refusal
from .store import Row, Store, new_id
from .validation import initials

FEATURES: dict[str, list[str]] = {
    "individual": ["conversations", "projects"],
    "team": ["conversations", "projects", "member_list"],
    "enterprise": ["conversations", "projects", "member_list", "sso", "domain_verification"],
}

ACCOUNT_SELECT = (
    "SELECT a.id, a.identity_id, a.kind, a.plan, a.subscription, a.organization_id, a.role,"
    " i.email, o.name AS org_name, o.plan AS org_plan,"
    " (a.id IN (SELECT account_id FROM temp.restricted_accounts)) AS restricted"
    " FROM accounts a JOIN identities i ON i.id = a.identity_id"
    " LEFT JOIN organizations o ON o.id = a.organization_id"
)


def install_restriction_rule(store: Store, faults: FaultSet) -> None:
    """Define the ``restricted_accounts`` view ``ACCOUNT_SELECT`` reads (S15, S17).

    An individual account is restricted while a verified domain equal to its email's
    domain has ``restrict_to_members`` on.
    """
    match = "i.email_domain = d.domain"
    if faults.on("restriction-covers-subdomains"):
        match += " OR i.email_domain LIKE '%.' || d.domain"
    setting = "d.restrict_to_members = 1"
    if faults.on("signup-block-hits-existing-accounts"):
        setting += " OR d.block_individual_signups = 1"
    kinds = "('individual', 'organization')" if faults.on(
        "restriction-hits-members") else "('individual')"
    store.conn.executescript(
        "DROP VIEW IF EXISTS temp.restricted_accounts;"
        " CREATE TEMP VIEW restricted_accounts AS SELECT DISTINCT a.id AS account_id"
        " FROM domains d JOIN identities i ON " + f"({match})"
        " JOIN accounts a ON a.identity_id = i.id"
        f" WHERE d.status = 'verified' AND ({setting}) AND a.kind IN {kinds};")


def account_view(row: Row, current_account_id: str | None) -> dict[str, Any]:
    """The contract's Account object for an ``ACCOUNT_SELECT`` row."""
    individual = row["kind"] == "individual"
    return {
        "id": row["id"],
        "kind": row["kind"],
        "plan": row["plan"],
        "email": row["email"],
        "subscription": row["subscription"],
        "organization": None if individual else {
            "id": row["organization_id"], "name": row["org_name"], "plan": row["org_plan"]},
        "role": row["role"],
        "current": row["id"] == current_account_id,
        "status": "restricted" if row["restricted"] else "active",
        "features": list(FEATURES["individual" if individual else row["plan"]]),
    }


def get_account(store: Store, account_id: str) -> Row | None:
    """Any account by id."""
    return store.one(f"{ACCOUNT_SELECT} WHERE a.id = ?", (account_id,))


def own_account(store: Store, identity_id: str, account_id: str) -> Row | None:
    """The identity's account with this id, or None (also when it is someone else's)."""
    return store.one(f"{ACCOUNT_SELECT} WHERE a.id = ? AND a.identity_id = ?",
                     (account_id, identity_id))


def accounts_of(store: Store, identity_id: str) -> list[Row]:
    """All accounts of an identity, oldest first."""
    return store.all(f"{ACCOUNT_SELECT} WHERE a.identity_id = ? ORDER BY a.seq", (identity_id,))


def individual_account(store: Store, identity_id: str) -> Row | None:
    """The identity's individual account, if it has one."""
    return store.one(f"{ACCOUNT_SELECT} WHERE a.identity_id = ? AND a.kind = 'individual'",
                     (identity_id,))


def default_current(store: Store, identity_id: str) -> str | None:
    """A new session's current account: the individual one unless restricted, else the
    oldest organization account, else the (restricted) individual one, else none."""
    rows = accounts_of(store, identity_id)
    individual = next((r for r in rows if r["kind"] == "individual"), None)
    if individual is not None and not individual["restricted"]:
        return str(individual["id"])
    organization = next((r for r in rows if r["kind"] == "organization"), None)
    if organization is not None:
        return str(organization["id"])
    return None if individual is None else str(individual["id"])


def create_account(store: Store, identity_id: str, *, kind: str, plan: str,
                   organization_id: str | None = None, role: str | None = None) -> str:
    """Insert an account; sessions of the identity without a current account get it."""
    account_id = new_id("acc")
    subscription = "active" if plan in ("pro", "max") else "none"
    store.run("INSERT INTO accounts (id, identity_id, kind, plan, subscription,"
              " organization_id, role) VALUES (?, ?, ?, ?, ?, ?, ?)",
              (account_id, identity_id, kind, plan, subscription, organization_id, role))
    store.run("UPDATE sessions SET current_account_id = ?"
              " WHERE identity_id = ? AND current_account_id IS NULL",
              (account_id, identity_id))
    return account_id


def domain_setting_on(store: Store, domain: str, setting: str) -> bool:
    """Whether a verified domain has ``setting`` (a column name) switched on."""
    assert setting in ("restrict_to_members", "block_individual_signups")
    return store.one(f"SELECT 1 FROM domains WHERE domain = ? AND status = 'verified'"
                     f" AND {setting} = 1 LIMIT 1", (domain,)) is not None


def data_account(store: Store, session: Session, faults: FaultSet) -> Row:
    """The account a data request acts on: 409 without one, 403 while it is restricted."""
    row = None
    if session.current_account_id is not None:
        row = get_account(store, session.current_account_id)
    if row is None:
        raise Refusal(409, "no_current_account",
                      "This session has no current account; create or switch to one.")
    if row["restricted"] and not faults.on("restriction-not-enforced"):
        raise Refusal(403, "domain_restricted",
                      f"Individual accounts at {session.email_domain} are restricted to "
                      "members of the organization that verified the domain.")
    return row


def identity_view(identity_id: str, email: str, name: str) -> dict[str, str]:
    """The contract's Identity object."""
    return {"id": identity_id, "email": email, "name": name, "initials": initials(name)}
