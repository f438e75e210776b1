"""Faults against separation (S01, S11) and the different features (S02)."""

from __future__ import annotations

from collections.abc import Callable

from .. import rules
from ..problems import Refusal, not_found
from ..rules import Account, Sent
from ..store import Row, Store
from ..store import accounts as stored_accounts
from ..store import items as stored_items
from ..store import organizations as stored_organizations
from .fault import fault


def items_of_whole_identity(store: Store, identity_id: str, account_id: str,
                            kind: str) -> list[Row]:
    """The items of every account of the identity."""
    return stored_items.of_identity(store, identity_id, kind)


def item_in_any_account(store: Store, account_id: str, kind: str, item_id: str) -> Row | None:
    """The item with this id, whichever account holds it."""
    return stored_items.by_id(store, item_id, kind)


def plan_change_activating_organizations(store: Store, identity_id: str, account_id: str,
                                         plan: str) -> None:
    """The plan change, and an active subscription for every organization account too."""
    rules.change_individual_plan(store, identity_id, account_id, plan)
    stored_accounts.activate_organization_subscriptions(store, identity_id)


def foreign_item_forbidden(store: Store, kind: str, item_id: str, what: str) -> Refusal:
    """403 for an item that exists in another account (revealing it), else 404."""
    if stored_items.by_id(store, item_id, kind) is not None:
        return Refusal("insufficient_role", f"{what} belongs to another account.")
    return not_found(what)


def own_or_anyones(own: Account | None,
                   anyone: Callable[[], Account | None]) -> Account | None:
    """The identity's own account, else whoever's account has the id."""
    return own if own is not None else anyone()


def outsider_reads_as_member(store: Store, organization_id: str) -> Row | None:
    """Someone outside the organization reads it as if they were a member."""
    return stored_organizations.as_outsider(store, organization_id)


def organization_read_needs_no_session(route_name: str) -> bool:
    """Reading an organization (``get_organization``) skips the session check."""
    return route_name != "get_organization"


def plan_from_body(sent: Sent) -> str:
    """The plan a field of the body names, else Free."""
    plan = sent.get("plan")
    return plan if plan in ("free", "pro", "max") else "free"


def always_team(plan: str) -> str:
    """Every organization plan shown as team."""
    return "team"


def individual_account_id_lists_nobody(store: Store, identity_id: str,
                                       organization_id: str) -> bool:
    """The member list of the caller's individual account id: answered empty."""
    return stored_accounts.is_individual_of(store, organization_id, identity_id)


FAULTS = (
    # -- S01, S11: each account keeps its own conversations and projects -------------------
    fault("items-listed-for-identity", "S01 S03 S04 S05 S11",
          "Listing conversations or projects returns those of every account of the "
          "identity, not only the current account's.",
          listed_items=items_of_whole_identity),
    fault("item-fetch-ignores-account", "S11",
          "Opening a conversation or project by id finds it in any account, not only "
          "in the current one.",
          item_to_read=item_in_any_account),
    fault("item-delete-ignores-account", "S11",
          "Deleting a conversation or project by id deletes it in any account, not "
          "only in the current one.",
          item_to_delete=item_in_any_account),
    fault("plan-change-touches-org-accounts", "S01",
          "Changing the individual plan also gives the identity's organization "
          "accounts an active subscription.",
          change_individual_plan=plan_change_activating_organizations),
    fault("foreign-item-refused-as-forbidden", "S11",
          "Opening or deleting a conversation or project of another account by id is "
          "refused with 403 insufficient_role instead of not_found, revealing that it "
          "exists.",
          missing_item=foreign_item_forbidden),
    fault("account-fetch-ignores-identity", "S01",
          "Reading an account by id answers for any account, also another person's.",
          readable_account=own_or_anyones),
    fault("outsider-may-read-organization", "S01",
          "Someone outside an organization can read its member list, domains and SSO "
          "settings.",
          outsider_view=outsider_reads_as_member),
    fault("organization-read-without-session", "S01 S12",
          "Reading an organization skips the session check: without a valid token the "
          "answer is 404 not_found instead of 401 unauthenticated.",
          session_required=organization_read_needs_no_session),
    fault("signup-takes-plan-from-body", "S02",
          "Individual sign-up takes the plan from a field sent along in the request "
          "body: a paid plan with an active subscription, without billing.",
          signup_plan=plan_from_body),
    # -- S02: different features -----------------------------------------------------------
    fault("organization-plan-reported-as-team", "S02",
          "Fetching one organization account reports its organization's plan as team, "
          "also for an Enterprise organization.",
          organization_plan_shown=always_team),
    fault("member-list-of-individual-account-empty", "S02",
          "The member list asked for with an individual account's id answers an empty "
          "list instead of not found.",
          member_list_answered_empty=individual_account_id_lists_nobody),
)
