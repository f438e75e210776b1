"""The SQLite database: one connection, the schema, transactions and small query helpers.

All access happens on the event loop thread (every endpoint is ``async def`` and never
awaits while it talks to the database), so one connection needs no lock. Every change
runs in ``with store.tx():`` and is committed before the response is sent.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS identities (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, email TEXT NOT NULL,
    email_lc TEXT NOT NULL UNIQUE, email_domain TEXT NOT NULL, name TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_identities_domain ON identities(email_domain);
CREATE TABLE IF NOT EXISTS organizations (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    plan TEXT NOT NULL, created_at TEXT NOT NULL,
    sso_idp_entity_id TEXT, sso_enabled INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS accounts (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, identity_id TEXT NOT NULL,
    kind TEXT NOT NULL, plan TEXT NOT NULL, subscription TEXT NOT NULL,
    organization_id TEXT, role TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS ux_accounts_individual
    ON accounts(identity_id) WHERE kind = 'individual';
CREATE UNIQUE INDEX IF NOT EXISTS ux_accounts_member
    ON accounts(organization_id, identity_id) WHERE organization_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_accounts_identity ON accounts(identity_id);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY, identity_id TEXT NOT NULL, current_account_id TEXT);
CREATE INDEX IF NOT EXISTS ix_sessions_identity ON sessions(identity_id);
CREATE INDEX IF NOT EXISTS ix_sessions_current ON sessions(current_account_id);
CREATE TABLE IF NOT EXISTS items (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    account_id TEXT NOT NULL, label TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_items_account ON items(account_id, kind);
CREATE TABLE IF NOT EXISTS invitations (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, organization_id TEXT NOT NULL,
    email TEXT NOT NULL, email_lc TEXT NOT NULL, role TEXT NOT NULL, status TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_invitations_email ON invitations(email_lc, status);
CREATE INDEX IF NOT EXISTS ix_invitations_org ON invitations(organization_id);
CREATE TABLE IF NOT EXISTS domains (
    seq INTEGER PRIMARY KEY, organization_id TEXT NOT NULL, domain TEXT NOT NULL,
    status TEXT NOT NULL, token TEXT NOT NULL,
    restrict_to_members INTEGER NOT NULL DEFAULT 0,
    block_individual_signups INTEGER NOT NULL DEFAULT 0,
    UNIQUE (organization_id, domain));
CREATE INDEX IF NOT EXISTS ix_domains_domain ON domains(domain, status);
CREATE TABLE IF NOT EXISTS dns_txt (name TEXT PRIMARY KEY, txt_values TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS public_email_domains (domain TEXT PRIMARY KEY);
"""

Row = sqlite3.Row


def new_id(prefix: str) -> str:
    """An opaque random id with a short readable prefix, e.g. ``acc_…``."""
    return f"{prefix}_{secrets.token_urlsafe(12)}"


def new_token() -> str:
    """A fresh bearer token (32 random bytes, urlsafe)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The stored form of a bearer token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def now() -> str:
    """The current UTC time as an RFC 3339 timestamp."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Store:
    """The service's database: a single SQLite connection in autocommit mode."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path or ":memory:"
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=OFF")
        self.conn.executescript(SCHEMA)
        self._depth = 0

    @contextmanager
    def tx(self) -> Iterator[None]:
        """A transaction: committed on success, rolled back on any exception (nestable)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a query, or None."""
        return self.conn.execute(sql, params).fetchone()

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """All rows of a query."""
        return self.conn.execute(sql, params).fetchall()

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Execute a statement; the number of rows it changed."""
        return self.conn.execute(sql, params).rowcount

    def meta(self, key: str, default_factory: Any) -> str:
        """A value from the meta table, created with ``default_factory()`` the first time."""
        row = self.one("SELECT value FROM meta WHERE key = ?", (key,))
        if row is not None:
            return str(row["value"])
        value = str(default_factory())
        with self.tx():
            self.run("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))
        return value

    def signing_key(self) -> bytes:
        """The HMAC key, generated once and kept in the database."""
        return bytes.fromhex(self.meta("signing_key", lambda: secrets.token_hex(32)))

    def close(self) -> None:
        """Close the connection (checkpoints the WAL of a file database)."""
        self.conn.close()
