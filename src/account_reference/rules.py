"""The contract's decisions that a fault mode can change: one small function each.

Read from top to bottom, this module is the service's specification in code: every function
states one rule and names the statements (S01–S19) it serves. Routes never decide these
things themselves; they call ``service.rules.<name>(...)``.

``Rules`` collects the functions. A correct service uses ``Rules()``; a fault mode
(``faults/``) replaces one or more of them once, when the app is built
(``create_app(faults=...)``), so the normal path has no fault switch at all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .problems import Refusal, not_found
from .signing import Signer
from .store import Row, Store
from .store import accounts as stored_accounts
from .store import domains as stored_domains
from .store import invitations as stored_invitations
from .store import items as stored_items
from .store import sessions as stored_sessions
from .validation import initials

if TYPE_CHECKING:
    from .auth import Session

Account = dict[str, Any]
"""An account row with its ``restricted`` status (see ``accounts.py``)."""
Sent = Mapping[str, Any]
"""A request body's JSON object as sent, fields the body model ignores included."""

OWNERS = frozenset({"primary_owner", "owner"})
FEATURES: dict[str, list[str]] = {
    "individual": ["conversations", "projects"],
    "team": ["conversations", "projects", "member_list"],
    "enterprise": ["conversations", "projects", "member_list", "sso", "domain_verification"],
}
"""The features of each kind of plan (every individual plan has the same)."""


class Service(Protocol):
    """What a rule may use of the running service (``context.Service`` is one)."""

    @property
    def store(self) -> Store:
        """The database."""

    @property
    def rules(self) -> Rules:
        """The rules the service decides by."""

    @property
    def signer(self) -> Signer:
        """The signer of assertions and domain tokens."""


# -- S01, S11: each account keeps its own data; nobody reads another's ---------------------

def listed_items(store: Store, identity_id: str, account_id: str, kind: str) -> list[Row]:
    """A list of conversations or projects holds the current account's only (S01, S11)."""
    return stored_items.of_account(store, account_id, kind)


def item_to_read(store: Store, account_id: str, kind: str, item_id: str) -> Row | None:
    """An item is opened by id only in the current account (S11)."""
    return stored_items.in_account(store, item_id, kind, account_id)


def item_to_delete(store: Store, account_id: str, kind: str, item_id: str) -> Row | None:
    """An item is deleted by id only in the current account (S11)."""
    return stored_items.in_account(store, item_id, kind, account_id)


def missing_item(store: Store, kind: str, item_id: str, what: str) -> Refusal:
    """An item not in the current account is ``404 not_found``, whether it exists elsewhere
    or not: the answer reveals nothing (S11)."""
    return not_found(what)


def readable_account(own: Account | None,
                     anyone: Callable[[], Account | None]) -> Account | None:
    """An account is read by id only by its own identity (S01)."""
    return own


def outsider_view(store: Store, organization_id: str) -> Row | None:
    """Someone outside an organization sees nothing of it: its member list, domains and SSO
    settings are ``404`` to them (S01)."""
    return None


def listed_invitations(store: Store, email: str) -> list[Row]:
    """The invitation list holds the pending invitations for the caller's own email only:
    nobody sees another person's invitations (S01)."""
    return stored_invitations.pending_for(store, email)


def session_required(route_name: str) -> bool:
    """Every operation outside ``/v1/meta``, SSO sign-in and test-support needs a session
    (S01, S12)."""
    return True


def signup_plan(sent: Sent) -> str:
    """A sign-up makes a Free individual account; what else the body says is ignored
    (S02)."""
    return "free"


def change_individual_plan(store: Store, identity_id: str, account_id: str, plan: str) -> None:
    """A plan change (test-support, no billing) touches the individual account only (S01)."""
    stored_accounts.set_plan(store, account_id, plan)


# -- S02: different features ---------------------------------------------------------------

def organization_plan_shown(plan: str) -> str:
    """An organization account shows its organization's plan as it is (S02)."""
    return plan


def member_list_answered_empty(store: Store, identity_id: str, organization_id: str) -> bool:
    """No member list is answered before the checks: an id that is not one of the caller's
    organizations is ``404`` (S02)."""
    return False


