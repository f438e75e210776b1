"""Pydantic models of response bodies, so the generated schema resembles the contract."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class Meta(BaseModel):
    """``GET /v1/meta``."""

    contract_version: str
    service: str
    test_support: bool


class Problem(BaseModel):
    """An RFC 9457 problem with the stable ``code`` (and extensions)."""

    model_config = ConfigDict(extra="allow")
    type: str
    title: str
    status: int
    detail: str
    code: str


class Identity(BaseModel):
    """A person, known by email."""

    id: str
    email: str
    name: str
    initials: str


class OrganizationRef(BaseModel):
    """The organization an organization account belongs to."""

    id: str
    name: str
    plan: Literal["team", "enterprise"]


class Account(BaseModel):
    """An individual or organization account."""

    id: str
    kind: Literal["individual", "organization"]
    plan: Literal["free", "pro", "max", "team", "enterprise"]
    email: str
    subscription: Literal["none", "active", "cancelled"]
    organization: OrganizationRef | None
    role: Literal["primary_owner", "owner", "admin", "member"] | None
    current: bool
    status: Literal["active", "restricted"]
    features: list[str]


class Me(BaseModel):
    """``GET /v1/me``."""

    identity: Identity
    current_account_id: str | None


class AccountList(BaseModel):
    """``GET /v1/me/accounts``."""

    accounts: list[Account]
    current_account_id: str | None


class Conversation(BaseModel):
    """A conversation of one account."""

    id: str
    title: str
    account_id: str
    created_at: str


class ConversationList(BaseModel):
    """``GET /v1/conversations``."""

    items: list[Conversation]


class Project(BaseModel):
    """A project of one account."""

    id: str
    name: str
    account_id: str
    created_at: str


class ProjectList(BaseModel):
    """``GET /v1/projects``."""

    items: list[Project]


class Organization(BaseModel):
    """A Team or Enterprise organization."""

    id: str
    name: str
    plan: Literal["team", "enterprise"]
    created_at: str


class OrganizationCreated(BaseModel):
    """``POST /v1/organizations``: the organization and the caller's new account."""

    organization: Organization
    account: Account


class Member(BaseModel):
    """One organization account in the member list."""

    account_id: str
    email: str
    name: str
    role: Literal["primary_owner", "owner", "admin", "member"]


class MemberList(BaseModel):
    """``GET /v1/organizations/{id}/members``."""

    members: list[Member]


class Invitation(BaseModel):
    """An invitation to an organization."""

    id: str
    organization_id: str
    email: str
    role: Literal["owner", "admin", "member"]
    status: Literal["pending", "accepted"]


class InvitationList(BaseModel):
    """``GET /v1/me/invitations``."""

    invitations: list[Invitation]


class SsoConfig(BaseModel):
    """An organization's SSO configuration."""

    organization_id: str
    idp_entity_id: str | None
    enabled: bool


class Verification(BaseModel):
    """The TXT record that proves control of a domain."""

    record_type: Literal["TXT"]
    record_name: str
    record_value: str


class Domain(BaseModel):
    """A domain of an Enterprise organization."""

    domain: str
    status: Literal["pending", "verified", "failed"]
    verification: Verification
    restrict_to_members: bool
    block_individual_signups: bool


class DomainList(BaseModel):
    """``GET /v1/organizations/{id}/domains``."""

    domains: list[Domain]


class SsoSession(BaseModel):
    """``POST /v1/sso/{org_id}/sign-in``: a new session on the organization account."""

    token: str
    account: Account


class SessionCreated(BaseModel):
    """``POST /test-support/sessions``."""

    token: str
    identity: Identity


class SignInLink(BaseModel):
    """``POST /test-support/sign-in-links``: a one-time link (absolute, or a path on the
    service's base URL)."""

    url: str


class TxtRecordSet(BaseModel):
    """``PUT /test-support/dns/txt/{name}``."""

    name: str
    values: list[str]


class AssertionIssued(BaseModel):
    """``POST /test-support/idp/assertions``."""

    assertion: str


class PublicDomain(BaseModel):
    """``POST /test-support/public-email-domains``."""

    domain: str


class RemovedCounts(BaseModel):
    """How many objects of each kind a run removal deleted."""

    identities: int
    accounts: int
    organizations: int
    domains: int
    dns_names: int
    public_email_domains: int


class RunRemoved(BaseModel):
    """``DELETE /test-support/runs/{prefix}``."""

    prefix: str
    removed: RemovedCounts
