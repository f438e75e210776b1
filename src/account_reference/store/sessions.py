"""Sessions: a hashed bearer token, its identity and its current account."""

from __future__ import annotations

from .database import Row, Store


def by_token_hash(store: Store, token_hash: str) -> Row | None:
    """The session with this token hash, with its identity's email, domain and name."""
    return store.one(
        "SELECT s.token_hash, s.identity_id, s.current_account_id, i.email, i.email_domain,"
        " i.name FROM sessions s JOIN identities i ON i.id = s.identity_id"
        " WHERE s.token_hash = ?", (token_hash,))


def start(store: Store, token_hash: str, identity_id: str, current_account_id: str | None) -> None:
    """Store a new session."""
    store.run("INSERT INTO sessions (token_hash, identity_id, current_account_id)"
              " VALUES (?, ?, ?)", (token_hash, identity_id, current_account_id))


def current_account_id(store: Store, token_hash: str) -> str | None:
    """The session's current account id (None without one or without the session)."""
    row = store.one("SELECT current_account_id FROM sessions WHERE token_hash = ?",
                    (token_hash,))
    return None if row is None else row["current_account_id"]


def set_current(store: Store, token_hash: str, account_id: str | None) -> None:
    """Make ``account_id`` the session's current account."""
    store.run("UPDATE sessions SET current_account_id = ? WHERE token_hash = ?",
              (account_id, token_hash))


def on_account(store: Store, account_id: str) -> list[Row]:
    """The sessions (token hash, identity) whose current account is ``account_id``."""
    return store.all("SELECT token_hash, identity_id FROM sessions"
                     " WHERE current_account_id = ?", (account_id,))


def move_current(store: Store, from_account_id: str, to_account_id: str | None,
                 identity_id: str | None = None) -> None:
    """Sessions on one account move to another (only the identity's, when given)."""
    if identity_id is None:
        store.run("UPDATE sessions SET current_account_id = ? WHERE current_account_id = ?",
                  (to_account_id, from_account_id))
    else:
        store.run("UPDATE sessions SET current_account_id = ? WHERE current_account_id = ?"
                  " AND identity_id = ?", (to_account_id, from_account_id, identity_id))


def end_on_account(store: Store, account_id: str) -> None:
    """Delete the sessions whose current account is ``account_id``."""
    store.run("DELETE FROM sessions WHERE current_account_id = ?", (account_id,))