def plan_allows(plan: str, feature: str) -> bool:
    """An organization may use a feature only if its plan has it (S02, S14)."""
    return feature in FEATURES[plan]


# -- S03–S05: no migration, no merge; joining gives a new account --------------------------

def migrate_account(service: Service, session: Session, account: Account,
                    organization: Row) -> dict[str, Any]:
    """An account is never migrated into an organization, and a refused request changes
    nothing: ``422 account_migration_unsupported`` (S03)."""
    raise Refusal("account_migration_unsupported",
                  "An account cannot be migrated into an organization; joining it creates "
                  "a new, separate organization account.")


def join_organization(store: Store, identity_id: str, individual: Account | None,
                      invitation: Row, role: str) -> str:
    """Accepting an invitation creates a new organization account, empty; the individual
    account stays as it is (S03)."""
    return stored_accounts.create(store, identity_id, kind="organization",
                                  plan=invitation["plan"],
                                  organization_id=invitation["organization_id"], role=role)


def merge_accounts(service: Service, session: Session, source: Account,
                   target: Account) -> dict[str, Any]:
    """Accounts are never combined: ``422 account_merge_unsupported`` naming both kinds,
    source first, and nothing changes (S04, S05)."""
    raise Refusal("account_merge_unsupported",
                  f"A {source['kind']} account cannot be merged with a {target['kind']} "
                  "account; accounts are never combined.",
                  account_kinds=[source["kind"], target["kind"]])


# -- S06–S10: the account list and switching -----------------------------------------------

def listed_accounts(rows: list[Account], current_id: str | None) -> list[Account]:
    """The account list holds every account of the identity (S06)."""
    return rows


def marked_current(account_ids: list[str], current_id: str | None,
                   token_hash: str | None) -> set[str]:
    """Exactly one account is marked current: the session's (S09)."""
    return {current_id} if current_id is not None else set()


def switch_target(own: Account | None, anyone: Callable[[], Account | None]) -> Account | None:
    """A session switches only to an account of its own identity (S07, S10)."""
    return own


def check_switch(service: Service, session: Session, target: Account) -> None:
    """Any own account may become current, whatever kind the current one is (S07, S10)."""


async def save_switch(store: Store, token_hash: str, account_id: str) -> None:
    """A switch is saved on the session, in one write (S07, S09)."""
    stored_sessions.set_current(store, token_hash, account_id)


def current_after_switch(previous_id: str | None, chosen_id: str) -> str | None:
    """The switch's answer marks the chosen account current (S07, S10)."""
    return chosen_id


def initials_shown(email: str, name: str) -> str:
    """The initials: first letters of the name's first and last word, upper-cased (S08)."""
    return initials(name)


# -- S12: cancel and delete the individual account -----------------------------------------

def may_delete_individual(account: Account) -> bool:
    """The individual account can be deleted once no paid subscription is active (S12)."""
    return account["subscription"] != "active"


def drop_individual_data(store: Store, identity_id: str, account_id: str) -> None:
    """Deleting the individual account deletes its conversations and projects (S12)."""
    stored_items.delete_of_account(store, account_id)


def end_sessions_on_deleted(store: Store, account_id: str) -> None:
    """Sessions whose current account was the deleted one end (S12)."""
    stored_sessions.end_on_account(store, account_id)


def remove_individual(store: Store, identity_id: str, account_id: str) -> None:
    """Deleting the individual account removes that account only; the organization accounts
    stay (S12)."""
    stored_accounts.delete(store, account_id)


def create_individual(store: Store, identity_id: str, plan: str) -> str:
    """A sign-up creates a new, empty individual account (S12: nothing comes back)."""
    return stored_accounts.create(store, identity_id, kind="individual", plan=plan)


# -- S13: SSO and domain verification ------------------------------------------------------

def domain_token(signer: Signer, organization_id: str, domain: str) -> str:
    """Each organization gets its own TXT token for a domain (S13)."""
    return signer.domain_token(organization_id, domain)


def proves_control(token: str, txt_values: list[str]) -> bool:
    """A domain is verified when one of the TXT values at its record name is its token
    (S13)."""
    return token in txt_values


