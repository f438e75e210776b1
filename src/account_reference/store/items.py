"""Items: conversations and projects (``items.kind``), each owned by one account."""

from __future__ import annotations

from typing import Any

from .database import Row, Store, new_id


def add(store: Store, item: dict[str, Any], kind: str) -> None:
    """Insert an item (``id``, ``account_id``, ``label``, ``created_at``) of ``kind``."""
    store.run("INSERT INTO items (id, kind, account_id, label, created_at)"
              " VALUES (?, ?, ?, ?, ?)",
              (item["id"], kind, item["account_id"], item["label"], item["created_at"]))


def of_account(store: Store, account_id: str, kind: str) -> list[Row]:
    """The account's items of ``kind``, oldest first."""
    return store.all("SELECT * FROM items WHERE account_id = ? AND kind = ? ORDER BY seq",
                     (account_id, kind))


def of_identity(store: Store, identity_id: str, kind: str) -> list[Row]:
    """The items of ``kind`` of every account of the identity, oldest first."""
    return store.all("SELECT * FROM items WHERE kind = ? AND account_id IN"
                     " (SELECT id FROM accounts WHERE identity_id = ?) ORDER BY seq",
                     (kind, identity_id))


def in_account(store: Store, item_id: str, kind: str, account_id: str) -> Row | None:
    """The item with this id and kind in the account, or None."""
    return store.one("SELECT * FROM items WHERE id = ? AND kind = ? AND account_id = ?",
                     (item_id, kind, account_id))


def by_id(store: Store, item_id: str, kind: str) -> Row | None:
    """The item with this id and kind in any account, or None."""
    return store.one("SELECT * FROM items WHERE id = ? AND kind = ?", (item_id, kind))


def delete(store: Store, item_id: str) -> None:
    """Delete one item."""
    store.run("DELETE FROM items WHERE id = ?", (item_id,))


def delete_of_account(store: Store, account_id: str) -> None:
    """Delete every item of the account."""
    store.run("DELETE FROM items WHERE account_id = ?", (account_id,))


def delete_of_individual_accounts_at(store: Store, email_domain: str) -> None:
    """Delete the items of the individual accounts whose email domain is ``email_domain``."""
    store.run("DELETE FROM items WHERE account_id IN (SELECT a.id FROM accounts a"
              " JOIN identities i ON i.id = a.identity_id"
              " WHERE a.kind = 'individual' AND i.email_domain = ?)", (email_domain,))


def move(store: Store, from_account_id: str, to_account_id: str) -> None:
    """Hand every item of one account (or holder) to another."""
    store.run("UPDATE items SET account_id = ? WHERE account_id = ?",
              (to_account_id, from_account_id))


def copy(store: Store, from_account_id: str, to_account_id: str) -> None:
    """Copy every item of one account into another (new ids, same labels and times)."""
    for row in store.all("SELECT * FROM items WHERE account_id = ? ORDER BY seq",
                         (from_account_id,)):
        prefix = row["id"].partition("_")[0]
        add(store, {"id": new_id(prefix), "account_id": to_account_id, "label": row["label"],
                    "created_at": row["created_at"]}, row["kind"])
