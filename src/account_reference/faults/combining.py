"""Faults against "no migration, no merge; joining gives a new account" (S03–S05)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .. import rules
from ..accounts import Account, account_view, default_current, get_account
from ..problems import Refusal
from ..rules import Service
from ..store import Row, Store
from ..store import accounts as stored_accounts
from ..store import invitations as stored_invitations
from ..store import items as stored_items
from ..store import sessions as stored_sessions
from .fault import fault

if TYPE_CHECKING:
    from ..auth import Session

Merge = Callable[["Service", "Session", Account, Account], dict[str, Any]]


def accept_migration(service: Service, session: Session, account: Account,
                     organization: Row) -> dict[str, Any]:
    """Convert the account into a member of the organization (a member: their account)."""
    store = service.store
    member_id = organization["member_account_id"]
    if member_id is None:
        member_id = account["id"]
        with store.tx():
            stored_accounts.convert_to_member(store, member_id, plan=organization["plan"],
                                              organization_id=organization["id"],
                                              role="member")
            stored_invitations.mark_accepted(store, organization["invitation_id"])
    member = get_account(service, member_id)
    assert member is not None
    return account_view(member, session.current_account_id)


def _only_invited(organization: Row) -> bool:
    return bool(organization["invitation_id"]) and not organization["member_account_id"]


def consume_invitation_then_refuse(service: Service, session: Session, account: Account,
                                   organization: Row) -> dict[str, Any]:
    """Mark the pending invitation accepted (committed), then refuse correctly."""
    if _only_invited(organization):
        with service.store.tx():
            stored_invitations.mark_accepted(service.store, organization["invitation_id"])
    return rules.migrate_account(service, session, account, organization)


def add_member_then_refuse(service: Service, session: Session, account: Account,
                           organization: Row) -> dict[str, Any]:
    """Add a member account (committed), then refuse correctly."""
    if _only_invited(organization):
        with service.store.tx():
            stored_accounts.create(service.store, session.identity_id, kind="organization",
                                   plan=organization["plan"],
                                   organization_id=organization["id"], role="member")
    return rules.migrate_account(service, session, account, organization)


def convert_individual(store: Store, identity_id: str, individual: Account | None,
                       invitation: Row, role: str) -> str:
    """Turn the individual account (if any) into the organization account."""
    if individual is None:
        return rules.join_organization(store, identity_id, individual, invitation, role)
    stored_accounts.convert_to_member(store, individual["id"], plan=invitation["plan"],
                                      organization_id=invitation["organization_id"], role=role)
    return str(individual["id"])


def join_copying_individual_data(store: Store, identity_id: str, individual: Account | None,
                                 invitation: Row, role: str) -> str:
    """Join, then copy the individual account's items into the new account."""
    account_id = rules.join_organization(store, identity_id, individual, invitation, role)
    if individual is not None:
        stored_items.copy(store, individual["id"], account_id)
    return account_id


def accept_merge(service: Service, session: Session, source: Account,
                 target: Account) -> dict[str, Any]:
    """Move the source's items into the target; drop an individual source account."""
    store = service.store
    with store.tx():
        stored_items.move(store, source["id"], target["id"])
        if source["kind"] == "individual" and source["id"] != target["id"]:
            stored_accounts.delete(store, source["id"])
            stored_sessions.move_current(store, source["id"], target["id"],
                                         target["identity_id"])
            for row in stored_sessions.on_account(store, source["id"]):
                stored_sessions.set_current(store, row["token_hash"],
                                            default_current(service, row["identity_id"]))
    merged = get_account(service, target["id"])
    assert merged is not None
    return account_view(merged, stored_sessions.current_account_id(store, session.token_hash))


def accepted_when(accepted: Callable[[Account, Account], bool]) -> Merge:
    """A merge rule that accepts the merges ``accepted`` picks and refuses the others."""
    def merge(service: Service, session: Session, source: Account,
              target: Account) -> dict[str, Any]:
        if accepted(source, target):
            return accept_merge(service, session, source, target)
        return rules.merge_accounts(service, session, source, target)

    return merge