def claimed_by_another(store: Store, domain: str, organization_id: str) -> bool:
    """A domain another organization has verified cannot be verified again (S13)."""
    return stored_domains.verified_elsewhere(store, domain, organization_id)


async def recheck_claim_on_save() -> bool:
    """The claim is checked again in the transaction that saves a verification, so two
    organizations verifying one domain at the same moment cannot both win (S13)."""
    return True


def added_domain_status(sent: Sent) -> str:
    """A domain is added ``pending``, whatever the body says (S13)."""
    return "pending"


def assertion_payload(signer: Signer, assertion: str) -> dict[str, Any] | None:
    """An SSO assertion counts only with a valid signature (S13)."""
    return signer.verify(assertion)


def assertion_is_for(payload: Mapping[str, Any], organization_id: str) -> bool:
    """An SSO assertion signs in only to the organization it was issued for (S13)."""
    return payload.get("organization_id") == organization_id


# -- S15–S17, S19: restriction to members and the sign-up block ----------------------------

def restricts(domain: Row, account_kind: str, email_domain: str) -> bool:
    """A verified domain with ``restrict_to_members`` on restricts the individual accounts
    whose email domain is exactly it; organization accounts never, and the sign-up block
    restricts no existing account (S15, S17, S19)."""
    return (account_kind == "individual" and email_domain == domain["domain"]
            and bool(domain["restrict_to_members"]))


def may_use(account: Account) -> bool:
    """A restricted account can be neither switched to nor used for data (S15)."""
    return not account["restricted"]


def restriction_switched_on(store: Store, domain: str) -> None:
    """Turning the restriction on deletes nothing: the individual accounts keep their data
    (S15)."""


def saved_settings(changes: dict[str, int]) -> dict[str, int]:
    """A settings change is saved as answered, also when a setting is turned off (S15,
    S17)."""
    return changes


def join_refused_at(store: Store, email_domain: str) -> bool:
    """The restriction never stops anyone from joining an organization (S19)."""
    return False


def sso_refused_for(store: Store, identity_id: str) -> bool:
    """The restriction never stops a member's SSO sign-in (S15, S19)."""
    return False


def settings_allowed(status: str, changes: dict[str, int]) -> bool:
    """Only a verified domain's settings can be changed (S16)."""
    return status == "verified"


def signup_blocking_domains(email: str, email_domain: str) -> list[str]:
    """A sign-up is blocked by the domain equal to the email's domain, compared without
    case; subdomains and look-alikes are other domains (S17)."""
    return [email_domain]


# -- S18: owners only ----------------------------------------------------------------------

def may_change_domains(role: str) -> bool:
    """Only owners add and verify domains and change their settings (S18)."""
    return role in OWNERS


def may_configure_sso(role: str) -> bool:
    """Only owners configure SSO (S18)."""
    return role in OWNERS


INVITABLE_BY = {"primary_owner": frozenset({"owner", "admin", "member"}),
                "owner": frozenset({"owner", "admin", "member"}),
                "admin": frozenset({"admin", "member"}), "member": frozenset()}
"""Which roles each role may invite: members never, admins not as owner (S18)."""


def may_invite(inviter_role: str, invited_role: str) -> bool:
    """Whether a member with ``inviter_role`` may invite someone as ``invited_role`` (S18)."""
    return invited_role in INVITABLE_BY[inviter_role]


def new_session_account(accounts: Sequence[Mapping[str, Any]]) -> str | None:
    """A new session's current account, from the identity's accounts oldest first: the
    individual one unless restricted, else the oldest organization account, else the
    (restricted) individual one, else none (S09, S15)."""
    individual = next((r for r in accounts if r["kind"] == "individual"), None)
    if individual is not None and not individual["restricted"]:
        return str(individual["id"])
    organization = next((r for r in accounts if r["kind"] == "organization"), None)
    if organization is not None:
        return str(organization["id"])
    return None if individual is None else str(individual["id"])


def may_change_member_roles(role: str) -> bool:
    """Only owners change members' roles and remove members (S18)."""
    return role in OWNERS


