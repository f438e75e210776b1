"""Accounts: an identity's individual account and its organization accounts."""

from __future__ import annotations

from .database import Row, Store, new_id

ACCOUNT_SELECT = (
    "SELECT a.id, a.identity_id, a.kind, a.plan, a.subscription, a.organization_id, a.role,"
    " i.email, i.email_domain, o.name AS org_name, o.plan AS org_plan"
    " FROM accounts a JOIN identities i ON i.id = a.identity_id"
    " LEFT JOIN organizations o ON o.id = a.organization_id"
)
"""An account with its identity's email and its organization's name and plan."""


def by_id(store: Store, account_id: str) -> Row | None:
    """Any account by id."""
    return store.one(f"{ACCOUNT_SELECT} WHERE a.id = ?", (account_id,))


def own(store: Store, identity_id: str, account_id: str) -> Row | None:
    """The identity's account with this id, or None (also when it is someone else's)."""
    return store.one(f"{ACCOUNT_SELECT} WHERE a.id = ? AND a.identity_id = ?",
                     (account_id, identity_id))


def of_identity(store: Store, identity_id: str) -> list[Row]:
    """All accounts of an identity, oldest first."""
    return store.all(f"{ACCOUNT_SELECT} WHERE a.identity_id = ? ORDER BY a.seq", (identity_id,))


def individual_of(store: Store, identity_id: str) -> Row | None:
    """The identity's individual account, if it has one."""
    return store.one(f"{ACCOUNT_SELECT} WHERE a.identity_id = ? AND a.kind = 'individual'",
                     (identity_id,))


def member_by_email(store: Store, email: str, organization_id: str) -> Row | None:
    """The organization account of the identity with this email (any case), or None."""
    return store.one(f"{ACCOUNT_SELECT} WHERE i.email_lc = ? AND a.organization_id = ?",
                     (email.lower(), organization_id))


def is_individual_of(store: Store, account_id: str, identity_id: str) -> bool:
    """Whether ``account_id`` is the identity's individual account."""
    return store.one("SELECT 1 FROM accounts WHERE id = ? AND identity_id = ?"
                     " AND kind = 'individual'", (account_id, identity_id)) is not None


def is_member(store: Store, organization_id: str, identity_id: str) -> bool:
    """Whether the identity has an account in the organization."""
    return store.one("SELECT 1 FROM accounts WHERE organization_id = ? AND identity_id = ?",
                     (organization_id, identity_id)) is not None


def create(store: Store, identity_id: str, *, kind: str, plan: str,
           organization_id: str | None = None, role: str | None = None) -> str:
    """Insert an account (paid plans are ``active``, others ``none``); its id. Sessions of
    the identity without a current account get it."""
    account_id = new_id("acc")
    subscription = "active" if plan in ("pro", "max") else "none"
    store.run("INSERT INTO accounts (id, identity_id, kind, plan, subscription,"
              " organization_id, role) VALUES (?, ?, ?, ?, ?, ?, ?)",
              (account_id, identity_id, kind, plan, subscription, organization_id, role))
    store.run("UPDATE sessions SET current_account_id = ?"
              " WHERE identity_id = ? AND current_account_id IS NULL",
              (account_id, identity_id))
    return account_id


def set_plan(store: Store, account_id: str, plan: str) -> None:
    """Set the plan; paid plans become ``active``, Free ``none``."""
    subscription = "active" if plan in ("pro", "max") else "none"
    store.run("UPDATE accounts SET plan = ?, subscription = ? WHERE id = ?",
              (plan, subscription, account_id))


def activate_organization_subscriptions(store: Store, identity_id: str) -> None:
    """Mark the identity's organization accounts' subscriptions active."""
    store.run("UPDATE accounts SET subscription = 'active' WHERE identity_id = ?"
              " AND kind = 'organization'", (identity_id,))


def cancel_subscription(store: Store, account_id: str) -> None:
    """Mark the account's subscription cancelled."""
    store.run("UPDATE accounts SET subscription = 'cancelled' WHERE id = ?", (account_id,))


def convert_to_member(store: Store, account_id: str, *, plan: str, organization_id: str,
                      role: str) -> None:
    """Turn an account into an organization account with ``role``."""
    store.run("UPDATE accounts SET kind = 'organization', plan = ?, subscription ="
              " 'none', organization_id = ?, role = ? WHERE id = ?",
              (plan, organization_id, role, account_id))


def set_role(store: Store, account_id: str, role: str) -> None:
    """Give an organization account another role."""
    store.run("UPDATE accounts SET role = ? WHERE id = ?", (role, account_id))


def delete(store: Store, account_id: str) -> None:
    """Delete one account (its items and sessions are the caller's business)."""
    store.run("DELETE FROM accounts WHERE id = ?", (account_id,))


def delete_organization_accounts_of(store: Store, identity_id: str) -> None:
    """Delete every organization account of the identity."""
    store.run("DELETE FROM accounts WHERE identity_id = ? AND kind = 'organization'",
              (identity_id,))