def refuse_with_wrong_code(service: Service, session: Session, source: Account,
                           target: Account) -> dict[str, Any]:
    """Refuse as ``422 invalid_request``, without the kinds."""
    raise Refusal("invalid_request", "These accounts cannot be merged.")


def move_items_then_refuse(service: Service, session: Session, source: Account,
                           target: Account) -> dict[str, Any]:
    """Move the source's items into the target (committed), then refuse correctly."""
    with service.store.tx():
        stored_items.move(service.store, source["id"], target["id"])
    return rules.merge_accounts(service, session, source, target)


def refuse_kinds_swapped(service: Service, session: Session, source: Account,
                         target: Account) -> dict[str, Any]:
    """Refuse correctly, but name the target's kind first."""
    raise Refusal("account_merge_unsupported",
                  f"A {source['kind']} account cannot be merged with a {target['kind']} "
                  "account; accounts are never combined.",
                  account_kinds=[target["kind"], source["kind"]])


FAULTS = (
    # -- S03: no migration; joining gives a new account ------------------------------------
    fault("migration-accepted", "S03",
          "A migration request is accepted: the individual account is converted into "
          "a member account of the organization (or, for a member, answered 200).",
          migrate_account=accept_migration),
    fault("migration-refusal-consumes-invitation", "S03",
          "The migration is refused with the right code, but the pending invitation "
          "is marked accepted first (a partial change).",
          migrate_account=consume_invitation_then_refuse),
    fault("migration-refusal-adds-member", "S03",
          "The migration is refused with the right code, but a new member account was "
          "already added to the organization (a partial change).",
          migrate_account=add_member_then_refuse),
    fault("invitation-converts-individual",
          "S01 S02 S03 S04 S05 S06 S07 S08 S09 S10 S11 S12",
          "Accepting an invitation converts the identity's individual account into the "
          "organization account instead of creating a new one; the email then holds "
          "one account, so separation, the account list, switching and deletion break "
          "too.",
          join_organization=convert_individual),
    fault("invitation-copies-individual-data", "S03 S04 S05",
          "Accepting an invitation copies the individual account's conversations and "
          "projects into the new organization account (the merge scenarios, which "
          "create data before joining, see it too).",
          join_organization=join_copying_individual_data),
    # -- S04, S05: no merge ----------------------------------------------------------------
    fault("merge-accepted", "S04 S05",
          "A merge request is accepted (200): the source individual account's "
          "conversations and projects move into the target account and the source "
          "individual account is removed.",
          merge_accounts=accept_merge),
    fault("merge-accepted-same-email", "S04 S05",
          "A merge is accepted when both accounts are on the same email address; "
          "refused (correctly) otherwise.",
          merge_accounts=accepted_when(
              lambda source, target: source["email"].lower() == target["email"].lower())),
    fault("merge-refused-wrong-code", "S04 S05",
          "A merge is refused, but as 422 invalid_request without the account kinds.",
          merge_accounts=refuse_with_wrong_code),
    fault("merge-refusal-moves-items", "S04 S05",
          "A merge is refused with the right code, but the source's conversations and "
          "projects were already moved into the target (a partial change).",
          merge_accounts=move_items_then_refuse),
    fault("merge-org-to-individual-accepted", "S05",
          "A merge of an organization account into an individual account is accepted; "
          "the other direction is refused correctly.",
          merge_accounts=accepted_when(lambda source, target: (
              source["kind"], target["kind"]) == ("organization", "individual"))),
    fault("merge-free-accepted", "S05",
          "A merge that involves a Free individual account is accepted; Pro and Max "
          "are refused correctly.",
          merge_accounts=accepted_when(
              lambda source, target: "free" in (source["plan"], target["plan"]))),
    fault("merge-kinds-swapped", "S05",
          "The merge refusal names the account kinds in the wrong order (target "
          "first).",
          merge_accounts=refuse_kinds_swapped),
)