def outsider_changing_domains(store: Store, organization_id: str) -> Row | None:
    """Someone outside an organization who tries to change its domains gets ``404``, as
    for an organization that does not exist (S18)."""
    return None


def accepted_role(invited_role: str, sent: Sent) -> str:
    """Accepting an invitation gives the invited role, whatever the body says (S18)."""
    return invited_role


def role_changeable(member_role: str) -> bool:
    """The primary owner's role cannot be changed; only a transfer moves it (S18)."""
    return member_role != "primary_owner"


def removable(member_role: str) -> bool:
    """The primary owner cannot be removed (S18)."""
    return member_role != "primary_owner"


def role_after_handing_on() -> str:
    """After an ownership transfer the previous primary owner is an owner: one primary
    owner (S18)."""
    return "owner"


# -- S08–S11: the screen (the web UI at /ui) -----------------------------------------------

SWITCHER_LOWER_LEFT = ("#account-switcher{position:fixed;left:12px;bottom:12px}"
                       "#switcher-menu{position:absolute;left:0;bottom:100%}")
"""The switcher's place on the page: fixed in the lower-left corner, the menu above it."""
MARKER_BLUE = "#1d6fe8"
"""The colour of the current account's check mark."""


def ui_switcher_position() -> str:
    """The account switcher sits in the lower-left corner and its menu opens above it (S08);
    the page's CSS for both."""
    return SWITCHER_LOWER_LEFT


def ui_trigger_text(email: str, name: str, initials_shown: str) -> list[tuple[str, str]]:
    """The switcher's trigger shows the identity's initials and name as ``GET /v1/me``
    reports them (S08): ``(class, text)`` of each part."""
    return [("initials", initials_shown), ("name", name)]


def ui_marker_colour() -> str:
    """The current account's check mark is blue (S09)."""
    return MARKER_BLUE


def ui_marker_glyph() -> str:
    """The current account's marker is a check mark (S09)."""
    return "✓"


def ui_marked_ids(account_ids: list[str], marked: set[str],
                  signed_in_account_id: str | None) -> set[str]:
    """The page marks the accounts the account list marks current: exactly one, the
    session's; after a switch, the chosen one (S09, S10)."""
    return marked


def ui_items_account(current_id: str | None, signed_in_account_id: str | None) -> str | None:
    """The page lists the conversations and projects of the session's current account,
    the one just chosen after a switch (S11)."""
    return current_id


def ui_extra_css() -> str:
    """Nothing more on the page's style sheet: what the page's markup says is what it
    shows (S08–S11)."""
    return ""


def ui_entry_labels(labels: list[str]) -> list[str]:
    """Each switcher entry reads as the account it switches to (S08, S10): the labels in
    the entries' order."""
    return labels


def ui_switch_target(chosen_id: str, accounts: list[dict[str, Any]]) -> str:
    """Choosing an entry switches to that entry's account (S10): the one chosen."""
    return chosen_id


def ui_switch_saves() -> bool:
    """Choosing an entry switches the session's current account, through the same rules as
    ``PUT /v1/me/current-account`` (S10)."""
    return True


RuleFunction = Callable[..., Any]


