"""Accounts as the contract shows them: with their restriction status (S15), the current
account a new session gets, and the account a data request acts on (S01, S06, S09)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .problems import Refusal
from .rules import FEATURES, Account, Service
from .store import Row
from .store import accounts as stored
from .store import domains as stored_domains
from .validation import initials

if TYPE_CHECKING:
    from .auth import Session

__all__ = ["Account", "account_view", "accounts_of", "data_account", "default_current",
           "get_account", "identity_view", "individual_account", "member_by_email",
           "own_account", "restricted_refusal"]


def with_status(service: Service, rows: list[Row]) -> list[Account]:
    """The rows as accounts with ``restricted`` decided by the rule ``restricts`` over the
    verified domains at or above each email's domain."""
    switched_on: dict[str, list[Row]] = {}
    accounts = []
    for row in rows:
        email_domain = row["email_domain"]
        if email_domain not in switched_on:
            switched_on[email_domain] = stored_domains.switched_on_at_or_above(
                service.store, email_domain)
        account = dict(row)
        account["restricted"] = any(service.rules.restricts(domain, row["kind"], email_domain)
                                    for domain in switched_on[email_domain])
        accounts.append(account)
    return accounts


def _one(service: Service, row: Row | None) -> Account | None:
    return None if row is None else with_status(service, [row])[0]


def get_account(service: Service, account_id: str) -> Account | None:
    """Any account by id."""
    return _one(service, stored.by_id(service.store, account_id))


def own_account(service: Service, identity_id: str, account_id: str) -> Account | None:
    """The identity's account with this id, or None (also when it is someone else's)."""
    return _one(service, stored.own(service.store, identity_id, account_id))


def accounts_of(service: Service, identity_id: str) -> list[Account]:
    """All accounts of an identity, oldest first."""
    return with_status(service, stored.of_identity(service.store, identity_id))


def individual_account(service: Service, identity_id: str) -> Account | None:
    """The identity's individual account, if it has one."""
    return _one(service, stored.individual_of(service.store, identity_id))


def member_by_email(service: Service, email: str, organization_id: str) -> Account | None:
    """The organization account of the identity with this email, or None."""
    return _one(service, stored.member_by_email(service.store, email, organization_id))


def default_current(service: Service, identity_id: str) -> str | None:
    """A new session's current account: the individual one unless restricted, else the
    oldest organization account, else the (restricted) individual one, else none."""
    return service.rules.new_session_account(accounts_of(service, identity_id))


def restricted_refusal(email_domain: str) -> Refusal:
    """The ``403 domain_restricted`` answer for using a restricted individual account."""
    return Refusal("domain_restricted",
                   f"Individual accounts at {email_domain} are restricted to members of the "
                   "organization that verified the domain.")


def data_account(service: Service, session: Session) -> Account:
    """The account a data request acts on: 409 without one, 403 while it may not be used."""
    account = None
    if session.current_account_id is not None:
        account = get_account(service, session.current_account_id)
    if account is None:
        raise Refusal("no_current_account",
                      "This session has no current account; create or switch to one.")
    if not service.rules.may_use(account):
        raise restricted_refusal(session.email_domain)
    return account


def account_view(account: Account, current_account_id: str | None) -> dict[str, Any]:
    """The contract's Account object."""
    individual = account["kind"] == "individual"
    return {
        "id": account["id"],
        "kind": account["kind"],
        "plan": account["plan"],
        "email": account["email"],
        "subscription": account["subscription"],
        "organization": None if individual else {
            "id": account["organization_id"], "name": account["org_name"],
            "plan": account["org_plan"]},
        "role": account["role"],
        "current": account["id"] == current_account_id,
        "status": "restricted" if account["restricted"] else "active",
        "features": list(FEATURES["individual" if individual else account["plan"]]),
    }


def identity_view(identity_id: str, email: str, name: str) -> dict[str, str]:
    """The contract's Identity object."""
    return {"id": identity_id, "email": email, "name": name, "initials": initials(name)}
