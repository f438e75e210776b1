"""Domain results the driver returns: plain frozen dataclasses, no HTTP in sight.

Steps assert on these. A driver for a differently shaped API maps its own responses onto
the same types, so the steps never change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Identity:
    """A person known by email; name and initials are what the account switcher shows."""

    id: str
    email: str
    name: str
    initials: str


@dataclass(frozen=True)
class Session:
    """A signed-in session of one identity. The token never appears in repr or logs."""

    email: str
    token: str = field(repr=False)
    identity: Identity | None = None


@dataclass(frozen=True)
class OrganizationRef:
    """The organization an organization account belongs to."""

    id: str
    name: str
    plan: str


@dataclass(frozen=True)
class Account:
    """An individual or organization account as the service reports it."""

    id: str
    kind: str
    plan: str
    email: str
    subscription: str
    organization: OrganizationRef | None
    role: str | None
    current: bool
    status: str
    features: tuple[str, ...]

    @property
    def organization_id(self) -> str | None:
        """The organization's id, or None for an individual account."""
        return self.organization.id if self.organization else None


@dataclass(frozen=True)
class Me:
    """Who a session belongs to and which account is current."""

    identity: Identity
    current_account_id: str | None


@dataclass(frozen=True)
class Item:
    """A conversation or a project; ``label`` is its title or name."""

    kind: str
    id: str
    label: str
    account_id: str


@dataclass(frozen=True)
class Organization:
    """An organization with its plan."""

    id: str
    name: str
    plan: str


@dataclass(frozen=True)
class Member:
    """One entry of an organization's member list."""

    account_id: str
    email: str
    name: str
    role: str


@dataclass(frozen=True)
class Invitation:
    """An invitation by email with a role."""

    id: str
    organization_id: str
    email: str
    role: str
    status: str


@dataclass(frozen=True)
class DomainVerification:
    """Where and what TXT record proves control of a domain."""

    record_type: str
    record_name: str
    record_value: str


@dataclass(frozen=True)
class Domain:
    """A domain claimed by an organization, with its settings."""

    domain: str
    status: str
    verification: DomainVerification
    restrict_to_members: bool
    block_individual_signups: bool


@dataclass(frozen=True)
class SsoConfig:
    """An organization's SSO configuration."""

    organization_id: str
    idp_entity_id: str | None
    enabled: bool


@dataclass(frozen=True)
class ServiceInfo:
    """What the service says about itself."""

    contract_version: str
    service: str
    test_support: bool
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
