"""What a signed-in page shows, built from the same functions as the API's answers.

The entries and their marks come from ``GET /v1/me/accounts``'s function, the items from
``GET /v1/conversations`` / ``GET /v1/projects``'s, the initials from ``GET /v1/me``'s rule;
the ``ui_*`` rules then decide what the page does with them (faults replace those only).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..auth import Session
from ..context import Service
from ..problems import Refusal
from ..routes.items import list_items
from ..routes.me import account_list
from .sign_ins import BrowserSignIn

PLAN_NAMES = {"free": "Free", "pro": "Pro", "max": "Max", "team": "Team",
              "enterprise": "Enterprise"}


@dataclass(frozen=True)
class Entry:
    """One account in the switcher (texts not yet escaped)."""

    account_id: str
    kind: str            # "Individual" or "Organization"
    plan: str            # "Pro", "Team" …
    organization: str    # the organization's name; "" for the individual account
    marked: bool


@dataclass(frozen=True)
class Item:
    """A conversation or project as the page lists it."""

    item_id: str
    label: str


@dataclass(frozen=True)
class PageModel:
    """Everything one signed-in page shows."""

    email: str
    name: str
    initials: str
    current_account_id: str | None
    title: str
    entries: list[Entry]
    conversations: list[Item]
    projects: list[Item]
    notice: str          # why no items are listed, "" when they are


def plan_name(plan: str | None) -> str:
    """A plan as people read it."""
    return PLAN_NAMES.get(plan or "", (plan or "").capitalize())


def entry_of(account: dict[str, Any], marked: set[str]) -> Entry:
    """The switcher entry of an account as the API shows it."""
    organization = account["organization"]
    if organization is None:
        return Entry(account["id"], "Individual", plan_name(account["plan"]), "",
                     account["id"] in marked)
    return Entry(account["id"], "Organization", plan_name(organization["plan"]),
                 organization["name"], account["id"] in marked)


def title_of(entries: list[Entry], current_id: str | None) -> str:
    """The heading: "Pro · Individual" or "Team · <organization name>"."""
    current = next((entry for entry in entries if entry.account_id == current_id), None)
    if current is None:
        return "No account"
    return f"{current.plan} · {current.organization or 'Individual'}"


def items_of(service: Service, session: Session, account_id: str | None,
             kind: str) -> list[Item]:
    """What ``GET /v1/conversations`` (or projects) answers for the session on
    ``account_id``; refusals (no account, restricted) propagate."""
    on_account = dataclasses.replace(session, current_account_id=account_id)
    field = "title" if kind == "conversation" else "name"
    return [Item(row["id"], row[field])
            for row in list_items(service, on_account, kind)["items"]]


def build_page(service: Service, session: Session, sign_in: BrowserSignIn) -> PageModel:
    """The page for ``session`` as the browser signed in by ``sign_in`` sees it."""
    rules = service.rules
    listing = account_list(service, session.identity_id, session.current_account_id,
                           session.token_hash)
    accounts = sorted(listing["accounts"], key=lambda account: account["kind"] != "individual")
    ids = [account["id"] for account in accounts]
    api_marked = {account["id"] for account in accounts if account["current"]}
    marked = rules.ui_marked_ids(ids, api_marked, sign_in.signed_in_account_id)
    entries = [entry_of(account, marked) for account in accounts]
    items_account = rules.ui_items_account(session.current_account_id,
                                           sign_in.signed_in_account_id)
    try:
        conversations = items_of(service, session, items_account, "conversation")
        projects = items_of(service, session, items_account, "project")
        notice = ""
    except Refusal as refusal:
        conversations, projects, notice = [], [], refusal.detail
    return PageModel(
        email=session.email, name=session.name,
        initials=rules.initials_shown(session.email, session.name),
        current_account_id=session.current_account_id,
        title=title_of(entries, session.current_account_id), entries=entries,
        conversations=conversations, projects=projects, notice=notice)