@dataclass(frozen=True)
class Rules:
    """The rules one running service decides by (defaults: the functions above)."""

    listed_items: Callable[[Store, str, str, str], list[Row]] = listed_items
    item_to_read: Callable[[Store, str, str, str], Row | None] = item_to_read
    item_to_delete: Callable[[Store, str, str, str], Row | None] = item_to_delete
    missing_item: Callable[[Store, str, str, str], Refusal] = missing_item
    readable_account: Callable[
        [Account | None, Callable[[], Account | None]], Account | None] = readable_account
    outsider_view: Callable[[Store, str], Row | None] = outsider_view
    listed_invitations: Callable[[Store, str], list[Row]] = listed_invitations
    session_required: Callable[[str], bool] = session_required
    signup_plan: Callable[[Sent], str] = signup_plan
    change_individual_plan: Callable[[Store, str, str, str], None] = change_individual_plan
    organization_plan_shown: Callable[[str], str] = organization_plan_shown
    member_list_answered_empty: Callable[[Store, str, str], bool] = member_list_answered_empty
    plan_allows: Callable[[str, str], bool] = plan_allows
    migrate_account: Callable[
        [Service, Session, Account, Row], dict[str, Any]] = migrate_account
    join_organization: Callable[
        [Store, str, Account | None, Row, str], str] = join_organization
    merge_accounts: Callable[
        [Service, Session, Account, Account], dict[str, Any]] = merge_accounts
    listed_accounts: Callable[[list[Account], str | None], list[Account]] = listed_accounts
    marked_current: Callable[[list[str], str | None, str | None], set[str]] = marked_current
    switch_target: Callable[
        [Account | None, Callable[[], Account | None]], Account | None] = switch_target
    check_switch: Callable[[Service, Session, Account], None] = check_switch
    save_switch: Callable[[Store, str, str], Awaitable[None]] = save_switch
    current_after_switch: Callable[[str | None, str], str | None] = current_after_switch
    initials_shown: Callable[[str, str], str] = initials_shown
    may_delete_individual: Callable[[Account], bool] = may_delete_individual
    drop_individual_data: Callable[[Store, str, str], None] = drop_individual_data
    end_sessions_on_deleted: Callable[[Store, str], None] = end_sessions_on_deleted
    remove_individual: Callable[[Store, str, str], None] = remove_individual
    create_individual: Callable[[Store, str, str], str] = create_individual
    domain_token: Callable[[Signer, str, str], str] = domain_token
    proves_control: Callable[[str, list[str]], bool] = proves_control
    claimed_by_another: Callable[[Store, str, str], bool] = claimed_by_another
    recheck_claim_on_save: Callable[[], Awaitable[bool]] = recheck_claim_on_save
    added_domain_status: Callable[[Sent], str] = added_domain_status
    assertion_payload: Callable[[Signer, str], dict[str, Any] | None] = assertion_payload
    assertion_is_for: Callable[[Mapping[str, Any], str], bool] = assertion_is_for
    restricts: Callable[[Row, str, str], bool] = restricts
    may_use: Callable[[Account], bool] = may_use
    restriction_switched_on: Callable[[Store, str], None] = restriction_switched_on
    saved_settings: Callable[[dict[str, int]], dict[str, int]] = saved_settings
    join_refused_at: Callable[[Store, str], bool] = join_refused_at
    sso_refused_for: Callable[[Store, str], bool] = sso_refused_for
    settings_allowed: Callable[[str, dict[str, int]], bool] = settings_allowed
    signup_blocking_domains: Callable[[str, str], list[str]] = signup_blocking_domains
    may_change_domains: Callable[[str], bool] = may_change_domains
    may_invite: Callable[[str, str], bool] = may_invite
    new_session_account: Callable[[Sequence[Mapping[str, Any]]], str | None] = (
        new_session_account)
    may_configure_sso: Callable[[str], bool] = may_configure_sso
    may_change_member_roles: Callable[[str], bool] = may_change_member_roles
    outsider_changing_domains: Callable[[Store, str], Row | None] = outsider_changing_domains
    accepted_role: Callable[[str, Sent], str] = accepted_role
    role_changeable: Callable[[str], bool] = role_changeable
    removable: Callable[[str], bool] = removable
    role_after_handing_on: Callable[[], str] = role_after_handing_on
    ui_switcher_position: Callable[[], str] = ui_switcher_position
    ui_trigger_text: Callable[[str, str, str], list[tuple[str, str]]] = ui_trigger_text
    ui_marker_colour: Callable[[], str] = ui_marker_colour
    ui_marker_glyph: Callable[[], str] = ui_marker_glyph
    ui_marked_ids: Callable[[list[str], set[str], str | None], set[str]] = ui_marked_ids
    ui_items_account: Callable[[str | None, str | None], str | None] = ui_items_account
    ui_switch_saves: Callable[[], bool] = ui_switch_saves
    ui_switch_target: Callable[[str, list[dict[str, Any]]], str] = ui_switch_target
    ui_extra_css: Callable[[], str] = ui_extra_css
    ui_entry_labels: Callable[[list[str]], list[str]] = ui_entry_labels
