"""Faults against cancelling and deleting the individual account (S12)."""

from __future__ import annotations

from .. import rules
from ..accounts import Account
from ..store import Store
from ..store import accounts as stored_accounts
from ..store import items as stored_items
from .fault import fault


def always_deletable(account: Account) -> bool:
    """Deletable, also with an active paid subscription."""
    return True


def remove_with_organization_accounts(store: Store, identity_id: str, account_id: str) -> None:
    """Remove the individual account and every organization account of the identity."""
    rules.remove_individual(store, identity_id, account_id)
    stored_accounts.delete_organization_accounts_of(store, identity_id)


def keep_sessions(store: Store, account_id: str) -> None:
    """Sessions on the deleted account keep working."""


def tombstone(identity_id: str) -> str:
    """Where a deleted individual account's items are kept."""
    return f"deleted:{identity_id}"


def keep_items_aside(store: Store, identity_id: str, account_id: str) -> None:
    """Keep the deleted account's items under the identity's tombstone."""
    stored_items.move(store, account_id, tombstone(identity_id))


def create_restoring_items(store: Store, identity_id: str, plan: str) -> str:
    """Create the individual account and give it the items kept at the tombstone."""
    account_id = rules.create_individual(store, identity_id, plan)
    stored_items.move(store, tombstone(identity_id), account_id)
    return account_id


FAULTS = (
    # -- S12: cancel and delete the individual account -------------------------------------
    fault("delete-with-active-subscription", "S12",
          "The individual account can be deleted while its paid subscription is still "
          "active.",
          may_delete_individual=always_deletable),
    fault("delete-removes-org-accounts", "S12",
          "Deleting the individual account also removes the identity's organization "
          "accounts (their memberships).",
          remove_individual=remove_with_organization_accounts),
    fault("delete-keeps-sessions", "S12",
          "Sessions whose current account was the deleted individual account keep "
          "working.",
          end_sessions_on_deleted=keep_sessions),
    fault("resignup-restores-items", "S12",
          "Deleting the individual account keeps its conversations and projects; "
          "signing up again brings them back into the new account.",
          drop_individual_data=keep_items_aside, create_individual=create_restoring_items),
)
