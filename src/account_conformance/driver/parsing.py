"""Map the contract's JSON bodies onto the driver's domain types."""

from __future__ import annotations

from typing import Any

from .models import (
    Account,
    Domain,
    DomainVerification,
    Identity,
    Invitation,
    Item,
    Me,
    Member,
    Organization,
    OrganizationRef,
    SsoConfig,
)

Json = dict[str, Any]


def identity(data: Json) -> Identity:
    """An Identity from its JSON."""
    return Identity(id=data["id"], email=data["email"], name=data["name"],
                    initials=data["initials"])


def account(data: Json) -> Account:
    """An Account from its JSON."""
    org = data.get("organization")
    return Account(
        id=data["id"], kind=data["kind"], plan=data["plan"], email=data["email"],
        subscription=data.get("subscription", "none"),
        organization=OrganizationRef(org["id"], org["name"], org["plan"]) if org else None,
        role=data.get("role"), current=bool(data.get("current")),
        status=data.get("status", "active"), features=tuple(data.get("features", ())))


def accounts(data: Json) -> list[Account]:
    """The accounts of an account-list body."""
    return [account(item) for item in data["accounts"]]


def me(data: Json) -> Me:
    """A Me from the /me body."""
    return Me(identity=identity(data["identity"]),
              current_account_id=data.get("current_account_id"))


def item(kind: str, data: Json) -> Item:
    """A conversation (``title``) or project (``name``)."""
    label = data["title"] if kind == "conversation" else data["name"]
    return Item(kind=kind, id=data["id"], label=label, account_id=data["account_id"])


def organization(data: Json) -> Organization:
    """An Organization from its JSON."""
    return Organization(id=data["id"], name=data["name"], plan=data["plan"])


def member(data: Json) -> Member:
    """A member-list entry."""
    return Member(account_id=data["account_id"], email=data["email"], name=data["name"],
                  role=data["role"])


def invitation(data: Json) -> Invitation:
    """An Invitation from its JSON."""
    return Invitation(id=data["id"], organization_id=data["organization_id"],
                      email=data["email"], role=data["role"], status=data["status"])


def domain(data: Json) -> Domain:
    """A Domain with its verification record."""
    ver = data["verification"]
    return Domain(
        domain=data["domain"], status=data["status"],
        verification=DomainVerification(ver["record_type"], ver["record_name"],
                                        ver["record_value"]),
        restrict_to_members=bool(data["restrict_to_members"]),
        block_individual_signups=bool(data["block_individual_signups"]))


def sso(data: Json) -> SsoConfig:
    """An SsoConfig from its JSON."""
    return SsoConfig(organization_id=data["organization_id"],
                     idp_entity_id=data.get("idp_entity_id"), enabled=bool(data["enabled"]))
